// Checks of the TCP file labs. Verdict by SHA-256; a mismatch shows the size received, the first
// differing offset and the bytes around it.
//   sends-file:  the program sent the typed file's name, then its content, on a connection.
//   saves-file:  the program wrote a byte-identical copy under the received name, anywhere in its
//                folder ('d:/' + name included).
//   ready-first: the program (a receiver) sent a non-empty message before anything was sent to it.
import path from 'node:path';
import { z } from 'zod';
import { compareWithFile } from '../files/compare.js';
import { testFileFact, type TestFile } from '../files/test-file.js';
import type { Evidence, WrittenFile } from '../model/evidence.js';
import { formatBytes } from '../report/console.js';
import { defineCheck, fail, pass } from './check.js';
import { chunks, connection, notConnected, show } from './queries.js';

const fileArg = z.string().describe('the fact of the test file: file.<id>, or <peer>.file.<id>');

export function fileOf(e: Evidence, fact: string): TestFile | undefined {
  return testFileFact(e.facts, fact);
}

export const sendsFile = defineCheck({
  name: 'sends-file',
  summary: 'the file name, then the file byte-identical (SHA-256), on one connection',
  args: z.object({ conn: z.string(), file: fileArg }).strict(),
  requirement: () => 'the typed file name, then the file with the same SHA-256',
  run(e, args) {
    const file = fileOf(e, args.file);
    if (!file) return fail('a test file', `the run stopped before ${args.file} was made`);
    const c = connection(e, args.conn);
    const why = notConnected(e, args.conn);
    if (!c || why) return fail(`${show(file.name)} and ${file.size} bytes`, why ?? 'no connection');
    const reads = chunks(c, 'from-program').map((k) => k.data);
    const all = Buffer.concat(reads);
    const name = Buffer.from(file.name, 'utf8');
    if (!all.subarray(0, name.length).equals(name)) {
      return fail(`the file name ${show(file.name)} first`, all.length ? `it sent ${formatBytes(all.subarray(0, 64))}` : 'it sent nothing');
    }
    const { same, details } = compareWithFile(file, all.subarray(name.length));
    if (!same) return fail(`${file.size} bytes after the name, SHA-256 ${file.sha256.slice(0, 16)}…`, details[0]!, details.slice(1));
    return pass([`${show(file.name)} then ${details[0]}`]);
  },
});

/** Every file any program of the run wrote (they share one folder). */
function writtenFiles(e: Evidence): WrittenFile[] {
  const byPath = new Map<string, WrittenFile>();
  for (const p of Object.values(e.programs)) for (const f of p.files ?? []) byPath.set(f.path, f);
  return [...byPath.values()];
}

/** Saved under the received name: the base name is the name, or ends with it ('new_' + name). */
const underName = (f: WrittenFile, name: string) => path.posix.basename(f.path).endsWith(name);

export const savesFile = defineCheck({
  name: 'saves-file',
  summary: "a byte-identical copy (SHA-256) under the received name, anywhere in the program's folder",
  args: z.object({ file: fileArg }).strict(),
  requirement: () => 'the received file is saved byte-identical (same SHA-256) under its name',
  run(e, args) {
    const file = fileOf(e, args.file);
    if (!file) return fail('a test file', `the run stopped before ${args.file} was sent`);
    const files = writtenFiles(e);
    const expected = `${show(file.name)}: ${file.size} bytes, SHA-256 ${file.sha256.slice(0, 16)}…`;
    const same = files.filter((f) => f.sha256 === file.sha256 && f.size === file.size);
    const good = same.find((f) => underName(f, file.name));
    if (good) return pass([`${good.path}: ${file.size} bytes, same SHA-256`]);
    if (same.length) return fail(expected, `the bytes are right but saved as ${show(same[0]!.path)}, not under the received name`);
    const named = files.filter((f) => underName(f, file.name));
    const listed = files.length ? `it wrote ${files.slice(0, 5).map((f) => `${show(f.path, 60)} (${f.size} B)`).join(', ')}${files.length > 5 ? ', …' : ''}` : 'it wrote no file';
    if (!named.length) return fail(expected, `no file named ${show(file.name)}: ${listed}`);
    const f = named[0]!;
    if (!f.data) return fail(expected, `${show(f.path)} has ${f.size} bytes and another SHA-256 (${f.sha256.slice(0, 16)}…)`);
    const { details } = compareWithFile(file, f.data);
    return fail(expected, `${show(f.path)}: ${details[0]}`, details.slice(1));
  },
});

export const readyFirst = defineCheck({
  name: 'ready-first',
  summary: 'a non-empty message from the program before anything is sent to it',
  args: z.object({ conn: z.string() }).strict(),
  requirement: () => 'the receiver sends a ready message first',
  run(e, args) {
    const c = connection(e, args.conn);
    if (!c) return fail('a connection from the program', 'the program never connected');
    const firstFromProgram = c.chunks.find((k) => k.dir === 'from-program' && k.data.length > 0);
    const firstToProgram = c.chunks.find((k) => k.dir === 'to-program');
    if (!firstFromProgram) return fail('a ready message (e.g. "I am ready")', 'the program sent nothing');
    if (firstToProgram && firstToProgram.t < firstFromProgram.t) {
      return fail('a ready message before the file name is sent', `nothing came within the ${'2 s'} the sender waits; the program's first bytes came after the name: ${formatBytes(firstFromProgram.data)}`);
    }
    return pass([`ready message ${formatBytes(firstFromProgram.data)}`]);
  },
});
