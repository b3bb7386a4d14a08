// Runs the real harness on every fixture submission and asserts each scenario's verdict.
// This is the product's main promise: correct programs pass, broken ones fail for the right reason.
import { describe, expect, test } from 'vitest';
import { labcheck, verdicts } from './support/cli.js';
import { loadFixtures } from '../scripts/fixtures.js';
import { expectedVerdicts, skippedBecause } from './support/lab-needs-verdicts.js';
import { loadCatalog } from '../harness/scenario/catalog.js';
import { DEFAULT_PYTHON, pythonWithModules } from '../harness/run/python-with-modules.js';

// LABCHECK_TEST_LABS=file-tcp,file-udp runs only those labs' fixtures (the whole set takes minutes).
const labs = process.env.LABCHECK_TEST_LABS?.split(',');
const fixtures = loadFixtures().filter((f) => !labs || labs.includes(f.lab));
// A broken program may make several scenarios wait out their 5 s deadline (LABS.md: speed is not
// judged below it), and the file labs run a program three times per scenario with up to 5 MiB each.
const FIXTURE_TIMEOUT_MS = 180_000;

// netns is the default here; remap is what a student's laptop falls back to (any OS), so every
// verdict must be the same under both. Every fixture runs under netns; under remap, by default, the
// course's own programs (`seed-*`, or a lab:role's first fixture where it has no seed): they are
// what hard-codes ports and hosts the way remap must handle, and running all 187 twice would take
// the suite past its time budget. LABCHECK_TEST_REMAP=all runs every fixture under remap too.
const modes = (process.env.LABCHECK_TEST_ISOLATION ?? 'netns,remap').split(',');
const remapAll = process.env.LABCHECK_TEST_REMAP === 'all' || Boolean(labs);

/** The fixtures a mode runs: all of them, or under remap the seed programs of each lab:role. */
function fixturesFor(isolation: string): typeof fixtures {
  if (isolation !== 'remap' || remapAll) return fixtures;
  const byRole = new Map<string, typeof fixtures>();
  for (const f of fixtures) byRole.set(`${f.lab}:${f.role}`, [...(byRole.get(`${f.lab}:${f.role}`) ?? []), f]);
  return [...byRole.values()].flatMap((ofRole) => {
    const seeds = ofRole.filter((f) => f.name.startsWith('seed-'));
    return seeds.length ? seeds : [[...ofRole].sort((a, b) => a.name.localeCompare(b.name))[0]!];
  });
}

// A lab that needs Python modules (python: { modules: [numpy] }) has its scenarios skipped where no
// interpreter has them; its fixtures are then skipped here too, with the reason (CI has numpy).
const catalog = loadCatalog();
async function missingModules(lab: string): Promise<string | undefined> {
  const modules = catalog.labs.get(lab)?.python?.modules ?? [];
  return (await pythonWithModules(DEFAULT_PYTHON, modules, process.cwd())).problem;
}

describe.concurrent.each(modes)('fixtures get their expected verdicts (%s)', (isolation) => {
  test('there are fixtures', () => {
    expect(fixtures.length).toBeGreaterThan(labs ? 0 : 40);
  });
  for (const f of fixturesFor(isolation)) {
    test(`${f.lab}:${f.role} ${f.name}`, async (context) => {
      const missing = await missingModules(f.lab);
      if (missing) return context.skip(`no interpreter with the lab's Python modules: ${missing}`);
      const run = await labcheck(['test', `${f.lab}:${f.role}`, f.entry, '--seed', '4242', '--isolation', isolation, ...(f.args.length ? ['--', ...f.args] : [])]);
      const got = verdicts(run.report);
      const expected = expectedVerdicts(f, isolation);
      const failures = run.report?.scenarios.filter((s) => got[s.id.split('/')[1]!] !== expected[s.id.split('/')[1]!]).map((s) => `${s.id}: ${got[s.id.split('/')[1]!]}: ${s.message}`);
      expect(got, `${f.about}\n${failures?.join('\n')}\n${run.stdout}\n${run.stderr}`).toEqual(expected);
      // A lab this mode cannot run is skipped with the reason, never judged.
      const skipReason = skippedBecause(f.lab, isolation);
      if (skipReason) for (const s of run.report?.scenarios ?? []) expect(s.message).toContain(skipReason);
      const allPassed = Object.values(expected).every((v) => v === 'passed' || v === 'skipped');
      expect(run.exitCode).toBe(allPassed ? 0 : 1);
    }, FIXTURE_TIMEOUT_MS);
  }
});
