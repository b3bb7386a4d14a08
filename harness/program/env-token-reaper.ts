// Every program gets a unique token in its environment, which its children inherit. On Linux,
// a process that escaped the process group (setsid, double fork) is still found by it and
// killed. (Under netns isolation the namespace reaper catches such processes too.)
import { readdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

export const TOKEN_VARIABLE = 'LABCHECK_RUN_TOKEN';

export function newToken(): string {
  return randomBytes(12).toString('hex');
}

/** SIGKILL every process whose environment holds `token`; returns how many. */
export function killByToken(token: string): number {
  if (process.platform !== 'linux') return 0;
  const needle = `${TOKEN_VARIABLE}=${token}`;
  let killed = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${entry}/environ`, 'latin1').split('\0').includes(needle)) continue;
      process.kill(Number(entry), 'SIGKILL');
      killed++;
    } catch {
      /* gone, or not ours to read */
    }
  }
  return killed;
}
