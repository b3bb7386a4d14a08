// `labcheck list [--json]`: the labs, roles and scenarios on offer.
import { parseArgs } from 'node:util';
import type { Catalog } from '../scenario/catalog.js';

export function listData(catalog: Catalog) {
  return {
    labs: [...catalog.labs.values()].map((lab) => ({
      lab: lab.lab,
      title: lab.title,
      ports: lab.ports,
      roles: Object.entries(lab.roles).map(([role, spec]) => ({
        role,
        seeds: spec.seeds,
        scenarios: catalog.scenarios(lab.lab, role).map((s) => ({
          id: s.id,
          description: s.spec.description,
          requirement: s.spec.requirement,
          strict: s.spec.strict,
          checks: s.spec.checks.map((c) => Object.keys(c)[0]),
        })),
      })),
    })),
  };
}

export function listCommand(argv: string[], catalog: Catalog, out: (s: string) => void): number {
  const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean' } }, strict: true });
  const data = listData(catalog);
  if (values.json) {
    out(JSON.stringify(data, null, 2));
    return 0;
  }
  for (const lab of data.labs) {
    out(`${lab.lab}  ${lab.title}  (ports ${Object.entries(lab.ports).map(([k, v]) => `${k} ${v}`).join(', ')})`);
    for (const role of lab.roles) {
      for (const s of role.scenarios) out(`  ${s.id.padEnd(44)} ${s.strict ? '(strict) ' : ''}${s.description}`);
    }
  }
  return 0;
}
