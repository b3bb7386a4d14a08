// `--shard i/n`: which students one of n parallel graders takes. By a hash of the student's name,
// not by position in the sorted list, so a student added late (a resubmission, a late zip) lands
// in one shard and moves nobody else: shards graded before and after still agree on everyone
// else. The slices are disjoint and together cover the class, for any n. They are not exactly
// even (a hash spreads 40 students over 4 shards as e.g. 9/11/12/8), which is fine for CI jobs.
import { createHash } from 'node:crypto';

export interface Shard {
  /** 1-based, as written on the command line. */
  index: number;
  count: number;
}

export function parseShard(text: string): Shard | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(text);
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return index >= 1 && count >= 1 && index <= count ? { index, count } : undefined;
}

/** The shard (1..count) a student belongs to. */
export function shardOf(student: string, count: number): number {
  const digest = createHash('sha256').update(student.normalize('NFC'), 'utf8').digest();
  return (digest.readUInt32BE(0) % count) + 1;
}

export function inShard(student: string, shard: Shard | undefined): boolean {
  return !shard || shardOf(student, shard.count) === shard.index;
}
