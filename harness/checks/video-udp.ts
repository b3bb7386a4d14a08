// Checks of the video-udp lab (video_UDP_server.py receives, video_UDP_client.py sends): a frame
// is 20 datagrams of 1 index byte + 46080 bytes; the receiver places each chunk by its index.
//   reassembles-frames: the frames a receiver shows or writes equal the camera frames the harness
//                       sent (`send-video-udp`), in order, whatever order their chunks came in.
//   sends-frame-chunks: see video-udp-sender.ts.
import { z } from 'zod';
import { cannotJudge, defineCheck, fail, pass } from './check.js';
import { program } from './queries.js';
import type { SentVideoFrame } from '../engine/steps/send-video-udp-step.js';
import { CHUNKS_PER_FRAME } from '../../reference/video/udp-video-protocol.js';
import { describeFrame, framesGiven, SINK_CALL, SINK_PAST, type FrameSink } from './frame-sinks.js';
import { isUdpReceive } from '../model/socket-calls.js';

export const reassemblesFrames = defineCheck({
  name: 'reassembles-frames',
  summary: 'the frames shown or written equal the frames sent, in order, each chunk placed by its index byte',
  args: z.object({ program: z.string().default('program'), fact: z.string().default('video') }).strict(),
  requirement: () => 'chunks of a frame are placed by their index byte: the frames shown or written equal the frames sent, in order',
  run(e, args) {
    const sent = (e.facts[`${args.fact}.frames`] as SentVideoFrame[] | undefined) ?? [];
    const p = program(e, args.program);
    if (!p || sent.length === 0) return fail('frames sent to the receiver', 'the run stopped before the harness sent a frame');
    if (!p.traced) return cannotJudge('the frames the program shows or writes', 'the program does not run under the Python shim, so its display and video writer are not recorded');
    // The harness sent each datagram once the program had read the previous one, so the program's
    // n-th read is the n-th datagram: frame i was read whole once 20·(i+1) reads returned.
    const reads = p.socketCalls.filter(isUdpReceive).length;
    const judged = Math.min(sent.length, Math.floor(reads / CHUNKS_PER_FRAME));
    const which = judged === sent.length ? `all ${judged} frames sent` : `frames 0..${judged - 1}, the ${judged} of ${sent.length} whose 20 datagrams the program read`;
    if (judged === 0) return fail(`the program reads the ${sent.length * CHUNKS_PER_FRAME} datagrams of ${sent.length} frames`, `it read ${reads} datagram${reads === 1 ? '' : 's'}: not one whole frame`);
    const sinks = (['display', 'writer'] as FrameSink[]).map((sink) => ({ sink, frames: framesGiven(p, sink) })).filter((s) => s.frames.length > 0);
    if (sinks.length === 0) return fail(`the ${judged} frames received shown (cv2.imshow) or written (VideoWriter.write)`, 'no frame was shown or written');
    for (const { sink, frames } of sinks) {
      const past = SINK_PAST[sink];
      for (let i = 0; i < judged; i++) {
        const given = frames[i];
        const frame = sent[i]!;
        if (!given) return fail(`frame ${i} ${past} (${SINK_CALL[sink]})`, `only ${frames.length} frame${frames.length === 1 ? ' was' : 's were'} ${past}, of ${judged} received whole`, [`judged: ${which}`]);
        if (given.sha256 === frame.sha256) continue;
        const expected = `frame ${i} ${past} (${SINK_CALL[sink]}) equal to the frame sent (camera frame k=${frame.k}, chunks placed by their index byte)`;
        const order = `its chunks were sent in the order ${frame.order.join(', ')}`;
        if (given.sha256 === frame.arrivalSha256) {
          return fail(expected, `frame ${i} ${past} has its chunks in arrival order (${order}): place each chunk at its index byte, data[0]`, [`judged: ${which}`]);
        }
        const other = sent.findIndex((s) => s.sha256 === given.sha256);
        const actual = other >= 0 ? `frame ${i} ${past} is frame ${other} (frames out of order or one missing)` : `frame ${i} ${past} differs from it (${describeFrame(given)}; ${order})`;
        return fail(expected, actual, [`judged: ${which}`]);
      }
      if (frames.length > sent.length) return fail(`one frame ${past} per frame sent (${sent.length})`, `${frames.length} frames were ${past}: a frame is complete only at chunk 19`);
    }
    return pass([`judged: ${which}`, ...sinks.map(({ sink, frames }) => `${Math.min(frames.length, judged)} frames ${SINK_PAST[sink]} (${SINK_CALL[sink]}) equal the frames sent, in order`)]);
  },
});
