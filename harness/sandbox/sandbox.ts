// The one place every program launch goes through. A Sandbox belongs to one scenario run: it
// makes the run's scratch folder (inside the work folder the parent created and will remove),
// and wraps each program's command so that it runs contained as the plan says (sandbox-plan.ts):
//
//   bwrap <namespaces, read-only system, private /tmp, the scratch folder>
//     -- setpriv --reuid=<run uid>   (when labcheck is root)
//     -- prlimit <limits>
//     -- python3 server.py
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { RunningProgram, type LaunchSpec } from '../program/running-program.js';
import { ScratchFolder } from './scratch-folder.js';
import { ETC_FILES, SYSTEM_DIRS, type SandboxPlan } from './sandbox-plan.js';
import { prlimitArgs, type Limits } from './limits.js';
import { activeSpawnHelper } from '../program/spawn-helper.js';
import { findExecutable } from '../program/find-executable.js';
import { programEnvironment } from './program-env.js';

export interface SandboxRun {
  plan: SandboxPlan;
  /** Folder the parent made for this scenario run; it removes it afterwards, whatever happens here. */
  workDir: string;
  /** The uid programs run as when the plan drops privileges. */
  uid: number;
}

export type ProgramLaunch = Omit<LaunchSpec, 'cwd' | 'env' | 'exitStatusViaWrapper'> & {
  limits: Limits;
  /** Additions to the allow-listed environment (the port map under remap). */
  extraEnv: Record<string, string>;
};

export class Sandbox {
  private constructor(
    private readonly run: SandboxRun,
    readonly scratch: ScratchFolder,
  ) {}

  /** Copy the submission folder into the run's scratch folder, owned by the run's user. */
  static async create(run: SandboxRun, submissionDir: string): Promise<Sandbox> {
    const owner = run.plan.dropToUid ? run.uid : undefined;
    const scratch = await ScratchFolder.create(submissionDir, { parent: run.workDir, owner });
    if (run.plan.mode === 'bwrap') await writeIdentityFiles(run);
    return new Sandbox(run, scratch);
  }

  /** Start a program contained as the plan says. */
  launch(spec: ProgramLaunch): RunningProgram {
    const cwd = this.scratch.dir;
    const env = programEnvironment({ home: cwd, extra: spec.extraEnv });
    const { limits, extraEnv: _, ...rest } = spec;
    // A program that does not exist is reported as such (a spawn error), not as the wrapper's exit 127.
    const found = findExecutable(spec.command[0] ?? '', env.PATH ?? '');
    const helper = activeSpawnHelper();
    return new RunningProgram({
      ...rest,
      command: found ? this.wrap(spec.command, limits, cwd) : spec.command,
      ...(helper ? { helper } : {}),
      cwd,
      env,
      outputLimitBytes: limits.outputMiB * 1024 * 1024,
      // bwrap reports a program killed by signal n as exit status 128 + n.
      exitStatusViaWrapper: this.run.plan.mode === 'bwrap',
      sandbox: { mode: this.run.plan.mode, ...(this.run.plan.dropToUid ? { uid: this.run.uid } : {}), limits },
    });
  }

  /** The command line that runs `command` contained. */
  wrap(command: string[], limits: Limits, cwd: string): string[] {
    const { plan, uid } = this.run;
    if (plan.mode === 'none') return command;
    const limited = ['prlimit', ...prlimitArgs(limits, plan.dropToUid), '--', ...command];
    if (plan.mode === 'limits-only') return limited;
    const asUser = plan.dropToUid ? ['setpriv', `--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', '--'] : [];
    return ['bwrap', ...bwrapArgs(this.run, cwd), '--', ...asUser, ...limited];
  }

  async dispose(): Promise<void> {
    await this.scratch.dispose();
  }
}

function bwrapArgs(run: SandboxRun, cwd: string): string[] {
  const args = ['--die-with-parent', '--unshare-pid', '--unshare-ipc'];
  if (run.plan.dropToUid) args.push('--cap-add', 'CAP_SETUID', '--cap-add', 'CAP_SETGID');
  else args.push('--unshare-user');
  for (const dir of SYSTEM_DIRS) {
    if (!existsSync(dir)) continue;
    // Merged /usr: /bin is a link to usr/bin; keep it a link.
    if (lstatSync(dir).isSymbolicLink()) args.push('--symlink', readlinkSync(dir), dir);
    else args.push('--ro-bind', dir, dir);
  }
  // Folders bwrap makes on its own are private (0700): the program's user could not enter them.
  args.push('--perms', '0755', '--dir', '/etc');
  for (const name of ETC_FILES) args.push('--ro-bind-try', `/etc/${name}`, `/etc/${name}`);
  args.push('--ro-bind', path.join(run.workDir, 'passwd'), '/etc/passwd', '--ro-bind', path.join(run.workDir, 'group'), '/etc/group');
  args.push('--proc', '/proc', '--dev', '/dev', '--perms', '1777', '--tmpfs', '/tmp');
  const made = new Set<string>(['/', '/tmp', '/etc', '/proc', '/dev', ...SYSTEM_DIRS]);
  const parents = (p: string) => {
    const out: string[] = [];
    for (let d = path.dirname(p); !made.has(d) && d !== path.dirname(d); d = path.dirname(d)) out.unshift(d);
    for (const d of out) {
      made.add(d);
      args.push('--perms', '0755', '--dir', d);
    }
    made.add(p);
  };
  const bound: string[] = [];
  for (const p of [...run.plan.readOnly].sort((a, b) => a.length - b.length)) {
    if (bound.some((q) => p.startsWith(q + '/'))) continue; // already visible through a folder above it
    bound.push(p);
    parents(p);
    args.push('--ro-bind', p, p);
  }
  parents(cwd);
  args.push('--bind', cwd, cwd, '--chdir', cwd);
  return args;
}

/** /etc/passwd and /etc/group inside the sandbox: the run's user has a name and a home (its folder). */
async function writeIdentityFiles(run: SandboxRun): Promise<void> {
  const uid = run.plan.dropToUid ? run.uid : (process.getuid?.() ?? 1000);
  await writeFile(path.join(run.workDir, 'passwd'), `root:x:0:0:root:/root:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\nstudent:x:${uid}:${uid}:student:/tmp:/bin/sh\n`);
  await writeFile(path.join(run.workDir, 'group'), `root:x:0:\nnogroup:x:65534:\nstudent:x:${uid}:\n`);
}
