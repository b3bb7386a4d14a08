// The JSON report: everything a run recorded, untruncated (the JUnit report caps its text blocks
// and points here). One run is one object; several runs are an array of them (see reporter.ts).

import { writeFile } from 'node:fs/promises';
import { ensureFolder } from '../fs/ensure-folder.js';
import { dirname } from 'node:path';
import { z } from 'zod';
import { ERROR_KINDS } from '../judge/error-kind.js';
import { countStatuses, type RunResult } from '../model/result.js';

export const JSON_REPORT_FORMAT = 'labcheck-report/1';

export const CheckOutcomeJsonSchema = z.object({
  check: z.string(),
  passed: z.boolean(),
  requirement: z.string(),
  expected: z.string().optional(),
  actual: z.string().optional(),
  details: z.array(z.string()).optional(),
  cannotJudge: z.boolean().optional(),
});

export const ScenarioJsonSchema = z.object({
  id: z.string(),
  lab: z.string(),
  role: z.string(),
  scenario: z.string(),
  description: z.string(),
  status: z.enum(['passed', 'failed', 'error', 'skipped']),
  strict: z.boolean(),
  message: z.string(),
  errorKind: z.enum(ERROR_KINDS).optional(),
  durationMs: z.number().nonnegative(),
  seed: z.number().int(),
  checks: z.array(CheckOutcomeJsonSchema),
  rerun: z.string(),
  programSummary: z.string(),
  stdout: z.string(),
  stderr: z.string(),
  transcript: z.string(),
  socketCalls: z.string(),
  evidenceFile: z.string().optional(),
  /** With --repeat: each run's status, and whether they differ (a flaky scenario's status is `failed`). */
  runs: z.array(z.enum(['passed', 'failed', 'error', 'skipped'])).optional(),
  flaky: z.boolean().optional(),
});

export const JsonSummarySchema = z.object({
  total: z.number().int().nonnegative(),
  passed: z.number().int().nonnegative(),
  failed: z.number().int().nonnegative(),
  error: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
  /** With --repeat: how many of the scenarios are flaky (they are also counted as failed). */
  flaky: z.number().int().nonnegative().optional(),
});

/** The report of one run. Extra fields are allowed (z.object strips unknown keys on parse). */
export const JsonReportSchema = z.object({
  format: z.literal(JSON_REPORT_FORMAT),
  lab: z.string(),
  role: z.string(),
  entry: z.string(),
  seed: z.number().int(),
  isolation: z.enum(['netns', 'remap']),
  command: z.string(),
  startedAt: z.string(),
  durationMs: z.number().nonnegative(),
  interrupted: z.string().nullable(),
  /** How the program was contained; `gaps` says what this machine could not apply. */
  sandbox: z.object({ mode: z.string(), summary: z.string(), gaps: z.array(z.string()) }).optional(),
  summary: JsonSummarySchema,
  scenarios: z.array(ScenarioJsonSchema),
});

/** What a JSON report file holds: one run's object, or an array of them. */
export const JsonReportFileSchema = z.union([JsonReportSchema, z.array(JsonReportSchema)]);

export type JsonReport = z.infer<typeof JsonReportSchema>;
export type JsonScenario = z.infer<typeof ScenarioJsonSchema>;

/** The JSON report object of one run (plain data, ready for JSON.stringify). */
export function jsonReport(run: RunResult): JsonReport {
  const n = countStatuses(run);
  return {
    format: JSON_REPORT_FORMAT,
    lab: run.lab,
    role: run.role,
    entry: run.entry,
    seed: run.seed,
    isolation: run.isolation,
    command: run.command,
    startedAt: run.startedAt,
    durationMs: run.durationMs,
    interrupted: run.interrupted ?? null,
    ...(run.sandbox ? { sandbox: run.sandbox } : {}),
    summary: { total: run.scenarios.length, ...n, ...(run.scenarios.some((s) => s.runs) ? { flaky: run.scenarios.filter((s) => s.flaky).length } : {}) },
    scenarios: run.scenarios.map((s) => ({
      id: s.id,
      lab: s.lab,
      role: s.role,
      scenario: s.scenario,
      description: s.description,
      status: s.status,
      strict: s.strict,
      message: s.message,
      ...(s.errorKind !== undefined ? { errorKind: s.errorKind } : {}),
      durationMs: s.durationMs,
      seed: s.seed,
      checks: s.checks.map((c) => ({
        check: c.check,
        passed: c.passed,
        requirement: c.requirement,
        ...(c.expected !== undefined ? { expected: c.expected } : {}),
        ...(c.actual !== undefined ? { actual: c.actual } : {}),
        ...(c.details !== undefined ? { details: [...c.details] } : {}),
        ...(c.cannotJudge ? { cannotJudge: true } : {}),
      })),
      rerun: s.rerun,
      programSummary: s.programSummary,
      stdout: s.stdout,
      stderr: s.stderr,
      transcript: s.transcript,
      socketCalls: s.socketCalls,
      ...(s.evidenceFile !== undefined ? { evidenceFile: s.evidenceFile } : {}),
      ...(s.runs !== undefined ? { runs: [...s.runs], flaky: Boolean(s.flaky) } : {}),
    })),
  };
}

/** The JSON text of one run (an object) or of several runs (an array). Ends with a newline. */
export function jsonText(run: RunResult | readonly RunResult[]): string {
  const data = Array.isArray(run) ? (run as readonly RunResult[]).map(jsonReport) : jsonReport(run as RunResult);
  // JSON.stringify escapes lone surrogates (\udXXX), so the file is always valid UTF-8.
  return JSON.stringify(data, null, 2) + '\n';
}

/**
 * Writes the JSON report of one run (an object) or of several runs (an array), creating the
 * folder if needed.
 */
export async function writeJson(file: string, run: RunResult | readonly RunResult[]): Promise<void> {
  await ensureFolder(dirname(file));
  await writeFile(file, jsonText(run), 'utf8');
}
