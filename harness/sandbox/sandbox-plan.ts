// Deciding, once per labcheck run, how student programs will be contained. The plan travels in
// every scenario job; the worker's Sandbox (sandbox.ts) applies it to each program launch.
//
//   bwrap        bubblewrap: own PID, mount and IPC namespaces; the file system shows only the
//                system's programs and libraries (read-only), the interpreter, labcheck's shim,
//                the scratch folder (writable) and a private /tmp. As root, the program then runs
//                as a fresh unprivileged uid per scenario run (setpriv); otherwise as the user.
//   limits-only  no bubblewrap (or it does not work here): rlimits only (prlimit).
//   none         not even prlimit (not Linux).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { devicesDir, driversDir, packageRoot, shimDir } from '../paths.js';
import { unshareArgs } from './isolation.js';

export type SandboxMode = 'bwrap' | 'limits-only' | 'none';

export interface SandboxPlan {
  mode: SandboxMode;
  /** labcheck runs as root: drop to a fresh uid per run (and give each run its own process limit). */
  dropToUid: boolean;
  /** Host paths shown read-only at the same place (interpreter prefixes, shim, drivers, --allow-read). */
  readOnly: string[];
  /** What the sandbox applies, in words, for the report header. */
  summary: string;
  /** What it could not apply, in words (empty when fully contained). */
  gaps: string[];
}

export const SANDBOX_UID_BASE = 2_000_000;
export const SANDBOX_UID_COUNT = 1_000_000;

/** System folders every program may read (under bwrap). /etc is reduced to the files below. */
export const SYSTEM_DIRS = ['/usr', '/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];
export const ETC_FILES = [
  'alternatives', 'hosts', 'host.conf', 'nsswitch.conf', 'gai.conf', 'localtime', 'ld.so.cache', 'ld.so.conf',
  'ld.so.conf.d', 'protocols', 'services', 'hostname', 'mime.types', 'ssl', 'fonts', 'python3', 'python3.11', 'timezone',
];

function works(command: string[]): boolean {
  const r = spawnSync(command[0]!, command.slice(1), { stdio: 'ignore', timeout: 10_000 });
  return r.status === 0;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

let probed: Map<string, SandboxMode> = new Map();

/** Which mode works here, tried the way the worker will use it (inside its namespace under netns). */
export function availableMode(isolation: 'netns' | 'remap'): SandboxMode {
  const key = isolation;
  const known = probed.get(key);
  if (known) return known;
  let mode: SandboxMode = 'none';
  if (process.platform === 'linux') {
    const outer = isolation === 'netns' ? ['unshare', ...unshareArgs(), '--'] : [];
    const bwrap = ['bwrap', '--ro-bind', '/', '/', '--proc', '/proc', '--unshare-pid', '--die-with-parent', ...(isRoot() ? ['--cap-add', 'CAP_SETUID', '--cap-add', 'CAP_SETGID'] : ['--unshare-user'])];
    const inner = isRoot() ? ['setpriv', `--reuid=${SANDBOX_UID_BASE}`, `--regid=${SANDBOX_UID_BASE}`, '--clear-groups', '--', 'prlimit', '--cpu=5', '--', 'true'] : ['prlimit', '--cpu=5', '--', 'true'];
    if (works([...outer, ...bwrap, '--', ...inner])) mode = 'bwrap';
    else if (works(['prlimit', '--cpu=5', '--', 'true'])) mode = 'limits-only';
  }
  probed.set(key, mode);
  return mode;
}

/** For tests: forget what was probed. */
export function forgetProbes(): void {
  probed = new Map();
}

export interface PlanInput {
  isolation: 'netns' | 'remap';
  /** Folders the interpreter needs (its prefixes), from resolvePython. */
  interpreterPaths: string[];
  /** --allow-read: more host paths the program may read. */
  allowRead: string[];
  /** Force a mode (tests, or `--sandbox` when a grader must run without it). */
  mode?: SandboxMode;
}

function plausiblePrefix(p: string): boolean {
  if (p.split(path.sep).filter(Boolean).length < 2) return false; // "/", "/opt", "/root"
  if (p === os.homedir()) return false;
  const within = (outer: string, inner: string) => inner === outer || inner.startsWith(outer + path.sep);
  return !within(p, packageRoot);
}

export function planSandbox(input: PlanInput): SandboxPlan {
  const forced = process.env.LABCHECK_SANDBOX as SandboxMode | undefined;
  const mode = input.mode ?? (forced && ['bwrap', 'limits-only', 'none'].includes(forced) ? forced : availableMode(input.isolation));
  const dropToUid = mode === 'bwrap' && isRoot();
  // An interpreter's prefix is guessed from where it lives (<prefix>/bin/python3): never let such a
  // guess show the whole disk, a home folder or labcheck's own tree.
  const interpreterPaths = input.interpreterPaths.map((p) => path.resolve(p)).filter((p) => plausiblePrefix(p));
  const readOnly = [...new Set([...interpreterPaths, shimDir, devicesDir, driversDir, ...input.allowRead].map((p) => path.resolve(p)))]
    .filter((p) => p !== path.parse(p).root && existsSync(p))
    .filter((p) => !SYSTEM_DIRS.some((d) => p === d || p.startsWith(d + '/')));
  const gaps: string[] = [];
  const parts: string[] = [];
  if (mode === 'bwrap') {
    parts.push(dropToUid ? 'unprivileged user' : 'your own user', 'own PID and mount namespaces', 'only its folder writable', 'limits');
    if (!isRoot()) gaps.push('runs as your own user (labcheck is not root), though it sees only its own folder');
  } else {
    gaps.push(
      mode === 'limits-only'
        ? 'bubblewrap (bwrap) is missing or does not work here: the program runs as your user, sees your processes and can read and write your files'
        : 'no sandbox on this system: the program runs as your user with no limits, sees your processes and can read and write your files',
    );
    if (mode === 'limits-only') parts.push('limits');
    if (isRoot()) gaps.push('runs as root');
  }
  if (input.isolation === 'remap') gaps.push('no network namespace: the program could reach the network');
  else parts.push('own network namespace');
  return { mode, dropToUid, readOnly, summary: parts.length ? parts.join(', ') : 'none', gaps };
}
