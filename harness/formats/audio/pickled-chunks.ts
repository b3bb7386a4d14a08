// The course's audio stream (audio_server.py): messages of struct.pack("Q", len(p)) + p, where p is
// pickle.dumps(wf.readframes(CHUNK)). "Q" without a byte-order prefix is native: 8 bytes,
// little-endian on the course's machines (x86/ARM). After the WAV's end the seed keeps sending
// pickled b'' forever; those empty chunks end nothing and add nothing.
import { encodePickle, readPickle } from '../pickle/index.js';

export const LENGTH_BYTES = 8;
/** A length above this is not a chunk length: the bytes are not 'Q' lengths (e.g. "!Q" or "I"). */
const PLAUSIBLE_LENGTH = 64 * 1024 * 1024;

export interface StreamChunk {
  /** Offset of its length field in the stream. */
  offset: number;
  /** The unpickled bytes. */
  data: Buffer;
}

/** One message: 'Q' length (little-endian) then the pickle of the chunk's bytes. */
export function chunkMessage(chunk: Buffer): Buffer {
  const pickled = encodePickle(chunk);
  const length = Buffer.alloc(LENGTH_BYTES);
  length.writeBigUInt64LE(BigInt(pickled.length));
  return Buffer.concat([length, pickled]);
}

/** Reads the stream as it arrives (`push` each read); stops at the first message that breaks the format. */
export class ChunkStreamReader {
  readonly chunks: StreamChunk[] = [];
  /** Why the stream cannot be read on (set once; nothing is read after it). */
  problem?: string;
  /** Bytes of frame data unpickled so far. */
  total = 0;
  /** Empty chunks in a row at the end so far. */
  trailingEmpty = 0;
  private buffer: Buffer = Buffer.alloc(0);
  private consumed = 0;

  push(data: Buffer): void {
    if (this.problem) return;
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, data]) : data;
    for (;;) {
      if (this.buffer.length < LENGTH_BYTES) return;
      const length = this.buffer.readBigUInt64LE(0);
      const offset = this.consumed;
      if (length > BigInt(PLAUSIBLE_LENGTH)) {
        this.problem = `the 8-byte length at offset ${offset} reads ${length} (${hex(this.buffer.subarray(0, LENGTH_BYTES))}): not the length of a chunk; the length is struct.pack("Q", len(data)), 8 bytes little-endian`;
        return;
      }
      const end = LENGTH_BYTES + Number(length);
      if (this.buffer.length < end) return;
      const message = this.buffer.subarray(LENGTH_BYTES, end);
      const why = this.unpickle(message, offset);
      if (why) {
        this.problem = why;
        return;
      }
      this.buffer = this.buffer.subarray(end);
      this.consumed += end;
    }
  }

  /** Bytes received after the last whole message (an incomplete message). */
  get pending(): number {
    return this.buffer.length;
  }

  private unpickle(message: Buffer, offset: number): string | undefined {
    const what = `the message at offset ${offset} (length ${message.length})`;
    let value: unknown;
    let used: number;
    try {
      ({ value, length: used } = readPickle(message));
    } catch (err) {
      return `${what} is not a pickle: ${(err as Error).message}; first bytes ${hex(message.subarray(0, 16))}`;
    }
    if (!Buffer.isBuffer(value)) return `${what} unpickles to ${describe(value)}, not bytes (readframes() returns bytes)`;
    if (used !== message.length) return `${what} holds a pickle of ${used} bytes and ${message.length - used} more: the length does not match the pickle`;
    const data = Buffer.from(value); // a copy: the decoded bytes are a view into the buffer
    this.chunks.push({ offset, data });
    this.total += data.length;
    this.trailingEmpty = data.length === 0 ? this.trailingEmpty + 1 : 0;
    return undefined;
  }
}

/** Read a whole recorded stream. */
export function readChunkStream(reads: Buffer[]): ChunkStreamReader {
  const reader = new ChunkStreamReader();
  for (const r of reads) reader.push(r);
  return reader;
}

/** "64 × 4096, 1 × 2464, then 200 empty" */
export function describeChunkSizes(chunks: StreamChunk[]): string {
  if (chunks.length === 0) return 'no chunk';
  const runs: { size: number; count: number }[] = [];
  for (const c of chunks) {
    const last = runs.at(-1);
    if (last && last.size === c.data.length) last.count++;
    else runs.push({ size: c.data.length, count: 1 });
  }
  const shown = runs.slice(0, 8).map((r) => (r.size === 0 ? `${r.count} empty` : `${r.count} × ${r.size} B`));
  return `${chunks.length} chunks: ${shown.join(', ')}${runs.length > 8 ? ', …' : ''}`;
}

export function hex(data: Buffer): string {
  return [...data].map((b) => b.toString(16).padStart(2, '0')).join(' ');
}

function describe(value: unknown): string {
  if (value === null) return 'None';
  if (typeof value === 'string') return `a str (${JSON.stringify(value.slice(0, 20))})`;
  if (typeof value === 'bigint') return `an int (${value})`;
  if (typeof value === 'number') return `a float (${value})`;
  if (typeof value === 'boolean') return `a bool (${value ? 'True' : 'False'})`;
  if (Array.isArray(value)) return 'a list';
  const names: Record<string, string> = { PyTuple: 'a tuple', PyByteArray: 'a bytearray', NdArray: 'a numpy array', Map: 'a dict' };
  return names[(value as object).constructor?.name ?? ''] ?? 'another kind of value';
}
