// What each scenario of a graded lab:role is worth, and what a verdict earns: a passed scenario
// earns its points; failed, error and skipped earn 0 (skipped means "not measured", which is
// flagged in grades.csv so the instructor can look, never silently counted as passed).
import type { AssignmentLab } from './assignment.js';
import type { ScenarioResult } from '../model/result.js';

export interface ScenarioWorth {
  /** The scenario's name within its lab:role, e.g. abrupt-reset. */
  scenario: string;
  strict: boolean;
  max: number;
}

/** Points per scenario: a map gives them by name (others 0); a number is spread over the
 *  scenarios in proportion to their weight (a strict one weighs `weights.strict`, others 1);
 *  no `points` means 1 a scenario. */
export function scenarioWorth(lab: AssignmentLab, scenarios: readonly { name: string; strict: boolean }[]): ScenarioWorth[] {
  const points = lab.points;
  if (points !== undefined && typeof points === 'object') {
    return scenarios.map((s) => ({ scenario: s.name, strict: s.strict, max: points[s.name] ?? 0 }));
  }
  if (points === undefined) return scenarios.map((s) => ({ scenario: s.name, strict: s.strict, max: 1 }));
  const weight = (strict: boolean) => (strict ? lab.weights.strict : 1);
  const total = scenarios.reduce((sum, s) => sum + weight(s.strict), 0);
  return scenarios.map((s) => ({ scenario: s.name, strict: s.strict, max: total > 0 ? (points * weight(s.strict)) / total : 0 }));
}

/** What a verdict earns out of `max`. */
export function earned(status: ScenarioResult['status'], max: number): number {
  return status === 'passed' ? max : 0;
}

/** Points as written in reports: at most 2 decimals (10 over 3 scenarios is 3.33 each, 10 in all). */
export function roundPoints(x: number): number {
  return Math.round(x * 100 + Number.EPSILON) / 100;
}
