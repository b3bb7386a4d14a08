// Choosing how a run is isolated. netns: each scenario in a fresh network namespace (Linux,
// root or unprivileged user namespaces), so hard-coded ports are used as written and runs
// never collide. remap: the program's ports are remapped by the Python shim (any OS).
import { execa } from 'execa';
import type { Isolation } from '../engine/job.js';

let probe: Promise<string | undefined> | undefined;

/** Why network namespaces cannot be used here, or undefined when they can. */
export function netnsUnavailable(): Promise<string | undefined> {
  probe ??= (async () => {
    if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
    const args = unshareArgs();
    const r = await execa('unshare', [...args, '--', 'true'], { reject: false, timeout: 5000 });
    if (r.exitCode !== 0) return `unshare failed: ${String(r.stderr).trim() || `exit ${r.exitCode}`}`;
    return undefined;
  })();
  return probe;
}

/** unshare flags: as root a plain network namespace; otherwise through a user namespace. */
export function unshareArgs(): string[] {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return root ? ['--net'] : ['--user', '--map-root-user', '--net'];
}

export async function chooseIsolation(requested: 'auto' | Isolation): Promise<{ isolation: Isolation; note?: string }> {
  if (requested === 'remap') return { isolation: 'remap' };
  const why = await netnsUnavailable();
  if (!why) return { isolation: 'netns' };
  if (requested === 'netns') throw new Error(`--isolation netns is not possible here: ${why}`);
  return { isolation: 'remap', note: `network namespaces unavailable (${why}); remapping ports instead` };
}
