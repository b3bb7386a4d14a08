// `broadcast`: the harness sends one datagram to a broadcast address (default 255.255.255.255, what
// Python's '<broadcast>' means) on one of the lab's ports, from one of its UDP sockets (the `udp`
// step) with SO_BROADCAST set, then waits until each program listed in `printedBy` has printed it
// (or has ended): the receivers are judged on what they print, so the next message goes only
// once every copy had its chance to print this one. A copy that does not print it within the
// deadline does not stop the run: the next message is still sent (without waiting for that copy
// again: it has failed already), and the check names what each copy missed.
import { z } from 'zod';
import type { RunContext, StepOutcome } from '../context.js';
import { waitFor } from '../../net/wait.js';
import { payloadBytes } from './payload.js';

export const BroadcastStep = z
  .object({
    broadcast: z
      .object({
        socket: z.string(),
        /** The lab port (a name of the scenario file's `ports`). */
        port: z.string(),
        address: z.string().default('255.255.255.255'),
        /** The message: text, or seeded lower-case letters / Hangul syllables (this many). */
        text: z.string().optional(),
        randomWord: z.number().int().positive().optional(),
        randomHangul: z.number().int().positive().optional(),
        /** The programs that must print the message before the next step (each until it ends). */
        printedBy: z.array(z.string()).default([]),
        /** How long each may take to print it (default 5 s, scaled by --timeout-scale). */
        timeoutMs: z.number().int().positive().optional(),
      })
      .strict()
      .refine((b) => [b.text, b.randomWord, b.randomHangul].filter((x) => x !== undefined).length === 1, { message: 'give exactly one of text, randomWord, randomHangul' }),
  })
  .strict();
type BroadcastArgs = z.infer<typeof BroadcastStep>['broadcast'];

/** Per run, the programs that already let a message's deadline pass. */
const late = new WeakMap<RunContext, Set<string>>();

export async function broadcast(ctx: RunContext, args: BroadcastArgs): Promise<StepOutcome> {
  const socket = ctx.udps.get(args.socket);
  if (!socket) throw new Error(`scenario error: UDP socket ${args.socket} was not created`);
  const port = ctx.evidence.ports[args.port];
  if (port === undefined) throw new Error(`scenario error: the lab has no port named ${args.port}`);
  const data = payloadBytes(ctx, args);
  const text = data.toString('utf8');
  socket.socket.setBroadcast(true);
  const printedFrom = new Map([...args.printedBy].map((name) => [name, ctx.programs.get(name)?.evidence.stdout.length ?? 0]));
  await socket.sendTo(data, args.address, port);
  const timeout = ctx.ms(args.timeoutMs ?? 5000);
  const missing: string[] = [];
  const missedBefore = late.get(ctx) ?? new Set<string>();
  late.set(ctx, missedBefore);
  await Promise.all(
    args.printedBy.filter((name) => !missedBefore.has(name)).map(async (name) => {
      const program = ctx.programs.get(name);
      if (!program) throw new Error(`scenario error: no program named ${name}`);
      const from = printedFrom.get(name)!;
      const printed = () => program.evidence.stdout.slice(from).includes(text);
      await waitFor(program.changes, 'change', () => printed() || program.hasExited, timeout);
      if (!printed()) {
        missing.push(name);
        missedBefore.add(name);
      }
    }),
  );
  const sent = `${data.length} bytes to ${args.address}:${port}`;
  return { outcome: 'ok', note: missing.length ? `${sent}; not printed by ${missing.join(', ')}` : `${sent}, printed by ${args.printedBy.join(', ') || 'no program asked'}` };
}
