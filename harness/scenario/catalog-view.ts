// The catalog as the commands see it: validated lab files, looked up by lab and role.
// Built from validated data only (by the loader, or from the build's precompiled copy).
import type { LabSpec, RoleSpec, ScenarioSpec } from './schema.js';

export interface ScenarioEntry {
  id: string;
  lab: string;
  role: string;
  name: string;
  spec: ScenarioSpec;
}

export interface Catalog {
  labs: Map<string, LabSpec>;
  /** Scenarios of one lab:role, in file order. */
  scenarios(lab: string, role: string): ScenarioEntry[];
  role(lab: string, role: string): RoleSpec | undefined;
}

/** A catalog over labs already validated, in the order given. */
export function catalogOf(validated: LabSpec[]): Catalog {
  const labs = new Map(validated.map((lab) => [lab.lab, lab]));
  return {
    labs,
    role: (lab, role) => labs.get(lab)?.roles[role as keyof LabSpec['roles']],
    scenarios(lab, role) {
      const r = labs.get(lab)?.roles[role as keyof LabSpec['roles']];
      if (!r) return [];
      return Object.entries(r.scenarios).map(([name, spec]) => ({ id: `${lab}:${role}/${name}`, lab, role, name, spec }));
    },
  };
}
