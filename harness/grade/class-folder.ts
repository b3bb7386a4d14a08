// A class folder as an LMS download gives it: one subfolder per student (its name is the
// student's), and maybe zip files, each unpacked first into a subfolder named after it
// (alice.zip -> alice/). Hidden folders and the archive tools' litter are not students.
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { unzip } from './zip-reader.js';

const NOT_STUDENTS = /^(\.|__MACOSX$|__pycache__$)/;

export interface ClassFolder {
  /** Student names (folder names), sorted. */
  students: string[];
  /** What happened to each zip file, one line each (printed). */
  zipNotes: string[];
}

/**
 * Unpacks every `<name>.zip` of the class folder into `<name>/` unless that folder exists (a
 * zip unpacked by an earlier run, or a student who handed in both: the folder wins, and this is
 * said), then lists the students. A zip that cannot be unpacked is reported, not fatal: its
 * student is graded on an empty folder, which gives `error` verdicts naming no entry.
 */
export async function openClassFolder(dir: string): Promise<ClassFolder> {
  const zipNotes: string[] = [];
  for (const name of (await readdir(dir)).sort()) {
    if (!/\.zip$/i.test(name) || NOT_STUDENTS.test(name)) continue;
    const target = path.join(dir, name.replace(/\.zip$/i, ''));
    if (existsSync(target)) {
      zipNotes.push(`${name}: ${path.basename(target)}/ already exists; the folder is graded, the zip left as is`);
      continue;
    }
    try {
      const files = await unzip(path.join(dir, name), target);
      zipNotes.push(`${name}: unpacked into ${path.basename(target)}/ (${files.length} files)`);
    } catch (e) {
      zipNotes.push(`${name}: cannot be unpacked: ${(e as Error).message}`);
    }
  }
  const students: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (NOT_STUDENTS.test(entry.name)) continue;
    if (entry.isDirectory() || (entry.isSymbolicLink() && (await stat(path.join(dir, entry.name)).catch(() => undefined))?.isDirectory())) students.push(entry.name);
  }
  return { students: students.sort(compareNames), zipNotes };
}

/** One order for names everywhere (reports, shards): by code points, not the locale's collation,
 *  so every machine sorts a class the same way. */
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
