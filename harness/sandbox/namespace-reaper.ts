// Under netns isolation every process the program started lives in the run's network namespace,
// even one that left its process group (setsid, double fork). Killing every member of the
// namespace is how nothing is left behind.
import { readdirSync, readlinkSync } from 'node:fs';

export function netnsOf(pid: number | 'self'): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/ns/net`);
  } catch {
    return undefined;
  }
}

/** SIGKILL every process in namespace `ns` except `spare`; returns how many were killed. */
export function killNamespaceMembers(ns: string, spare: number[] = []): number {
  let killed = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (spare.includes(pid)) continue;
    if (netnsOf(pid) !== ns) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed++;
    } catch {
      /* gone */
    }
  }
  return killed;
}
