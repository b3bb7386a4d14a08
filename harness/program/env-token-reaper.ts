// Every program gets a unique token in its environment, which its children inherit. On Linux,
// a process that escaped the process group (setsid, double fork) is still found by it and
// killed. (Under netns isolation the namespace reaper catches such processes too.)
import { closeSync, openSync, readdirSync, readSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

export const TOKEN_VARIABLE = 'LABCHECK_RUN_TOKEN';

export function newToken(): string {
  return randomBytes(12).toString('hex');
}

/** SIGKILL every process whose environment holds `token`; returns how many. */
export function killByToken(token: string): number {
  if (process.platform !== 'linux') return 0;
  const entry = Buffer.from(`${TOKEN_VARIABLE}=${token}\0`);
  let killed = 0;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    if (!environmentHolds(name, entry)) continue;
    try {
      process.kill(Number(name), 'SIGKILL');
      killed++;
    } catch {
      /* gone */
    }
  }
  return killed;
}

/** One buffer for every read: this runs over every process of the machine, several times a scenario. */
const chunk = Buffer.allocUnsafe(64 * 1024);

/** Whether /proc/<pid>/environ (NUL-terminated entries) has `entry` (`NAME=value\0`) as a whole
 *  entry. Read in chunks into one buffer, searched as bytes: no string is made of anyone's environment. */
function environmentHolds(pid: string, entry: Buffer): boolean {
  let fd: number;
  try {
    fd = openSync(`/proc/${pid}/environ`, 'r');
  } catch {
    return false; // gone, or not ours to read
  }
  try {
    // chunk[0] is a NUL before the first entry, so that every entry is found as "\0NAME=value\0".
    chunk[0] = 0;
    let filled = 1;
    for (;;) {
      const n = readSync(fd, chunk, filled, chunk.length - filled, null);
      if (n <= 0) return false;
      filled += n;
      const read = chunk.subarray(0, filled);
      for (let at = read.indexOf(entry, 1); at > 0; at = read.indexOf(entry, at + 1)) if (read[at - 1] === 0) return true;
      // Keep the tail an entry could start in (with its leading NUL) for the next read.
      const keep = Math.min(entry.length, filled);
      chunk.copy(chunk, 0, filled - keep, filled);
      filled = keep;
    }
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
}
