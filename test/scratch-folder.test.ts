// The scratch copy: a fresh folder per run, with `d:` so `open('d:/' + name, 'wb')` works, and
// the files a program wrote listed with their SHA-256.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, writeFile, mkdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { ScratchFolder } from '../harness/sandbox/scratch-folder.js';

describe('ScratchFolder', () => {
  test('copies the submission, adds d:, reports written files, cleans up', async () => {
    const source = await mkdtemp(path.join(os.tmpdir(), 'labcheck-src-'));
    await writeFile(path.join(source, 'server.py'), 'print(1)\n');
    await mkdir(path.join(source, '__pycache__'));
    const scratch = await ScratchFolder.create(source);
    expect(await readFile(path.join(scratch.dir, 'server.py'), 'utf8')).toBe('print(1)\n');
    expect(existsSync(path.join(scratch.dir, 'd:'))).toBe(true);
    expect(existsSync(path.join(scratch.dir, '__pycache__'))).toBe(false);
    await writeFile(path.join(scratch.dir, 'd:', 'received.bin'), Buffer.from([1, 2, 3]));
    const files = await scratch.writtenFiles();
    // Its bytes are kept too (a mismatch can then be shown), up to a size limit.
    expect(files).toEqual([{ path: 'd:/received.bin', size: 3, sha256: createHash('sha256').update(Buffer.from([1, 2, 3])).digest('hex'), data: Buffer.from([1, 2, 3]) }]);
    await scratch.dispose();
    expect(existsSync(scratch.dir)).toBe(false);
    expect(existsSync(path.join(source, 'd:'))).toBe(false); // the submission itself is untouched
  });
});
