// Judging: run a scenario's checks on its evidence and turn the outcome into a ScenarioResult.
import path from 'node:path';
import type { Evidence } from '../model/evidence.js';
import type { CheckOutcome, ScenarioResult } from '../model/result.js';
import type { ScenarioEntry } from '../scenario/catalog.js';
import { CHECKS } from '../checks/registry.js';
import { describeExit, stderrTail } from '../program/describe.js';
import { errorKind } from './error-kind.js';
import { faultLines } from '../faults/applied-fault.js';
import { formatSocketCalls, formatTranscript, programSummary } from './transcript.js';

const NETWORK_CALLS = new Set(['bind', 'connect', 'connect_ex', 'sendto', 'listen']);

/** A program that died before touching the network could not be tested at all: an error, not a failure. */
export function startupFailure(e: Evidence): string | undefined {
  for (const p of Object.values(e.programs)) {
    if (p.spawnError) return `the program could not be started: ${p.spawnError}`;
    if (!p.exit || p.exit.stoppedByHarness || p.exit.code === 0) continue;
    const usedNetwork = p.traced
      ? p.socketCalls.some((c) => NETWORK_CALLS.has(c.call))
      : e.connections.some((c) => c.chunks.some((k) => k.dir === 'from-program') || c.events.some((ev) => ev.kind === 'connected' || ev.kind === 'accepted'));
    if (!usedNetwork) return `the program ended (${describeExit(p)}) before it used the network${stderrTail(p)}`;
  }
  return undefined;
}

/** Tracebacks name files in the scratch copy; show the student's own folder instead. */
function ownPaths(text: string, scratch: string, submission: string): string {
  return scratch && submission ? text.split(scratch).join(path.dirname(submission)) : text;
}

/** A check's time limits (`withinMs`, ...) stretch with --timeout-scale, like the steps' waits. */
function scaleTimeLimits<T>(args: T, scale: number): T {
  if (scale === 1 || !args || typeof args !== 'object') return args;
  const out: Record<string, unknown> = { ...(args as Record<string, unknown>) };
  for (const [k, v] of Object.entries(out)) if (k.endsWith('Ms') && typeof v === 'number') out[k] = Math.round(v * scale);
  return out as T;
}

export function runChecks(entry: ScenarioEntry, e: Evidence): CheckOutcome[] {
  return entry.spec.checks.map((ref) => {
    const [name, rawArgs] = Object.entries(ref)[0]!;
    const check = CHECKS[name]!;
    const args = scaleTimeLimits(check.args.parse(rawArgs ?? {}), e.timeoutScale ?? 1);
    try {
      const verdict = check.run(e, args);
      return { check: name, requirement: check.requirement(args), ...verdict };
    } catch (err) {
      return { check: name, requirement: check.requirement(args), passed: false, actual: `the check itself failed: ${(err as Error).message}` };
    }
  });
}

export function judge(entry: ScenarioEntry, e: Evidence, rerun: string, durationMs: number): ScenarioResult {
  const main = e.programs.program ?? Object.values(e.programs)[0];
  const base = {
    id: entry.id,
    lab: entry.lab,
    role: entry.role,
    scenario: entry.name,
    description: entry.spec.description,
    strict: entry.spec.strict,
    durationMs,
    seed: e.seed,
    rerun,
    programSummary: programSummary(main),
    stdout: Object.values(e.programs).map((p) => ownPaths(p.stdout, p.cwd, e.submission)).join('\n'),
    stderr: Object.values(e.programs).map((p) => ownPaths(p.stderr, p.cwd, e.submission)).join('\n'),
    transcript: formatTranscript(e),
    socketCalls: formatSocketCalls(e),
  };
  if (e.skipped) return { ...base, status: 'skipped', message: `not run: ${e.skipped}`, checks: [] };
  const error = e.runError ?? startupFailure(e);
  if (error) return { ...base, status: 'error', message: error, errorKind: errorKind(e), checks: [] };
  const checks = runChecks(entry, e);
  const stoppedEarly = e.steps.find((s) => s.outcome === 'timeout');
  const isFailure = (c: CheckOutcome) => !c.passed && !c.cannotJudge;
  if (stoppedEarly && !checks.some(isFailure)) {
    // The checks passed only because the run never got to what they judge (e.g. no reset was
    // sent because the program never answered): that is not a pass.
    checks.push({
      check: 'run-completes',
      passed: false,
      requirement: 'the program does what each step of the scenario waits for',
      expected: `step ${stoppedEarly.index + 1} (${stoppedEarly.label.split(' ')[0]}) to complete`,
      actual: stoppedEarly.note ?? 'it timed out',
    });
  }
  const failed = checks.find(isFailure);
  if (failed && stoppedEarly && failed.check !== 'run-completes') {
    // Say why the run ended before its last step: it is usually the real cause.
    failed.details = [...(failed.details ?? []), `the run stopped early at step ${stoppedEarly.index + 1} (${stoppedEarly.label.split(' ')[0]}): ${stoppedEarly.note}`];
  }
  if (failed) {
    // A failure under injected faults lists them: "dropped #3" explains a retransmission check.
    const faults = faultLines(e.faults, e.startedAt);
    if (faults.length > 0) failed.details = [...(failed.details ?? []), ...faults];
    const what = [failed.requirement, failed.actual].filter(Boolean).join(': ');
    return { ...base, status: 'failed', message: what, checks };
  }
  const undecided = checks.find((c) => c.cannotJudge);
  if (undecided) return { ...base, status: 'skipped', message: `${undecided.check} cannot judge this run: ${undecided.actual}`, checks };
  return { ...base, status: 'passed', message: `${checks.length} check${checks.length === 1 ? '' : 's'} passed`, checks };
}
