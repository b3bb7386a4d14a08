// `await-close: { conn: server#1 }`: wait until the program has closed (or reset) a recorded
// connection, e.g. a reference peer's, so that everything it sent has been read before the run
// ends (a program can exit while megabytes are still on their way). Never fails: the checks judge
// what arrived. Its zod schema, then its function.
import { z } from 'zod';
import type { RunContext, StepOutcome } from '../context.js';

export const AwaitCloseStep = z
  .object({
    'await-close': z
      .object({
        conn: z.string(),
        timeoutMs: z.number().int().positive().default(5000),
      })
      .strict(),
  })
  .strict();
type AwaitCloseArgs = z.infer<typeof AwaitCloseStep>['await-close'];

const POLL_MS = 20;

export async function awaitClose(ctx: RunContext, args: AwaitCloseArgs): Promise<StepOutcome> {
  const timeout = ctx.ms(args.timeoutMs);
  const deadline = Date.now() + timeout;
  for (;;) {
    const c = ctx.evidence.connections.find((r) => r.name === args.conn);
    if (c?.events.some((ev) => ev.kind === 'program-closed' || ev.kind === 'program-reset')) return { outcome: 'ok', note: 'the program closed it' };
    if (Date.now() >= deadline) return { outcome: 'ok', note: `${c ? 'still open' : 'never opened'} after ${(timeout / 1000).toFixed(1)} s (not required)` };
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
