// frame-sinks: the frames a program showed (cv2.imshow) or wrote (VideoWriter.write), as the device stand-ins
// recorded them (harness/shim/devices/): one event per frame with the sha256 of its C-order bytes,
// its shape and dtype, and the k its first 8 bytes carry (camera frames say which they are there).
import type { DeviceEvent, ProgramEvidence } from '../model/evidence.js';

export type FrameSink = 'display' | 'writer';

const FRAME_OP: Record<FrameSink, string> = { display: 'show', writer: 'write' };
export const SINK_CALL: Record<FrameSink, string> = { display: 'cv2.imshow', writer: 'VideoWriter.write' };
export const SINK_PAST: Record<FrameSink, string> = { display: 'shown', writer: 'written' };

/** The frames given to the display or to a video writer, in order. */
export function framesGiven(p: ProgramEvidence, sink: FrameSink): DeviceEvent[] {
  return (p.devices ?? []).filter((d) => d.device === sink && d.op === FRAME_OP[sink] && typeof d.sha256 === 'string');
}

/** "shape (480, 640, 3) uint8, first 8 bytes say k=3" */
export function describeFrame(f: DeviceEvent): string {
  const shape = f.shape ? `shape (${f.shape.join(', ')})` : 'unknown shape';
  return `${shape}${f.dtype ? ` ${f.dtype}` : ''}${f.k !== undefined ? `, first 8 bytes say k=${f.k}` : ''}`;
}
