// Without an assignment file, `labcheck check` finds the student's programs by the file names the
// course uses: each role's `seeds:` in scenarios/*.yaml (TCP_echoserver.py is echo:server). A file
// named like a seed is checked as that lab:role (a name several roles list, such as
// MyTCPServer.py, is checked as each of them); a notebook of the same stem (TCP_echoserver.ipynb)
// counts too. The same name twice in the folder is a problem to report, not a guess.
import path from 'node:path';
import type { Catalog } from '../scenario/catalog-view.js';
import type { AssignmentLab } from '../grade/assignment.js';
import { resolveEntry } from '../grade/find-entry.js';

export interface FoundProgram {
  /** The lab:role, and the assignment entry that grades exactly the file found. */
  lab: AssignmentLab;
  /** The file, relative to the student's folder ("/" separators). */
  file: string;
}

export interface Discovery {
  found: FoundProgram[];
  /** Seed names matched by several files: "TCP_echoserver.py: hw1/TCP_echoserver.py, hw2/...". */
  problems: string[];
}

/** Every lab:role with its seed file names, for the help text when nothing is found. */
export function seedNames(catalog: Catalog): { id: string; seeds: string[] }[] {
  const out: { id: string; seeds: string[] }[] = [];
  for (const [lab, spec] of catalog.labs) {
    for (const [role, r] of Object.entries(spec.roles)) if (r?.seeds.length) out.push({ id: `${lab}:${role}`, seeds: r.seeds });
  }
  return out;
}

export function findPrograms(catalog: Catalog, files: readonly string[]): Discovery {
  const found: FoundProgram[] = [];
  const problems = new Set<string>();
  for (const { id, seeds } of seedNames(catalog)) {
    const taken = new Set<string>();
    for (const seed of seeds) {
      const notebook = `${path.posix.basename(seed, path.extname(seed))}.ipynb`;
      const r = resolveEntry(files, [seed, notebook]);
      if ('problem' in r) {
        const matches = files.filter((f) => [seed, notebook].some((n) => path.posix.basename(f).toLowerCase() === n.toLowerCase()));
        if (matches.length > 1) problems.add(`${id}: ${matches.join(', ')}`);
        continue;
      }
      if (taken.has(r.entry)) continue;
      taken.add(r.entry);
      found.push({ file: r.entry, lab: { id, entry: [r.entry], args: [], hidden: [], weights: { strict: 1 } } });
    }
  }
  return { found, problems: [...problems] };
}
