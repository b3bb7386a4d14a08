// The example submissions under fixtures/<lab>/<role>/<name>/ with their expected verdicts
// (read by the tests, the benchmark and `npm run examples`).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { packageRoot } from '../harness/paths.js';
import { ExpectedVerdict } from './verdict.js';

const Expected = z.object({
  entry: z.string(),
  about: z.string(),
  args: z.array(z.string()).optional(),
  /** scenario -> passed | skipped | failed:<check>[,<check>] | error:<kind> (see verdict.ts) */
  verdicts: z.record(z.string(), ExpectedVerdict),
});

export interface Fixture {
  lab: string;
  role: string;
  name: string;
  dir: string;
  entry: string;
  about: string;
  args: string[];
  verdicts: Record<string, string>;
}

/** fixtures/hostile/<name>/: programs that attack the harness (see its README). */
const HOSTILE = 'hostile';

export function loadFixtures(): Fixture[] {
  const base = path.join(packageRoot, 'fixtures');
  const out: Fixture[] = [];
  for (const lab of readdirSync(base).sort()) {
    if (!existsSync(path.join(base, lab)) || lab.includes('.')) continue;
    if (lab === HOSTILE) continue; // hostile submissions are not lab examples: test/hostile.test.ts runs them
    for (const role of readdirSync(path.join(base, lab)).sort()) {
      for (const name of readdirSync(path.join(base, lab, role)).sort()) {
        const dir = path.join(base, lab, role, name);
        const file = path.join(dir, 'expected.json');
        if (!existsSync(file)) continue;
        const e = Expected.parse(JSON.parse(readFileSync(file, 'utf8')));
        out.push({ lab, role, name, dir, entry: path.join(dir, e.entry), about: e.about, args: e.args ?? [], verdicts: e.verdicts });
      }
    }
  }
  return out;
}
