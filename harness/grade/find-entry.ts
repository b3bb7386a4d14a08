// Which file of a student's folder is their program for a lab:role: the assignment's patterns
// are tried in order, and the first pattern that matches any file decides. It must match exactly
// one: several matches are an error naming them (guessing could grade the wrong program).
// A pattern without "/" matches a file name anywhere in the folder (submissions often nest:
// alice/hw3/server.py); with "/" it matches the path from the student's folder. `*` and `?` do
// not cross "/"; matching ignores case (Server.py is server.py to a student on macOS or Windows).
import { readdir } from 'node:fs/promises';
import path from 'node:path';

const SKIPPED_FOLDERS = /^(\.|__MACOSX$|__pycache__$|node_modules$)/;

export type EntryResolution = { entry: string } | { problem: string };

function globRegex(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`, 'i');
}

/** Every file under `folder`, as paths relative to it with "/" separators, sorted. */
export async function filesUnder(folder: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string) => {
    const entries = await readdir(path.join(folder, rel), { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!SKIPPED_FOLDERS.test(e.name)) await walk(child);
      } else if (e.isFile()) out.push(child);
    }
  };
  await walk('');
  return out.sort();
}

export function resolveEntry(files: readonly string[], patterns: readonly string[]): EntryResolution {
  for (const pattern of patterns) {
    const re = globRegex(pattern);
    const matches = files.filter((f) => re.test(pattern.includes('/') ? f : path.posix.basename(f)));
    if (matches.length === 1) return { entry: matches[0]! };
    if (matches.length > 1) return { problem: `the entry pattern ${pattern} matches ${matches.length} files (${matches.join(', ')}): keep one, or make the assignment's pattern name it` };
  }
  return { problem: `no file matches the entry patterns ${patterns.join(', ')}` };
}
