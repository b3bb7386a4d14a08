// The class run's progress: one live line rewritten in place on a terminal, one plain line per
// student elsewhere (CI logs).
import { describe, expect, test } from 'vitest';
import { ProgressLine } from '../../harness/grade/progress-line.js';
import type { StudentGrade } from '../../harness/model/class-result.js';

function student(name: string, statuses: string[], points: number): StudentGrade {
  const scenarios = statuses.map((status, i) => ({ scenario: `s${i}`, status, points: status === 'passed' ? 1 : 0, max: 1 }));
  return { name, folder: `/class/${name}`, points, max: statuses.length, labs: [{ id: 'echo:server', run: {} as never, scenarios: scenarios as never, points, max: statuses.length }] };
}

describe('progress line', () => {
  test('on a terminal: one line rewritten in place, with done of total, elapsed, an estimate and failures', () => {
    const out: string[] = [];
    const p = new ProgressLine(3, (t) => out.push(t), true);
    p.studentDone(student('kim', ['passed', 'failed'], 1));
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^\r\x1b\[K1 of 3 students graded, \d+s elapsed, about \d+s left, 1 with failures$/);
    p.studentDone(student('lee', ['passed', 'passed'], 2));
    p.studentDone(student('park', ['passed', 'passed'], 2));
    // The last one has nothing left to estimate.
    expect(out[2]).toMatch(/^\r\x1b\[K3 of 3 students graded, \d+s elapsed, 1 with failures$/);
    p.end();
    expect(out.at(-1)).toBe('\n');
  });

  test('elsewhere: one plain line per student, with points and passes per lab:role, no escape codes', () => {
    const out: string[] = [];
    const p = new ProgressLine(2, (t) => out.push(t), false);
    p.studentDone(student('김민수', ['passed', 'failed', 'error'], 1));
    p.end();
    expect(out).toEqual(['[1/2] 김민수  1/3  echo:server 1/3 passed\n']);
  });

  test('a resume counts the students graded before, and its estimate uses only this run\'s pace', () => {
    const out: string[] = [];
    const p = new ProgressLine(4, (t) => out.push(t), true);
    p.alreadyDone([student('a', ['failed'], 0), student('b', ['passed'], 1)]);
    expect(p.status()).toMatch(/^2 of 4 students graded, \d+s elapsed, 1 with failures$/);
    p.studentDone(student('c', ['passed'], 1));
    expect(out[0]).toMatch(/3 of 4 students graded, .*about \d+s left, 1 with failures$/);
  });
});
