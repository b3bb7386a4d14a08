// The scenario worker's spawn helper (harness/program/spawn-helper.ts): a program started through
// it must look to itself, and to the harness, as one started by node's spawn. Live processes.
import { readdirSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { helperPython, SpawnHelper, type StartedProcess, type StartResult } from '../harness/program/spawn-helper.js';
import { startProcess } from '../harness/program/start-process.js';
import { labcheck, root } from './support/cli.js';
import path from 'node:path';

const linux = process.platform === 'linux';
let helper: SpawnHelper | undefined;

beforeAll(async () => {
  if (linux) helper = await SpawnHelper.start(helperPython(), () => {});
});
afterAll(() => helper?.close());

const PROBE = `
import os, signal, sys
print("session leader", os.getsid(0) == os.getpid(), "group leader", os.getpgid(0) == os.getpid())
print("SIGINT", signal.getsignal(signal.SIGINT) is signal.default_int_handler)
def is_open(fd):
    try:
        os.fstat(fd)
        return True
    except OSError:
        return False
print("fds", [fd for fd in range(1024) if is_open(fd)])
print("cwd", os.getcwd())
print("env", os.environ.get("PROBE"))
os.write(3, b"event\\n")
sys.stderr.write("to stderr\\n")
print("typed", input())
sys.exit(7)
`;

function collect(stream: Readable): Promise<string> {
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (text += chunk));
  return new Promise((resolve) => stream.once('end', () => resolve(text)));
}

async function run(how: SpawnHelper | undefined, command: string[], typed = ''): Promise<{ started: StartResult; exit?: [number | null, string | null]; stdout?: string; stderr?: string; events?: string }> {
  let exited!: (v: [number | null, string | null]) => void;
  const exit = new Promise<[number | null, string | null]>((r) => (exited = r));
  const started = await startProcess({ command, cwd: '/tmp', env: { PATH: process.env.PATH ?? '', PROBE: 'yes' } }, how, (code, signal) => exited([code, signal]));
  if ('error' in started) return { started };
  const p = started as StartedProcess;
  const [stdout, stderr, events] = [collect(p.stdout), collect(p.stderr), collect(p.events)];
  p.stdin.end(typed);
  return { started, exit: await exit, stdout: await stdout, stderr: await stderr, events: await events };
}

describe.runIf(linux)('a program started through the spawn helper', () => {
  test('the helper starts', () => {
    expect(helper).toBeDefined();
  });

  test('sees what a program started by node sees: own session, default signals, fds 0-3 only, its cwd and env', async () => {
    const viaHelper = await run(helper, [helperPython(), '-c', PROBE], 'hello\n');
    const direct = await run(undefined, [helperPython(), '-c', PROBE], 'hello\n');
    expect(viaHelper.stdout).toContain('session leader True group leader True');
    expect(viaHelper.stdout).toContain('SIGINT True');
    expect(viaHelper.stdout).toContain('fds [0, 1, 2, 3]');
    expect(viaHelper.stdout).toContain('cwd /tmp');
    expect(viaHelper.stdout).toContain('env yes');
    expect(viaHelper.stdout).toContain('typed hello');
    expect(viaHelper.stderr).toBe('to stderr\n');
    expect(viaHelper.events).toBe('event\n');
    expect(viaHelper.exit).toEqual([7, null]);
    // Line for line what node's own spawn gives, but for descriptors labcheck itself inherited
    // (a terminal's, a CI runner's), which node passes on and the helper does not.
    const withoutFds = (text = '') => text.replace(/^fds .*$/m, '');
    expect(withoutFds(viaHelper.stdout)).toBe(withoutFds(direct.stdout));
    expect(viaHelper.stderr).toBe(direct.stderr);
    expect(viaHelper.exit).toEqual(direct.exit);
  });

  test('a program that has already exited and closed its stdin when the harness takes its pipes', async () => {
    let exited!: (code: number | null) => void;
    const exit = new Promise<number | null>((r) => (exited = r));
    const starting = startProcess({ command: ['sh', '-c', 'exec 0<&-; echo bye'], cwd: '/tmp', env: { PATH: process.env.PATH ?? '' } }, helper, (code) => exited(code));
    // Block this thread meanwhile, so the program is long gone when its reply is read.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    const started = await starting;
    expect('pid' in started).toBe(true);
    const p = started as StartedProcess;
    const stdout = collect(p.stdout);
    const stdinError = new Promise((r) => p.stdin.once('error', (e: NodeJS.ErrnoException) => r(e.code)));
    p.stdin.end('ignored\n');
    expect(await stdinError).toBe('EPIPE'); // as a write to a closed stdin fails with node's spawn
    expect(await stdout).toBe('bye\n');
    expect(await exit).toBe(0);
  });

  test('a program killed by a signal reports the signal by name', async () => {
    const r = await run(helper, ['python3', '-c', 'import os, signal; os.kill(os.getpid(), signal.SIGKILL)']);
    expect(r.exit).toEqual([null, 'SIGKILL']);
  });

  test('a program that does not exist fails to start as with node: ENOENT, worded alike', async () => {
    const viaHelper = await run(helper, ['no-such-program-here']);
    const direct = await run(undefined, ['no-such-program-here']);
    expect(viaHelper.started).toEqual({ error: 'ENOENT: spawn no-such-program-here ENOENT' });
    expect(viaHelper.started).toEqual(direct.started);
  });

  test('the helper keeps none of a program\'s pipes once the harness took them', async () => {
    const fds = () => readdirSync(`/proc/${helper!.pid}/fd`).length;
    const before = fds();
    await run(helper, ['python3', '-c', 'print(input())'], 'x\n');
    // It answers requests in order: once a later start is answered, the close request was handled.
    await run(helper, ['no-such-program-here']);
    expect(fds()).toBe(before);
  });

  test('a helper that cannot start is not used, and is not taken for one that ended', async () => {
    let ended = false;
    expect(await SpawnHelper.start('/no/such/python3', () => (ended = true))).toBeUndefined();
    expect(await SpawnHelper.start(helperPython(), () => (ended = true)).then((h) => (h?.close(), h !== undefined))).toBe(true);
    expect(ended).toBe(false);
  });

  test('when the worker is gone (end of its input) the helper kills the programs still running and exits', async () => {
    const own = await SpawnHelper.start(helperPython(), () => {});
    let exited!: (v: string | null) => void;
    const exit = new Promise<string | null>((r) => (exited = r));
    const started = await startProcess({ command: ['sleep', '600'], cwd: '/tmp', env: { PATH: process.env.PATH ?? '' } }, own, (_code, signal) => exited(signal));
    expect('pid' in started).toBe(true);
    own!.close();
    expect(await exit).toBe('SIGKILL');
  });
});

describe('labcheck with either way of starting programs', () => {
  // LABCHECK_SPAWN=direct is how programs start where the helper cannot (not Linux).
  test.each(['helper', 'direct'])('%s: a correct echo server passes, a broken one fails', async (how) => {
    const env = how === 'direct' ? { LABCHECK_SPAWN: 'direct' } : {};
    const ok = await labcheck(['test', 'echo:server', path.join(root, 'fixtures/echo/server/ok-asyncio/echo_server.py')], { env });
    expect(ok.report?.scenarios.map((s) => s.status), ok.stdout).toEqual(['passed', 'passed', 'passed']);
    const broken = await labcheck(['test', 'echo:server', path.join(root, 'fixtures/echo/server/bad-drop-last-byte/TCP_echoserver.py'), '--only', 'echo-bytes'], { env });
    expect(broken.report?.scenarios.map((s) => s.status), broken.stdout).toEqual(['failed']);
  });
});
