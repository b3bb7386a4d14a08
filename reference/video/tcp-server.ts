// Reference video server (video_server.py done right, without a camera): to each client it sends
// the camera's frames 0..N-1 (harness/formats/video/synthetic-frame.ts) as 8-byte 'Q' lengths
// (little-endian) + pickle.dumps(frame), cut into many kinds of TCP segmentation
// (segmentation.ts), then keeps the connection open until the client closes it.
import { z } from 'zod';
import { frameMessage } from '../../harness/formats/video/frame-stream.js';
import { FRAME_SHAPE, syntheticFrame } from '../../harness/formats/video/synthetic-frame.js';
import type { ReferencePeer } from '../peer.js';
import { closeWhenProgramCloses, serveTcp } from '../tcp-server.js';
import { segmentStream } from './segmentation.js';

const Options = z
  .object({
    frames: z.number().int().positive().default(12),
    /** varied: every kind of segmentation (segmentation.ts); whole: one write per frame. */
    segmentation: z.enum(['varied', 'whole']).default('varied'),
  })
  .strict();
type Options = z.infer<typeof Options>;

/** How long to wait for the program to read a piece before sending the next one anyway. */
const READ_WAIT_MS = 5000;

export const videoTcpServer: ReferencePeer<Options> = {
  id: 'video-tcp:server',
  summary: "sends N camera frames (8-byte 'Q' length + pickled ndarray) to each client, cut into every kind of TCP segmentation",
  port: 'video',
  options: Options,
  start(ctx, options) {
    const messages = Array.from({ length: options.frames }, (_, k) => frameMessage(syntheticFrame(k), FRAME_SHAPE));
    const plan = options.segmentation === 'varied' ? segmentStream(messages) : { pieces: messages.map((data) => ({ data, waitForRead: false })), labels: messages.map(() => 'one write') };
    ctx.fact('segmentation', plan.labels);
    return serveTcp(ctx, 'reference video-tcp:server', (conn) => {
      closeWhenProgramCloses(conn);
      void (async () => {
        let waiting = true; // stops waiting for reads once the program did not read in time
        let sent = 0;
        for (const piece of plan.pieces) {
          if (conn.programClosed) break;
          await conn.send(piece.data);
          sent += piece.data.length;
          if (piece.waitForRead && waiting && ctx.awaitProgramReceived) waiting = await ctx.awaitProgramReceived(sent, READ_WAIT_MS);
        }
        ctx.log(`sent ${options.frames} frames`);
      })();
    });
  },
};
