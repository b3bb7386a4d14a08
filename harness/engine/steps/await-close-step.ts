// `await-close: { conn: server#1 }`: wait until the program has closed (or reset) a recorded
// connection, e.g. a reference peer's, so that everything it sent has been read before the run
// ends (a program can exit while megabytes are still on their way). Never fails: the checks judge
// what arrived. Its zod schema, then its function.
import { z } from 'zod';
import type { RunContext, StepOutcome } from '../context.js';
import { RecordedTcp } from '../../net/recorded-tcp.js';
import { waitFor } from '../../net/wait.js';

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

export async function awaitClose(ctx: RunContext, args: AwaitCloseArgs): Promise<StepOutcome> {
  const timeout = ctx.ms(args.timeoutMs);
  const record = () => ctx.evidence.connections.find((r) => r.name === args.conn);
  const closed = () => Boolean(record()?.events.some((ev) => ev.kind === 'program-closed' || ev.kind === 'program-reset'));
  // Re-checked on every change of any recorded connection (a peer's included), never on a timer.
  if (await waitFor(RecordedTcp.anyChange, 'change', closed, timeout)) return { outcome: 'ok', note: 'the program closed it' };
  return { outcome: 'ok', note: `${record() ? 'still open' : 'never opened'} after ${(timeout / 1000).toFixed(1)} s (not required)` };
}
