// Small throw-away submissions written by tests, and a look for processes they left behind.
import { existsSync, readdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { tempDir } from './temp-dirs.js';

/** Write `text` as file `name` in a fresh folder of its own (a one-file submission); returns its path. */
export async function submission(name: string, text: string): Promise<string> {
  const dir = await tempDir('labcheck-sub-');
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

/** Pids of running processes whose command line contains `marker`. */
export async function processesWith(marker: string): Promise<string[]> {
  const r = await execa('pgrep', ['-f', marker], { reject: false });
  return String(r.stdout).split('\n').filter(Boolean);
}


/**
 * Resolves true once a program run by labcheck process `labcheckPid` has created `name` in its own
 * folder (the sandbox lets it write nowhere else), false after the timeout. Its folder lives in
 * that run's work folder: <tmp>/labcheck-run-<pid>-*\/scratch-*\/.
 */
export async function programFileAppears(labcheckPid: number, name: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  const prefix = `labcheck-run-${labcheckPid}-`;
  for (;;) {
    for (const run of readdirSync(os.tmpdir()).filter((n) => n.startsWith(prefix))) {
      try {
        for (const scratch of readdirSync(path.join(os.tmpdir(), run)).filter((n) => n.startsWith('scratch-'))) {
          if (existsSync(path.join(os.tmpdir(), run, scratch, name))) return true;
        }
      } catch {
        /* the run's folder went away while we looked */
      }
    }
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}
