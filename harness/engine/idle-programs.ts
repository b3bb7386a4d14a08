// A step that waits for the program to answer, close or bind may end before its deadline once
// the program is idle (harness/program/idle-watch.ts): its outcome is the one the deadline would
// have given, only sooner. Only while nothing but the step itself could send to the program: no
// reference peer or relay runs in the scenario.
import { now } from '../model/clock.js';
import { watchIdle } from '../program/idle-watch.js';
import type { RunContext } from './context.js';

/** How long every thread must have stayed asleep (scaled by --timeout-scale). */
const SETTLE_MS = 250;

/** Runs `wait` with a signal that fires when the programs go idle; `idle` says what they wait in, if they did. */
export async function untilIdle<T>(ctx: RunContext, wait: (signal: AbortSignal | undefined) => Promise<T>): Promise<{ value: T; idle: string | undefined }> {
  const watch = ctx.peers.size === 0 ? watchIdle([...ctx.programs.values()], ctx.ms(SETTLE_MS)) : undefined;
  try {
    const value = await wait(watch?.signal);
    if (watch?.waits) {
      // The evidence of it, with each step that ended so: what every thread waited in.
      const list = (ctx.evidence.facts.idle ??= []) as unknown[];
      list.push({ t: now(), settleMs: ctx.ms(SETTLE_MS), threads: watch.threads?.map(({ nsPid, tid, state, wchan }) => ({ pid: nsPid, tid, state, wchan })) });
    }
    return { value, idle: watch?.waits };
  } finally {
    watch?.stop();
  }
}

/** In every note of a step that ended early (reports quote such notes: labcheck check). */
export const IDLE_NOTE_MARK = 'which nothing in this test will wake';

/** The end of a step's note when it ended early: why waiting longer would change nothing. */
export function idleNote(ctx: RunContext, waits: string): string {
  return `every thread of it is blocked in ${waits}, ${IDLE_NOTE_MARK} (checked for ${(ctx.ms(SETTLE_MS) / 1000).toFixed(2)} s)`;
}

/** How a note that nothing came ends: ` within 5.0 s` at the deadline, or `: <idleNote>` when the
 *  program went idle first. */
export function untilNote(ctx: RunContext, idle: string | undefined, timeoutMs: number): string {
  return idle ? `: ${idleNote(ctx, idle)}` : ` within ${(timeoutMs / 1000).toFixed(1)} s`;
}
