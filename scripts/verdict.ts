// A scenario's verdict as the fixtures state it: `passed`, `skipped`, `failed:<check>[,<check>]`
// (exactly the checks that must fail) or `error:<kind>` (why it could not be run). A fixture that
// fails for another reason than the one it names does not get its expected verdict.
import { z } from 'zod';
import { ERROR_KINDS } from '../harness/judge/error-kind.js';

const checkName = '[a-z][a-z0-9-]*';
const VERDICT = new RegExp(`^(passed|skipped|failed:${checkName}(,${checkName})*|error:(${ERROR_KINDS.join('|')}))$`);

export const ExpectedVerdict = z
  .string()
  .regex(VERDICT, 'passed, skipped, failed:<check>[,<check>...] or error:<kind>')
  .transform((v) => normalise(v));

/** Failing checks in a stable order, so "failed:b,a" and "failed:a,b" are one verdict. */
function normalise(verdict: string): string {
  const [status, reasons] = verdict.split(':') as [string, string | undefined];
  if (status !== 'failed' || !reasons) return verdict;
  return `failed:${[...new Set(reasons.split(','))].sort().join(',')}`;
}

/** The verdict a run gave one scenario, in the same form. */
export function observedVerdict(s: { status: string; errorKind?: string | undefined; checks: { check: string; passed: boolean; cannotJudge?: boolean | undefined }[] }): string {
  if (s.status === 'failed') return normalise(`failed:${s.checks.filter((c) => !c.passed && !c.cannotJudge).map((c) => c.check).join(',')}`);
  if (s.status === 'error') return `error:${s.errorKind ?? 'harness'}`;
  return s.status;
}

export const statusOf = (verdict: string): string => verdict.split(':')[0]!;
