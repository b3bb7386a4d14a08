// Choosing how a run is isolated. netns: each scenario in a fresh network namespace (Linux,
// root or unprivileged user namespaces), so hard-coded ports are used as written and runs
// never collide. remap: the program's ports are remapped by the Python shim (any OS).
import { execFile } from 'node:child_process';
import type { Isolation } from '../engine/job.js';

let probe: Promise<string | undefined> | undefined;

/** Why network namespaces cannot be used here, or undefined when they can. */
export function netnsUnavailable(): Promise<string | undefined> {
  probe ??= (async () => {
    if (process.platform !== 'linux') return `network namespaces need Linux (this is ${process.platform})`;
    const args = unshareArgs();
    // node:child_process, not execa: execa alone costs ~0.1 s to import at each start.
    return new Promise<string | undefined>((resolve) => {
      execFile('unshare', [...args, '--', 'true'], { timeout: 5000, encoding: 'utf8' }, (error, _stdout, stderr) => {
        resolve(error ? `unshare failed: ${String(stderr).trim() || error.message}` : undefined);
      });
    });
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
