// `labcheck merge <out-folders...> --out <folder>`: join the class.json of the shards of one
// class into the reports one machine would have written.
import { cp, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ClassResult } from '../model/class-result.js';
import { ClassJsonSchema, classFromJson } from '../report/class-json.js';
import { writeClassReports } from '../report/class-reporters.js';
import { MergeError, mergeClassResults } from '../grade/merge.js';
import { roundPoints } from '../grade/points.js';
import { hasFailures } from '../model/class-result.js';
import { UsageError } from './usage.js';
import type { Io } from './finish-run.js';

/** The closing lines of grade and merge: the class's summary and where its reports are. */
export function classReportLines(result: ClassResult, outDir: string, problems: string[]): string[] {
  const n = result.students.length;
  const failing = result.students.filter(hasFailures).length;
  const mean = n ? roundPoints(result.students.reduce((s, x) => s + x.points, 0) / n) : 0;
  const max = roundPoints(result.students[0]?.max ?? 0);
  const lines = [`${n} students graded, ${failing} with failures, mean ${mean}/${max}${result.interrupted ? `; ${result.interrupted}` : ''}`];
  if (problems.length) lines.push(`labcheck: could not write the reports: ${problems.join('; ')}`);
  else lines.push(`reports: ${path.join(outDir, 'grades.csv')}, ${path.join(outDir, 'class.junit.xml')}, ${path.join(outDir, 'results')}/<student>/results.json, ${path.join(outDir, 'class.json')}, ${path.join(outDir, 'html', 'index.html')}`);
  return lines;
}

export async function mergeCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: { out: { type: 'string' } } });
  if (positionals.length === 0) throw new UsageError('missing <out-folders>: the --out folders of the shards to merge');
  if (!values.out) throw new UsageError('missing --out <folder>: where the merged reports go');
  const parts: { where: string; result: ClassResult }[] = [];
  for (const dir of positionals) {
    const file = path.join(dir, 'class.json');
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${file}: ${(e as Error).message}`);
    }
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`${file} is not JSON: ${(e as Error).message}`);
    }
    const parsed = ClassJsonSchema.safeParse(data);
    if (!parsed.success) throw new UsageError(`${file} is not a labcheck class.json: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`);
    parts.push({ where: dir, result: classFromJson(parsed.data) });
  }
  let merged: ClassResult;
  try {
    merged = mergeClassResults(parts);
  } catch (e) {
    if (e instanceof MergeError) throw new UsageError(e.message);
    throw e;
  }
  const problems = await writeClassReports(values.out, merged);
  // Each shard's evidence (`<shard>/evidence/<student>/...`; the students are disjoint) joins the merged folder.
  for (const { where } of parts) {
    const evidence = path.join(where, 'evidence');
    if (!(await stat(evidence).catch(() => undefined))?.isDirectory()) continue;
    await cp(evidence, path.join(values.out, 'evidence'), { recursive: true }).catch((e: unknown) => void problems.push(`evidence of ${where}: ${(e as Error).message}`));
  }
  for (const line of classReportLines(merged, values.out, problems)) (problems.length ? io.err : io.out)(line);
  return merged.interrupted || problems.length ? 1 : 0;
}
