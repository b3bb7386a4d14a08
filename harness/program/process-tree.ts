// Killing what a program started. Programs run in their own process group; a program that
// escapes it (setsid, double fork) is caught by the namespace reaper under netns isolation.
export function killProcessGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    /* already gone */
  }
}
