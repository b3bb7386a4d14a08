// The command line a program is wrapped in (no program is run): bubblewrap's namespaces and
// binds, the drop to the run's uid, and the rlimits, in that order around the command.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { Sandbox } from '../../harness/sandbox/sandbox.js';
import { planSandbox, type SandboxMode, type SandboxPlan } from '../../harness/sandbox/sandbox-plan.js';
import type { Limits } from '../../harness/sandbox/limits.js';

const LIMITS: Limits = { cpuSeconds: 7, memoryMiB: 100, fileSizeMiB: 5, processes: 9, openFiles: 33, outputMiB: 1 };
const UID = 2_000_123;
const made: string[] = [];

afterEach(async () => {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
});

function plan(mode: SandboxMode, dropToUid: boolean, readOnly: string[] = []): SandboxPlan {
  return { mode, dropToUid, readOnly, summary: '', gaps: [] };
}

async function sandboxFor(p: SandboxPlan): Promise<{ sandbox: Sandbox; workDir: string }> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'labcheck-run-'));
  const submission = await mkdtemp(path.join(os.tmpdir(), 'labcheck-sub-'));
  made.push(workDir, submission);
  await writeFile(path.join(submission, 'server.py'), 'print(1)\n');
  return { sandbox: await Sandbox.create({ plan: p, workDir, uid: UID }, submission), workDir };
}

/** The values following each occurrence of `flag`. */
function after(argv: string[], flag: string, count = 1): string[][] {
  return argv.flatMap((a, i) => (a === flag ? [argv.slice(i + 1, i + 1 + count)] : []));
}

describe('Sandbox.wrap', () => {
  test('bwrap as root: namespaces, read-only system, private /tmp, writable scratch, then setpriv, then prlimit', async () => {
    const { sandbox, workDir } = await sandboxFor(plan('bwrap', true, ['/opt/python/3.11', '/opt/python/3.11/lib', '/srv/shim']));
    const cwd = sandbox.scratch.dir;
    const argv = sandbox.wrap(['python3', 'server.py'], LIMITS, cwd);

    expect(argv[0]).toBe('bwrap');
    expect(argv).toEqual(expect.arrayContaining(['--die-with-parent', '--unshare-pid', '--unshare-ipc']));
    expect(argv).not.toContain('--unshare-user'); // root: setpriv drops to the run's uid instead
    expect(after(argv, '--cap-add')).toEqual([['CAP_SETUID'], ['CAP_SETGID']]);
    expect(after(argv, '--tmpfs')).toEqual([['/tmp']]);
    expect(after(argv, '--proc')).toEqual([['/proc']]);
    expect(after(argv, '--ro-bind', 2)).toContainEqual(['/usr', '/usr']);
    expect(after(argv, '--ro-bind', 2)).toContainEqual([path.join(workDir, 'passwd'), '/etc/passwd']);
    // Only the scratch folder is writable.
    expect(after(argv, '--bind', 2)).toEqual([[cwd, cwd]]);
    expect(after(argv, '--chdir')).toEqual([[cwd]]);

    // Read-only binds de-duplicated: a folder inside one already bound is not bound again.
    const roBinds = after(argv, '--ro-bind', 2).map(([from]) => from);
    expect(roBinds.filter((p) => p.startsWith('/opt/python'))).toEqual(['/opt/python/3.11']);
    expect(roBinds).toContain('/srv/shim');

    // Folders above the binds are made 0755 (traversable by the run's uid), each once.
    const dirs = after(argv, '--dir').map(([d]) => d!);
    for (const d of ['/opt', '/opt/python', '/srv', path.dirname(cwd)]) {
      expect(dirs.filter((x) => x === d)).toEqual([d]);
      expect(argv[argv.indexOf(d) - 3]).toBe('--perms');
      expect(argv[argv.indexOf(d) - 2]).toBe('0755');
    }

    // bwrap ... -- setpriv ... -- prlimit ... -- the command.
    const tail = argv.slice(argv.indexOf('--'));
    expect(tail).toEqual([
      '--', 'setpriv', `--reuid=${UID}`, `--regid=${UID}`, '--clear-groups',
      '--', 'prlimit', '--cpu=7:9', `--data=${100 << 20}`, `--fsize=${5 << 20}`, '--nofile=33', '--nproc=9',
      '--', 'python3', 'server.py',
    ]);
  });

  test('the run user has a name and its uid inside the sandbox', async () => {
    const { workDir } = await sandboxFor(plan('bwrap', true));
    expect(await readFile(path.join(workDir, 'passwd'), 'utf8')).toContain(`student:x:${UID}:${UID}:`);
    expect(await readFile(path.join(workDir, 'group'), 'utf8')).toContain(`student:x:${UID}:`);
  });

  test('bwrap without root: a user namespace, no setpriv, and no process limit (the user is shared)', async () => {
    const { sandbox } = await sandboxFor(plan('bwrap', false));
    const argv = sandbox.wrap(['python3', 'server.py'], LIMITS, sandbox.scratch.dir);
    expect(argv).toContain('--unshare-user');
    expect(argv).not.toContain('setpriv');
    expect(argv).not.toContain('--cap-add');
    expect(argv.some((a) => a.startsWith('--nproc'))).toBe(false);
  });

  test('limits-only: prlimit alone; none: the command as it is', async () => {
    const limited = (await sandboxFor(plan('limits-only', false))).sandbox;
    expect(limited.wrap(['python3', 'x.py'], LIMITS, limited.scratch.dir)).toEqual([
      'prlimit', '--cpu=7:9', `--data=${100 << 20}`, `--fsize=${5 << 20}`, '--nofile=33', '--', 'python3', 'x.py',
    ]);
    const bare = (await sandboxFor(plan('none', false))).sandbox;
    expect(bare.wrap(['python3', 'x.py'], LIMITS, bare.scratch.dir)).toEqual(['python3', 'x.py']);
  });
});

describe('planSandbox', () => {
  test('read-only paths: resolved, de-duplicated, existing only, system folders left out (already bound)', () => {
    const here = path.resolve('.');
    const p = planSandbox({ isolation: 'netns', interpreterPaths: [here, `${here}/`, '/usr/lib', '/no/such/folder'], allowRead: [here], mode: 'bwrap' });
    expect(p.readOnly.filter((x) => x === here)).toEqual([here]);
    expect(p.readOnly).not.toContain('/usr/lib');
    expect(p.readOnly).not.toContain('/no/such/folder');
  });

  test('what could not be contained is said: no bubblewrap, no network namespace', () => {
    const p = planSandbox({ isolation: 'remap', interpreterPaths: [], allowRead: [], mode: 'limits-only' });
    expect(p.gaps.join('\n')).toMatch(/bubblewrap \(bwrap\) is missing/);
    expect(p.gaps.join('\n')).toMatch(/no network namespace/);
  });
});
