// Judging a slave's reply to one request the way a strict Modbus/TCP validator does: transaction
// id echoed, protocol id 0, Length = the bytes after the Length field, unit id echoed; FC03: byte
// count 2n and Length 3 + 2n (the register values are the slave's own); FC06: the request byte
// for byte; a function code the slave does not implement: exception fc|0x80 with code 01.
// A mismatch is shown field by field (MBAP header, function, data), then as whole frames in hex.
import { frameSize, hex, hex16, hex8, ILLEGAL_FUNCTION, MBAP_LENGTH, parseFrame, READ_HOLDING_REGISTERS, twoWords, WRITE_SINGLE_REGISTER } from './frame.js';

/** The reply a request calls for, byte by byte; null where any byte is right (register values). */
export function expectedReply(request: Buffer): (number | null)[] {
  const req = parseFrame(request);
  if (!req) throw new Error(`not a whole Modbus/TCP request: ${hex(request)}`);
  const header = (length: number) => [...request.subarray(0, 4), length >> 8, length & 0xff, req.unitId];
  if (req.functionCode === WRITE_SINGLE_REGISTER) return [...request];
  if (req.functionCode === READ_HOLDING_REGISTERS) {
    const count = twoWords(req)?.[1] ?? 0;
    return [...header(3 + 2 * count), req.functionCode, (2 * count) & 0xff, ...new Array<null>(2 * count).fill(null)];
  }
  return [...header(3), req.functionCode | 0x80, ILLEGAL_FUNCTION];
}

export interface ReplyVerdict {
  ok: boolean;
  /** One line: what is wrong first ("transaction id expected 0x1a2b got 0x0001"). */
  summary: string;
  /** Field by field, then the whole frames. */
  details: string[];
}

interface Field {
  name: string;
  at: number;
  size: number;
}

function fieldsFor(expected: (number | null)[]): Field[] {
  const fc = expected[7] ?? 0;
  const fields: Field[] = [
    { name: 'transaction id', at: 0, size: 2 },
    { name: 'protocol id', at: 2, size: 2 },
    { name: 'length', at: 4, size: 2 },
    { name: 'unit id', at: 6, size: 1 },
    { name: 'function', at: 7, size: 1 },
  ];
  if (fc & 0x80) fields.push({ name: 'exception code', at: 8, size: 1 });
  else if (fc === READ_HOLDING_REGISTERS) fields.push({ name: 'byte count', at: 8, size: 1 });
  else fields.push({ name: 'address', at: 8, size: 2 }, { name: 'value', at: 10, size: 2 });
  return fields;
}

function fieldValue(bytes: (number | null)[], f: Field): number | null | undefined {
  const part = bytes.slice(f.at, f.at + f.size);
  if (part.length < f.size) return undefined;
  if (part.some((b) => b === null || b === undefined)) return null;
  return (part as number[]).reduce((v, b) => v * 256 + b, 0);
}

const show = (v: number | null | undefined, size: number) => (v === undefined ? 'missing' : v === null ? 'any' : size === 2 ? `${hex16(v)} (${v})` : `${hex8(v)} (${v})`);
const templateHex = (t: (number | null)[]) => t.map((b) => (b === null ? '..' : b.toString(16).padStart(2, '0'))).join(' ');

/** Judges `received` (every byte the slave sent after the request, up to the next request) as the
 *  reply to `request`. `closed`: the slave closed the connection after these bytes. */
export function checkReply(request: Buffer, received: Buffer, closed = false): ReplyVerdict {
  const expected = expectedReply(request);
  const frames = [`expected  ${templateHex(expected)}${expected.includes(null) ? '   (.. = any register value)' : ''}`, `got       ${received.length ? hex(received) : '(nothing)'}`, `request   ${hex(request)}`];
  if (received.length === 0) {
    const why = closed ? 'the slave closed the connection without replying' : 'no reply by the deadline';
    return { ok: false, summary: why, details: frames };
  }
  const rows: string[] = [];
  let first: string | undefined;
  const note = (problem: string) => (first ??= problem);
  for (const f of fieldsFor(expected)) {
    const want = fieldValue(expected, f);
    const got = fieldValue([...received], f);
    const differs = got === undefined || (want !== null && want !== got);
    rows.push(`${f.name.padEnd(15)} expected ${show(want, f.size).padEnd(16)} got ${show(got, f.size)}${differs ? '   ✗' : ''}`);
    if (differs) note(`${f.name} expected ${show(want, f.size)}, got ${show(got, f.size)}`);
  }
  // Length must count the bytes after it, whatever the function: a validator delimits frames by it.
  const size = frameSize(received);
  if (size !== undefined && size > received.length) note(`the Length field (${size - 6}) counts ${size - received.length} more bytes than the slave sent${closed ? ' before it closed the connection' : ''}`);
  if (size !== undefined && size < received.length) note(`${received.length - size} bytes follow the end of the frame that its Length field (${size - 6}) delimits`);
  if (received.length < expected.length) note(`the reply is ${received.length} bytes, ${expected.length} expected${closed ? ' (then the slave closed the connection)' : ''}`);
  if (received.length > expected.length && first === undefined) note(`the reply is ${received.length} bytes, ${expected.length} expected`);
  if (received.length >= MBAP_LENGTH + 1 && received[7]! === expected[7] && expected[7] === READ_HOLDING_REGISTERS && received.length !== expected.length) {
    rows.push(`registers       expected ${(expected.length - 9) / 2}, got ${Math.max(0, received.length - 9) / 2} (${Math.max(0, received.length - 9)} data bytes)`);
  }
  if (first === undefined) return { ok: true, summary: 'a correct reply', details: [] };
  return { ok: false, summary: first, details: [...rows, ...frames] };
}
