// `labcheck grade` and `labcheck merge` through the real CLI on a small synthetic class: a correct
// student, a zip, a missing entry, two matching files, a notebook, a program that crashes.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { labcheck, root } from './support/cli.js';
import { startLabcheck } from './support/labcheck-runs.js';
import { testTimeoutMs, testTimeoutScale } from './support/time-limits.js';

const fixtures = path.join(root, 'fixtures', 'echo', 'server');
const scale = testTimeoutScale === 1 ? [] : ['--timeout-scale', String(testTimeoutScale)];

async function makeClass(): Promise<{ classDir: string; assignment: string; base: string }> {
  const base = await mkdtemp(path.join(os.tmpdir(), 'labcheck-class-'));
  const classDir = path.join(base, 'class');
  const ok = path.join(fixtures, 'ok-threads', 'TCP_echoserver.py');
  await mkdir(path.join(classDir, 'alice'), { recursive: true });
  await cp(ok, path.join(classDir, 'alice', 'TCP_echoserver.py'));
  execFileSync('python3', ['-c', 'import zipfile,sys\nwith zipfile.ZipFile(sys.argv[1],"w",zipfile.ZIP_DEFLATED) as z: z.write(sys.argv[2], "hw3/TCP_echoserver.py")', path.join(classDir, '김민수.zip'), path.join(fixtures, 'seed-TCP_echoserver', 'TCP_echoserver.py')]);
  await mkdir(path.join(classDir, 'dave'));
  await writeFile(path.join(classDir, 'dave', 'README.txt'), 'forgot the program\n');
  await mkdir(path.join(classDir, 'erin'));
  await cp(ok, path.join(classDir, 'erin', 'my_server.py'));
  await cp(ok, path.join(classDir, 'erin', 'server_v2.py'));
  await mkdir(path.join(classDir, 'frank'));
  const source = await readFile(ok, 'utf8');
  const notebook = { cells: [{ cell_type: 'markdown', source: ['# echo'] }, { cell_type: 'code', source: ['%load_ext autoreload\n'] }, { cell_type: 'code', source: source.split(/(?<=\n)/) }], metadata: {}, nbformat: 4, nbformat_minor: 5 };
  await writeFile(path.join(classDir, 'frank', 'echo.ipynb'), JSON.stringify(notebook));
  await mkdir(path.join(classDir, 'gina'));
  await cp(path.join(fixtures, 'bad-syntax', 'TCP_echoserver.py'), path.join(classDir, 'gina', 'TCP_echoserver.py'));
  const assignment = path.join(base, 'hw3.yaml');
  await writeFile(assignment, `title: 과제 3\nlabs:\n  - id: echo:server\n    entry: [TCP_echoserver.py, "*server*.py", "*.ipynb"]\n    points: 9\n    hidden: [abrupt-reset]\n`);
  return { classDir, assignment, base };
}

const read = (dir: string, rel: string) => readFile(path.join(dir, rel), 'utf8');

/** results.json without the free text (it quotes the program's own timings); all scores kept. */
async function scores(dir: string): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const name of await readdir(path.join(dir, 'results'))) {
    const r = JSON.parse(await read(dir, `results/${name}/results.json`));
    out[name] = { score: r.score, tests: r.tests.map(({ output, ...t }: { output: string }) => ({ ...t, first: output.split('\n')[0] })) };
  }
  return out;
}

/** class.json with what differs between two runs of the same class left out: times and
 *  durations, in fields and in texts ("closed (FIN) 6.6 ms after"), and the recorded texts full
 *  of them (transcripts, socket calls). */
async function stableClass(dir: string): Promise<unknown> {
  return JSON.parse(await read(dir, 'class.json'), (key, value) => {
    if (['startedAt', 'durationMs', 'transcript', 'socketCalls', 'stdout', 'programSummary'].includes(key)) return undefined;
    return typeof value === 'string' ? value.replace(/\d+(\.\d+)? ?m?s\b/g, '<time>') : value;
  });
}

describe('labcheck grade', () => {
  const whole = (async () => {
    const c = await makeClass();
    const out = path.join(c.base, 'out');
    const run = await labcheck(['grade', c.classDir, '--assignment', c.assignment, '--out', out, '--jobs', '2', ...scale], { timeoutMs: 3 * testTimeoutMs });
    return { ...c, out, run };
  })();

  test('grades every student: reports, points, errors with reasons, notebook and zip', async () => {
    const { run, out, classDir } = await whole;
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/zip 김민수\.zip: unpacked into 김민수\/ \(1 files\)/);
    expect(run.stdout).toMatch(/labcheck grade 과제 3: 6 students, echo:server {2}seed \d+ {2}jobs 2/);
    expect(run.stdout.match(/^\[\d\/6\] /gm)).toHaveLength(6); // a plain line per student (not a TTY)
    const csv = await read(out, 'grades.csv');
    expect(csv.startsWith('\ufeff')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      'student,echo:server,total,max,notes',
      'alice,9,9,9,',
      'dave,0,0,9,"echo:server: no file matches the entry patterns TCP_echoserver.py, *server*.py, *.ipynb"',
      `erin,0,0,9,"echo:server: the entry pattern *server*.py matches 2 files (my_server.py, server_v2.py): keep one, or make the assignment's pattern name it"`,
      'frank,9,9,9,echo:server: converted from a notebook',
      'gina,0,0,9,',
      '김민수,9,9,9,',
      '',
    ]);
    const gina = JSON.parse(await read(out, 'results/gina/results.json'));
    expect(gina.score).toBe(0);
    expect(gina.tests.map((t: { name: string; status: string; visibility: string; max_score: number }) => [t.name, t.status, t.visibility, t.max_score])).toEqual([
      ['echo:server/echo-bytes', 'failed', 'visible', 3],
      ['echo:server/graceful-close', 'failed', 'visible', 3],
      ['echo:server/abrupt-reset', 'failed', 'hidden', 3],
    ]);
    expect(gina.tests[0].output).toMatch(/^error\n[\s\S]*SyntaxError[\s\S]*rerun\s+node bin\/labcheck\.js test echo:server .*gina\/TCP_echoserver\.py --only echo-bytes --seed \d+/);
    const dave = JSON.parse(await read(out, 'results/dave/results.json'));
    expect(dave.tests[0].output).toMatch(/no file matches the entry patterns/);
    const frank = JSON.parse(await read(out, 'results/frank/results.json'));
    expect(frank.output).toMatch(/notebook echo\.ipynb was converted/);
    expect(frank.output).toContain(`rerun with  node bin/labcheck.js test echo:server ${path.join(classDir, 'frank', 'echo.ipynb')} --seed`);
    expect(await readdir(path.join(out, 'junit'))).toEqual(['alice.xml', 'dave.xml', 'erin.xml', 'frank.xml', 'gina.xml', '김민수.xml']);
    expect(await read(out, 'class.junit.xml')).toContain('<testsuite name="김민수 echo:server"');
    const cls = JSON.parse(await read(out, 'class.json'));
    expect(cls.students.map((s: { name: string; points: number }) => [s.name, s.points])).toEqual([['alice', 9], ['dave', 0], ['erin', 0], ['frank', 9], ['gina', 0], ['김민수', 9]]);
    expect(cls.interrupted).toBeNull();
    // The class folder is as an LMS gives it, plus the unpacked zip; nothing else is written there.
    expect((await readdir(classDir)).sort()).toEqual(['alice', 'dave', 'erin', 'frank', 'gina', '김민수', '김민수.zip']);
    expect(await readdir(path.join(classDir, 'frank'))).toEqual(['echo.ipynb']);
  }, 4 * testTimeoutMs);

  test("each student's evidence is saved as `labcheck test` saves it, and `labcheck judge` re-judges one student", async () => {
    const { out } = await whole;
    const cls = JSON.parse(await read(out, 'class.json'));
    expect((await readdir(path.join(out, 'evidence'))).sort()).toEqual(['alice', 'dave', 'erin', 'frank', 'gina', '김민수']);
    for (const name of ['gina', 'dave', '김민수']) {
      const folder = path.join(out, 'evidence', name, 'echo-server');
      expect((await readdir(folder)).sort()).toEqual(['abrupt-reset.json', 'echo-bytes.json', 'graceful-close.json', 'run.json']);
      const judged = await labcheck(['judge', folder, '--json', path.join(out, `judged-${name}.json`), '--junit', path.join(out, `judged-${name}.xml`)]);
      const report = JSON.parse(await read(out, `judged-${name}.json`));
      const graded = cls.students.find((s: { name: string }) => s.name === name).labs[0].run;
      // The same verdicts and messages as the class run gave (no entry: error, the reason kept).
      const verdicts = (r: { scenarios: { id: string; status: string; message: string }[] }) => r.scenarios.map((s) => [s.id, s.status, s.message]);
      expect(verdicts(report)).toEqual(verdicts(graded));
      expect(judged.exitCode).toBe(name === '김민수' ? 0 : 1);
    }
  });

  test('two shards merged give the reports of the whole class', async () => {
    const { classDir, assignment, base, out } = await whole;
    const shards = [1, 2].map((i) => path.join(base, `shard${i}`));
    const runs = [];
    for (const [i, dir] of shards.entries()) runs.push(await labcheck(['grade', classDir, '--assignment', assignment, '--out', dir, '--shard', `${i + 1}/2`, '--jobs', '2', ...scale], { timeoutMs: 3 * testTimeoutMs }));
    expect(runs.map((r) => r.exitCode)).toEqual([0, 0]);
    const names = await Promise.all(shards.map(async (d) => JSON.parse(await read(d, 'class.json')).students.map((s: { name: string }) => s.name)));
    expect(names[0]!.filter((n: string) => names[1]!.includes(n))).toEqual([]); // disjoint
    expect([...names[0]!, ...names[1]!].sort()).toEqual(['alice', 'dave', 'erin', 'frank', 'gina', '김민수']);
    const merged = path.join(base, 'merged');
    const m = await labcheck(['merge', ...shards, '--out', merged]);
    expect(m.exitCode).toBe(0);
    expect(await read(merged, 'grades.csv')).toBe(await read(out, 'grades.csv'));
    expect(await scores(merged)).toEqual(await scores(out));
    expect(await stableClass(merged)).toEqual(await stableClass(out));
    // The shards' evidence folders are copied into the merged folder: every student's is there.
    expect((await readdir(path.join(merged, 'evidence'))).sort()).toEqual(['alice', 'dave', 'erin', 'frank', 'gina', '김민수']);
    expect(await readdir(path.join(merged, 'evidence', 'alice', 'echo-server'))).toContain('run.json');
    // A shard missing is refused, naming it.
    const partial = await labcheck(['merge', shards[0]!, '--out', path.join(base, 'partial')]);
    expect(partial.exitCode).toBe(2);
    expect(partial.stderr).toMatch(/shard 2\/2 missing/);
  }, 8 * testTimeoutMs);

  test('Ctrl-C keeps the students graded; --resume grades the rest and gives the same grades (remap isolation)', async () => {
    const { classDir, assignment, base, out } = await whole;
    const dir = path.join(base, 'interrupted');
    const run = startLabcheck(['grade', classDir, '--assignment', assignment, '--out', dir, '--jobs', '1', '--isolation', 'remap', ...scale]);
    const saved = path.join(dir, 'progress', 'students');
    const deadline = Date.now() + 2 * testTimeoutMs;
    while (Date.now() < deadline && !(existsSync(saved) && (await readdir(saved)).some((f) => f.endsWith('.json')))) await new Promise((r) => setTimeout(r, 100));
    process.kill(-run.pid!, 'SIGINT');
    const first = await run;
    expect(first.exitCode).toBe(1);
    const cut = JSON.parse(await read(dir, 'class.json'));
    expect(cut.interrupted).toMatch(/students not graded; --resume grades them/);
    expect(cut.students.length).toBeGreaterThan(0);
    expect(cut.students.length).toBeLessThan(6);
    const resumed = await labcheck(['grade', classDir, '--assignment', assignment, '--out', dir, '--isolation', 'remap', '--resume', ...scale], { timeoutMs: 3 * testTimeoutMs });
    expect(resumed.exitCode).toBe(0);
    expect(resumed.stdout).toMatch(new RegExp(`resuming: ${cut.students.length} students already graded`));
    expect(JSON.parse(await read(dir, 'class.json')).seed).toBe(cut.seed);
    expect(await read(dir, 'grades.csv')).toBe(await read(out, 'grades.csv'));
    expect(await scores(dir)).toEqual(await scores(out));
  }, 8 * testTimeoutMs);

  test('usage errors: exit 2 with the reason', async () => {
    const { classDir, assignment, base } = await whole;
    const bad = path.join(base, 'bad.yaml');
    await writeFile(bad, 'title: t\nlabs:\n  - id: echo:server\n    entry: a.py\n    points: lots\n');
    const cases: [string[], RegExp][] = [
      [['grade'], /missing <class-folder>/],
      [['grade', classDir], /missing --assignment/],
      [['grade', path.join(base, 'nope'), '--assignment', assignment], /is not a folder/],
      [['grade', classDir, '--assignment', bad], /bad\.yaml:5: labs\.0\.points: /],
      [['grade', classDir, '--assignment', assignment, '--shard', '3/2'], /--shard takes i\/n/],
      [['grade', classDir, '--assignment', assignment, '--jobs', '0'], /--jobs takes a whole number/],
      [['merge', '--out', base], /missing <out-folders>/],
      [['merge', path.join(base, 'nope')], /missing --out/],
    ];
    for (const [args, message] of cases) {
      const r = await labcheck(args);
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
    }
  });
});
