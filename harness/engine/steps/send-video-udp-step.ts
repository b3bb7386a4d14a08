// `send-video-udp`: the harness is the course's video sender (video_UDP_client.py) for a receiver
// under test: camera frames k = 0, 1, ... each as 20 datagrams of 1 index byte + 46080 bytes.
// With `shuffle`, chunks 0..18 of every frame go in a seeded random order and chunk 19 last (the
// course's end-of-frame mark); each frame's order is recorded as a fault so a failure can show it.
//
// Pacing: 20 datagrams of 46 KB overflow a default receive buffer (the seed does not raise
// SO_RCVBUF), and a datagram the kernel drops would look like the program's fault. So each
// datagram goes once the program has taken the previous one (its recvfrom returned, seen live
// through the shim): nothing ever queues. A program not traced by the shim gets a pause instead.
// What was sent is kept as facts (`<fact>.frames`: k, chunk order, hashes of the frame and of its
// chunks joined in arrival order); the datagrams themselves are not recorded (they are the
// camera's frames, remade from k).
import dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import { z } from 'zod';
import type { RunContext, StepOutcome } from '../context.js';
import { now } from '../../model/clock.js';
import { waitFor } from '../../net/wait.js';
import { faultRandom } from '../../faults/applied-fault.js';
import { syntheticFrame } from '../../formats/video/synthetic-frame.js';
import { chunkDatagram, chunkOrder, joinedInArrivalOrder, sha256 } from '../../../reference/video/udp-video-protocol.js';
import { isUdpReceive } from '../../model/socket-calls.js';

export const SendVideoUdpStep = z
  .object({
    'send-video-udp': z
      .object({
        program: z.string().default('program'),
        frames: z.number().int().positive(),
        shuffle: z.boolean().default(false),
        /** Facts are kept under "<fact>.frames". */
        fact: z.string().default('video'),
        /** How long the program may take to read one datagram before the run stops (scaled). */
        takenTimeoutMs: z.number().int().positive().default(3000),
        /** Untraced program: the pause after each datagram (a pacing value, not a limit). */
        pauseMs: z.number().int().nonnegative().default(2),
      })
      .strict(),
  })
  .strict();
type SendVideoUdpArgs = z.infer<typeof SendVideoUdpStep>['send-video-udp'];

/** One frame the harness sent, as the checks see it. */
export interface SentVideoFrame {
  /** The camera frame number (frame k of the contract's generator). */
  k: number;
  /** The chunk indices in the order they were sent. */
  order: number[];
  sha256: string;
  /** The hash of the chunks joined in the order sent (what an arrival-order receiver shows). */
  arrivalSha256: string;
}


export async function sendVideoUdp(ctx: RunContext, args: SendVideoUdpArgs): Promise<StepOutcome> {
  const port = ctx.boundPorts.get(args.program)?.udp;
  const program = ctx.programs.get(args.program);
  if (port === undefined || !program) throw new Error(`scenario error: program ${args.program} was not started with ready: udp-bound`);
  const host = ctx.addressOf(args.program, 'udp');
  const traced = program.evidence.traced;
  const calls = program.evidence.socketCalls;
  // Datagrams the program has taken since this step began, counted as its socket calls arrive.
  let scanned = calls.length;
  let takenCount = 0;
  const taken = () => {
    for (; scanned < calls.length; scanned++) if (isUdpReceive(calls[scanned]!)) takenCount++;
    return takenCount;
  };
  const random = faultRandom(ctx.evidence.seed, ctx.evidence.scenarioId, 'send-video-udp');
  const sent: SentVideoFrame[] = [];
  ctx.evidence.facts[`${args.fact}.frames`] = sent;
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, ctx.bindHost, () => resolve()));
  const send = (data: Buffer) => new Promise<void>((resolve) => socket.send(data, port, host, () => resolve()));
  try {
    let datagrams = 0;
    for (let k = 0; k < args.frames; k++) {
      const frame = syntheticFrame(k);
      const order = chunkOrder(args.shuffle, random);
      sent.push({ k, order, sha256: sha256(frame), arrivalSha256: sha256(joinedInArrivalOrder(frame, order)) });
      if (args.shuffle) {
        (ctx.evidence.faults ??= []).push({ t: now(), at: 'send-video-udp', dir: 'to-program', kind: 'reorder', detail: `frame ${k}: chunks sent in the order ${order.join(', ')}` });
      }
      for (const index of order) {
        await send(chunkDatagram(frame, index));
        datagrams++;
        if (!traced) {
          await new Promise((r) => setTimeout(r, args.pauseMs));
          continue;
        }
        const done = () => taken() >= datagrams || program.hasExited;
        if (!(await waitFor(program.changes, 'change', done, ctx.ms(args.takenTimeoutMs)))) {
          return { outcome: 'timeout', note: `the program did not read datagram ${datagrams} (frame ${k}, chunk ${index}) within ${(ctx.ms(args.takenTimeoutMs) / 1000).toFixed(1)} s` };
        }
        if (program.hasExited && taken() < datagrams) return { outcome: 'timeout', note: `the program ended before it read datagram ${datagrams} (frame ${k}, chunk ${index})` };
      }
    }
    const how = traced ? 'each after the program read the previous one' : `untraced: ${args.pauseMs} ms apart`;
    return { outcome: 'ok', note: `${args.frames} frames sent as ${datagrams} datagrams (${how}${args.shuffle ? '; chunks 0..18 shuffled, 19 last' : ''})` };
  } finally {
    socket.close();
  }
}
