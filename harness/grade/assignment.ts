// The assignment file of `labcheck grade` (YAML, validated with zod): which lab:roles are graded,
// where each student's program is, and what each scenario is worth. An invalid file is reported
// with the file, line and field, like a scenario file.
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { z } from 'zod';
import type { Catalog } from '../scenario/catalog-view.js';

export const AssignmentLabSchema = z
  .object({
    /** lab:role, e.g. echo:server. */
    id: z.string().regex(/^[a-z0-9-]+:[a-z]+$/, 'a lab:role such as echo:server'),
    /** File name patterns (`*`, `?`), tried in order: the first pattern that matches any file decides. */
    entry: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).transform((e) => (Array.isArray(e) ? e : [e])),
    args: z.array(z.string()).default([]),
    /** A number spread over the scenarios (by weight), or points per scenario name (others earn 0). */
    points: z.union([z.number().nonnegative(), z.record(z.string(), z.number().nonnegative())]).optional(),
    /** Scenarios run and counted but never shown to the student (Gradescope visibility "hidden"). */
    hidden: z.array(z.string()).default([]),
    /** How a spread `points` weighs scenarios: a strict one counts `strict` times a normal one (default 1). */
    weights: z.object({ strict: z.number().nonnegative().default(1) }).strict().default({ strict: 1 }),
  })
  .strict();

export const AssignmentSchema = z
  .object({
    title: z.string().min(1),
    labs: z.array(AssignmentLabSchema).min(1),
    timeoutScale: z.number().positive().default(1),
    /** The class's seed; by default one derived from the assignment file's text (so shards agree). */
    seed: z.number().int().nonnegative().optional(),
  })
  .strict();

export type Assignment = z.infer<typeof AssignmentSchema>;
export type AssignmentLab = z.infer<typeof AssignmentLabSchema>;

export interface LoadedAssignment {
  file: string;
  /** SHA-256 of the file's bytes: a resume or a merge must use the same assignment. */
  sha256: string;
  assignment: Assignment;
}

export class AssignmentError extends Error {}

/** Reads and validates an assignment file; scenario names are checked against the catalog. */
export async function loadAssignment(file: string, catalog: Catalog): Promise<LoadedAssignment> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new AssignmentError(`cannot read the assignment file ${file}: ${(e as Error).message}`);
  }
  return parseAssignment(text, file, catalog);
}

export function parseAssignment(text: string, file: string, catalog: Catalog): LoadedAssignment {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineOf = (offset: number) => lineCounter.linePos(offset).line;
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new AssignmentError(`${file}:${lineOf(e.pos[0])}: not valid YAML: ${e.message.split('\n')[0]}`);
  }
  /** `file:line: field: message`, the line of the deepest part of the path that exists. */
  const fail = (where: (string | number)[], message: string): never => {
    let line = 1;
    for (let n = where.length; n >= 0; n--) {
      const node = doc.getIn(where.slice(0, n), true);
      if (isNode(node) && node.range) {
        line = lineOf(node.range[0]);
        break;
      }
    }
    const field = where.length ? where.join('.') : '(top level)';
    throw new AssignmentError(`${file}:${line}: ${field}: ${message}`);
  };
  const data: unknown = doc.toJS();
  const parsed = AssignmentSchema.safeParse(data);
  if (!parsed.success) {
    // A misspelt field explains a missing one ("entyr" and no "entry"): it is reported first.
    const issue = parsed.error.issues.find((i) => i.code === 'unrecognized_keys') ?? parsed.error.issues[0]!;
    const where = issue.path as (string | number)[];
    const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
    const missing = valueAt(data, where) === undefined;
    fail([...where, ...keys.slice(0, 1)], keys.length ? `unknown field (fields: ${knownFields(where)})` : missing ? 'missing (required)' : issue.message);
  }
  const assignment = parsed.data!;
  const seen = new Set<string>();
  for (const [i, lab] of assignment.labs.entries()) {
    const [labId, role] = lab.id.split(':') as [string, string];
    if (seen.has(lab.id)) fail(['labs', i, 'id'], `${lab.id} is listed twice`);
    seen.add(lab.id);
    if (!catalog.labs.has(labId)) fail(['labs', i, 'id'], `unknown lab ${labId} (labs: ${[...catalog.labs.keys()].join(', ')})`);
    if (!catalog.role(labId, role)) fail(['labs', i, 'id'], `lab ${labId} has no role ${role}`);
    const names = catalog.scenarios(labId, role).map((s) => s.name);
    const unknown = (name: string) => `${lab.id} has no scenario ${name} (scenarios: ${names.join(', ')})`;
    for (const [k, name] of lab.hidden.entries()) if (!names.includes(name)) fail(['labs', i, 'hidden', k], unknown(name));
    if (lab.points !== undefined && typeof lab.points === 'object') {
      for (const name of Object.keys(lab.points)) if (!names.includes(name)) fail(['labs', i, 'points', name], unknown(name));
    }
  }
  return { file, sha256: createHash('sha256').update(text).digest('hex'), assignment };
}

function valueAt(data: unknown, where: (string | number)[]): unknown {
  let v = data;
  for (const key of where) v = v !== null && typeof v === 'object' ? (v as Record<string | number, unknown>)[key] : undefined;
  return v;
}

function knownFields(where: (string | number)[]): string {
  if (where.length === 0) return Object.keys(AssignmentSchema.shape).join(', ');
  if (where[0] === 'labs' && where.length === 2) return Object.keys(AssignmentLabSchema.shape).join(', ');
  return 'strict';
}

/** The class's seed when the file names none: from the file's hash, so every shard of a class
 *  (each its own labcheck, maybe on its own machine) meets the same probes. */
export function defaultSeed(sha256: string): number {
  return parseInt(sha256.slice(0, 8), 16) % 1_000_000;
}
