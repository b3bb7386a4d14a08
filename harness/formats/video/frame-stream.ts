// The video-tcp lab's stream: each message is struct.pack("Q", len(p)) + p where p is
// pickle.dumps(frame), a uint8 ndarray. 'Q' is native byte order and size: 8 bytes little-endian
// on the course's machines (x86), so the length is read little-endian; a length that only makes
// sense read big-endian ('!Q' / '>Q') is reported as such.
import { encodePickle, ndarray, readPickle, NdArray } from '../pickle/index.js';

export const LENGTH_BYTES = 8;
/** A length beyond this is not a frame's (the largest plausible frame is a few MiB). */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** One message: the length field and the payload it announces. */
export function frameMessage(frame: Buffer, shape: readonly number[]): Buffer {
  const pickle = encodePickle(ndarray('uint8', shape, frame));
  const length = Buffer.alloc(LENGTH_BYTES);
  length.writeBigUInt64LE(BigInt(pickle.length));
  return Buffer.concat([length, pickle]);
}

export interface StreamMessage {
  /** Where the message's length field starts in the stream. */
  offset: number;
  /** The payload (the pickle) as announced by the length field. */
  payload: Buffer;
}

export interface SplitStream {
  messages: StreamMessage[];
  /** Bytes after the last whole message (an unfinished one). */
  restOffset: number;
  /** Why splitting stopped before the end, when a length field is not a plausible length. */
  stopped?: { offset: number; why: string };
}

/** Why a length field is implausible, naming the big-endian reading when that is what it is. */
export function implausibleLength(field: Buffer): string | undefined {
  const little = field.readBigUInt64LE(0);
  if (little <= BigInt(MAX_MESSAGE_BYTES)) return undefined;
  const big = field.readBigUInt64BE(0);
  const shown = `length field ${field.toString('hex')} read as 'Q' (8 bytes, little-endian as struct.pack("Q", n) writes it on x86) is ${little}`;
  if (big > 0n && big <= BigInt(MAX_MESSAGE_BYTES)) {
    return `${shown}; read as big-endian it is ${big}: the length was packed big-endian ('!Q' or '>Q'), but the lab's format is 'Q' (native, little-endian), which the course's client unpacks`;
  }
  return `${shown}, not a frame's length`;
}

/** Splits the bytes received into messages, as far as they are whole. */
export function splitMessages(data: Buffer, limit = Infinity): SplitStream {
  const messages: StreamMessage[] = [];
  let offset = 0;
  while (messages.length < limit && offset + LENGTH_BYTES <= data.length) {
    const field = data.subarray(offset, offset + LENGTH_BYTES);
    const why = implausibleLength(field);
    if (why) return { messages, restOffset: offset, stopped: { offset, why } };
    const length = Number(field.readBigUInt64LE(0));
    if (offset + LENGTH_BYTES + length > data.length) break;
    messages.push({ offset, payload: data.subarray(offset + LENGTH_BYTES, offset + LENGTH_BYTES + length) });
    offset += LENGTH_BYTES + length;
  }
  return { messages, restOffset: offset };
}

export type DecodedFrame = { array: NdArray; data: Buffer } | { error: string };

/** The uint8 ndarray a message's payload pickles, or why it is not one. */
export function decodeFrame(payload: Buffer): DecodedFrame {
  let value: unknown;
  let length: number;
  try {
    ({ value, length } = readPickle(payload));
  } catch (error) {
    return { error: `not a pickled uint8 ndarray: ${(error as Error).message}` };
  }
  if (!(value instanceof NdArray)) return { error: `not a pickled uint8 ndarray: the pickle holds ${describeValue(value)}` };
  if (value.dtype !== 'uint8') return { error: `a pickled ndarray of ${value.dtype}, not uint8` };
  if (length !== payload.length) return { error: `the pickle ends after ${length} of the ${payload.length} bytes the length field announced` };
  return { array: value, data: value.cOrderData() };
}

function describeValue(value: unknown): string {
  if (value === null) return 'None';
  if (Buffer.isBuffer(value)) return `bytes (${value.length} bytes)`;
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return `a ${(value as object).constructor?.name ?? 'value'}`;
  return `a ${typeof value} ${String(value).slice(0, 40)}`;
}
