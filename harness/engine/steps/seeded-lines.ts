// Typed lines drawn from the run's seed: in a `start` step's stdin lines, `{randomWord:N}` (N
// lower-case letters) and `{randomHangul:N}` (N Hangul syllables) are replaced when the program
// starts, so no hard-coded answer can match them and a rerun with the same seed types the same.
// The lines as typed are recorded as the fact `<program>.typed` for the steps and checks after.
import type { RunContext } from '../context.js';
import type { StdinScript } from '../../scenario/schema.js';
import { randomHangul, randomWord } from '../random.js';

const PLACEHOLDER = /\{(randomWord|randomHangul):(\d+)\}/g;
const HAS_PLACEHOLDER = /\{(randomWord|randomHangul):\d+\}/;

export function withSeededLines(ctx: RunContext, program: string, script: StdinScript): StdinScript {
  if (!script.lines.some((line) => HAS_PLACEHOLDER.test(line))) return script;
  const lines = script.lines.map((line) =>
    line.replace(PLACEHOLDER, (_all, kind: string, n: string) => (kind === 'randomWord' ? randomWord(ctx.random, Number(n)) : randomHangul(ctx.random, Number(n)))),
  );
  ctx.evidence.facts[typedFact(program)] = lines;
  return { ...script, lines };
}

export const typedFact = (program: string) => `${program}.typed`;

/** The lines typed to `program` (after the seeded values were drawn), if they were recorded. */
export function typedLines(facts: Record<string, unknown>, program: string): string[] | undefined {
  const lines = facts[typedFact(program)];
  return Array.isArray(lines) ? (lines as string[]) : undefined;
}
