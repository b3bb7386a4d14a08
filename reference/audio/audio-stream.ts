// Both ends of the course's audio stream over TCP (audio_server.py / audio_client.py): chunks of
// CHUNK frames, each sent as struct.pack("Q", len(p)) + p with p = pickle.dumps(chunk).
// The sender cuts the stream into TCP segments in several ways (whole messages, a length split
// in two, a length alone, a chunk split in its middle, three messages in one write). The second
// piece of a cut message goes once the program has read the first (where it is traced: its recv
// calls), so a receiver's recv() really returns a piece alone; untraced, after a 25 ms pause.
import { EventEmitter } from 'node:events';
import { ChunkStreamReader, chunkMessage } from '../../harness/formats/audio/pickled-chunks.js';
import type { RecordedTcp } from '../../harness/net/recorded-tcp.js';
import { waitFor } from '../../harness/net/wait.js';

/** The seed's CHUNK: frames per readframes() call. */
export const CHUNK_FRAMES = 1024;
/** Pause between the pieces of a cut message where the program's reads are not seen. */
const PIECE_PAUSE = 25;
/** How long to wait for the program to read a piece before sending the next one anyway. */
const READ_WAIT = 2000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The frame data cut into chunks of `chunkBytes` (the last one shorter), as readframes(CHUNK) returns it. */
export function audioChunks(frames: Buffer, chunkBytes: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let at = 0; at < frames.length; at += chunkBytes) chunks.push(frames.subarray(at, at + chunkBytes));
  return chunks;
}

/** The writes that carry message i (and how many messages they used), by the segmentation of its turn. */
function piecesFor(messages: Buffer[], i: number): { pieces: Buffer[]; used: number } {
  const m = messages[i]!;
  switch (i % 5) {
    case 1: // the 8-byte length split in two
      return { pieces: [m.subarray(0, 3), m.subarray(3)], used: 1 };
    case 2: // the length alone, then the pickle
      return { pieces: [m.subarray(0, 8), m.subarray(8)], used: 1 };
    case 3: {
      // the pickle cut in its middle
      const cut = 8 + Math.floor((m.length - 8) / 2);
      return { pieces: [m.subarray(0, cut), m.subarray(cut)], used: 1 };
    }
    case 4: // this message and the next two in one write
      return { pieces: [Buffer.concat(messages.slice(i, i + 3))], used: Math.min(3, messages.length - i) };
    default:
      return { pieces: [m], used: 1 };
  }
}

/** Resolves true once the program has read `total` bytes in all (PeerContext.awaitProgramReceived). */
export type AwaitRead = (total: number, timeoutMs: number) => Promise<boolean>;

/** Send the chunks as the course's messages, in the segmentations above. */
export async function sendAudioStream(conn: RecordedTcp, chunks: Buffer[], awaitRead?: AwaitRead): Promise<void> {
  const messages = chunks.map(chunkMessage);
  let sent = 0;
  for (let i = 0; i < messages.length; ) {
    const { pieces, used } = piecesFor(messages, i);
    for (const [k, piece] of pieces.entries()) {
      if (k > 0 && !(await awaitRead?.(sent, READ_WAIT))) await sleep(PIECE_PAUSE);
      await conn.send(piece);
      sent += piece.length;
    }
    i += used;
  }
}

export interface ReceiveOptions {
  /** Stop once this many bytes of frame data came (and `graceMs` passed for anything beyond). */
  expectedBytes?: number;
  graceMs: number;
  timeoutMs: number;
  /** Stop after this many empty chunks in a row (the seed sends b'' forever after the end). */
  maxTrailingEmpty: number;
}

/** Read the stream until the sender closes, it breaks the format, all expected bytes came (plus a
 *  grace), only empty chunks keep coming, or the time is up. Says why it stopped. */
export async function receiveAudioStream(conn: RecordedTcp, options: ReceiveOptions): Promise<{ reader: ChunkStreamReader; why: string }> {
  const reader = new ChunkStreamReader();
  const changes = new EventEmitter();
  for (const c of conn.record.chunks) if (c.dir === 'from-program') reader.push(c.data);
  const onData = (data: Buffer) => {
    reader.push(data);
    changes.emit('change');
  };
  const onEnd = () => changes.emit('change');
  conn.socket.on('data', onData);
  conn.socket.on('close', onEnd);
  conn.socket.on('end', onEnd);
  const enough = () => options.expectedBytes !== undefined && reader.total >= options.expectedBytes;
  const stop = () => conn.programClosed || reader.problem !== undefined || enough() || reader.trailingEmpty >= options.maxTrailingEmpty;
  try {
    const stopped = await waitFor(changes, 'change', stop, options.timeoutMs);
    if (stopped && enough() && !conn.programClosed && !reader.problem) await waitFor(changes, 'change', () => conn.programClosed || reader.problem !== undefined, options.graceMs);
  } finally {
    conn.socket.off('data', onData);
    conn.socket.off('close', onEnd);
    conn.socket.off('end', onEnd);
  }
  const why = reader.problem
    ? 'the stream broke the format'
    : conn.programClosed
      ? 'the sender closed the connection'
      : enough()
        ? `all ${options.expectedBytes} bytes came`
        : reader.trailingEmpty >= options.maxTrailingEmpty
          ? `${reader.trailingEmpty} empty chunks in a row`
          : `time limit (${(options.timeoutMs / 1000).toFixed(1)} s)`;
  return { reader, why };
}
