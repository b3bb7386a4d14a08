// Runs the real, built labcheck CLI the way a user does, and reads the reports it wrote.
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { observedVerdict } from '../../scripts/verdict.js';
import { JsonReportSchema, type JsonReport } from '../../harness/report/json.js';

export const root = path.resolve(import.meta.dirname, '..', '..');
export const cli = path.join(root, 'bin', 'labcheck.js');

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  report?: JsonReport;
  junit?: string;
  dir: string;
}

export async function labcheck(args: string[], options: { timeoutMs?: number } = {}): Promise<CliRun> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'labcheck-test-'));
  const json = path.join(dir, 'report.json');
  const junit = path.join(dir, 'report.xml');
  const withReports = args[0] === 'test' ? [...args.slice(0, 3), '--json', json, '--junit', junit, ...args.slice(3)] : args;
  const r = await execa('node', [cli, ...withReports], { reject: false, timeout: options.timeoutMs ?? 180_000, env: { NO_COLOR: '1' } });
  const run: CliRun = { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr), dir };
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
