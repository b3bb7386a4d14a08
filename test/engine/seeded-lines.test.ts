// Seeded typed lines: `{randomWord:N}` / `{randomHangul:N}` in a start step's stdin lines.
import { describe, expect, test } from 'vitest';
import { typedLines, withSeededLines } from '../../harness/engine/steps/seeded-lines.js';
import { seededRandom } from '../../harness/engine/random.js';
import type { RunContext } from '../../harness/engine/context.js';

const context = (seed: number) => ({ random: seededRandom(seed, 'broadcast:client/broadcasts'), evidence: { facts: {} as Record<string, unknown> } }) as unknown as RunContext;
const script = (lines: string[]) => ({ lines, eof: false });

describe('seeded typed lines', () => {
  test('placeholders become seeded words and Hangul, the same for the same seed, recorded as typed', () => {
    const a = context(7);
    const typed = withSeededLines(a, 'program', script(['hello {randomWord:6}', '방송 {randomHangul:4} 입니다', 'plain']));
    expect(typed.lines[0]).toMatch(/^hello [a-z]{6}$/);
    expect(typed.lines[1]).toMatch(/^방송 [가-힣]{4} 입니다$/);
    expect(typed.lines[2]).toBe('plain');
    expect(typed.eof).toBe(false);
    expect(typedLines(a.evidence.facts, 'program')).toEqual(typed.lines);
    expect(withSeededLines(context(7), 'program', script(['hello {randomWord:6}', '방송 {randomHangul:4} 입니다', 'plain'])).lines).toEqual(typed.lines);
    expect(withSeededLines(context(8), 'program', script(['hello {randomWord:6}'])).lines[0]).not.toBe(typed.lines[0]);
  });

  test('lines without placeholders are typed as written and nothing is recorded', () => {
    const ctx = context(1);
    const s = script(['hello', '{not a placeholder}']);
    expect(withSeededLines(ctx, 'program', s)).toBe(s);
    expect(typedLines(ctx.evidence.facts, 'program')).toBeUndefined();
  });
});
