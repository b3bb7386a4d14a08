// `await-datagrams`: wait until each listed reference receiver (reference/shared-port-receiver.ts)
// got `count` datagrams, the end of a sender scenario. Ends early once the program is done
// sending: it ended, or made `count` send calls (sendto/sendmsg/send, failed ones too, seen live
// through the shim); a datagram it sent is in the receivers' socket buffers by then, so a grace
// (`graceMs`, 1 s scaled: generous, as only a sender that fails waits it out) is enough for them
// to read it. What did not arrive is the checks' to judge: this step never stops the run.
import { z } from 'zod';
import type { RunContext, StepOutcome } from '../context.js';
import { waitFor } from '../../net/wait.js';
import { countsDatagrams } from '../../../reference/shared-port-receiver.js';

export const AwaitDatagramsStep = z
  .object({
    'await-datagrams': z
      .object({
        peers: z.array(z.string()).min(1),
        count: z.number().int().positive(),
        program: z.string().default('program'),
        /** The longest wait (default 5 s, scaled by --timeout-scale). */
        timeoutMs: z.number().int().positive().optional(),
        /** After the program is done sending, how long the receivers may take to read (scaled). */
        graceMs: z.number().int().positive().default(1000),
      })
      .strict(),
  })
  .strict();
type AwaitDatagramsArgs = z.infer<typeof AwaitDatagramsStep>['await-datagrams'];

const SENDS = new Set(['sendto', 'sendmsg', 'send']);

export async function awaitDatagrams(ctx: RunContext, args: AwaitDatagramsArgs): Promise<StepOutcome> {
  const receivers = args.peers.map((name) => {
    const peer = ctx.peers.get(name);
    if (!peer || !countsDatagrams(peer)) throw new Error(`scenario error: ${name} is not a running reference receiver`);
    return peer;
  });
  const program = ctx.programs.get(args.program);
  if (!program) throw new Error(`scenario error: no program named ${args.program}`);
  const allArrived = (ms: number) => Promise.all(receivers.map((r) => r.waitForDatagrams(args.count, ms))).then((ok) => ok.every(Boolean));
  const doneSending = () => program.hasExited || program.evidence.socketCalls.filter((c) => SENDS.has(c.call)).length >= args.count;
  const timeout = ctx.ms(args.timeoutMs ?? 5000);
  let arrived = await Promise.race([allArrived(timeout), waitFor(program.changes, 'change', doneSending, timeout).then(() => false)]);
  if (!arrived) arrived = await allArrived(ctx.ms(args.graceMs));
  const counts = args.peers.map((name, i) => `${name} ${receivers[i]!.datagramsReceived()}`).join(', ');
  return { outcome: 'ok', note: `${arrived ? 'all arrived' : `not all arrived`}: ${counts} of ${args.count} datagrams` };
}
