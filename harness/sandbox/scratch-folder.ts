// Each program runs in a fresh scratch copy of its submission folder, with a `d:` folder so the
// course's Windows habit `open('d:/' + name, 'wb')` works. Afterwards the files it wrote are
// listed with their SHA-256 (evidence for the file-transfer labs).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lchown, cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import tmp from 'tmp-promise';
import type { WrittenFile } from '../model/evidence.js';

/** Written files up to this size keep their bytes in the evidence. */
const KEEP_BYTES = 64 * 1024 * 1024;

interface Snapshot {
  [relPath: string]: { size: number; mtimeMs: number };
}

export class ScratchFolder {
  private constructor(
    readonly dir: string,
    private readonly cleanup: () => Promise<void>,
    private readonly before: Snapshot,
    private readonly owner?: number,
  ) {}

  /**
   * Copy `sourceDir` (the folder of the entry file) into a new folder: inside `parent` when given
   * (the run's work folder, which the parent process removes whatever happens), else a temporary
   * one. `owner`: the uid the sandboxed program runs as, so that it can write there.
   */
  static async create(sourceDir: string, options: { parent?: string; owner?: number } = {}): Promise<ScratchFolder> {
    const t = options.parent
      ? await mkdtemp(path.join(options.parent, 'scratch-')).then((dir) => ({ path: dir, cleanup: () => rm(dir, { recursive: true, force: true }) }))
      : await tmp.dir({ prefix: 'labcheck-', unsafeCleanup: true });
    await cp(sourceDir, t.path, { recursive: true, filter: (src) => !/(^|[\\/])(__pycache__|\.git)$/.test(src) });
    await mkdir(path.join(t.path, 'd:'), { recursive: true });
    if (options.owner !== undefined) await chownTree(t.path, options.owner);
    const before = await snapshot(t.path);
    return new ScratchFolder(t.path, t.cleanup, before, options.owner);
  }

  /** Put a file the harness provides (e.g. one the program is to send) into the folder; it is not
   *  counted among the files the program wrote. */
  async place(relPath: string, data: Uint8Array): Promise<void> {
    const full = path.join(this.dir, relPath);
    await writeFile(full, data);
    if (this.owner !== undefined) await lchown(full, this.owner, this.owner);
    const s = await stat(full);
    this.before[relPath.split(path.sep).join('/')] = { size: s.size, mtimeMs: s.mtimeMs };
  }

  /** Files created or changed since the copy was made; files up to KEEP_BYTES keep their bytes
   *  (a file lab's report shows where a received file differs). */
  async writtenFiles(): Promise<WrittenFile[]> {
    const after = await snapshot(this.dir);
    const files: WrittenFile[] = [];
    for (const [rel, info] of Object.entries(after)) {
      const old = this.before[rel];
      if (old && old.size === info.size && old.mtimeMs === info.mtimeMs) continue;
      const full = path.join(this.dir, rel);
      const data = info.size <= KEEP_BYTES ? await readFile(full).catch(() => undefined) : undefined;
      if (data) files.push({ path: rel, size: data.length, sha256: createHash('sha256').update(data).digest('hex'), data });
      else files.push({ path: rel, size: info.size, sha256: await sha256File(full) });
    }
    return files.sort((a, b) => a.path.localeCompare(b.path));
  }

  async dispose(): Promise<void> {
    await this.cleanup().catch(() => {});
  }
}

async function chownTree(root: string, uid: number): Promise<void> {
  await lchown(root, uid, uid);
  for (const e of await readdir(root, { withFileTypes: true, recursive: true })) {
    // lchown: a link in a submission must never hand a host file to the program.
    await lchown(path.join(e.parentPath, e.name), uid, uid).catch(() => {});
  }
}

async function snapshot(root: string): Promise<Snapshot> {
  const result: Snapshot = {};
  async function walk(dir: string): Promise<void> {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== '__pycache__') await walk(full);
      } else if (e.isFile()) {
        const s = await stat(full).catch(() => undefined);
        if (s) result[path.relative(root, full).split(path.sep).join('/')] = { size: s.size, mtimeMs: s.mtimeMs };
      }
    }
  }
  await walk(root);
  return result;
}

function sha256File(file: string): Promise<string> {
  return new Promise((resolve) => {
    const hash = createHash('sha256');
    createReadStream(file)
      .on('data', (d) => hash.update(d))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', () => resolve(''));
  });
}
