// How the reference video server cuts its stream into writes, so a client meets every kind of TCP
// segmentation: 1-byte and 7-byte pieces, 4 KiB and 64 KiB writes, a length field split in two,
// a write that ends one frame and starts the next, and several whole frames in one write.
// Pieces marked `waitForRead` are written only after the program has read the previous one, so
// they really arrive in separate recv() calls (where the program is traced).

export interface Piece {
  data: Buffer;
  waitForRead: boolean;
}

export interface Segmentation {
  pieces: Piece[];
  /** For each frame, how it was cut (for failure messages). */
  labels: string[];
}

const TINY_BYTES = 24; // the length field and the pickle's opening opcodes
const SEVEN_PIECES = 10;
const GROUP = 3; // frames written together

function slices(data: Buffer, size: number, waitForRead: boolean): Piece[] {
  const out: Piece[] = [];
  for (let at = 0; at < data.length; at += size) out.push({ data: data.subarray(at, at + size), waitForRead });
  return out;
}

/** The style of frame i: a cycle of six, so twelve frames meet every style twice. */
function styleOf(i: number): 'tiny' | 'large' | 'split-length' | 'together' {
  return (['tiny', 'large', 'split-length', 'together', 'together', 'together'] as const)[i % 6]!;
}

export function segmentStream(messages: Buffer[]): Segmentation {
  const perFrame: Piece[][] = [];
  const labels: string[] = [];
  for (const [i, m] of messages.entries()) {
    const style = styleOf(i);
    if (style === 'tiny') {
      const sevenEnd = Math.min(m.length, TINY_BYTES + 7 * SEVEN_PIECES);
      perFrame.push([...slices(m.subarray(0, TINY_BYTES), 1, true), ...slices(m.subarray(TINY_BYTES, sevenEnd), 7, true), ...slices(m.subarray(sevenEnd), 4096, false)]);
      labels.push(`1-byte pieces for its first ${TINY_BYTES} bytes (the length field and the pickle's start), ${SEVEN_PIECES} 7-byte pieces, then 4096-byte writes`);
    } else if (style === 'large') {
      perFrame.push(slices(m, 65536, false));
      labels.push('65536-byte writes, the last one also carrying the first 3 bytes of the next frame');
    } else if (style === 'split-length') {
      perFrame.push([{ data: m.subarray(0, 3), waitForRead: true }, { data: m.subarray(3, 8), waitForRead: true }, { data: m.subarray(8), waitForRead: true }]);
      labels.push('its length field in two pieces (3 bytes in the previous write, then 5 bytes), then the pickle in one write');
    } else {
      perFrame.push([{ data: m, waitForRead: false }]);
      const first = i - ((i % 6) - 3);
      const last = Math.min(first + GROUP, messages.length);
      labels.push(`frames ${first + 1} to ${last} in one write`);
    }
  }
  // Joins across frames: the end of a 'large' frame with the start of the next; a group together.
  for (let i = 0; i < perFrame.length - 1; i++) {
    if (styleOf(i) === 'large') {
      const last = perFrame[i]!.pop()!;
      const next = perFrame[i + 1]!.shift()!;
      perFrame[i]!.push({ data: Buffer.concat([last.data, next.data]), waitForRead: true });
    }
  }
  const pieces: Piece[] = [];
  for (let i = 0; i < perFrame.length; i++) {
    if (styleOf(i) === 'together' && i > 0 && styleOf(i - 1) === 'together' && pieces.length > 0) {
      const previous = pieces.pop()!;
      pieces.push({ data: Buffer.concat([previous.data, ...perFrame[i]!.map((p) => p.data)]), waitForRead: false });
    } else {
      pieces.push(...perFrame[i]!);
    }
  }
  return { pieces, labels };
}
