// Killing what a program started. Programs run in their own process group (POSIX); a program
// that escapes it (setsid, double fork) is caught by its environment token and, under netns
// isolation, by the namespace reaper. Windows has no process groups: taskkill /T kills the tree.
import { spawnSync } from 'node:child_process';

export function killProcessGroup(pgid: number, signal: NodeJS.Signals): void {
  if (process.platform === 'win32') {
    spawnSync('taskkill', ['/pid', String(pgid), '/T', ...(signal === 'SIGKILL' ? ['/F'] : [])], { windowsHide: true });
    return;
  }
  try {
    process.kill(-pgid, signal);
  } catch {
    /* already gone */
  }
}
