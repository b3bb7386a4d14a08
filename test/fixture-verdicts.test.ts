// The form of the fixtures' expected verdicts: a failure names its checks, an error its kind.
import { describe, expect, test } from 'vitest';
import { ExpectedVerdict, observedVerdict } from '../scripts/verdict.js';

const check = (name: string, passed: boolean) => ({ check: name, passed });

describe('expected verdicts', () => {
  test('accepts passed, skipped, failed:<checks> and error:<kind>; failing checks in any order', () => {
    expect(ExpectedVerdict.parse('passed')).toBe('passed');
    expect(ExpectedVerdict.parse('failed:no-traceback,closes-connection')).toBe('failed:closes-connection,no-traceback');
    expect(ExpectedVerdict.parse('error:syntax-error')).toBe('error:syntax-error');
  });
  test('a bare failed or error, or an unknown error kind, is refused', () => {
    for (const v of ['failed', 'error', 'error:oops', 'failed:']) expect(ExpectedVerdict.safeParse(v).success, v).toBe(false);
  });
  test('the observed verdict names exactly the checks that failed (once each)', () => {
    const s = { status: 'failed', checks: [check('echoes', false), check('no-traceback', true), check('echoes', false)] };
    expect(observedVerdict(s)).toBe('failed:echoes');
    expect(observedVerdict({ status: 'error', errorKind: 'not-bound', checks: [] })).toBe('error:not-bound');
    expect(observedVerdict({ status: 'passed', checks: [check('echoes', true)] })).toBe('passed');
  });
});
