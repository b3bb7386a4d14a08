// Finding each student's program, unpacking zips safely, and notebooks as programs.
import { mkdtemp, mkdir, readFile, writeFile, readdir } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { resolveEntry, filesUnder } from '../../harness/grade/find-entry.js';
import { unzip, ZipError } from '../../harness/grade/zip-reader.js';
import { openClassFolder } from '../../harness/grade/class-folder.js';
import { notebookToPython, notebookProgramName } from '../../harness/program/notebook.js';

const tmp = () => mkdtemp(path.join(os.tmpdir(), 'labcheck-grade-'));

/** A zip with the given entries (deflated), written by hand so hostile names can be made. */
function makeZip(entries: { name: string; data: Buffer; store?: boolean }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const body = e.store ? e.data : deflateRawSync(e.data);
    const name = Buffer.from(e.name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(e.store ? 0 : 8, 8);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(e.store ? 0 : 8, 10);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, body);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

describe('entry patterns', () => {
  const files = ['README.md', 'hw3/TCP_echoserver.py', 'hw3/client.py', 'old/my_server.py', 'server2.py'];
  test('the first pattern that matches one file wins; names match anywhere, ignoring case', () => {
    expect(resolveEntry(files, ['tcp_ECHOserver.py', '*server*.py'])).toEqual({ entry: 'hw3/TCP_echoserver.py' });
    expect(resolveEntry(files, ['nothing.py', 'client.py'])).toEqual({ entry: 'hw3/client.py' });
    expect(resolveEntry(files, ['hw3/*.py'])).toMatchObject({ problem: expect.stringMatching(/hw3\/TCP_echoserver\.py, hw3\/client\.py/) });
  });
  test('several matches of the deciding pattern are an error naming them, not a guess', () => {
    const r = resolveEntry(files, ['*server?.py', 'TCP_echoserver.py']);
    expect(r).toEqual({ entry: 'server2.py' });
    const several = resolveEntry(files, ['*_server.py', '*server*.py']);
    expect(several).toEqual({ entry: 'old/my_server.py' });
    expect(resolveEntry(files, ['*server*.py'])).toEqual({ problem: expect.stringContaining('matches 3 files (hw3/TCP_echoserver.py, old/my_server.py, server2.py)') });
    expect(resolveEntry(files, ['x.py'])).toEqual({ problem: 'no file matches the entry patterns x.py' });
  });
});

describe('zip files', () => {
  test("unpacks what Python's zipfile writes: stored and deflated entries, folders, UTF-8 names", async () => {
    const dir = await tmp();
    const zip = path.join(dir, 'a.zip');
    execFileSync('python3', ['-c', `import zipfile, sys
with zipfile.ZipFile(sys.argv[1], 'w') as z:
    z.writestr('hw/', '')
    z.writestr('hw/서버.py', 'print(1)\\n', compress_type=zipfile.ZIP_DEFLATED)
    z.writestr('b.txt', 'plain', compress_type=zipfile.ZIP_STORED)
`, zip]);
    expect((await unzip(zip, path.join(dir, 'out'))).sort()).toEqual(['b.txt', path.join('hw', '서버.py')]);
    expect(await readFile(path.join(dir, 'out', 'hw', '서버.py'), 'utf8')).toBe('print(1)\n');
    expect(await readFile(path.join(dir, 'out', 'b.txt'), 'utf8')).toBe('plain');
  });

  test.each(['../escape.py', '/etc/passwd-x', 'a/../../escape.py', 'C:\\x.py', '..\\x.py'])('refuses the zip-slip path %s and writes nothing', async (name) => {
    const dir = await tmp();
    const zip = path.join(dir, 'a.zip');
    await writeFile(zip, makeZip([{ name: 'ok.py', data: Buffer.from('x') }, { name, data: Buffer.from('x') }]));
    await expect(unzip(zip, path.join(dir, 'out'))).rejects.toThrow(/outside the folder/);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
    expect(existsSync(path.join(dir, 'escape.py'))).toBe(false);
  });

  test('refuses a zip that unpacks beyond the size cap (a bomb), before writing', async () => {
    const dir = await tmp();
    const zip = path.join(dir, 'bomb.zip');
    await writeFile(zip, makeZip([{ name: 'a', data: Buffer.alloc(600_000) }, { name: 'b', data: Buffer.alloc(600_000) }]));
    expect((await readFile(zip)).length).toBeLessThan(10_000);
    await expect(unzip(zip, path.join(dir, 'out'), 1_000_000)).rejects.toThrow(ZipError);
    expect(existsSync(path.join(dir, 'out'))).toBe(false);
  });

  test('a class folder: zips become folders named after them, not-students are skipped, a broken zip is said', async () => {
    const dir = await tmp();
    await mkdir(path.join(dir, 'bob'));
    await mkdir(path.join(dir, '__MACOSX'));
    await mkdir(path.join(dir, '.git'));
    await writeFile(path.join(dir, '김민수.zip'), makeZip([{ name: 'TCP_echoserver.py', data: Buffer.from('print(1)\n') }]));
    await writeFile(path.join(dir, 'carol.zip'), 'not a zip');
    const folder = await openClassFolder(dir);
    expect(folder.students).toEqual(['bob', '김민수']);
    expect(await readdir(path.join(dir, '김민수'))).toEqual(['TCP_echoserver.py']);
    expect(folder.zipNotes.join('\n')).toMatch(/carol\.zip: cannot be unpacked: not a zip file/);
    expect((await filesUnder(path.join(dir, '김민수')))).toEqual(['TCP_echoserver.py']);
    // Again: the folder made last time is graded, the zip is not unpacked over it.
    expect((await openClassFolder(dir)).zipNotes.join('\n')).toMatch(/김민수\/ already exists/);
  });
});

describe('notebooks', () => {
  const nb = (cells: unknown[]) => JSON.stringify({ cells, metadata: {}, nbformat: 4, nbformat_minor: 5 });
  test('code cells in order, magics and cell magics left out, markdown ignored', () => {
    const py = notebookToPython(
      nb([
        { cell_type: 'markdown', source: ['# 에코 서버'] },
        { cell_type: 'code', source: ['%matplotlib inline\n', 'import socket\n'] },
        { cell_type: 'code', source: '%%bash\necho hi\n' },
        { cell_type: 'code', source: ['for i in range(2):\n', '    !ls\n', '    print(i)\n'] },
        { cell_type: 'raw', source: 'raw' },
      ]),
    );
    expect(py).toBe('pass  # IPython magic left out\nimport socket\n\nfor i in range(2):\n    pass  # IPython magic left out\n    print(i)\n');
    expect(py).not.toMatch(/bash|echo hi|raw|에코/);
  });
  test('a file that is not a notebook says why', () => {
    expect(() => notebookToPython('{')).toThrow(/not valid JSON/);
    expect(() => notebookToPython('{"cells": 3}')).toThrow(/not a Jupyter notebook/);
  });
  test('the program name does not overwrite a .py of the same name', () => {
    expect(notebookProgramName('server.ipynb', () => false)).toBe('server.py');
    expect(notebookProgramName('server.ipynb', (n) => n === 'server.py')).toBe('server_ipynb.py');
  });
});
