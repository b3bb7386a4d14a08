// The verdicts a fixture gets in an isolation mode: those of its expected.json, except where the
// mode cannot give its lab what the lab declares it needs (a network of its own for broadcast and
// multicast, harness/run/run-role.ts labNeedsMissing): there every scenario is skipped, with the reason.
import { labNeedsMissing } from '../../harness/run/run-role.js';
import { loadCatalog } from '../../harness/scenario/catalog.js';

const catalog = loadCatalog();

/** The reason its scenarios are skipped in this mode, or undefined when they run. */
export function skippedBecause(lab: string, isolation: string): string | undefined {
  const spec = catalog.labs.get(lab);
  return spec && (isolation === 'netns' || isolation === 'remap') ? labNeedsMissing(spec, isolation) : undefined;
}

export function expectedVerdicts(f: { lab: string; verdicts: Record<string, string> }, isolation: string): Record<string, string> {
  if (!skippedBecause(f.lab, isolation)) return f.verdicts;
  return Object.fromEntries(Object.keys(f.verdicts).map((scenario) => [scenario, 'skipped']));
}
