// The Gradescope recipe on Gradescope's layout in a temporary folder (AUTOGRADER_ROOT): the
// autograder zip built by make-autograder.sh is unpacked into source/, setup.sh installs labcheck
// from the tarball in it (offline, into a private npm prefix), and run_autograder grades a
// correct and a broken submission into results/results.json.
import { execFileSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { root } from './support/paths.js';
import { testTimeoutMs, testTimeoutScale } from './support/time-limits.js';

const recipe = path.join(root, 'recipes', 'gradescope');
const fixture = (name: string, file: string) => path.join(root, 'fixtures', 'echo', 'server', name, file);
const ASSIGNMENT = `title: hw3\nlabs:\n  - id: echo:server\n    entry: [TCP_echoserver.py, "*server*.py"]\n    points: { echo-bytes: 5, graceful-close: 3, abrupt-reset: 2 }\n    hidden: [abrupt-reset]\ntimeoutScale: ${testTimeoutScale}\n`;

interface Results {
  score: number;
  output: string;
  tests: { name: string; score: number; max_score: number; status: string; visibility: string; output: string }[];
}

describe('recipes/gradescope', () => {
  const built = (async () => {
    const base = await mkdtemp(path.join(os.tmpdir(), 'labcheck-gradescope-'));
    await writeFile(path.join(base, 'hw3.yaml'), ASSIGNMENT);
    const zip = path.join(base, 'autograder.zip');
    await execa('bash', [path.join(recipe, 'make-autograder.sh'), path.join(base, 'hw3.yaml'), zip], { env: { ...process.env, LABCHECK_PACK_NO_BUILD: '1' } });
    const prefix = path.join(base, 'npm-prefix');
    // npm's settings from the environment (npx vitest sets npm_config_prefix, and lower case wins)
    // are left out: setup.sh's global install must go to this private prefix, never the machine's.
    const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
    const env = { ...inherited, npm_config_prefix: prefix, PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH}`, NO_COLOR: '1' };
    return { base, zip, env };
  })();

  /** Gradescope's layout for one submission: source/ (the zip unpacked), submission/, results/. */
  async function layout(submission: Record<string, string>): Promise<string> {
    const { base, zip } = await built;
    const ag = await mkdtemp(path.join(base, 'autograder-'));
    await mkdir(path.join(ag, 'source'));
    // Unpacked as unzip does, modes kept (Python's extractall alone drops them).
    execFileSync('python3', ['-c', 'import os,sys,zipfile\nz = zipfile.ZipFile(sys.argv[1])\nfor i in z.infolist():\n    os.chmod(z.extract(i, sys.argv[2]), i.external_attr >> 16 or 0o644)', zip, path.join(ag, 'source')]);
    await mkdir(path.join(ag, 'submission'));
    for (const [name, from] of Object.entries(submission)) await cp(from, path.join(ag, 'submission', name));
    await mkdir(path.join(ag, 'results'));
    return ag;
  }

  const setUp = (async () => {
    const { env } = await built;
    const ag = await layout({});
    const r = await execa('bash', [path.join(ag, 'source', 'setup.sh')], { env: { ...env, AUTOGRADER_ROOT: ag }, reject: false, all: true });
    return r;
  })();

  async function runAutograder(submission: Record<string, string>): Promise<{ ag: string; exitCode: number; output: string }> {
    const { env } = await built;
    expect((await setUp).exitCode, (await setUp).all).toBe(0);
    const ag = await layout(submission);
    const r = await execa(path.join(ag, 'source', 'run_autograder'), [], { env: { ...env, AUTOGRADER_ROOT: ag }, reject: false, all: true });
    return { ag, exitCode: r.exitCode ?? -1, output: String(r.all) };
  }

  test('the zip has, at its top level, setup.sh, run_autograder (executable), the assignment and the labcheck tarball', async () => {
    const { zip } = await built;
    const listing = execFileSync('python3', ['-c', 'import sys,zipfile\nfor i in zipfile.ZipFile(sys.argv[1]).infolist(): print(i.filename, oct(i.external_attr >> 16))', zip], { encoding: 'utf8' });
    const entries = Object.fromEntries(listing.trim().split('\n').map((l) => l.split(' ') as [string, string]));
    expect(Object.keys(entries).sort()).toEqual(['assignment.yaml', 'labcheck-0.1.0.tgz', 'run_autograder', 'setup.sh']);
    expect(entries.run_autograder).toBe('0o755');
  }, 3 * testTimeoutMs);

  test('setup.sh installs labcheck from the tarball in the zip', async () => {
    const { env } = await built;
    const r = await setUp;
    expect(r.exitCode, r.all).toBe(0);
    expect(existsSync(path.join(env.npm_config_prefix, 'bin', 'labcheck'))).toBe(true);
  }, 3 * testTimeoutMs);

  test('a correct submission: full score, every test passed, the hidden one hidden; results.json the only file Gradescope needs', async () => {
    const { ag, exitCode, output } = await runAutograder({ 'TCP_echoserver.py': fixture('ok-threads', 'TCP_echoserver.py') });
    expect(exitCode, output).toBe(0);
    const r = JSON.parse(await readFile(path.join(ag, 'results', 'results.json'), 'utf8')) as Results;
    expect(r.score).toBe(10);
    expect(r.tests.map((t) => [t.name, t.score, t.max_score, t.status, t.visibility])).toEqual([
      ['echo:server/echo-bytes', 5, 5, 'passed', 'visible'],
      ['echo:server/graceful-close', 3, 3, 'passed', 'visible'],
      ['echo:server/abrupt-reset', 2, 2, 'passed', 'hidden'],
    ]);
    expect(r.output).toMatch(/rerun with {2}labcheck test echo:server /);
    expect((await readdir(path.join(ag, 'results'))).sort()).toEqual(['labcheck-grades.csv', 'results.json']);
  }, 4 * testTimeoutMs);

  test('a broken submission (crashes on a reset, the hidden scenario): that test fails with 0 and the reason', async () => {
    const { ag, exitCode, output } = await runAutograder({ 'my_server.py': fixture('seed-TCP_echoserver_demo', 'TCP_echoserver_demo.py') });
    expect(exitCode, output).toBe(0); // graded: the student's failure is a score, not an autograder error
    const r = JSON.parse(await readFile(path.join(ag, 'results', 'results.json'), 'utf8')) as Results;
    expect(r.score).toBe(8);
    const reset = r.tests.find((t) => t.name === 'echo:server/abrupt-reset')!;
    expect([reset.score, reset.status, reset.visibility]).toEqual([0, 'failed', 'hidden']);
    expect(reset.output).toMatch(/ConnectionResetError/);
  }, 4 * testTimeoutMs);

  test('no program in the submission: every test failed with the reason, score 0', async () => {
    const { ag, exitCode } = await runAutograder({ 'notes.txt': path.join(root, 'README.md') });
    expect(exitCode).toBe(0);
    const r = JSON.parse(await readFile(path.join(ag, 'results', 'results.json'), 'utf8')) as Results;
    expect(r.score).toBe(0);
    expect(r.tests.every((t) => t.status === 'failed' && /no file matches the entry patterns/.test(t.output))).toBe(true);
  }, 4 * testTimeoutMs);

  test('a broken assignment file: no results.json (Gradescope reports an autograder failure to the staff), exit 2', async () => {
    const { env } = await built;
    expect((await setUp).exitCode).toBe(0);
    const ag = await layout({ 'TCP_echoserver.py': fixture('ok-threads', 'TCP_echoserver.py') });
    await writeFile(path.join(ag, 'source', 'assignment.yaml'), 'title: hw3\nlabs:\n  - id: echo:server\n    points: 6\n');
    const r = await execa(path.join(ag, 'source', 'run_autograder'), [], { env: { ...env, AUTOGRADER_ROOT: ag }, reject: false, all: true });
    expect(r.exitCode).toBe(2);
    expect(existsSync(path.join(ag, 'results', 'results.json'))).toBe(false);
  }, 3 * testTimeoutMs);
});
