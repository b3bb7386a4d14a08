// Runs the real, built labcheck CLI the way a user does, and reads the reports it wrote.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { observedVerdict } from '../../scripts/verdict.js';
import { JsonReportSchema, type JsonReport } from '../../harness/report/json.js';
import { startLabcheck, stopLabcheck } from './labcheck-runs.js';
import { testTimeoutMs, withTimeoutScale } from './time-limits.js';
import { tempDir } from './temp-dirs.js';

export { root, cli } from './paths.js';

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  report?: JsonReport;
  junit?: string;
  dir: string;
  /** The labcheck process's pid (its work folders are named labcheck-run-<pid>-*). */
  pid?: number;
  /** It overran timeoutMs and was stopped. */
  stopped?: boolean;
}

/**
 * `labcheck ...args`; for `test`, reports go to a fresh folder and the run's --timeout-scale is
 * multiplied by LABCHECK_TEST_TIMEOUT_SCALE. A run still going after timeoutMs (by default the
 * e2e test's own limit) is stopped with everything it started.
 */
export async function labcheck(args: string[], options: { timeoutMs?: number; env?: Record<string, string>; cwd?: string } = {}): Promise<CliRun> {
  const dir = await tempDir('labcheck-test-');
  const json = path.join(dir, 'report.json');
  const junit = path.join(dir, 'report.xml');
  const withReports = args[0] === 'test' ? [...args.slice(0, 3), '--json', json, '--junit', junit, ...withTimeoutScale(args.slice(3))] : args;
  const child = startLabcheck(withReports, options.env, options.cwd);
  let stopped = false;
  const timer = setTimeout(() => {
    stopped = true;
    void stopLabcheck(child);
  }, options.timeoutMs ?? testTimeoutMs);
  const r = await child.finally(() => clearTimeout(timer));
  const run: CliRun = { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr), dir, ...(child.pid ? { pid: child.pid } : {}), ...(stopped ? { stopped } : {}) };
  try {
    run.report = JsonReportSchema.parse(JSON.parse(await readFile(json, 'utf8')));
    run.junit = await readFile(junit, 'utf8');
  } catch {
    /* no report (usage errors) */
  }
  return run;
}

/** Each scenario's verdict as fixtures state it: passed, failed:<checks>, error:<kind>, skipped. */
export function verdicts(report: JsonReport | undefined): Record<string, string> {
  return Object.fromEntries((report?.scenarios ?? []).map((s) => [s.id.split('/')[1]!, observedVerdict(s)]));
}
