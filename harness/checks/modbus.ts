// Modbus/TCP checks. `modbus-reply` (the program is a slave): every request the `modbus-request`
// steps sent on a connection got the reply a strict validator accepts (harness/formats/modbus/
// reply-check.ts). `master-request` (the program is a master): the reference slave received a
// well-formed request of the function asked for, with the fields the lab fixes. `prints-registers`:
// the master printed every register value of the slave's reply after it arrived.
import { z } from 'zod';
import type { ConnectionRecord, Evidence, ProgramEvidence, SocketCall } from '../model/evidence.js';
import { defineCheck, fail, pass } from './check.js';
import { bytes, connection, notConnected, peerConnections, program, show } from './queries.js';
import { hex, hex16, parseFrame, READ_HOLDING_REGISTERS, splitFrames, twoWords, WRITE_SINGLE_REGISTER, type ModbusFrame } from '../formats/modbus/frame.js';
import { checkReply } from '../formats/modbus/reply-check.js';
import type { SentModbusRequest } from '../engine/steps/modbus-request-step.js';
import { RECEIVE_CALLS } from '../model/socket-calls.js';

/** "FC03 read 10 registers from 0, unit 1" */
export function describeRequest(request: Buffer): string {
  const f = parseFrame(request);
  if (!f) return hex(request);
  const [a, b] = twoWords(f) ?? [0, 0];
  const what =
    f.functionCode === READ_HOLDING_REGISTERS ? `FC03 read ${b} registers from ${a}` : f.functionCode === WRITE_SINGLE_REGISTER ? `FC06 write ${b} to register ${a}` : `function ${f.functionCode} (0x${f.functionCode.toString(16)})`;
  return `${what}, unit ${f.unitId}, transaction id ${hex16(f.transactionId)}`;
}

const programEnded = (c: ConnectionRecord) => c.events.some((ev) => ev.kind === 'program-closed' || ev.kind === 'program-reset');

export const modbusReply = defineCheck({
  name: 'modbus-reply',
  summary: 'each Modbus request on the connection gets a byte-exact reply (ids echoed, protocol 0, Length, byte count, FC06 echo, exception 01)',
  args: z.object({ conn: z.string() }).strict(),
  requirement: () => 'each request is answered with a byte-exact Modbus/TCP reply',
  run(e, args) {
    const unconnected = notConnected(e, args.conn);
    if (unconnected) return fail('a connection to the slave', unconnected);
    const c = connection(e, args.conn)!;
    const sent = (e.facts[`${args.conn}.modbus`] ?? []) as SentModbusRequest[];
    if (sent.length === 0) return fail('requests sent', 'no Modbus request was sent (the run stopped before; see the steps)');
    const received = bytes(c, 'from-program');
    for (const [i, s] of sent.entries()) {
      const request = Buffer.from(s.request, 'hex');
      const end = sent[i + 1]?.receivedBefore ?? received.length;
      const reply = received.subarray(s.receivedBefore, end);
      const verdict = checkReply(request, reply, end === received.length && programEnded(c));
      if (verdict.ok) continue;
      const split = s.split.length ? `, sent in ${s.split.length + 1} segments cut after byte ${s.split.join(', ')}` : '';
      return fail(`the reply to request ${i + 1} of ${sent.length} (${describeRequest(request)}${split})`, verdict.summary, verdict.details);
    }
    return pass([`${sent.length} request${sent.length === 1 ? '' : 's'} answered byte-exactly`]);
  },
});

/** The frames the program sent to the reference slave, in order, over all its connections, and
 *  every byte it sent. */
function framesToSlave(e: Evidence, peer: string): { frames: { frame: ModbusFrame; bytes: Buffer }[]; raw: Buffer } {
  const frames: { frame: ModbusFrame; bytes: Buffer }[] = [];
  let raw = Buffer.alloc(0);
  for (const conn of peerConnections(e, peer)) {
    const stream = bytes(conn, 'from-program');
    raw = Buffer.concat([raw, stream]);
    frames.push(...splitFrames(stream).frames);
  }
  return { frames, raw };
}

/** The fields of whatever bytes the program sent, read where a request has them even when its
 *  Length does not make a whole frame (a missing field stays undefined). */
function looseFrame(b: Buffer): ModbusFrame {
  const u16 = (at: number) => (b.length >= at + 2 ? b.readUInt16BE(at) : NaN);
  return { transactionId: u16(0), protocolId: u16(2), length: u16(4), unitId: b[6] ?? NaN, functionCode: b[7] ?? NaN, data: Buffer.from(b.subarray(8, 12)) };
}

interface Wanted {
  fc: number;
  start: number;
  count?: number | undefined;
  value?: number | undefined;
}

/** Each field the lab fixes: expected, got. */
function fieldRows(f: ModbusFrame, want: Wanted): { name: string; want: string; got: string; ok: boolean }[] {
  const words = twoWords(f);
  const [second, secondName] = want.fc === READ_HOLDING_REGISTERS ? [want.count, 'count'] : [want.value, 'value'];
  const rows = [
    { name: 'protocol id', want: 0, got: f.protocolId },
    { name: 'length', want: 6, got: f.length },
    { name: 'function', want: want.fc, got: f.functionCode },
    { name: want.fc === READ_HOLDING_REGISTERS ? 'start address' : 'address', want: want.start, got: words?.[0] },
    { name: secondName, want: second, got: words?.[1] },
  ];
  const present = (v: number | undefined): v is number => v !== undefined && !Number.isNaN(v);
  return rows.map((r) => ({ name: r.name, want: r.want === undefined ? 'any' : hex16(r.want), got: present(r.got) ? hex16(r.got) : 'missing', ok: r.want === undefined || r.want === r.got }));
}

export const masterRequest = defineCheck({
  name: 'master-request',
  summary: 'the master sent a well-formed Modbus/TCP request with the function, address and count/value the lab fixes',
  args: z
    .object({
      peer: z.string(),
      fc: z.union([z.literal(3), z.literal(6)]),
      start: z.number().int().default(0),
      count: z.number().int().optional(),
      value: z.number().int().optional(),
    })
    .strict(),
  requirement: (a) => (a.fc === 3 ? `an FC03 request for ${a.count ?? 'n'} registers from ${a.start} (protocol id 0, Length 6)` : `an FC06 request writing ${a.value ?? 'a value'} to register ${a.start} (protocol id 0, Length 6)`),
  run(e, args) {
    const conns = peerConnections(e, args.peer);
    if (conns.length === 0) return fail('a connection to the slave', 'the program never connected to the slave');
    const { frames, raw } = framesToSlave(e, args.peer);
    if (raw.length === 0) return fail('a request', 'the program connected but sent nothing');
    const wanted = (f: ModbusFrame) => fieldRows(f, args).every((r) => r.ok) && f.data.length === 4;
    const good = frames.find((f) => wanted(f.frame));
    if (good) return pass([`request ${hex(good.bytes)}`]);
    // Judge the request of this function (a master may send both), else the first thing it sent.
    const same = frames.find((f) => f.frame.functionCode === args.fc) ?? frames[0] ?? { frame: looseFrame(raw), bytes: raw };
    const rows = fieldRows(same.frame, args);
    const wrong = rows.filter((r) => !r.ok);
    const details = rows.map((r) => `${r.name.padEnd(15)} expected ${r.want.padEnd(8)} got ${r.got}${r.ok ? '' : '   ✗'}`);
    details.push(`got       ${hex(same.bytes)}`, `(every byte the slave received: ${hex(raw)})`);
    const actual = wrong.length ? wrong.map((r) => `${r.name} ${r.got} (expected ${r.want})`).join(', ') : `${same.frame.data.length} data bytes after the function code, 4 expected`;
    return fail(`FC0${args.fc} ${args.fc === 3 ? `start ${args.start}, count ${args.count}` : `address ${args.start}, value ${args.value}`}, protocol id 0, Length 6`, actual, details);
  },
});


/** The ways a register value may appear in what a master prints: decimal, hex (0x and leading
 *  zeros optional), or its two bytes in a hex dump ("04 d2"). */
export function valuePrinted(text: string, value: number): boolean {
  const h = value.toString(16);
  const [hi, lo] = [(value >> 8).toString(16).padStart(2, '0'), (value & 0xff).toString(16).padStart(2, '0')];
  const decimal = new RegExp(`(?<![0-9])${value}(?![0-9])`);
  const hexNumber = new RegExp(`(?<![0-9a-z])(0x)?0*${h}(?![0-9a-f])`, 'i');
  const dump = new RegExp(`(?<![0-9a-f])${hi}[ :,-]?(0x)?${lo}(?![0-9a-f])`, 'i');
  return decimal.test(text) || hexNumber.test(text) || dump.test(text.replace(/0x(?=[0-9a-f]{2})/gi, ''));
}

/** What the program printed after its receives had taken `total` bytes; undefined when unknown. */
function printedAfter(p: ProgramEvidence, total: number): string | undefined {
  if (!p.traced) return undefined;
  const calls = p.socketCalls.filter((c: SocketCall) => RECEIVE_CALLS.has(c.call) && c.kind === 'tcp' && !c.error && (c.size ?? 0) > 0);
  if (calls.length === 0 || calls.some((c) => c.printedBefore === undefined)) return undefined;
  let sum = 0;
  const done = calls.find((c) => (sum += c.size ?? 0) >= total);
  return done ? Array.from(p.stdout).slice(done.printedBefore!).join('') : '';
}

export const printsRegisters = defineCheck({
  name: 'prints-registers',
  summary: "the master prints every register value of the slave's FC03 reply, after the reply arrived",
  args: z.object({ program: z.string().default('program'), peer: z.string() }).strict(),
  requirement: () => 'the master prints the register values the slave returned',
  run(e, args) {
    const p = program(e, args.program);
    if (!p) return fail('the program to run', 'it was never started');
    for (const conn of peerConnections(e, args.peer)) {
      const replies = splitFrames(bytes(conn, 'to-program')).frames;
      const read = replies.find((r) => r.frame.functionCode === READ_HOLDING_REGISTERS);
      if (!read) continue;
      const values = Array.from({ length: (read.frame.data.length - 1) / 2 }, (_, i) => read.frame.data.readUInt16BE(1 + 2 * i));
      const offset = replies.slice(0, replies.indexOf(read) + 1).reduce((n, r) => n + r.bytes.length, 0);
      const after = printedAfter(p, offset);
      const text = after ?? p.stdout;
      const missing = values.filter((v) => !valuePrinted(text, v));
      const shown = values.map((v) => `${v} (${hex16(v)})`).join(', ');
      if (missing.length === 0) return pass([`all ${values.length} values printed${after === undefined ? ' (when they arrived is not recorded: not under the Python shim)' : ' after the reply arrived'}`]);
      const before = after !== undefined && missing.every((v) => valuePrinted(p.stdout, v)) ? ' (printed only before the reply arrived)' : '';
      return fail(`the values ${shown} printed (decimal, hex or as hex bytes)`, `${missing.length} of ${values.length} not printed${before}: ${missing.join(', ')}`, [`stdout: ${show(p.stdout.slice(-400), 400)}`]);
    }
    return fail('an FC03 reply from the slave to print', 'the slave never sent one (the program sent no FC03 request it could answer)');
  },
});
