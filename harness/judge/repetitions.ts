// --repeat: one scenario run several times gives one result. When every run gave the same status,
// that is the verdict; when they differ the scenario is flaky, and a flaky verdict is a failure:
// a run that passes only sometimes cannot be trusted to pass.
import type { CheckOutcome, ScenarioResult } from '../model/result.js';

/** The result of one scenario from the results of its runs (in order); one run is left as it is. */
export function combineRepetitions(results: readonly ScenarioResult[]): ScenarioResult {
  if (results.length === 0) throw new Error('combineRepetitions: no results');
  if (results.length === 1) return results[0]!;
  const runs = results.map((r) => r.status);
  const durationMs = results.reduce((sum, r) => sum + r.durationMs, 0);
  if (runs.every((s) => s === runs[0])) return { ...results[0]!, durationMs, runs, flaky: false };

  // Show the first run that did not pass: it is the one a student has to look at.
  const index = Math.max(0, results.findIndex((r) => r.status !== 'passed'));
  const shown = results[index]!;
  const summary = runs.join(', ');
  const stable: CheckOutcome = {
    check: 'stable-verdict',
    passed: false,
    requirement: 'every run of the scenario gives the same verdict',
    expected: `one verdict in all ${runs.length} runs`,
    actual: `${summary} (the details are those of run ${index + 1})`,
  };
  return {
    ...shown,
    status: 'failed',
    message: `flaky: the ${runs.length} runs gave ${summary}; run ${index + 1}: ${shown.message}`,
    checks: [stable, ...shown.checks],
    durationMs,
    runs,
    flaky: true,
  };
}
