// The video-tcp lab's checks.
// `video-frames-sent` (server role): the bytes the reference client received are messages of an
//   8-byte 'Q' length (little-endian) + a pickled uint8 ndarray of shape (480, 640, 3) equal to a
//   camera frame; the frames come in camera order (each a later camera frame than the one before:
//   a server may skip a frame, e.g. a first read to warm up, but never repeats or goes back).
// `video-frames-shown` (client role): the program's display (the imshow stand-in) showed the N
//   frames the reference server sent, intact and in order.
import { z } from 'zod';
import { cannotJudge, defineCheck, fail, pass } from './check.js';
import { peerConnections } from './queries.js';
import { describeExit, stderrTail } from '../program/describe.js';
import { decodeFrame, splitMessages } from '../formats/video/frame-stream.js';
import { CLIP_FIRST, FRAME_SHAPE, frameNumber, syntheticFrame, syntheticFrameSha256 } from '../formats/video/synthetic-frame.js';
import type { ConnectionRecord, DeviceEvent } from '../model/evidence.js';

const SHAPE_TEXT = `(${FRAME_SHAPE.join(', ')})`;
/** Frame numbers beyond this are not the camera's (or the clip's) frames. */
const MAX_FRAME_NUMBER = 2 ** 40;

/** "camera frame 3", or "clip frame 3" for the frames VideoCapture("<file>") reads. */
const frameName = (k: number) => (k >= CLIP_FIRST ? `clip frame ${k - CLIP_FIRST}` : `camera frame ${k}`);
const short = (hash: string | undefined) => (hash ? hash.slice(0, 12) : 'none');

function firstDifference(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

/** How the connection ended, for a stream that holds fewer frames than waited for. */
function howItEnded(conn: ConnectionRecord): string {
  const kinds = conn.events.map((e) => e.kind);
  if (kinds.includes('program-reset')) return 'the server reset the connection';
  if (kinds.includes('program-closed')) return 'the server closed the connection';
  return 'the reference client stopped waiting';
}

export const videoFramesSent = defineCheck({
  name: 'video-frames-sent',
  summary: "each message is an 8-byte 'Q' length + a pickled uint8 frame, 640 wide, equal to the camera's frame, in order",
  args: z.object({ peer: z.string(), frames: z.number().int().positive() }).strict(),
  requirement: (a) => `the first ${a.frames} messages are each an 8-byte 'Q' length + pickle.dumps(frame) of a uint8 ndarray ${SHAPE_TEXT} (640 wide) equal to the camera's frame, in camera order`,
  run(e, args) {
    const expected = `${args.frames} messages of an 8-byte 'Q' length + a pickled uint8 ${SHAPE_TEXT} camera frame, in order`;
    const conn = peerConnections(e, args.peer)[0];
    if (!conn) return fail(expected, 'the reference client could not connect to the server');
    const data = Buffer.concat(conn.chunks.filter((c) => c.dir === 'from-program').map((c) => c.data));
    if (data.length === 0) return fail(expected, `the client received nothing (${howItEnded(conn)})`);
    const split = splitMessages(data, args.frames);
    const details: string[] = [];
    let previous: number | undefined;
    for (const [j, message] of split.messages.entries()) {
      const where = `message ${j + 1} (at byte ${message.offset}, ${message.payload.length}-byte payload)`;
      const frame = decodeFrame(message.payload);
      if ('error' in frame) return fail(expected, `${where}: ${frame.error}`, details);
      const shape = frame.array.shape;
      if (shape.join() !== FRAME_SHAPE.join()) {
        const wide = shape.length >= 2 && shape[1] !== FRAME_SHAPE[1] ? `, ${shape[1]} wide instead of ${FRAME_SHAPE[1]}` : '';
        return fail(expected, `${where}: a uint8 ndarray of shape (${shape.join(', ')})${wide}, not the camera's ${SHAPE_TEXT}`, details);
      }
      const k = frameNumber(frame.data)!;
      const camera = k < MAX_FRAME_NUMBER ? syntheticFrame(k) : undefined;
      if (!camera || !camera.equals(frame.data)) {
        const at = camera ? `; it differs from camera frame ${k} from byte ${firstDifference(camera, frame.data)} on` : '';
        return fail(expected, `${where}: not a camera frame (its first 8 bytes name frame ${k}${at}); frames must be sent as the camera gave them`, details);
      }
      if (previous !== undefined && k <= previous) {
        return fail(expected, `${where}: ${frameName(k)} after ${frameName(previous)}: frames must go out in the order the camera gave them`, details);
      }
      details.push(`message ${j + 1}: ${frameName(k)}, uint8 ${SHAPE_TEXT}, ${message.payload.length}-byte pickle`);
      previous = k;
    }
    if (split.messages.length < args.frames) {
      const why = split.stopped ? `at byte ${split.stopped.offset}: ${split.stopped.why}` : `${data.length - split.restOffset} bytes of an unfinished message, then ${howItEnded(conn)}`;
      return fail(expected, `${split.messages.length} whole message${split.messages.length === 1 ? '' : 's'}, then ${why}`, details);
    }
    return pass(details);
  },
});

export const videoFramesShown = defineCheck({
  name: 'video-frames-shown',
  summary: 'the client shows the frames the server sent, intact and in order, however TCP segmented them',
  args: z.object({ program: z.string().default('program'), peer: z.string(), frames: z.number().int().positive() }).strict(),
  requirement: (a) => `the client shows (cv2.imshow) the ${a.frames} frames the server sent, each intact and in order, however TCP segmented them`,
  run(e, args) {
    const expected = `camera frames 0 to ${args.frames - 1} shown in order, each ${SHAPE_TEXT} uint8 and byte-identical`;
    const p = e.programs[args.program];
    if (!p) return fail(expected, 'the program did not run');
    if (!p.traced) return cannotJudge(expected, 'the program does not run under the Python shim, so what it showed is not recorded');
    const labels = (e.facts[`${args.peer}.segmentation`] as string[] | undefined) ?? [];
    const shows = (p.devices ?? []).filter((d) => d.device === 'display' && (d.op === 'show' || d.op === 'show-error'));
    // A program may show each frame in more than one window: one window showing them all passes;
    // otherwise the window that got furthest (the first shown on a tie) is the one described.
    const windows = [...new Set(shows.map((d) => d.window ?? ''))];
    const inOrder = (list: DeviceEvent[]) => {
      let n = 0;
      while (n < Math.min(args.frames, list.length) && list[n]!.op === 'show' && list[n]!.sha256 === syntheticFrameSha256(n)) n++;
      return n;
    };
    const perWindow = windows.map((w) => shows.filter((d) => (d.window ?? '') === w));
    const best = perWindow.reduce<DeviceEvent[]>((a, b) => (inOrder(b) > inOrder(a) ? b : a), perWindow[0] ?? []);
    const shown = best;
    const details: string[] = windows.length > 1 ? [`frames were shown in ${windows.length} windows (${windows.map((w) => JSON.stringify(w)).join(', ')}); judged: ${JSON.stringify(best[0]?.window ?? '')}`] : [];
    const describe = (d: DeviceEvent) => `${d.dtype ?? '?'} (${(d.shape ?? []).join(', ')}), sha256 ${short(d.sha256)}${d.k !== undefined && d.k < MAX_FRAME_NUMBER ? `, first 8 bytes name frame ${d.k}` : ''}`;
    for (let j = 0; j < args.frames; j++) {
      const d = shown[j];
      const sent = labels[j] ? ` (sent as ${labels[j]})` : '';
      if (!d) {
        const end = p.exit ? describeExit(p) : 'it was still running when the scenario ended';
        return fail(expected, `the client showed ${j} of the ${args.frames} frames: frame ${j + 1}${sent} was never shown; ${end}${stderrTail(p)}`, details);
      }
      const want = syntheticFrameSha256(j);
      if (d.op === 'show-error' || d.sha256 !== want) {
        return fail(expected, `shown frame ${j + 1} (window ${JSON.stringify(d.window ?? '')}) is ${describe(d)}; expected camera frame ${j}, uint8 ${SHAPE_TEXT}, sha256 ${short(want)}${sent}`, details);
      }
      details.push(`frame ${j + 1}: intact${sent}`);
    }
    return pass(details);
  },
});
