// Hostile submissions (fixtures/hostile/, see its README) through the real harness, graded as
// echo:server --only echo-bytes. Each must end with its expected verdict and a reason a student
// can read, within a bound, stopped by the limit meant to stop it, with nothing left behind: no
// process of the run, no work folder, no file outside its folder, no secret in any output.
// Fixtures marked `dangerous` would harm the host if containment were missing: they run only
// after the containment probe showed it is on (and they also check it themselves, first thing).
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { ProgramEvidence } from '../harness/model/evidence.js';
import { SANDBOX_UID_BASE, SANDBOX_UID_COUNT } from '../harness/sandbox/sandbox-plan.js';
import { loadEvidenceFile } from '../harness/evidence/store.js';
import { labcheck, root, type CliRun } from './support/cli.js';
import { processesWith } from './support/programs.js';

const HOSTILE = path.join(root, 'fixtures', 'hostile');
/** Every run must be over well within this (a loaded 2-core machine included); the waits are 10-30 s. */
const WITHIN_SECONDS = 90;
/** A test may wait for the runs queued before it (see AT_ONCE). */
const TEST_TIMEOUT_MS = 600_000;

interface Expected {
  entry: string;
  about: string;
  status: 'passed' | 'failed' | 'error';
  /** A regular expression the scenario's message must match ('' for passed). */
  reason: string;
  limits?: Record<string, number>;
  timeoutScale?: number;
  dangerous?: boolean;
}

function expectedOf(name: string): Expected {
  return JSON.parse(readFileSync(path.join(HOSTILE, name, 'expected.json'), 'utf8')) as Expected;
}

interface HostileRun {
  cli: CliRun;
  status: string;
  message: string;
  program: ProgramEvidence;
  seconds: number;
  marker: string;
}

/**
 * At most this many labcheck runs at once: each run's time is judged against WITHIN_SECONDS, and
 * on a shared 2-core machine more at once would only make every one of them slower.
 */
const AT_ONCE = 2;
let running = 0;
const queue: (() => void)[] = [];

async function fewAtATime<T>(work: () => Promise<T>): Promise<T> {
  if (running < AT_ONCE) running++;
  else await new Promise<void>((resolve) => queue.push(resolve)); // a finished run hands over its slot
  try {
    return await work();
  } finally {
    const next = queue.shift();
    if (next) next();
    else running--;
  }
}

/** Run one fixture; then check that nothing of it is left on the host. */
function runHostile(name: string, args: string[] = []): Promise<HostileRun> {
  return fewAtATime(() => runAndCheckLeftovers(name, args));
}

async function runAndCheckLeftovers(name: string, args: string[]): Promise<HostileRun> {
  const expected = expectedOf(name);
  const marker = `labcheck-hostile-${name}-${randomBytes(4).toString('hex')}`;
  const entry = path.join(HOSTILE, name, expected.entry);
  const t0 = Date.now();
  const cli = await labcheck(['test', 'echo:server', entry, '--only', 'echo-bytes', '--timeout-scale', String(expected.timeoutScale ?? 2), '--', marker, ...args], {
    env: expected.limits ? { LABCHECK_LIMITS: JSON.stringify(expected.limits) } : {},
  });
  const seconds = (Date.now() - t0) / 1000;
  const scenario = cli.report?.scenarios[0];
  expect(scenario, `${cli.stdout}\n${cli.stderr}`).toBeDefined();
  const { evidence } = await loadEvidenceFile(scenario!.evidenceFile!);
  const program = Object.values(evidence.programs)[0]!;

  // Nothing left behind: no process carrying its marker or running as its uid, no work folder.
  expect(await processesWith(marker)).toEqual([]);
  const uid = program.sandbox?.uid;
  expect(uid, 'the program ran without a uid of its own: is the sandbox (bubblewrap, root) missing?').toBeTypeOf('number');
  expect(uid).toBeGreaterThanOrEqual(SANDBOX_UID_BASE);
  expect(uid).toBeLessThan(SANDBOX_UID_BASE + SANDBOX_UID_COUNT);
  expect(await processesOfUid(uid!)).toEqual([]);
  expect(readdirSync(os.tmpdir()).filter((n) => n.startsWith(`labcheck-run-${cli.pid}-`))).toEqual([]);
  return { cli, status: scenario!.status, message: scenario!.message, program, seconds, marker };
}

async function processesOfUid(uid: number): Promise<string[]> {
  const r = await execa('ps', ['-eo', 'uid=,pid=,args='], { reject: false });
  return String(r.stdout)
    .split('\n')
    .filter((line) => Number(line.trim().split(/\s+/)[0]) === uid);
}

/** The verdict, reason and time bound every fixture's expected.json states. */
function expectVerdict(name: string, run: HostileRun): void {
  const expected = expectedOf(name);
  expect(run.status, `${run.message}\n${run.cli.stdout}`).toBe(expected.status);
  if (expected.reason) expect(run.message).toMatch(new RegExp(expected.reason));
  expect(run.seconds).toBeLessThan(WITHIN_SECONDS);
  // The program's guard never refused: the run really tried what the fixture is about.
  expect(run.program.stderr).not.toContain('REFUSED');
}

// ---------------------------------------------------------------------------------------------
// Containment first: what the probe sees decides whether the dangerous fixtures may run.

interface ProbeView {
  uid: number;
  pid: number;
  pids: number[];
  owners: Record<string, number>;
  sees: Record<string, boolean>;
}

/** Host paths a contained program must not see. */
const HOST_PATHS = ['/work/shared/LABS.md', path.join(root, 'package.json'), path.join(root, 'harness', 'sandbox', 'sandbox.ts'), '/root/.bash_history', '/etc/shadow'];

let probe: Promise<{ view?: ProbeView; problem?: string }> | undefined;

function probeContainment(): Promise<{ view?: ProbeView; problem?: string }> {
  probe ??= (async () => {
    let run: HostileRun;
    try {
      run = await runHostile('containment-probe', HOST_PATHS);
    } catch (err) {
      return { problem: `the containment probe failed: ${(err as Error).message}` };
    }
    const line = run.program.stdout.split('\n').find((l) => l.startsWith('{'));
    if (!line) return { problem: `the probe printed nothing: ${run.message}` };
    const view = JSON.parse(line) as ProbeView;
    const foreign = view.pids.filter((p) => p !== 1 && view.owners[p] !== view.uid);
    const visible = Object.entries(view.sees).filter(([, seen]) => seen).map(([p]) => p);
    if (view.uid < SANDBOX_UID_BASE) return { view, problem: `the program runs as uid ${view.uid}, not a sandbox uid` };
    if (view.pid > 10) return { view, problem: `the program's pid is ${view.pid}: no PID namespace of its own` };
    if (view.pids.length > 3 || foreign.length > 0) return { view, problem: `the program sees other processes: ${view.pids.join(', ')}` };
    if (visible.length > 0) return { view, problem: `the program sees host files: ${visible.join(', ')}` };
    return { view };
  })();
  return probe;
}

/** Fails the calling test (so the dangerous fixture never runs) when containment is missing. */
async function requireContainment(): Promise<void> {
  const { problem } = await probeContainment();
  expect(problem, 'containment is missing: the dangerous hostile fixtures must not run').toBeUndefined();
}

test('the containment probe: a fresh unprivileged uid, alone in its PID namespace, no host files', async () => {
  const { view, problem } = await probeContainment();
  expect(problem).toBeUndefined();
  expect(view!.uid).toBeGreaterThanOrEqual(SANDBOX_UID_BASE);
  expect(view!.pid).toBeLessThanOrEqual(3);
  expect(view!.owners['1']).toBe(0); // bubblewrap's init
  expect(Object.keys(view!.sees).sort()).toEqual([...HOST_PATHS].sort());
}, TEST_TIMEOUT_MS);

// ---------------------------------------------------------------------------------------------
// Host state the file fixtures attack: secrets to read, files to delete, folders to write in.

const SECRET = `labcheck-secret-${randomBytes(12).toString('hex')}`;
const ROOT_SECRET = '/root/labcheck-hostile-secret.txt'; // the path is in the fixtures' source
const VICTIMS = ['/work/shared/LABS.md', '/work/shared/STYLE.md', path.join(root, 'package.json'), path.join(HOSTILE, 'files-outside', 'server.py')];
const WAS_HERE = 'labcheck-hostile-was-here';
let secretDir = '';
let hashes: Record<string, string> = {};

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Folders a fixture tries to write in; afterwards none may hold its file. */
function writeTargets(): string[] {
  return ['/', '/tmp', '/root', '/work/shared', '/work/main', root, path.join(root, 'harness'), path.join(HOSTILE, 'files-outside'), path.join(HOSTILE, 'echo-tries-everything'), secretDir];
}

beforeAll(async () => {
  secretDir = await mkdtemp(path.join(os.tmpdir(), 'labcheck-hostile-secret-'));
  await writeFile(path.join(secretDir, 'secret.txt'), SECRET);
  // Not root: no secret in /root (and the containment probe fails, as the sandbox needs root here).
  await writeFile(ROOT_SECRET, SECRET).catch(() => {});
  hashes = Object.fromEntries([...VICTIMS, path.join(secretDir, 'secret.txt'), ROOT_SECRET].filter((f) => existsSync(f)).map((f) => [f, sha256(f)]));
});

afterAll(async () => {
  await rm(secretDir, { recursive: true, force: true });
  await rm(ROOT_SECRET, { force: true });
});

/** The host is as it was, and the secret is in nothing the run printed or wrote. */
async function expectHostUntouched(run: HostileRun): Promise<void> {
  for (const [file, hash] of Object.entries(hashes)) expect(existsSync(file) && sha256(file), file).toBe(hash);
  for (const dir of writeTargets()) expect(existsSync(path.join(dir, WAS_HERE)), dir).toBe(false);
  const outputs = [run.cli.stdout, run.cli.stderr, run.cli.junit ?? '', JSON.stringify(run.cli.report), JSON.stringify(run.program)];
  for (const text of outputs) expect(text).not.toContain(SECRET);
}

// ---------------------------------------------------------------------------------------------
// The fixtures.

describe.concurrent('hostile submissions end in a non-pass verdict, within their limits, leaving nothing behind', () => {
  test('infinite loop: killed by SIGXCPU when its CPU time runs out', async () => {
    const run = await runHostile('infinite-loop');
    expectVerdict('infinite-loop', run);
    expect(run.program.exit?.signal).toBe('SIGXCPU');
  }, TEST_TIMEOUT_MS);

  test('sleeping forever: the harness stops waiting and kills it', async () => {
    const run = await runHostile('sleep-forever');
    expectVerdict('sleep-forever', run);
    expect(run.program.exit?.stoppedByHarness).toBe(true);
  }, TEST_TIMEOUT_MS);

  test('ignoring SIGTERM: fails echo-bytes and is killed anyway', async () => {
    const run = await runHostile('ignore-sigterm');
    expectVerdict('ignore-sigterm', run);
    expect(run.program.exit?.stoppedByHarness).toBe(true);
  }, TEST_TIMEOUT_MS);

  test('a fork storm: stopped by the per-run process limit', async () => {
    await requireContainment();
    const run = await runHostile('fork-storm');
    expectVerdict('fork-storm', run);
    const count = Number(/fork storm stopped at (\d+) processes/.exec(run.program.stderr)?.[1]);
    expect(count).toBeGreaterThan(32);
    expect(count).toBeLessThanOrEqual(run.program.sandbox!.limits!.processes);
  }, TEST_TIMEOUT_MS);

  test('1 GiB to stdout: stopped by the harness past the output limit', async () => {
    const run = await runHostile('stdout-1gib');
    expectVerdict('stdout-1gib', run);
    const printed = run.program.stdout.length + run.program.truncated.stdout;
    expect(printed).toBeGreaterThan(16 << 20);
    expect(printed).toBeLessThan(128 << 20); // stopped soon after the limit, far from 1 GiB
  }, TEST_TIMEOUT_MS);

  test('a 2 GiB file: the file size limit stops it at 256 MiB', async () => {
    const run = await runHostile('file-2gib');
    expectVerdict('file-2gib', run);
    const big = run.program.files.find((f) => f.path === 'big.bin');
    expect(big?.size).toBe(run.program.sandbox!.limits!.fileSizeMiB << 20);
  }, TEST_TIMEOUT_MS);

  test('8 GiB of memory: MemoryError at the memory limit', async () => {
    const run = await runHostile('memory-8gib');
    expectVerdict('memory-8gib', run);
    const allocated = Math.max(...[...run.program.stderr.matchAll(/allocated (\d+) MiB/g)].map((m) => Number(m[1])));
    expect(allocated).toBeLessThan(run.program.sandbox!.limits!.memoryMiB);
  }, TEST_TIMEOUT_MS);

  test('closing stdout: still seen as running, then stopped', async () => {
    const run = await runHostile('close-stdout');
    expectVerdict('close-stdout', run);
    expect(run.program.stdout).toContain('closing my output now');
    expect(run.program.exit?.stoppedByHarness).toBe(true);
  }, TEST_TIMEOUT_MS);

  test('os.setsid() escapes: the grandchild in its own session dies with the run', async () => {
    await requireContainment();
    const run = await runHostile('setsid-escape');
    expectVerdict('setsid-escape', run);
    expect(run.program.stdout).toContain('a grandchild escaped into its own session');
  }, TEST_TIMEOUT_MS);

  test('killing its parent: not permitted; the harness reports normally', async () => {
    await requireContainment();
    const run = await runHostile('kill-parent');
    expectVerdict('kill-parent', run);
    expect(run.cli.exitCode).toBe(1); // an ordinary "something errored" run, not a crash
  }, TEST_TIMEOUT_MS);

  test('os.kill(-1, 9): kills only its own children; host processes live on', async () => {
    await requireContainment();
    const sentinelMarker = `labcheck-hostile-sentinel-${randomBytes(4).toString('hex')}`;
    const sentinel = execa('python3', ['-c', 'import time; time.sleep(600)', sentinelMarker], { reject: false });
    try {
      const run = await runHostile('kill-all');
      expectVerdict('kill-all', run);
      expect(run.program.stdout).toContain('3 of my 3 children were killed; I am still here');
      expect(await processesWith(sentinelMarker)).toHaveLength(1);
      expect(run.cli.exitCode).toBe(1);
    } finally {
      sentinel.kill('SIGKILL');
    }
  }, TEST_TIMEOUT_MS);

  test('reading secrets, writing and deleting files outside its folder: every attempt fails', async () => {
    await requireContainment();
    const secretFile = path.join(secretDir, 'secret.txt');
    const args = [
      `read:${secretFile}`,
      `read:${ROOT_SECRET}`,
      // Not /tmp: the program's /tmp is its own private one, where writing is allowed; the host's
      // /tmp is still checked afterwards (expectHostUntouched).
      ...writeTargets().filter((d) => d !== '/tmp').map((d) => `write:${d}`),
      ...[...VICTIMS, secretFile, ROOT_SECRET].map((f) => `delete:${f}`),
    ];
    const run = await runHostile('files-outside', args);
    expectVerdict('files-outside', run);
    const attempts = run.program.stdout.split('\n').filter((l) => /^(blocked|ESCAPED) /.test(l));
    expect(attempts.length).toBeGreaterThan(20);
    expect(attempts.filter((l) => l.startsWith('ESCAPED'))).toEqual([]);
    expect(run.program.stdout).toContain('private write /tmp/labcheck-hostile-was-here: ok'); // its own /tmp works
    await expectHostUntouched(run);
  }, TEST_TIMEOUT_MS);

  test('flooding the events pipe: drained with bounded memory, the program runs on', async () => {
    const run = await runHostile('events-flood');
    expectVerdict('events-flood', run);
    expect(run.program.stdout).toContain('flooded the events pipe');
  }, TEST_TIMEOUT_MS);

  test('binding a hundred ports: nothing echoes on the echo port', async () => {
    const run = await runHostile('bind-100-ports');
    expectVerdict('bind-100-ports', run);
    expect(run.program.stdout).toContain('listening on 100 ports');
  }, TEST_TIMEOUT_MS);

  test('non-UTF-8 output: reported readably, no escape or control characters in the console or JUnit', async () => {
    const run = await runHostile('non-utf8-output');
    expectVerdict('non-utf8-output', run);
    expect(run.program.stdout).toContain('\uFFFD'); // invalid bytes decoded as replacement characters
    // The console: nothing a terminal would act on (escape sequences, C0 and C1 controls).
    // eslint-disable-next-line no-control-regex
    expect(run.cli.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    // JUnit: nothing XML 1.0 forbids (C0 controls other than tab, newline and return).
    // eslint-disable-next-line no-control-regex
    expect(run.cli.junit).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(run.cli.junit).toContain('ValueError');
  }, TEST_TIMEOUT_MS);

  test('a binary entry: SyntaxError', async () => {
    expectVerdict('binary-entry', await runHostile('binary-entry'));
  }, TEST_TIMEOUT_MS);

  test('a syntax error: SyntaxError', async () => {
    expectVerdict('syntax-error', await runHostile('syntax-error'));
  }, TEST_TIMEOUT_MS);

  test('a missing module: ModuleNotFoundError', async () => {
    expectVerdict('missing-module', await runHostile('missing-module'));
  }, TEST_TIMEOUT_MS);

  test('a correct echo server that also tries all of this still passes echo-bytes', async () => {
    await requireContainment();
    const run = await runHostile('echo-tries-everything');
    expectVerdict('echo-tries-everything', run);
    const stderr = run.program.stderr;
    for (const attempt of ['allocate 8 GiB: MemoryError', 'write a 2 GiB file: OSError: [Errno 27] File too large', 'fork storm: BlockingIOError', 'kill my parent: PermissionError', 'delete /work/shared/LABS.md']) {
      expect(stderr).toContain(`blocked ${attempt}`);
    }
    expect(stderr).toContain('done trying; now serving');
    expect(stderr).not.toContain('ESCAPED');
    await expectHostUntouched(run);
  }, TEST_TIMEOUT_MS);
});

// The fixtures folder and this file stay in step.
test('every hostile fixture has a test here and an expected.json', () => {
  const names = readdirSync(HOSTILE, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name);
  const source = readFileSync(import.meta.filename, 'utf8');
  for (const name of names) {
    expect(source, name).toContain(`'${name}'`);
    expect(existsSync(path.join(HOSTILE, name, 'expected.json')), name).toBe(true);
  }
});
