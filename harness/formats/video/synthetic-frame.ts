// The stand-in camera's frames, byte for byte the same as labcheck_frames.frame(k) in
// harness/shim/devices/labcheck_frames.py (a test compares them through the real interpreter).
// Frame k: uint8 (480, 640, 3), value[y, x, c] = (x + 2*y + 85*c + 7*k) % 256, then the first
// 8 bytes (C order) overwritten by k as a big-endian uint64. A clip starts at k = CLIP_FIRST.
import { createHash } from 'node:crypto';

export const FRAME_HEIGHT = 480;
export const FRAME_WIDTH = 640;
export const FRAME_CHANNELS = 3;
export const FRAME_SHAPE = [FRAME_HEIGHT, FRAME_WIDTH, FRAME_CHANNELS] as const;
export const FRAME_BYTES = FRAME_HEIGHT * FRAME_WIDTH * FRAME_CHANNELS;
export const CLIP_FIRST = 1_000_000;

let base: Buffer | undefined;

/** (x + 2*y + 85*c) % 256 in C order, computed once. */
function baseFrame(): Buffer {
  if (base) return base;
  base = Buffer.alloc(FRAME_BYTES);
  let i = 0;
  for (let y = 0; y < FRAME_HEIGHT; y++) {
    for (let x = 0; x < FRAME_WIDTH; x++) {
      for (let c = 0; c < FRAME_CHANNELS; c++) base[i++] = (x + 2 * y + 85 * c) % 256;
    }
  }
  return base;
}

/** Camera frame number k (a new buffer of FRAME_BYTES bytes). */
export function syntheticFrame(k: number): Buffer {
  const from = baseFrame();
  const out = Buffer.allocUnsafe(FRAME_BYTES);
  const add = (7 * k) % 256;
  for (let i = 0; i < FRAME_BYTES; i++) out[i] = (from[i]! + add) & 255;
  out.writeBigUInt64BE(BigInt(k), 0);
  return out;
}

/** The k written in the first 8 bytes of a frame's bytes (undefined when shorter). */
export function frameNumber(data: Uint8Array): number | undefined {
  if (data.length < 8) return undefined;
  return Number(Buffer.from(data.buffer, data.byteOffset, 8).readBigUInt64BE(0));
}

const hashes = new Map<number, string>();

/** sha256 (hex) of frame k's bytes, what the device events report for a shown frame. */
export function syntheticFrameSha256(k: number): string {
  let hash = hashes.get(k);
  if (hash === undefined) {
    hash = createHash('sha256').update(syntheticFrame(k)).digest('hex');
    if (hashes.size > 10_000) hashes.clear();
    hashes.set(k, hash);
  }
  return hash;
}
