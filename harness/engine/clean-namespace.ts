// Whether a scenario worker, after a scenario and its clean-up, is as clean as a freshly started
// one, so that it may run the next scenario (worker-pool.ts reuses such workers under netns
// isolation). Clean means, in its network namespace: no process but the worker itself (and its
// spawn helper), and no socket of any kind but theirs (so no port is held in TIME_WAIT or any
// other state, no abstract Unix socket is left); in the worker itself: nothing left running of the scenario (no socket, child
// process, timer or other handle). Anything else and the worker is not reused: it exits, and the
// next scenario gets a fresh worker in a fresh namespace.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { netnsOf } from '../sandbox/namespace-reaper.js';

/** The socket tables of the current network namespace (each file lists one kind, after a header
 *  line), with the column that holds each socket's inode. */
const SOCKET_TABLES: [table: string, inodeColumn: number][] = [
  ...['tcp', 'tcp6', 'udp', 'udp6', 'udplite', 'udplite6', 'raw', 'raw6', 'icmp', 'icmp6'].map((t): [string, number] => [t, 9]),
  ['unix', 6],
  ['packet', 8],
];

/** What a clean worker holds of its own, taken before its first scenario. */
export interface OwnResources {
  /** Its handles: its IPC channel to the parent, its stdout and stderr (made here if not yet, as
   *  any write to them would), its spawn helper's process and pipes. */
  handles: string[];
  /** Its processes: itself and its spawn helper. */
  pids: number[];
  /** The inodes of the sockets those processes hold (node's pipes to the helper are Unix socket
   *  pairs made in the namespace). */
  sockets: Set<string>;
}

export function ownResources(pids: number[] = [process.pid]): OwnResources {
  void process.stdout;
  void process.stderr;
  const sockets = new Set<string>();
  for (const pid of pids) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
        if (m) sockets.add(m[1]!);
      } catch {
        /* closed meanwhile */
      }
    }
  }
  return { handles: process.getActiveResourcesInfo(), pids, sockets };
}

/** Why the worker is not clean now, or undefined when it is. */
export function uncleanBecause(own: OwnResources): string | undefined {
  const ns = netnsOf('self');
  if (!ns) return 'its network namespace cannot be read';
  // The socket tables first: sockets still closing are what a wait usually waits for, and they
  // cost less to read than every process's namespace link.
  for (const [table, inodeColumn] of SOCKET_TABLES) {
    let lines: string[];
    try {
      lines = readFileSync(`/proc/self/net/${table}`, 'utf8').trim().split('\n');
    } catch {
      continue; // this kernel has no such table
    }
    const other = lines.slice(1).find((line) => !own.sockets.has(line.trim().split(/\s+/)[inodeColumn] ?? ''));
    if (other) return `a ${table} socket is still open in its namespace: ${other.trim()}`;
  }
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || own.pids.includes(Number(entry))) continue;
    // A zombie has no namespace link left: it is no longer running.
    if (netnsOf(Number(entry)) === ns) return `process ${entry} is still in its namespace`;
  }
  const left = process.getActiveResourcesInfo();
  for (const r of own.handles) {
    const i = left.indexOf(r);
    if (i >= 0) left.splice(i, 1);
  }
  if (left.length > 0) return `the worker still holds ${left.join(', ')}`;
  return undefined;
}

/** A worker holding more memory than this after a scenario is not reused: something piles up.
 *  (One that ran a hundred scenarios holds about 110 MiB.) */
export const MAX_REUSED_RSS_BYTES = 512 * 1024 * 1024;

/** Why the worker, clean otherwise, should not be reused for its memory, or undefined. */
export function holdsTooMuchMemory(rss = process.memoryUsage.rss()): string | undefined {
  return rss > MAX_REUSED_RSS_BYTES ? `it holds ${Math.round(rss / 2 ** 20)} MiB of memory` : undefined;
}

/** Waits (polling every few ms) until the worker is clean; resolves with why not after `timeoutMs`. */
export async function waitUntilClean(own: OwnResources, timeoutMs: number): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const why = uncleanBecause(own);
    if (!why || Date.now() >= deadline) return why;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
