// Every labcheck process a test starts, so none outlives its test: a run that overruns its limit,
// and whatever is still running when a test file ends (a test that timed out), is stopped.
import { execa, type ResultPromise } from 'execa';
import { cli } from './paths.js';

type Run = ResultPromise<{ reject: false; detached: true }>;
const live = new Set<Run>();
// At exit nothing can be awaited: kill each labcheck; its workers still clean up after it.
process.once('exit', () => {
  for (const run of live) if (run.pid !== undefined) signal(run.pid, 'SIGKILL');
});

/** Start `node bin/labcheck.js ...args` in its own process group, tracked until it ends. */
export function startLabcheck(args: string[], env: Record<string, string> = {}, cwd?: string): Run {
  const run = execa('node', [cli, ...args], { reject: false, detached: true, env: { NO_COLOR: '1', ...env }, ...(cwd ? { cwd } : {}) });
  live.add(run);
  void run.finally(() => live.delete(run));
  return run;
}

/** How long a stopped labcheck's workers get to empty their namespaces before they are killed. */
const REAP_GRACE_MS = 3000;

/**
 * Kill a labcheck run and everything it started. Killing labcheck itself first lets its scenario
 * workers notice the lost parent and kill the student's processes (in their namespace, or by the
 * run's token) before they exit; whatever is left in its process group after that is killed.
 */
export async function stopLabcheck(run: Run): Promise<void> {
  const pid = run.pid;
  if (pid === undefined) return;
  signal(pid, 'SIGKILL');
  const deadline = Date.now() + REAP_GRACE_MS;
  while (groupAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  signal(-pid, 'SIGKILL');
  await run;
}

export async function stopAllLabcheckRuns(): Promise<void> {
  await Promise.all([...live].map(stopLabcheck));
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    /* already gone */
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}
