// --repeat: runs that agree give their verdict; runs that differ give a flaky failure, shown by
// the console, the JSON report and a JUnit report that stays valid.
import { describe, expect, test } from 'vitest';
import { combineRepetitions } from '../../harness/judge/repetitions.js';
import { formatScenario, formatSummaryLine } from '../../harness/report/console.js';
import { jsonReport } from '../../harness/report/json.js';
import { echoBytesCheck, sampleRun, scenario } from '../report/sample-run.js';

const passed = scenario('echo-bytes', { durationMs: 100, message: '3 checks passed' });
const failed = scenario('echo-bytes', { status: 'failed', durationMs: 120, message: 'message 1 came back different', checks: [echoBytesCheck], evidenceFile: 'ev/echo-bytes.run2.json' });

describe('combineRepetitions', () => {
  test('one run is left as it is', () => {
    expect(combineRepetitions([failed])).toBe(failed);
  });

  test('runs that agree give that status, with the runs listed and the time of all of them', () => {
    const r = combineRepetitions([passed, { ...passed, durationMs: 50 }, passed]);
    expect(r).toMatchObject({ status: 'passed', flaky: false, runs: ['passed', 'passed', 'passed'], durationMs: 250, message: '3 checks passed' });
  });

  test('runs that differ are a flaky failure showing the first run that did not pass', () => {
    const r = combineRepetitions([passed, failed, passed]);
    expect(r.status).toBe('failed');
    expect(r.flaky).toBe(true);
    expect(r.runs).toEqual(['passed', 'failed', 'passed']);
    expect(r.durationMs).toBe(320);
    expect(r.message).toBe('flaky: the 3 runs gave passed, failed, passed; run 2: message 1 came back different');
    expect(r.checks.map((c) => [c.check, c.passed])).toEqual([
      ['stable-verdict', false],
      ['echo-exact', false],
    ]);
    expect(r.checks[0]!.actual).toBe('passed, failed, passed (the details are those of run 2)');
    expect(r.evidenceFile).toBe('ev/echo-bytes.run2.json');
  });

  test('an error run among failed ones is flaky too', () => {
    const error = scenario('echo-bytes', { status: 'error', message: 'the program did not listen' });
    const r = combineRepetitions([failed, error]);
    expect(r).toMatchObject({ status: 'failed', flaky: true, runs: ['failed', 'error'] });
    expect(r.message).toMatch(/^flaky: the 2 runs gave failed, error; run 1: /);
  });
});

describe('reports of repeated scenarios', () => {
  const flaky = combineRepetitions([passed, failed]);
  const steady = combineRepetitions([{ ...passed, id: 'echo:server/graceful-close', scenario: 'graceful-close' }, { ...passed, id: 'echo:server/graceful-close', scenario: 'graceful-close' }]);
  const run = sampleRun({ scenarios: [flaky, steady] });

  test('console: the runs on the scenario line, the instability as the first failed requirement, flaky in the summary', () => {
    const lines = formatScenario(flaky, { color: false, verbose: false });
    expect(lines[0]).toMatch(/^ {2}✗ echo:server\/echo-bytes \(flaky: passed, failed\) +0\.22 s$/);
    expect(lines[1]).toBe('      requirement  every run of the scenario gives the same verdict');
    expect(lines).toContain('      actual       passed, failed (the details are those of run 2)');
    expect(formatScenario(steady, { color: false, verbose: false })[0]).toMatch(/^ {2}✓ echo:server\/graceful-close \(2 runs\)/);
    expect(formatSummaryLine(run, { color: false })).toMatch(/^echo:server  1 passed · 1 failed · 0 errors · 0 skipped · 1 flaky  \(1\.3 s\)/);
  });

  test('JSON: flaky and runs on each repeated scenario, the flaky count in the summary', () => {
    const r = jsonReport(run);
    expect(r.scenarios.map((s) => [s.id, s.status, s.flaky, s.runs])).toEqual([
      ['echo:server/echo-bytes', 'failed', true, ['passed', 'failed']],
      ['echo:server/graceful-close', 'passed', false, ['passed', 'passed']],
    ]);
    expect(r.summary).toEqual({ total: 2, passed: 1, failed: 1, error: 0, skipped: 0, flaky: 1 });
    expect(jsonReport(sampleRun()).scenarios.every((s) => s.runs === undefined && s.flaky === undefined)).toBe(true);
  });
});
