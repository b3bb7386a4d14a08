// Steps on the harness's own TCP connections to the program (the program is the server).
import { now } from '../../model/clock.js';
import { RecordedTcp } from '../../net/recorded-tcp.js';
import type { RunContext, StepOutcome } from '../context.js';
import type { Step } from '../../scenario/schema.js';
import { payloadBytes, type PayloadFields } from './payload.js';
import { echoState, replyState, type AnswerState } from '../../formats/answers.js';
import { idleNote, untilIdle, untilNote } from '../idle-programs.js';

type ReceiveArgs = Extract<Step, { receive: unknown }>['receive'];
type ExchangeArgs = Extract<Step, { exchange: unknown }>['exchange'];

/** The scenario's deadline for an answer (LABS.md: how fast a program answers is not judged below it). */
const DEADLINE_MS = 5000;

function conn(ctx: RunContext, name: string): RecordedTcp {
  const c = ctx.conns.get(name);
  if (!c) throw new Error(`scenario error: connection ${name} was not opened`);
  return c;
}

export async function connect(ctx: RunContext, args: { conn: string; program: string }): Promise<StepOutcome> {
  const port = ctx.boundPorts.get(args.program)?.tcp;
  if (port === undefined) throw new Error(`scenario error: program ${args.program} was not started with ready: tcp-listening`);
  const host = ctx.addressOf(args.program, 'tcp');
  const result = await RecordedTcp.connect(args.conn, host, port, ctx.ms(3000));
  if ('error' in result) {
    ctx.evidence.connections.push({ name: args.conn, transport: 'tcp', owner: 'driver', remote: `${host}:${port}`, events: [{ t: now(), kind: 'connect-failed', detail: result.error }], chunks: [] });
    return { outcome: 'timeout', note: `could not connect to port ${port}: ${result.error}` };
  }
  ctx.conns.set(args.conn, result);
  ctx.evidence.connections.push(result.record);
  return { outcome: 'ok', note: `connected from ${result.record.local}` };
}

export async function send(ctx: RunContext, args: { conn: string } & PayloadFields): Promise<StepOutcome> {
  const data = payloadBytes(ctx, args);
  ctx.lastSent.set(args.conn, data);
  await conn(ctx, args.conn).send(data);
  return { outcome: 'ok', note: `${data.length} bytes` };
}

export async function receive(ctx: RunContext, args: ReceiveArgs): Promise<StepOutcome> {
  const c = conn(ctx, args.conn);
  const timeout = ctx.ms(args.timeoutMs ?? DEADLINE_MS);
  const before = c.totalReceived;
  if (args.until === 'close') {
    const { value: closed, idle } = await untilIdle(ctx, (signal) => c.waitForClose(timeout, signal));
    if (closed) return { outcome: 'ok', note: 'the program closed the connection' };
    return { outcome: 'timeout', note: `the program did not close the connection${untilNote(ctx, idle, timeout)}` };
  }
  if (args.until === 'message') return receiveMessage(ctx, c, before, args.complete, timeout);
  const wanted = args.until === 'echo' ? (ctx.lastSent.get(args.conn)?.length ?? 1) : args.until.bytes;
  return waitForBytes(ctx, c, before + wanted, timeout, wanted);
}

/** A message ends when the program closes, when `complete` matches, at the deadline, or when the
 *  program went idle: never at a pause. */
async function receiveMessage(ctx: RunContext, c: RecordedTcp, before: number, complete: string | undefined, timeout: number): Promise<StepOutcome> {
  const pattern = complete !== undefined ? new RegExp(complete) : undefined;
  const { value: matched, idle } = await untilIdle(ctx, (signal) => c.waitForAnswer(before, (got) => pattern !== undefined && pattern.test(got.toString('utf8')), timeout, signal));
  const bytes = `${c.totalReceived - before} bytes`;
  if (matched) return { outcome: 'ok', note: `${bytes}, a complete message` };
  if (c.programClosed) return { outcome: 'ok', note: `${bytes}, then the program closed the connection` };
  if (idle) return { outcome: 'ok', note: `${bytes}, then ${idleNote(ctx, idle)}` };
  return { outcome: 'ok', note: `${bytes} by the deadline (${(timeout / 1000).toFixed(1)} s)` };
}

async function waitForBytes(ctx: RunContext, c: RecordedTcp, total: number, timeout: number, wanted: number): Promise<StepOutcome> {
  const before = total - wanted;
  const { value: got, idle } = await untilIdle(ctx, (signal) => c.waitForTotal(total, timeout, signal));
  if (got) return { outcome: 'ok', note: `${wanted} bytes` };
  const received = c.totalReceived - before;
  const why = c.programClosed ? 'the program closed the connection' : idle ? idleNote(ctx, idle) : `${(timeout / 1000).toFixed(1)} s passed`;
  return { outcome: 'timeout', note: `waited for ${wanted} bytes, got ${received} before ${why}` };
}

export async function exchange(ctx: RunContext, args: ExchangeArgs): Promise<StepOutcome> {
  const c = conn(ctx, args.conn);
  const timeout = ctx.ms(args.timeoutMs ?? DEADLINE_MS);
  for (const [i, message] of args.messages.entries()) {
    const data = payloadBytes(ctx, message);
    ctx.lastSent.set(args.conn, data);
    if (message.reply !== undefined) recordExpectedReply(ctx, args.conn, c, message.reply);
    const before = c.totalReceived;
    await c.send(data);
    const state = (got: Buffer): AnswerState =>
      args.await === 'echo' ? echoState(got, data) : args.await === 'reply' ? replyState(got, message.reply ?? '') : got.length > 0 ? 'complete' : 'partial';
    const { idle } = await untilIdle(ctx, (signal) => c.waitForAnswer(before, (got) => state(got) !== 'partial', timeout, signal));
    const outcome = state(c.receivedData().subarray(before));
    if (outcome === 'complete') continue;
    const why =
      outcome === 'wrong' ? 'the answer differs from what was expected'
      : c.programClosed ? 'the program closed the connection before answering in full'
      : `no complete answer${untilNote(ctx, idle, timeout)}`;
    if (!args.required) return { outcome: 'ok', note: `message ${i + 1} of ${args.messages.length}: ${why} (not required)` };
    return { outcome: 'timeout', note: `message ${i + 1} of ${args.messages.length}: ${why}` };
  }
  return { outcome: 'ok', note: `${args.messages.length} messages answered` };
}

/** The reply a message expects, keyed by the message's position on its connection (for the `replies` check). */
function recordExpectedReply(ctx: RunContext, conn: string, c: RecordedTcp, reply: string): void {
  const key = `${conn}.expectedReplies`;
  const list = (ctx.evidence.facts[key] ??= []) as { message: number; reply: string }[];
  list.push({ message: c.record.chunks.filter((k) => k.dir === 'to-program').length, reply });
}

export async function close(ctx: RunContext, args: { conn: string; how: 'graceful' | 'reset' }): Promise<StepOutcome> {
  const c = conn(ctx, args.conn);
  if (args.how === 'reset') c.reset();
  else c.closeGraceful();
  return { outcome: 'ok' };
}
