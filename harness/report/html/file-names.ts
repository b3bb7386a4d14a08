// Student names become file names of the HTML report. A name is whatever the class folder held:
// Korean, spaces, quotes, dots ("../x" in a hand-made class.json). Each page's file name is the
// name's ASCII letters and digits (at most 40) plus a hash of the whole name, so it is safe on
// every file system and in a file:// URL, never leaves the folder, and two names never share one.
import { createHash } from 'node:crypto';

function slug(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '') // accents off: Émile -> Emile
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

function hash(name: string): string {
  return createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 10);
}

/** One safe, distinct file name (`<slug>-<hash>.html`) per student name. */
export function studentFileNames(names: readonly string[]): Map<string, string> {
  const files = new Map<string, string>();
  const taken = new Set<string>();
  for (const name of names) {
    const base = `${slug(name) || 'student'}-${hash(name)}`;
    // A counter in the (unlikely) event of two hashes alike, so names never share a page.
    let file = `${base}.html`;
    for (let n = 2; taken.has(file); n++) file = `${base}-${n}.html`;
    taken.add(file);
    files.set(name, file);
  }
  return files;
}
