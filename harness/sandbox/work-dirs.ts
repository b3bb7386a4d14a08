// Work folders: one per scenario run, made and removed by the parent process (never by the
// worker, which may die). A folder's name carries the parent's pid, so folders left by a labcheck
// that was itself killed are removed by the next run.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PREFIX = 'labcheck-run-';

export function makeWorkDir(): string {
  return mkdtempSync(path.join(os.tmpdir(), `${PREFIX}${process.pid}-`));
}

export function removeWorkDir(dir: string): void {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
  } catch {
    /* already gone */
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove the work folders of labcheck processes that are gone. */
export function sweepStaleWorkDirs(): number {
  let removed = 0;
  let entries: string[] = [];
  try {
    entries = readdirSync(os.tmpdir());
  } catch {
    return 0;
  }
  for (const name of entries) {
    const m = new RegExp(`^${PREFIX}(\\d+)-`).exec(name);
    if (!m || Number(m[1]) === process.pid || alive(Number(m[1]))) continue;
    removeWorkDir(path.join(os.tmpdir(), name));
    removed++;
  }
  return removed;
}
