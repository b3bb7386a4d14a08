// The course's character-oriented frame (capsule.py): a start character, a 2-digit address, a
// 4-digit sequence number, a 4-digit payload length, then the payload:
//   frame(start_ch, addr, seqNo, msg) = f'{start_ch:c}{addr:02d}{seqNo:04d}{len(msg):04d}{msg}'
// Building one (what frame() must return), parsing a byte stream into frames (what a client sent,
// however TCP segmented it), and showing text as Python's repr and hex for failure messages.

export const FRAME_START = 0x05;
export const HEADER_SIZE = 11;

/** The fields of a frame, in order, with their widths (the payload is the rest). */
export const FIELDS = [
  { name: 'start', width: 1 },
  { name: 'address', width: 2 },
  { name: 'sequence', width: 4 },
  { name: 'length', width: 4 },
  { name: 'payload', width: Infinity },
] as const;

/** What frame(start_ch, addr, seqNo, msg) returns, as Python computes it. */
export function buildFrame(start: number, address: number, sequence: number, payload: string): string {
  const pad = (n: number, width: number) => (n < 0 ? '-' + String(-n).padStart(width - 1, '0') : String(n).padStart(width, '0'));
  return String.fromCodePoint(start) + pad(address, 2) + pad(sequence, 4) + pad([...payload].length, 4) + payload;
}

/** A frame's text split at the fixed field widths (a malformed frame splits wherever it falls). */
export function splitFields(frame: string): Record<(typeof FIELDS)[number]['name'], string> {
  const chars = [...frame];
  const out: Record<string, string> = {};
  let at = 0;
  for (const f of FIELDS) {
    out[f.name] = chars.slice(at, at + f.width).join('');
    at += f.width;
  }
  return out as Record<(typeof FIELDS)[number]['name'], string>;
}

export interface ParsedFrame {
  offset: number;
  address: string;
  sequence: number;
  length: number;
  payload: string;
}

export interface FrameStream {
  frames: ParsedFrame[];
  /** Set when the bytes after the last whole frame are not a frame: where and why. */
  stopped?: { offset: number; why: string };
}

const digits = (b: Buffer) => /^[0-9]+$/.test(b.toString('latin1'));

/** Parse a byte stream as back-to-back frames (start 0x05, ASCII digit fields, `length` payload bytes). */
export function parseFrames(data: Buffer): FrameStream {
  const frames: ParsedFrame[] = [];
  let at = 0;
  const stop = (why: string): FrameStream => ({ frames, stopped: { offset: at, why } });
  while (at < data.length) {
    if (data[at] !== FRAME_START) return stop(`expected the start character 0x05, found 0x${data[at]!.toString(16).padStart(2, '0')}`);
    if (data.length - at < HEADER_SIZE) return stop(`the stream ends inside a frame header (${data.length - at} of ${HEADER_SIZE} bytes)`);
    const address = data.subarray(at + 1, at + 3);
    const sequence = data.subarray(at + 3, at + 7);
    const length = data.subarray(at + 7, at + 11);
    if (!digits(address)) return stop(`the address is not 2 digits: ${JSON.stringify(address.toString('latin1'))}`);
    if (!digits(sequence)) return stop(`the sequence number is not 4 digits: ${JSON.stringify(sequence.toString('latin1'))}`);
    if (!digits(length)) return stop(`the length is not 4 digits: ${JSON.stringify(length.toString('latin1'))}`);
    const n = Number(length.toString('latin1'));
    if (data.length - at - HEADER_SIZE < n) return stop(`the stream ends inside a payload (length ${n}, ${data.length - at - HEADER_SIZE} bytes left)`);
    frames.push({ offset: at, address: address.toString('latin1'), sequence: Number(sequence.toString('latin1')), length: n, payload: data.subarray(at + HEADER_SIZE, at + HEADER_SIZE + n).toString('utf8') });
    at += HEADER_SIZE + n;
  }
  return { frames };
}

/** Text as Python's repr() shows it: '\x05020001...' */
export function pyRepr(text: string): string {
  let out = "'";
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (ch === '\\' || ch === "'") out += '\\' + ch;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += ch;
  }
  return out + "'";
}

/** UTF-8 bytes as spaced hex, at most `max` bytes. */
export function hex(data: Buffer | string, max = 48): string {
  const b = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const shown = [...b.subarray(0, max)].map((x) => x.toString(16).padStart(2, '0')).join(' ');
  return b.length > max ? `${shown} … (${b.length} bytes)` : shown;
}
