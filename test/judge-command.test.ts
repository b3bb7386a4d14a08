// End to end, through the built CLI: `labcheck judge` on a run's evidence gives the verdicts the
// run gave; --repeat reports a flaky program as flaky; --cmd runs its line through the shell; a
// report that cannot be written is one line after the verdicts.
import { chmod, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { memoryPages, validateXML } from 'xmllint-wasm';
import { JsonReportSchema, type JsonReport } from '../harness/report/json.js';
import { cli, root } from './support/cli.js';

const XSD = readFileSync(fileURLToPath(new URL('./schemas/jenkins-junit.xsd', import.meta.url)), 'utf8');
const DEMO = path.join(root, 'fixtures', 'echo', 'server', 'seed-TCP_echoserver_demo', 'TCP_echoserver_demo.py');
const SEED_SERVER = path.join(root, 'fixtures', 'echo', 'server', 'seed-TCP_echoserver', 'TCP_echoserver.py');

interface Run {
  exitCode: number;
  stdout: string;
  stderr: string;
  json?: JsonReport;
  junit?: string;
}

/** Runs labcheck in `dir` with reports at dir/<name>.json and dir/<name>.xml. */
async function labcheck(dir: string, name: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  const json = path.join(dir, `${name}.json`);
  const junit = path.join(dir, `${name}.xml`);
  const dash = args.indexOf('--');
  const [own, program] = dash >= 0 ? [args.slice(0, dash), args.slice(dash)] : [args, []];
  const r = await execa('node', [cli, ...own, '--json', json, '--junit', junit, ...program], { reject: false, timeout: 180_000, env: { NO_COLOR: '1', ...env }, cwd: dir });
  const run: Run = { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
  if (existsSync(json)) run.json = JsonReportSchema.parse(JSON.parse(await readFile(json, 'utf8')));
  if (existsSync(junit)) run.junit = await readFile(junit, 'utf8');
  return run;
}

async function expectValidJunit(xml: string | undefined): Promise<void> {
  const result = await validateXML({
    xml: [{ fileName: 'report.xml', contents: xml ?? '' }],
    schema: [{ fileName: 'jenkins-junit.xsd', contents: XSD }],
    maxMemoryPages: 256 * memoryPages.MiB,
  });
  expect(result.errors.map((e) => e.rawMessage)).toEqual([]);
}

/** A report without what may differ between running and judging: nothing (durations are saved). */
function verdicts(r: JsonReport | undefined) {
  return r?.scenarios.map((s) => ({ id: s.id, status: s.status, message: s.message, checks: s.checks, rerun: s.rerun, evidenceFile: s.evidenceFile }));
}

const tempDir = () => mkdtemp(path.join(os.tmpdir(), 'labcheck-judge-'));

describe('labcheck judge on the evidence of a real run', async () => {
  const dir = await tempDir();
  // An earlier run of another submission left its files in the evidence folder.
  const evidenceDir = path.join(dir, 'evidence', 'echo-server');
  await mkdir(evidenceDir, { recursive: true });
  await writeFile(path.join(evidenceDir, 'old-scenario.json'), '{}');
  const tested = await labcheck(dir, 'test', ['test', 'echo:server', DEMO, '--seed', '81723']);
  const judged = await labcheck(dir, 'judged', ['judge', evidenceDir]);

  test('the evidence folder holds this run alone', async () => {
    expect((await readdir(evidenceDir)).sort()).toEqual(['abrupt-reset.json', 'echo-bytes.json', 'graceful-close.json', 'run.json']);
  });

  test('gives the same verdicts, messages, checks and reports as the run', async () => {
    expect(tested.exitCode).toBe(1);
    expect(judged.exitCode).toBe(1);
    expect(verdicts(tested.json)!.map((s) => s.status)).toEqual(['passed', 'passed', 'failed']);
    expect(verdicts(judged.json)).toEqual(verdicts(tested.json));
    expect(judged.json).toEqual(tested.json);
    expect(judged.junit).toBe(tested.junit);
    // The console shows the same lines, under a header that says it judged saved evidence.
    const body = (out: string) => out.split('\n').slice(1, -2);
    expect(body(judged.stdout)).toEqual(body(tested.stdout));
    expect(judged.stdout.split('\n')[0]).toMatch(/^labcheck judge echo:server  .*TCP_echoserver_demo\.py  seed 81723  evidence of /);
  });

  test('one evidence file judges that scenario alone', async () => {
    const one = await labcheck(dir, 'one', ['judge', path.join(evidenceDir, 'abrupt-reset.json')]);
    expect(one.exitCode).toBe(1);
    expect(verdicts(one.json)).toEqual(verdicts(tested.json)!.slice(2));
  });

  test('something that is not evidence is a usage error', async () => {
    const none = await labcheck(dir, 'none', ['judge', path.join(dir, 'no-such-folder')]);
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toMatch(/^labcheck: .*no-such-folder does not exist/);
    const notRun = await labcheck(dir, 'none', ['judge', dir]);
    expect(notRun.exitCode).toBe(2);
    expect(notRun.stderr).toMatch(/holds no run\.json/);
  });
});

// An echo server that echoes faithfully on its odd-numbered starts and in upper case on the
// others: its verdict depends on the run, which is what --repeat is for. The count is kept in a
// file outside the submission (each run gets a fresh copy of the submission's folder).
const FLAKY_SERVER = `import socket, sys
counter = sys.argv[1]
try:
    n = int(open(counter).read())
except OSError:
    n = 0
open(counter, 'w').write(str(n + 1))
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('', 2500))
s.listen(5)
while True:
    c, _ = s.accept()
    while True:
        data = c.recv(1024)
        if not data:
            break
        c.sendall(data if n % 2 == 0 else data.upper())
    c.close()
`;

describe('labcheck test --repeat on a flaky program', async () => {
  const dir = await tempDir();
  await chmod(dir, 0o777);
  await writeFile(path.join(dir, 'flaky_server.py'), FLAKY_SERVER);
  const counter = path.join(dir, 'starts');
  // The program counts its starts in a file outside its own folder, which the sandbox rightly
  // forbids; containment is not what this test is about, so it runs with limits only.
  const run = await labcheck(dir, 'flaky', ['test', 'echo:server', path.join(dir, 'flaky_server.py'), '--only', 'echo-bytes', '--repeat', '2', '--seed', '3', '--', counter], { LABCHECK_SANDBOX: 'limits-only' });

  test('reports the scenario as flaky everywhere and exits 1', async () => {
    expect(run.exitCode).toBe(1);
    expect(await readFile(counter, 'utf8')).toBe('2'); // two whole runs
    expect(run.stdout).toMatch(/✗ echo:server\/echo-bytes \(flaky: passed, failed\)/);
    expect(run.stdout).toMatch(/requirement +every run of the scenario gives the same verdict/);
    expect(run.stdout).toMatch(/0 passed · 1 failed · 0 errors · 0 skipped · 1 flaky/);
    expect(run.stdout).toContain('--only echo-bytes --seed 3 --repeat 2 --');
    const s = run.json!.scenarios[0]!;
    expect([s.status, s.flaky, s.runs]).toEqual(['failed', true, ['passed', 'failed']]);
    expect(s.evidenceFile).toMatch(/echo-bytes\.run2\.json$/);
    expect(run.json!.summary).toMatchObject({ total: 1, failed: 1, flaky: 1 });
    await expectValidJunit(run.junit);
    expect(run.junit).toMatch(/<failure message="flaky: the 2 runs gave passed, failed; run 2: [^"]*" type="stable-verdict"/);
  });

  test('keeps the evidence of each run, and judge finds it flaky again', async () => {
    const evidenceDir = path.join(dir, 'evidence', 'echo-server');
    expect((await readdir(evidenceDir)).sort()).toEqual(['echo-bytes.json', 'echo-bytes.run2.json', 'run.json']);
    const judged = await labcheck(dir, 'judged', ['judge', evidenceDir]);
    expect(judged.exitCode).toBe(1);
    expect(judged.json).toEqual(run.json);
  });
});

describe('labcheck test --cmd runs its line through the shell', () => {
  const hasSocat = (() => {
    try {
      execFileSync('socat', ['-V'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  test.skipIf(!hasSocat)('socat with a quoted word is an echo server that passes', async () => {
    const dir = await tempDir();
    const entry = path.join(dir, 'echo server.sh');
    await writeFile(entry, '');
    const run = await labcheck(dir, 'socat', ['test', 'echo:server', entry, '--cmd', `socat TCP-LISTEN:2500,fork,reuseaddr SYSTEM:'exec cat'`]);
    expect(run.stdout).not.toMatch(/✗|!/);
    expect(run.json!.scenarios.map((s) => s.status)).toEqual(['passed', 'passed', 'passed']);
    expect(run.exitCode).toBe(0);
  }, 120_000);

  test('"python3 {entry}" with spaces and quotes in the entry name runs it, traced by the shim', async () => {
    const dir = await tempDir();
    const entry = path.join(dir, `it's my "echo" server.py`);
    await writeFile(entry, await readFile(SEED_SERVER));
    const run = await labcheck(dir, 'quoted', ['test', 'echo:server', entry, '--only', 'echo-bytes', '--cmd', 'python3 {entry}']);
    expect(run.json!.scenarios.map((s) => s.status)).toEqual(['passed']);
    expect(run.json!.scenarios[0]!.socketCalls).toMatch(/listen tcp fd=\d+/);
  }, 120_000);
});

describe('a reports folder that cannot be written', () => {
  test('the verdicts, then one line saying so, exit status 1, no stack trace', async () => {
    const dir = await tempDir();
    const r = await execa('node', [cli, 'test', 'echo:server', SEED_SERVER, '--only', 'echo-bytes', '--json', '/proc/labcheck.json', '--junit', path.join(dir, 'r.xml')], {
      reject: false,
      timeout: 120_000,
      env: { NO_COLOR: '1' },
    });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/✓ echo:server\/echo-bytes/);
    expect(r.stdout).toMatch(/echo:server {2}1 passed · 0 failed/);
    expect(r.stdout).not.toContain('reports:');
    const lines = String(r.stderr).trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^labcheck: could not write the reports: .*\/proc\//);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    // The reports that could be written were.
    expect(existsSync(path.join(dir, 'r.xml'))).toBe(true);
  }, 120_000);
});
