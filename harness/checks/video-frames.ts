// The frames a program showed (cv2.imshow) or wrote (VideoWriter.write), as the device stand-ins
// recorded them: one event per frame with the sha256 of its bytes (C order), its shape and dtype,
// and the k its first 8 bytes carry (camera frames say which they are there).
import type { ProgramEvidence } from '../model/evidence.js';

export interface RecordedFrame {
  device: string;
  op?: string;
  name?: string;
  sha256?: string;
  k?: number;
  shape?: number[];
  dtype?: string;
}

export type FrameSink = 'display' | 'writer';

/** The frames given to the display or to a video writer, in order. */
export function framesGiven(p: ProgramEvidence, sink: FrameSink): RecordedFrame[] {
  const devices = (p as ProgramEvidence & { devices?: RecordedFrame[] }).devices ?? [];
  return devices.filter((d) => d.device === sink && typeof d.sha256 === 'string');
}

export const SINK_VERB: Record<FrameSink, string> = { display: 'shown (cv2.imshow)', writer: 'written (VideoWriter.write)' };

/** "shape (480, 640, 3) uint8, k=3" */
export function describeFrame(f: RecordedFrame): string {
  const shape = f.shape ? `shape (${f.shape.join(', ')})` : 'unknown shape';
  return `${shape}${f.dtype ? ` ${f.dtype}` : ''}${f.k !== undefined ? `, first 8 bytes say k=${f.k}` : ''}`;
}
