// What a check is: a named, pure function of the evidence with validated arguments.
import type { ZodType } from 'zod';
import type { Evidence } from '../model/evidence.js';

export interface CheckVerdict {
  passed: boolean;
  expected?: string;
  actual?: string;
  details?: string[];
  /** The evidence cannot decide (e.g. socket calls were not recorded): not a pass, not a failure. */
  cannotJudge?: boolean;
}

export interface CheckDefinition<Args = any> {
  name: string;
  /** One line: what the check verifies (shown in `labcheck list --verbose`). */
  summary: string;
  args: ZodType<Args>;
  /** The requirement as a student reads it, for these arguments. */
  requirement(args: Args): string;
  run(evidence: Evidence, args: Args): CheckVerdict;
}

export function defineCheck<Args>(def: CheckDefinition<Args>): CheckDefinition<Args> {
  return def;
}

export const pass = (details?: string[]): CheckVerdict => ({ passed: true, ...(details ? { details } : {}) });
/** Says why this check cannot judge the run, instead of passing it. */
export const cannotJudge = (expected: string, why: string): CheckVerdict => ({ passed: false, cannotJudge: true, expected, actual: why });
export const fail = (expected: string, actual: string, details?: string[]): CheckVerdict => ({ passed: false, expected, actual, ...(details ? { details } : {}) });
