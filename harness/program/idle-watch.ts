// Watching, while a step waits for an answer, whether the programs have gone idle: every thread
// asleep in a blocking network wait (idle-probe.ts), and none of them run for `settleMs`. The
// kernel reports no event for "went to sleep and stayed asleep", so this samples /proc every 50
// milliseconds, like the wait for an untraced program's bind. The step then ends with the same
// outcome it would have had at its deadline, sooner, and says what the program waits in.
//
// Only the caller knows that nothing else will send to the program during the wait (no reference
// peer, no relay): it asks for a watch only then.
import { now } from '../model/clock.js';
import { judgeIdle, sameSleep, type ThreadSample } from './idle-probe.js';
import type { RunningProgram } from './running-program.js';

const POLL_MS = 50;

export interface IdleWatch {
  /** Aborted once the programs are idle. */
  readonly signal: AbortSignal;
  /** What they wait in, once idle (for the step's note). */
  readonly waits: string | undefined;
  /** The threads as last sampled, once idle (the evidence of it). */
  readonly threads: ThreadSample[] | undefined;
  stop(): void;
}

export function watchIdle(programs: RunningProgram[], settleMs: number): IdleWatch {
  const controller = new AbortController();
  let waits: string | undefined;
  let threads: ThreadSample[] | undefined;
  let since: { t: number; samples: ThreadSample[] } | undefined;
  const poll = () => {
    const samples: ThreadSample[] = [];
    for (const program of programs) {
      if (program.hasExited) continue;
      const sample = program.idleSample();
      if (!sample) return void (since = undefined);
      samples.push(...sample);
    }
    const verdict = judgeIdle(samples);
    if (!verdict.idle) return void (since = undefined);
    // A thread that ran in between (to answer, print, or sleep again) changed its run counter.
    if (!since || !sameSleep(since.samples, samples)) {
      since = { t: now(), samples };
      return;
    }
    if (now() - since.t < settleMs) return;
    waits = verdict.waits;
    threads = samples;
    clearInterval(timer);
    controller.abort();
  };
  // The first look after POLL_MS: most waits end sooner (the answer came), and cost nothing then.
  const timer = setInterval(poll, POLL_MS);
  return {
    signal: controller.signal,
    get waits() {
      return waits;
    },
    get threads() {
      return threads;
    },
    stop: () => clearInterval(timer),
  };
}
