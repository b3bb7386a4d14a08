import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { ensureFolder } from '../../harness/fs/ensure-folder.js';

test('makes the missing folders, and is fine when they exist', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'labcheck-ensure-'));
  const deep = path.join(dir, 'a', 'b', 'c');
  await ensureFolder(deep);
  await ensureFolder(deep);
  expect((await stat(deep)).isDirectory()).toBe(true);
  await writeFile(path.join(dir, 'file'), '');
  await expect(ensureFolder(path.join(dir, 'file', 'x'))).rejects.toThrow(/ENOTDIR/);
  await rm(dir, { recursive: true });
});

test.skipIf(process.platform !== 'linux')('fails at once where a folder cannot be made (under /proc, where mkdir -p never returns)', async () => {
  await expect(ensureFolder('/proc/labcheck-test/evidence')).rejects.toThrow(/ENOENT.*\/proc\/labcheck-test/);
});
