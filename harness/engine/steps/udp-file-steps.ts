// `send-file-udp`: the harness sends a file to a program's UDP port with the course's protocol
// (UDP_file_sr.py s; with `ackEach`, exercise 11-8's stop-and-wait). Its zod schema, then its function.
import { z } from 'zod';
import { FileSpec, fileFact, makeTestFile } from '../../files/test-file.js';
import type { RunContext, StepOutcome } from '../context.js';
import { CHUNK_BYTES, sendFileUdp } from '../../../reference/files/udp-file-protocol.js';

export const SendFileUdpStep = z
  .object({
    'send-file-udp': z
      .object({
        socket: z.string(),
        program: z.string().default('program'),
        file: FileSpec,
        chunkBytes: z.number().int().positive().default(CHUNK_BYTES),
        paceMs: z.number().int().nonnegative().default(20),
        ackEach: z.boolean().default(false),
        okTimeoutMs: z.number().int().positive().default(2000),
        /** With ackEach: how long to wait for each ACK; after a missing one the rest is paced. */
        ackTimeoutMs: z.number().int().positive().default(1000),
      })
      .strict(),
  })
  .strict();
type SendFileUdpArgs = z.infer<typeof SendFileUdpStep>['send-file-udp'];

export async function sendFileUdpStep(ctx: RunContext, args: SendFileUdpArgs): Promise<StepOutcome> {
  const socket = ctx.udps.get(args.socket);
  if (!socket) throw new Error(`scenario error: UDP socket ${args.socket} was not created`);
  const port = ctx.boundPorts.get(args.program)?.udp;
  if (port === undefined) throw new Error(`scenario error: program ${args.program} was not started with ready: udp-bound`);
  const { file, data } = makeTestFile(args.file, ctx.random);
  ctx.evidence.facts[fileFact(file.id)] = file;
  const outcome = await sendFileUdp(socket, ctx.addressOf(args.program, 'udp'), port, file.name, data, {
    chunkBytes: args.chunkBytes,
    paceMs: args.paceMs,
    ackEach: args.ackEach,
    okTimeoutMs: ctx.ms(args.okTimeoutMs),
    ackTimeoutMs: ctx.ms(args.ackTimeoutMs),
  });
  if (!outcome.ok) return { outcome: 'timeout', note: `no answer to the file name within ${(ctx.ms(args.okTimeoutMs) / 1000).toFixed(1)} s` };
  const acks = outcome.missingAck !== undefined ? `; no ACK for chunk ${outcome.missingAck}, the rest paced` : '';
  return { outcome: 'ok', note: `sent ${JSON.stringify(file.name)}: ${file.size} bytes in ${outcome.chunks} chunks${acks}` };
}
