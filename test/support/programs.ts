// Small throw-away submissions written by tests, and a look for processes they left behind.
import { existsSync, watch } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';

/** Write `text` as file `name` in a fresh folder of its own (a one-file submission); returns its path. */
export async function submission(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'labcheck-sub-'));
  const file = path.join(dir, name);
  await writeFile(file, text);
  return file;
}

/** Pids of running processes whose command line contains `marker`. */
export async function processesWith(marker: string): Promise<string[]> {
  const r = await execa('pgrep', ['-f', marker], { reject: false });
  return String(r.stdout).split('\n').filter(Boolean);
}

/** Resolves true as soon as `file` exists (watching its folder), false after the timeout. */
export function fileAppears(file: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const watcher = watch(path.dirname(file), () => existsSync(file) && finish(true));
    const timer = setTimeout(() => finish(existsSync(file)), timeoutMs);
    function finish(ok: boolean): void {
      clearTimeout(timer);
      watcher.close();
      resolve(ok);
    }
    if (existsSync(file)) finish(true);
  });
}
