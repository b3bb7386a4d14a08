// `await-datagrams`: wait until each listed reference receiver (reference/shared-port-receiver.ts)
// got every one of `texts` or of the lines typed to `typedTo` (a datagram with that text,
// surrounding whitespace aside), or `count` datagrams: the end of a sender scenario. Ends early once the program is done sending: it ended,
// or it asked for a line after the last one typed (seen live through the shim), so every typed line
// has been sent and is in the receivers' socket buffers by then; a grace (`graceMs`, 1 s scaled:
// generous, as only a sender that fails waits it out) lets them read it. What did not arrive is the
// checks' to judge: this step never stops the run.
import { z } from 'zod';
import type { RunContext, StepOutcome } from '../context.js';
import { waitFor } from '../../net/wait.js';
import { typedLines } from './seeded-lines.js';
import type { RunningPeer } from '../../../reference/peer.js';
import type { DatagramCounter } from '../../../reference/shared-port-receiver.js';

/** (Checked by shape: the step registry loads no reference code, workers start fast.) */
const countsDatagrams = (peer: RunningPeer): peer is RunningPeer & DatagramCounter => typeof (peer as Partial<DatagramCounter>).waitUntil === 'function';

export const AwaitDatagramsStep = z
  .object({
    'await-datagrams': z
      .object({
        peers: z.array(z.string()).min(1),
        /** What each receiver must get: these texts, the lines typed to this program (seeded ones
         *  included, harness/engine/steps/seeded-lines.ts), or just this many datagrams. */
        texts: z.array(z.string()).min(1).optional(),
        typedTo: z.string().optional(),
        count: z.number().int().positive().optional(),
        program: z.string().default('program'),
        /** The longest wait (default 5 s, scaled by --timeout-scale). */
        timeoutMs: z.number().int().positive().optional(),
        /** After the program is done sending, how long the receivers may take to read (scaled). */
        graceMs: z.number().int().positive().default(1000),
      })
      .strict()
      .refine((a) => [a.texts, a.typedTo, a.count].filter((x) => x !== undefined).length === 1, { message: 'give one of texts, typedTo, count' }),
  })
  .strict();
type AwaitDatagramsArgs = z.infer<typeof AwaitDatagramsStep>['await-datagrams'];

export async function awaitDatagrams(ctx: RunContext, args: AwaitDatagramsArgs): Promise<StepOutcome> {
  const receivers = args.peers.map((name) => {
    const peer = ctx.peers.get(name);
    if (!peer || !countsDatagrams(peer)) throw new Error(`scenario error: ${name} is not a running reference receiver`);
    return peer;
  });
  const program = ctx.programs.get(args.program);
  if (!program) throw new Error(`scenario error: no program named ${args.program}`);
  const texts = args.typedTo !== undefined ? typedLines(ctx.evidence.facts, args.typedTo) : args.texts;
  if (args.typedTo !== undefined && !texts) throw new Error(`scenario error: no seeded lines were typed to ${args.typedTo}`);
  const complete = (datagrams: Buffer[]) => {
    if (texts === undefined) return datagrams.length >= args.count!;
    const got = new Set(datagrams.map((d) => d.toString('utf8').trim()));
    return texts.every((t) => got.has(t.trim()));
  };
  const allArrived = (ms: number) => Promise.all(receivers.map((r) => r.waitUntil(complete, ms))).then((ok) => ok.every(Boolean));
  const doneSending = () => program.hasExited || program.askedBeyondScript;
  const timeout = ctx.ms(args.timeoutMs ?? 5000);
  let arrived = await Promise.race([allArrived(timeout), waitFor(program.changes, 'change', doneSending, timeout).then(() => false)]);
  if (!arrived) arrived = await allArrived(ctx.ms(args.graceMs));
  const counts = args.peers.map((name, i) => `${name} ${receivers[i]!.datagrams().length}`).join(', ');
  return { outcome: 'ok', note: `${arrived ? 'everything arrived' : 'not everything arrived'} (datagrams: ${counts})` };
}
