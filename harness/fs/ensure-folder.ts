// mkdir -p that always ends. Node's own `mkdir(dir, {recursive: true})` never returns for some
// folders that cannot be made (under /proc it retries forever, Node 20), so the missing folders
// are made one at a time, from the top, each failure reported as it is.
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

export async function ensureFolder(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const info = await stat(d).catch(() => undefined);
    if (info) {
      if (!info.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${d}'`), { code: 'ENOTDIR' });
      break;
    }
    missing.unshift(d);
    if (path.dirname(d) === d) break;
  }
  for (const d of missing) {
    await mkdir(d).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'EEXIST') throw e; // made meanwhile by someone else: fine
    });
  }
}
