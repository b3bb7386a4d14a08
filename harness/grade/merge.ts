// `labcheck merge`: the class results of the shards of one class (`--shard i/n`, each its own
// labcheck, maybe on its own CI machine) joined into the result one machine would have had.
import { compareNames } from './class-folder.js';
import type { ClassResult } from '../model/class-result.js';

export class MergeError extends Error {}

/** Joins shard results; they must be of one class run (assignment, seed, settings) and all its
 *  shards, each once. The merged result is no shard's: started at the earliest, as long as the
 *  longest, interrupted if any was. */
export function mergeClassResults(parts: readonly { where: string; result: ClassResult }[]): ClassResult {
  if (parts.length === 0) throw new MergeError('nothing to merge');
  const first = parts[0]!.result;
  for (const { where, result } of parts) {
    const differs = [
      result.assignment.sha256 !== first.assignment.sha256 && 'assignment file',
      result.seed !== first.seed && 'seed',
      result.timeoutScale !== first.timeoutScale && 'timeout scale',
      result.isolation !== first.isolation && 'isolation',
    ].filter(Boolean);
    if (differs.length) throw new MergeError(`${where} is not of the same class run as ${parts[0]!.where} (its ${differs.join(', ')} differ)`);
  }
  const sharded = parts.filter((p) => p.result.shard);
  if (sharded.length > 0) {
    const count = sharded[0]!.result.shard!.count;
    const seen = new Map<number, string>();
    for (const { where, result } of parts) {
      if (!result.shard) throw new MergeError(`${where} is a whole class, not a shard: merge shards only`);
      if (result.shard.count !== count) throw new MergeError(`${where} is shard ${result.shard.index}/${result.shard.count}, the others are of ${count}`);
      if (seen.has(result.shard.index)) throw new MergeError(`shard ${result.shard.index}/${count} is given twice (${seen.get(result.shard.index)} and ${where})`);
      seen.set(result.shard.index, where);
    }
    const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !seen.has(i));
    if (missing.length) throw new MergeError(`shard ${missing.map((i) => `${i}/${count}`).join(', ')} missing: every shard's folder is needed`);
  }
  const students = new Map<string, string>();
  for (const { where, result } of parts) {
    for (const s of result.students) {
      if (students.has(s.name)) throw new MergeError(`student ${s.name} is in both ${students.get(s.name)} and ${where}`);
      students.set(s.name, where);
    }
  }
  const interrupted = parts.filter((p) => p.result.interrupted).map((p) => `${p.where}: ${p.result.interrupted}`);
  const startedAt = parts.map((p) => p.result.startedAt).sort()[0]!;
  return {
    title: first.title,
    seed: first.seed,
    assignment: first.assignment,
    timeoutScale: first.timeoutScale,
    isolation: first.isolation,
    labcheckVersion: first.labcheckVersion,
    startedAt,
    durationMs: Math.max(...parts.map((p) => p.result.durationMs)),
    ...(interrupted.length ? { interrupted: interrupted.join('; ') } : {}),
    students: parts.flatMap((p) => p.result.students).sort((a, b) => compareNames(a.name, b.name)),
  };
}
