// The result model every reporter is fed (console, JSON, JUnit, and later class reports).
import type { ErrorKind } from '../judge/error-kind.js';

export type ScenarioStatus = 'passed' | 'failed' | 'error' | 'skipped';

/** The verdict of one named check on a scenario's evidence. */
export interface CheckOutcome {
  check: string;
  passed: boolean;
  /** What the lab requires, in one sentence a student understands. */
  requirement: string;
  /** What should have happened and what did (text; bytes shown as text + hex). */
  expected?: string;
  actual?: string;
  /** Extra lines of explanation. */
  details?: string[];
  /** The check could not judge this run (it neither passed nor failed). */
  cannotJudge?: boolean;
}

export interface ScenarioResult {
  /** Full id, e.g. "echo:server/echo-bytes". */
  id: string;
  lab: string;
  role: string;
  scenario: string;
  description: string;
  strict: boolean;
  status: ScenarioStatus;
  /** One line: why it failed/errored/was skipped, or a short pass summary. */
  message: string;
  /** For `error`: why the scenario could not be run, as a stable kind (see harness/judge/error-kind.ts). */
  errorKind?: ErrorKind;
  durationMs: number;
  seed: number;
  /** The command that reruns exactly this scenario. */
  rerun: string;
  checks: CheckOutcome[];
  /** One line about the program: "accepted 1 connection, sent 5 bytes, printed 2 lines". */
  programSummary: string;
  /** The program's output and the wire transcript, formatted for people. */
  stdout: string;
  stderr: string;
  transcript: string;
  /** The program's socket calls, formatted, one per line. */
  socketCalls: string;
  /** Path of the saved evidence JSON, when kept. */
  evidenceFile?: string;
  /** With --repeat: the status of each run, in order. */
  runs?: ScenarioStatus[];
  /** With --repeat: the runs' verdicts differ (the status is then `failed`). */
  flaky?: boolean;
}

export interface RunResult {
  lab: string;
  role: string;
  entry: string;
  seed: number;
  isolation: 'netns' | 'remap';
  command: string;
  startedAt: string;
  durationMs: number;
  scenarios: ScenarioResult[];
  /** Set when the run was cut short (Ctrl-C, internal error); reports are still written. */
  interrupted?: string;
  /** How the program was contained, and what could not be applied on this machine. */
  sandbox?: { mode: string; summary: string; gaps: string[] };
}

export function countStatuses(run: RunResult): Record<ScenarioStatus, number> {
  const counts: Record<ScenarioStatus, number> = { passed: 0, failed: 0, error: 0, skipped: 0 };
  for (const s of run.scenarios) counts[s.status]++;
  return counts;
}
