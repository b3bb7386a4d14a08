// class.json: the whole class's result, everything the other class reports are made from (so
// `labcheck merge` rebuilds them from the shards' class.json files, and the HTML report reads it).
// Each lab:role's run is the JSON report of `labcheck test` (harness/report/json.ts) as is.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { AssignmentSchema } from '../grade/assignment.js';
import type { ClassResult, LabGrade, StudentGrade } from '../model/class-result.js';
import type { RunResult, ScenarioResult } from '../model/result.js';
import { ensureFolder } from '../fs/ensure-folder.js';
import { JsonReportSchema, jsonReport, type JsonReport } from './json.js';

export const CLASS_JSON_FORMAT = 'labcheck-class/1';

export const ScenarioPointsJsonSchema = z.object({
  id: z.string(),
  status: z.enum(['passed', 'failed', 'error', 'skipped']),
  points: z.number().nonnegative(),
  max: z.number().nonnegative(),
  hidden: z.boolean(),
});

export const LabGradeJsonSchema = z.object({
  id: z.string(),
  entry: z.string().optional(),
  notebook: z.boolean().optional(),
  problem: z.string().optional(),
  run: JsonReportSchema,
  scenarios: z.array(ScenarioPointsJsonSchema),
  points: z.number().nonnegative(),
  max: z.number().nonnegative(),
});

export const StudentGradeJsonSchema = z.object({
  name: z.string(),
  folder: z.string(),
  labs: z.array(LabGradeJsonSchema),
  points: z.number().nonnegative(),
  max: z.number().nonnegative(),
});

export const ClassJsonSchema = z.object({
  format: z.literal(CLASS_JSON_FORMAT),
  title: z.string(),
  seed: z.number().int(),
  assignment: z.object({ file: z.string(), sha256: z.string(), spec: AssignmentSchema }),
  timeoutScale: z.number().positive(),
  isolation: z.enum(['netns', 'remap']),
  labcheckVersion: z.string(),
  startedAt: z.string(),
  durationMs: z.number().nonnegative(),
  interrupted: z.string().nullable(),
  shard: z.object({ index: z.number().int().positive(), count: z.number().int().positive() }).nullable(),
  students: z.array(StudentGradeJsonSchema),
});

export type ClassJson = z.infer<typeof ClassJsonSchema>;
export type StudentGradeJson = z.infer<typeof StudentGradeJsonSchema>;

function labToJson(lab: LabGrade): z.infer<typeof LabGradeJsonSchema> {
  return {
    id: lab.id,
    ...(lab.entry !== undefined ? { entry: lab.entry } : {}),
    ...(lab.notebook ? { notebook: true } : {}),
    ...(lab.problem !== undefined ? { problem: lab.problem } : {}),
    run: jsonReport(lab.run),
    scenarios: lab.scenarios.map((s) => ({ ...s })),
    points: lab.points,
    max: lab.max,
  };
}

export function studentToJson(s: StudentGrade): StudentGradeJson {
  return { name: s.name, folder: s.folder, labs: s.labs.map(labToJson), points: s.points, max: s.max };
}

/** A run read back from its JSON report (the inverse of jsonReport). */
export function runFromJson(r: JsonReport): RunResult {
  return {
    lab: r.lab,
    role: r.role,
    entry: r.entry,
    seed: r.seed,
    isolation: r.isolation,
    command: r.command,
    startedAt: r.startedAt,
    durationMs: r.durationMs,
    ...(r.interrupted !== null ? { interrupted: r.interrupted } : {}),
    ...(r.sandbox ? { sandbox: r.sandbox } : {}),
    scenarios: r.scenarios.map((s) => ({ ...s }) as ScenarioResult),
  };
}

export function studentFromJson(s: StudentGradeJson): StudentGrade {
  return {
    name: s.name,
    folder: s.folder,
    points: s.points,
    max: s.max,
    labs: s.labs.map((l) => ({
      id: l.id,
      ...(l.entry !== undefined ? { entry: l.entry } : {}),
      ...(l.notebook ? { notebook: true } : {}),
      ...(l.problem !== undefined ? { problem: l.problem } : {}),
      run: runFromJson(l.run),
      scenarios: l.scenarios.map((p) => ({ ...p })),
      points: l.points,
      max: l.max,
    })),
  };
}

export function classToJson(c: ClassResult): ClassJson {
  return {
    format: CLASS_JSON_FORMAT,
    title: c.title,
    seed: c.seed,
    assignment: c.assignment,
    timeoutScale: c.timeoutScale,
    isolation: c.isolation,
    labcheckVersion: c.labcheckVersion,
    startedAt: c.startedAt,
    durationMs: c.durationMs,
    interrupted: c.interrupted ?? null,
    shard: c.shard ?? null,
    students: c.students.map(studentToJson),
  };
}

export function classFromJson(j: ClassJson): ClassResult {
  return {
    title: j.title,
    seed: j.seed,
    assignment: j.assignment,
    timeoutScale: j.timeoutScale,
    isolation: j.isolation,
    labcheckVersion: j.labcheckVersion,
    startedAt: j.startedAt,
    durationMs: j.durationMs,
    ...(j.interrupted !== null ? { interrupted: j.interrupted } : {}),
    ...(j.shard ? { shard: j.shard } : {}),
    students: j.students.map(studentFromJson),
  };
}

export async function writeClassJson(outDir: string, c: ClassResult): Promise<void> {
  await ensureFolder(outDir);
  await writeFile(path.join(outDir, 'class.json'), JSON.stringify(classToJson(c), null, 2) + '\n', 'utf8');
}
