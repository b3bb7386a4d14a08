// The reference audio server's segmentation: the stream it writes is exactly the course's messages,
// cut in the five ways in turn, and each cut message's second piece waits for the program's read.
import { describe, expect, test } from 'vitest';
import { audioChunks, sendAudioStream } from '../../reference/audio/audio-stream.js';
import { chunkMessage, readChunkStream } from '../../harness/formats/audio/pickled-chunks.js';
import type { RecordedTcp } from '../../harness/net/recorded-tcp.js';

const frames = Buffer.from(Array.from({ length: 4096 * 10 + 100 }, (_, i) => (i * 7) % 251));
const chunks = audioChunks(frames, 4096);

async function writes(): Promise<{ pieces: Buffer[]; waits: number[] }> {
  const pieces: Buffer[] = [];
  const waits: number[] = [];
  const conn = { send: async (b: Buffer) => void pieces.push(b) } as unknown as RecordedTcp;
  await sendAudioStream(conn, chunks, async (total) => {
    waits.push(total);
    return true;
  });
  return { pieces, waits };
}

describe('the reference audio server', () => {
  test("cuts the frames into readframes(1024)-sized chunks, the last one shorter", () => {
    expect(chunks.map((c) => c.length)).toEqual([...Array(10).fill(4096), 100]);
  });

  test('writes exactly the messages, in order, however it cuts them', async () => {
    const { pieces } = await writes();
    expect(Buffer.concat(pieces).equals(Buffer.concat(chunks.map(chunkMessage)))).toBe(true);
    const stream = readChunkStream(pieces);
    expect(Buffer.concat(stream.chunks.map((c) => c.data)).equals(frames)).toBe(true);
  });

  test('cuts a length in 3 + 5, sends a length alone, halves a pickle and joins three messages', async () => {
    const { pieces } = await writes();
    const m = chunks.map(chunkMessage);
    const sizes = pieces.map((p) => p.length);
    const half = Math.floor((m[3]!.length - 8) / 2);
    // (0-based) message 0 whole; 1: 3 + rest; 2: 8 + rest; 3: 8 + half, rest; 4-6 in one write
    expect(sizes.slice(0, 8)).toEqual([m[0]!.length, 3, m[1]!.length - 3, 8, m[2]!.length - 8, 8 + half, m[3]!.length - 8 - half, m[4]!.length + m[5]!.length + m[6]!.length]);
  });

  test("each cut message's second piece waits until the program read everything before it", async () => {
    const { pieces, waits } = await writes();
    const before = (i: number) => pieces.slice(0, i).reduce((n, p) => n + p.length, 0);
    expect(waits).toEqual([before(2), before(4), before(6), ...waits.slice(3)]);
    expect(waits.length).toBe(5); // messages 2, 3, 4, 8 and 9 (1-based) are cut; 5-7 and 10-11 go joined
  });
});
