// TCP steps of the file labs, the harness playing one side of the course's file protocol on its
// own connection to a program that listens:
//   fetch-file: the harness is the receiver (TCP_receivefile.py) of a sending server.
//   send-file:  the harness is the sender (TCP_sendfile.py) to a receiving server (file-tcp-upload).
// Each step: its zod schema, then its function.
import { z } from 'zod';
import { now } from '../../model/clock.js';
import { RecordedTcp } from '../../net/recorded-tcp.js';
import { FileSpec, fileFact, makeTestFile } from '../../files/test-file.js';
import type { RunContext, StepOutcome } from '../context.js';
import { READY_MESSAGE, sendFile } from '../../../reference/files/tcp-file-protocol.js';

const name = z.string().regex(/^[a-z][a-z0-9-]*$/);

/** `fetch-file: { conn: c1, program: p1 }`: connect, send the ready message, read until the program
 *  closes. Then reset: the sender closed first, and a reset spares its port the TIME_WAIT that would
 *  make the next copy's bind() fail in the same scenario. */
export const FetchFileStep = z
  .object({
    'fetch-file': z
      .object({
        conn: name,
        program: name.default('program'),
        ready: z.string().default(READY_MESSAGE),
        timeoutMs: z.number().int().positive().default(10000),
      })
      .strict(),
  })
  .strict();
type FetchFileArgs = z.infer<typeof FetchFileStep>['fetch-file'];

export async function fetchFile(ctx: RunContext, args: FetchFileArgs): Promise<StepOutcome> {
  const port = ctx.boundPorts.get(args.program)?.tcp;
  if (port === undefined) throw new Error(`scenario error: program ${args.program} was not started with ready: tcp-listening`);
  const host = ctx.addressOf(args.program, 'tcp');
  const c = await RecordedTcp.connect(args.conn, host, port, ctx.ms(3000), { allowHalfOpen: true });
  if ('error' in c) {
    ctx.evidence.connections.push({ name: args.conn, transport: 'tcp', owner: 'driver', remote: `${host}:${port}`, events: [{ t: now(), kind: 'connect-failed', detail: c.error }], chunks: [] });
    return { outcome: 'timeout', note: `could not connect to port ${port}: ${c.error}` };
  }
  ctx.conns.set(args.conn, c);
  ctx.evidence.connections.push(c.record);
  await c.send(Buffer.from(args.ready, 'utf8'));
  const timeout = ctx.ms(args.timeoutMs);
  const closed = await c.waitForClose(timeout);
  c.reset();
  return closed
    ? { outcome: 'ok', note: `${c.totalReceived} bytes, then the program closed` }
    : { outcome: 'timeout', note: `the program did not close the connection within ${(timeout / 1000).toFixed(1)} s (${c.totalReceived} bytes received)` };
}

/** `send-file: { conn: c1, file: {id, name, size} }`: wait for the ready message (up to readyWaitMs,
 *  then go on), send the name, pause, send the content, close. The file is the fact `file.<id>`. */
export const SendFileStep = z
  .object({
    'send-file': z
      .object({
        conn: name,
        file: FileSpec,
        readyWaitMs: z.number().int().nonnegative().default(2000),
        pauseMs: z.number().int().nonnegative().default(300),
        /** Name and content in one segment (strict scenario `coalesced-name`). */
        coalesce: z.boolean().default(false),
      })
      .strict(),
  })
  .strict();
type SendFileArgs = z.infer<typeof SendFileStep>['send-file'];

export async function sendFileStep(ctx: RunContext, args: SendFileArgs): Promise<StepOutcome> {
  const c = ctx.conns.get(args.conn);
  if (!c) throw new Error(`scenario error: connection ${args.conn} was not opened`);
  const { file, data } = makeTestFile(args.file, ctx.random);
  ctx.evidence.facts[fileFact(file.id)] = file;
  const { sawReady } = await sendFile(c, file.name, data, { readyWaitMs: ctx.ms(args.readyWaitMs), pauseMs: args.pauseMs, coalesce: args.coalesce });
  return { outcome: 'ok', note: `${sawReady ? '' : 'no ready message; '}sent ${JSON.stringify(file.name)} and ${file.size} bytes` };
}
