import { describe, expect, test } from 'vitest';
import { prints } from '../../harness/checks/output.js';
import type { Evidence } from '../../harness/model/evidence.js';
import { evidence } from './evidence-builder.js';

const run = (e: Evidence, raw: unknown) => prints.run(e, prints.args.parse(raw));

describe('prints', () => {
  test('passes when stdout contains every text', () => {
    const e = evidence().program('program', (p) => p.stdout('Result: 2022 Feb 2 (Wed) 14:24:35\n').stdout('done\n').exit(0)).build();
    expect(run(e, { texts: ['2022 Feb 2 (Wed) 14:24:35', 'done'] })).toEqual({ passed: true });
  });

  test('a missing text fails, quoting the text and the last three lines printed', () => {
    const e = evidence().program('program', (p) => p.stdout('line 1\nline 2\nline 3\nline 4\n2022 Feb 02 (Wed) 14:24:35\n')).build();
    const v = run(e, { texts: ['2022 Feb 2 (Wed) 14:24:35'] });
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('stdout contains "2022 Feb 2 (Wed) 14:24:35"');
    expect(v.actual).toBe('it does not; stdout ends with "line 3\\nline 4\\n2022 Feb 02 (Wed) 14:24:35"');
  });

  test('every text must be there, not just one', () => {
    const e = evidence().program('program', (p) => p.stdout('alpha\n')).build();
    const v = run(e, { texts: ['alpha', 'beta'] });
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('stdout contains "beta"');
  });

  test('text printed to stderr does not count', () => {
    const e = evidence().program('program', (p) => p.stderr('2022 Feb 2 (Wed) 14:24:35\n')).build();
    const v = run(e, { texts: ['2022 Feb 2 (Wed) 14:24:35'] });
    expect(v.passed).toBe(false);
    expect(v.actual).toBe('the program printed nothing');
  });

  test('a recorded fact (what the reference server sent) must be printed', () => {
    const sent = 'Sun Jan  2 03:04:05 2000';
    const ok = evidence().fact('server.sent1', sent).program('program', (p) => p.stdout(`${sent}\n`)).build();
    expect(run(ok, { facts: ['server.sent1'] })).toEqual({ passed: true });
    const bad = evidence().fact('server.sent1', sent).program('program', (p) => p.stdout('Wed Feb  2 14:24:35 2022\n')).build();
    const v = run(bad, { facts: ['server.sent1'] });
    expect(v.passed).toBe(false);
    expect(v.expected).toBe(`stdout contains "${sent}"`);
    expect(v.actual).toContain('Wed Feb  2 14:24:35 2022');
  });

  test('a fact that was never recorded (or is not text) fails', () => {
    const missing = run(evidence().program('program', (p) => p.stdout('x\n')).build(), { facts: ['server.sent1'] });
    expect(missing.passed).toBe(false);
    expect(missing.expected).toBe('the fact server.sent1 to be recorded');
    expect(missing.actual).toContain('the reference peer never got that far');
    const notText = run(evidence().fact('server.sent1', 42).program('program', (p) => p.stdout('42\n')).build(), { facts: ['server.sent1'] });
    expect(notText.passed).toBe(false);
    expect(notText.expected).toBe('the fact server.sent1 to be recorded');
  });

  test('checks the named program', () => {
    const e = evidence()
      .program('first', (p) => p.stdout('2022 Feb 2 (Wed) 14:24:35\n'))
      .program('second', (p) => p.stdout('2022 Mar 19 (Sat) 09:05:07\n'))
      .build();
    expect(run(e, { program: 'second', texts: ['2022 Mar 19 (Sat) 09:05:07'] }).passed).toBe(true);
    expect(run(e, { program: 'first', texts: ['2022 Mar 19 (Sat) 09:05:07'] }).passed).toBe(false);
    expect(run(e, { texts: ['2022'] })).toEqual({ passed: false, expected: 'the program to run', actual: 'it was never started' });
  });

  test('arguments: texts or facts are needed; defaults; unknown keys rejected', () => {
    expect(prints.args.parse({ texts: ['a'] })).toEqual({ program: 'program', texts: ['a'], facts: [] });
    const none = prints.args.safeParse({});
    expect(none.success).toBe(false);
    expect(none.error?.issues[0]?.message).toBe('give texts or facts');
    expect(prints.args.safeParse({ texts: [], facts: [] }).success).toBe(false);
    expect(prints.args.safeParse({ texts: 'a' }).success).toBe(false);
    expect(prints.args.safeParse({ texts: ['a'], stream: 'stderr' }).success).toBe(false);
  });

  test('the requirement quotes the texts, or speaks of what was received', () => {
    expect(prints.requirement(prints.args.parse({ texts: ['a', 'b'] }))).toBe('the program prints "a" and "b"');
    expect(prints.requirement(prints.args.parse({ facts: ['server.sent1'] }))).toBe('the program prints what it received');
  });
});
