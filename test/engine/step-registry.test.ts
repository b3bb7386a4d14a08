// The scenario schema and the engine's step table name the same step kinds: a kind a scenario may
// write always has a function, and a registered function is always reachable from a scenario.
import { describe, expect, test } from 'vitest';
import { Step } from '../../harness/scenario/schema.js';
import { STEPS } from '../../harness/engine/steps/registry.js';

/** The step names the schema accepts: the single key of each object in the Step union. */
function schemaKinds(): string[] {
  return (Step.options as { shape: Record<string, unknown> }[]).map((o) => Object.keys(o.shape)[0]!).sort();
}

describe('step registry', () => {
  test('every step kind of the schema has a function, and every function a schema', () => {
    expect(Object.keys(STEPS).sort()).toEqual(schemaKinds());
  });

  test('a step the schema does not know is rejected when the scenario file loads', () => {
    expect(Step.safeParse({ teleport: { to: 'moon' } }).success).toBe(false);
  });
});
