// `modbus-request: { conn, fc, unit, start, count | value, split }`: send one Modbus/TCP request on
// a harness connection to the program (a slave) and wait for its whole reply: complete once 6 +
// Length bytes arrived, never judged at a pause (the deadline is 5 s, scaled). The transaction id
// (and an FC06 value not given) are drawn from the run's seed. `split` cuts the request at these
// byte offsets: each part is written once the program has taken the one before (its recorded
// recv returned; a program not under the Python shim gets a fixed pause instead), on a no-delay
// socket, so the parts are separate segments. Each request is recorded as a fact
// (`<conn>.modbus`) for the `modbus-reply` check. Its zod schema, then its function.
import { z } from 'zod';
import type { RunContext, StepOutcome } from '../context.js';
import { randomInt } from '../random.js';
import { waitFor } from '../../net/wait.js';
import { encodeFrame, frameSize, readHoldingRegisters, writeSingleRegister, READ_HOLDING_REGISTERS, WRITE_SINGLE_REGISTER } from '../../formats/modbus/frame.js';
import type { RunningProgram } from '../../program/running-program.js';
import { RECEIVE_CALLS } from '../../model/socket-calls.js';

const word = z.number().int().min(0).max(65535);

export const ModbusRequestStep = z
  .object({
    'modbus-request': z
      .object({
        conn: z.string(),
        program: z.string().default('program'),
        /** The function code: 3 (read holding registers), 6 (write single register) or any other,
         *  sent with `data` as its PDU data. */
        fc: z.number().int().min(1).max(127),
        unit: z.number().int().min(0).max(255).default(1),
        /** FC03: the first register; FC06: the register written. */
        start: word.default(0),
        /** FC03: how many registers. */
        count: z.number().int().min(1).max(125).default(10),
        /** FC06: the value written (drawn from the run's seed when not given). */
        value: word.optional(),
        /** Other function codes: the PDU data after the function code, hex. */
        data: z.string().regex(/^([0-9a-fA-F]{2})*$/).default(''),
        /** Byte offsets at which the request is cut into separate writes, e.g. [3]. */
        split: z.array(z.number().int().positive()).default([]),
        timeoutMs: z.number().int().positive().default(5000),
      })
      .strict(),
  })
  .strict();
type ModbusRequestArgs = z.infer<typeof ModbusRequestStep>['modbus-request'];

/** What the `modbus-reply` check needs of each request: its bytes, and where its reply starts. */
export interface SentModbusRequest {
  request: string;
  /** Bytes received on the connection before the request was sent. */
  receivedBefore: number;
  split: number[];
}

/** How long a part waits for a program not under the shim (its reads are not seen) before the next. */
const UNTRACED_PAUSE_MS = 200;
/** How long a part waits for the program's recv before the next part is written anyway. */
const TAKE_MS = 2000;

function buildRequest(ctx: RunContext, args: ModbusRequestArgs, transactionId: number): Buffer {
  if (args.fc === READ_HOLDING_REGISTERS) return readHoldingRegisters(transactionId, args.unit, args.start, args.count);
  if (args.fc === WRITE_SINGLE_REGISTER) return writeSingleRegister(transactionId, args.unit, args.start, args.value ?? randomInt(ctx.random, 256, 65535));
  return encodeFrame({ transactionId, unitId: args.unit, functionCode: args.fc, data: Buffer.from(args.data, 'hex') });
}

export async function modbusRequest(ctx: RunContext, args: ModbusRequestArgs): Promise<StepOutcome> {
  const c = ctx.conns.get(args.conn);
  if (!c) throw new Error(`scenario error: connection ${args.conn} was not opened`);
  const key = `${args.conn}.modbus`;
  const sent = (ctx.evidence.facts[key] ??= []) as SentModbusRequest[];
  // A fresh transaction id each time (never 0, never the one before), so an echo of a stale one shows.
  const used = new Set(sent.map((s) => Buffer.from(s.request, 'hex').readUInt16BE(0)));
  let transactionId = randomInt(ctx.random, 1, 65535);
  while (used.has(transactionId)) transactionId = randomInt(ctx.random, 1, 65535);
  const request = buildRequest(ctx, args, transactionId);
  const cuts = [...new Set(args.split.filter((n) => n < request.length))].sort((a, b) => a - b);
  if (cuts.length !== args.split.length) throw new Error(`scenario error: split points must be distinct and inside the ${request.length}-byte request`);
  const before = c.totalReceived;
  sent.push({ request: request.toString('hex'), receivedBefore: before, split: cuts });

  const program = ctx.programs.get(args.program);
  const bounds = [0, ...cuts, request.length];
  let waited = '';
  for (let i = 0; i + 1 < bounds.length; i++) {
    const part = request.subarray(bounds[i], bounds[i + 1]);
    const from = program?.evidence.socketCalls.length ?? 0;
    await c.send(part);
    if (i + 2 < bounds.length && !c.programClosed) waited = await waitUntilTaken(ctx, program, from, part.length);
  }
  const timeout = ctx.ms(args.timeoutMs);
  const complete = (got: Buffer) => frameSize(got) !== undefined && got.length >= frameSize(got)!;
  if (await c.waitForAnswer(before, complete, timeout)) return { outcome: 'ok', note: `a whole reply${waited}` };
  const got = c.totalReceived - before;
  const why = c.programClosed ? 'the program closed the connection' : `${(timeout / 1000).toFixed(1)} s passed`;
  return { outcome: 'timeout', note: `no whole reply: ${got} bytes before ${why}${waited}` };
}

/** Wait until the program's recv calls since `from` took `size` bytes (or, untraced, a pause). */
async function waitUntilTaken(ctx: RunContext, program: RunningProgram | undefined, from: number, size: number): Promise<string> {
  if (!program?.evidence.traced) {
    await new Promise((r) => setTimeout(r, ctx.ms(UNTRACED_PAUSE_MS)));
    return ` (parts ${UNTRACED_PAUSE_MS} ms apart: the program's reads are not traced)`;
  }
  const taken = () => program.evidence.socketCalls.slice(from).reduce((n, call) => n + (RECEIVE_CALLS.has(call.call) && call.kind === 'tcp' && !call.error ? (call.size ?? 0) : 0), 0);
  if (await waitFor(program.changes, 'change', () => taken() >= size || program.hasExited, ctx.ms(TAKE_MS))) return '';
  return ` (the program had not read the first ${size} bytes within ${(ctx.ms(TAKE_MS) / 1000).toFixed(1)} s: the rest was sent anyway)`;
}
