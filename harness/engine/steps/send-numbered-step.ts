// `send-numbered`: the harness sends `count` numbered datagrams to the program's UDP port, round
// robin over one or more sockets ("message {i}" with {i} = 1..count), paced so that datagrams never
// queue in the program's socket buffer (a kernel drop there would count as the program's loss):
//   taken: the next datagram goes once the program has taken the previous one (its recvfrom/recv
//          returned, seen live through the shim) or a reply arrived; for a program not traced by
//          the shim, once a reply arrived or `pauseMs` passed (a pacing value, not a limit);
//   reply: the next datagram goes once the previous one's reply arrived; none within
//          `replyTimeoutMs` stops the run there (the checks then say which message got no reply).
// At the end it waits up to `graceMs` for the replies still missing.
import { z } from 'zod';
import type { RunContext, StepOutcome } from '../context.js';
import { waitFor } from '../../net/wait.js';
import { EventEmitter } from 'node:events';
import { isUdpReceive } from '../../model/socket-calls.js';

export const SendNumberedStep = z
  .object({
    'send-numbered': z
      .object({
        sockets: z.array(z.string()).min(1),
        program: z.string().default('program'),
        count: z.number().int().positive(),
        /** The datagram's text; {i} becomes its number (1-based). */
        text: z.string().default('message {i}'),
        pace: z.enum(['taken', 'reply']),
        /** taken: how long the program may take to read a datagram before the run stops (scaled). */
        takenTimeoutMs: z.number().int().positive().default(2000),
        /** reply: how long a reply may take before the run stops (scaled). */
        replyTimeoutMs: z.number().int().positive().default(2000),
        /** taken, untraced program: the pause after a datagram that got no reply (not scaled). */
        pauseMs: z.number().int().nonnegative().default(20),
        /** After the last datagram, how long to wait for the replies still missing (scaled). */
        graceMs: z.number().int().positive().default(1000),
      })
      .strict(),
  })
  .strict();
type SendNumberedArgs = z.infer<typeof SendNumberedStep>['send-numbered'];


export async function sendNumbered(ctx: RunContext, args: SendNumberedArgs): Promise<StepOutcome> {
  const sockets = args.sockets.map((name) => {
    const s = ctx.udps.get(name);
    if (!s) throw new Error(`scenario error: UDP socket ${name} was not created`);
    return s;
  });
  const port = ctx.boundPorts.get(args.program)?.udp;
  const program = ctx.programs.get(args.program);
  if (port === undefined || !program) throw new Error(`scenario error: program ${args.program} was not started with ready: udp-bound`);
  const host = ctx.addressOf(args.program, 'udp');
  const traced = program.evidence.traced;
  const calls = program.evidence.socketCalls;
  const callsBefore = calls.length;
  const taken = () => calls.slice(callsBefore).filter(isUdpReceive).length;
  const replies = () => sockets.reduce((n, s) => n + s.datagramsReceived, 0);
  const repliesBefore = replies();
  // One emitter for "something changed": a reply on any socket, or a socket call of the program.
  const changes = new EventEmitter();
  const onChange = () => changes.emit('change');
  for (const s of sockets) s.socket.on('message', onChange);
  program.changes.on('change', onChange);
  try {
    for (let i = 1; i <= args.count; i++) {
      const socket = sockets[(i - 1) % sockets.length]!;
      const repliesSoFar = replies();
      await socket.sendTo(Buffer.from(args.text.split('{i}').join(String(i)), 'utf8'), host, port);
      const replied = () => replies() > repliesSoFar;
      if (args.pace === 'reply') {
        if (!(await waitFor(changes, 'change', replied, ctx.ms(args.replyTimeoutMs)))) {
          return { outcome: 'timeout', note: `no reply to datagram ${i} of ${args.count} within ${(ctx.ms(args.replyTimeoutMs) / 1000).toFixed(1)} s` };
        }
      } else if (traced) {
        const done = () => taken() >= i || replied() || program.hasExited;
        if (!(await waitFor(changes, 'change', done, ctx.ms(args.takenTimeoutMs)))) {
          return { outcome: 'timeout', note: `the program did not read datagram ${i} of ${args.count} within ${(ctx.ms(args.takenTimeoutMs) / 1000).toFixed(1)} s` };
        }
        if (program.hasExited) return { outcome: 'timeout', note: `the program ended after datagram ${i} of ${args.count}` };
      } else {
        await waitFor(changes, 'change', replied, args.pauseMs);
      }
    }
    const all = repliesBefore + args.count;
    await waitFor(changes, 'change', () => replies() >= all, ctx.ms(args.graceMs));
    const got = replies() - repliesBefore;
    return { outcome: 'ok', note: `${args.count} datagrams sent (${traced ? 'each after the program read the previous one or answered' : args.pace === 'reply' ? 'each after the previous reply' : `untraced: each after a reply or a ${args.pauseMs} ms pause`}), ${got} replies` };
  } finally {
    for (const s of sockets) s.socket.off('message', onChange);
    program.changes.off('change', onChange);
  }
}
