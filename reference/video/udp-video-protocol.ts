// The course's video-over-UDP protocol (video_UDP_client.py / video_UDP_server.py): a 640×480×3
// frame is cut into 20 chunks of 46080 bytes, each sent as one datagram of 1 index byte (0..19)
// + the chunk. The receiver places each chunk by its index; index 19 marks the end of a frame.
import { createHash } from 'node:crypto';
import { FRAME_BYTES } from '../../harness/formats/video/synthetic-frame.js';

export const CHUNKS_PER_FRAME = 20;
export const CHUNK_BYTES = FRAME_BYTES / CHUNKS_PER_FRAME; // 46080
export const DATAGRAM_BYTES = CHUNK_BYTES + 1; // 46081
export const LAST_INDEX = CHUNKS_PER_FRAME - 1;

/** Datagram i of a frame: the index byte, then chunk i. */
export function chunkDatagram(frame: Buffer, index: number): Buffer {
  return Buffer.concat([Buffer.from([index]), frame.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES)]);
}

/**
 * The order a frame's chunks are sent in: 0..19, or (shuffled) 0..18 in a random order and 19 last,
 * because the course's receivers take index 19 as the end of the frame.
 */
export function chunkOrder(shuffle: boolean, random: () => number): number[] {
  const order = Array.from({ length: LAST_INDEX }, (_, i) => i);
  if (shuffle) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
  }
  return [...order, LAST_INDEX];
}

/** What a receiver that joins chunks in the order they arrive makes of the frame. */
export function joinedInArrivalOrder(frame: Buffer, order: number[]): Buffer {
  return Buffer.concat(order.map((i) => frame.subarray(i * CHUNK_BYTES, (i + 1) * CHUNK_BYTES)));
}

export const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');
