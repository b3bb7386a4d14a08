// Loads every scenarios/<lab>.yaml, validates it, and checks that each check it names exists
// with valid arguments, so a mistake in a scenario file is reported at load time, not mid-run.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { LabSpec } from './schema.js';
import { catalogOf, type Catalog } from './catalog-view.js';
import { labFiles } from './catalog-files.js';
import { CHECKS } from '../checks/registry.js';
import { findReference } from '../../reference/registry.js';
import { scenariosDir } from '../paths.js';

export type { Catalog, ScenarioEntry } from './catalog-view.js';

export function loadCatalog(dir = scenariosDir): Catalog {
  const labs = new Map<string, LabSpec>();
  for (const file of labFiles(dir)) {
    const lab = loadLabFile(path.join(dir, file));
    if (labs.has(lab.lab)) throw new Error(`${file}: lab ${lab.lab} is defined twice`);
    labs.set(lab.lab, lab);
  }
  return catalogOf([...labs.values()]);
}

export function loadLabFile(file: string): LabSpec {
  const where = path.basename(file);
  const parsed = LabSpec.safeParse(parse(readFileSync(file, 'utf8')));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  at ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`${where} is not a valid scenario file:\n${issues}`);
  }
  const lab = parsed.data;
  if (`${lab.lab}.yaml` !== where) throw new Error(`${where}: the file of lab ${lab.lab} must be named ${lab.lab}.yaml`);
  for (const [role, spec] of Object.entries(lab.roles)) {
    for (const [name, scenario] of Object.entries(spec.scenarios)) {
      const at = `${where}: ${lab.lab}:${role}/${name}`;
      for (const ref of scenario.checks) {
        const [checkName, args] = Object.entries(ref)[0]!;
        const check = CHECKS[checkName];
        if (!check) throw new Error(`${at}: unknown check "${checkName}" (known: ${Object.keys(CHECKS).join(', ')})`);
        const ok = check.args.safeParse(args ?? {});
        if (!ok.success) throw new Error(`${at}: check ${checkName}: ${ok.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
      }
      for (const step of scenario.steps) {
        if ('peer' in step) {
          const peer = findReference(step.peer.ref);
          if (!peer) throw new Error(`${at}: no reference peer ${step.peer.ref}`);
          if (!(step.peer.port in lab.ports)) throw new Error(`${at}: the lab has no port named ${step.peer.port}`);
          const ok = peer.options.safeParse(step.peer.options);
          if (!ok.success) throw new Error(`${at}: options of ${step.peer.ref}: ${ok.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`);
        }
      }
    }
  }
  return lab;
}
