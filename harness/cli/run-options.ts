// Options that `test`, `grade` and `check` share (--seed, --timeout-scale, --isolation, and the
// assignment file), parsed once here so each command says the same thing about a bad value.
import type { Catalog } from '../scenario/catalog.js';
import { chooseIsolation } from '../sandbox/isolation.js';
import type { Isolation } from '../engine/job.js';
import { AssignmentError, loadAssignment } from '../grade/assignment.js';
import { UsageError } from './usage.js';

export type IsolationFlag = 'auto' | Isolation;

/** --seed, or `fallback` when it is not given. */
export function parseSeed(raw: string | undefined, fallback: () => number): number {
  const seed = raw !== undefined ? Number(raw) : fallback();
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed takes a whole number, got ${raw}`);
  return seed;
}

/** --timeout-scale, or `fallback` when it is not given. */
export function parseTimeoutScale(raw: string | undefined, fallback: number): number {
  const scale = raw !== undefined ? Number(raw) : fallback;
  if (!(scale > 0)) throw new UsageError(`--timeout-scale takes a positive number, got ${raw}`);
  return scale;
}

export function parseIsolationFlag(raw: string | undefined): IsolationFlag {
  const flag = raw ?? 'auto';
  if (flag !== 'auto' && flag !== 'netns' && flag !== 'remap') throw new UsageError(`--isolation is auto, netns or remap, got ${flag}`);
  return flag;
}

/** The isolation this machine gives for the flag; one it cannot give is a usage error. */
export async function chooseIsolationFor(flag: IsolationFlag): Promise<Awaited<ReturnType<typeof chooseIsolation>>> {
  try {
    return await chooseIsolation(flag);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** The assignment file; an invalid one (its file, line and field) is a usage error. */
export async function loadAssignmentFile(file: string, catalog: Catalog): Promise<Awaited<ReturnType<typeof loadAssignment>>> {
  try {
    return await loadAssignment(file, catalog);
  } catch (e) {
    if (e instanceof AssignmentError) throw new UsageError(e.message);
    throw e;
  }
}
