// The camera stand-in's frame k, as the device contract defines it (the Python stand-in's
// labcheck_frames.py makes the same bytes): 480 × 640 × 3 uint8 in C order,
// value[y, x, c] = (x + 2*y + 85*c + 7*k) % 256, then the first 8 bytes overwritten by k as a
// big-endian uint64, so every frame is different and says which it is.
export const FRAME_HEIGHT = 480;
export const FRAME_WIDTH = 640;
export const FRAME_CHANNELS = 3;
export const FRAME_BYTES = FRAME_HEIGHT * FRAME_WIDTH * FRAME_CHANNELS;

export function cameraFrame(k: number): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_BYTES);
  const shift = (7 * k) % 256;
  let i = 0;
  for (let y = 0; y < FRAME_HEIGHT; y++) {
    for (let x = 0; x < FRAME_WIDTH; x++) {
      const base = x + 2 * y + shift;
      frame[i++] = base & 0xff;
      frame[i++] = (base + 85) & 0xff;
      frame[i++] = (base + 170) & 0xff;
    }
  }
  frame.writeBigUInt64BE(BigInt(k), 0);
  return frame;
}

/** The k a frame's first 8 bytes carry (a hint for messages; equality is judged on whole frames). */
export function frameNumber(frame: Buffer): number {
  return frame.length >= 8 ? Number(frame.readBigUInt64BE(0)) : -1;
}
