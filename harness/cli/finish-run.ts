// The end of `labcheck test` and `labcheck judge`: write the JSON and JUnit reports, print the
// summary, and choose the exit status. A report that cannot be written is one line after the
// verdicts (never a stack trace), and the exit status is then 1: the run did not give its reports.
import path from 'node:path';
import { countStatuses, type RunResult } from '../model/result.js';
import { formatSummaryLine } from '../report/console.js';
import { jsonReporter, junitReporter } from '../report/reporter.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  color: boolean;
}

export interface ReportFiles {
  json: string;
  junit: string;
}

/** The default report files of a lab:role, unless given. */
export function reportFiles(lab: string, role: string, given: { json?: string | undefined; junit?: string | undefined }): ReportFiles {
  const base = `${lab}-${role}`;
  return {
    json: given.json ?? path.join('reports', `${base}.json`),
    junit: given.junit ?? path.join('reports', `${base}.junit.xml`),
  };
}

/** "EACCES: permission denied, open '/x/r.json'" without Node's error class name. */
export function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Writes the reports, prints the summary line and where the reports are (or why they are not),
 * and returns the exit status. `problems` are earlier failures to write (the evidence folder).
 */
export async function finishRun(run: RunResult, files: ReportFiles, io: Io, problems: string[] = []): Promise<number> {
  const failures = [...problems];
  for (const reporter of [jsonReporter(files.json), junitReporter(files.junit)]) {
    try {
      await reporter.write([run]);
    } catch (e) {
      failures.push(reason(e));
    }
  }
  io.out(formatSummaryLine(run, io));
  if (failures.length === 0) io.out(`reports: ${files.json}, ${files.junit}`);
  else io.err(`labcheck: could not write the reports: ${[...new Set(failures)].join('; ')}`);
  const counts = countStatuses(run);
  return counts.failed + counts.error > 0 || run.interrupted || failures.length > 0 ? 1 : 0;
}
