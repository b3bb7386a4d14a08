// Reference video-udp sender (video-udp:client, as video_UDP_client.py): camera frames k = 0, 1, ...
// each as 20 datagrams of 1 index byte + 46080 bytes, `fps` frames a second. Standalone it is what
// a student's receiver is tried against (`labcheck ref video-udp:client`); it cannot see the
// receiver read, so it spaces the datagrams of a frame `gapMs` apart to spare its receive buffer.
// With `shuffle`, chunks 0..18 of each frame go in a random order and chunk 19 last.
import { z } from 'zod';
import { RecordedUdp } from '../../harness/net/recorded-udp.js';
import type { ReferencePeer } from '../peer.js';
import { syntheticFrame } from '../../harness/formats/video/synthetic-frame.js';
import { chunkDatagram, chunkOrder } from './udp-video-protocol.js';

const VideoSenderOptions = z
  .object({
    frames: z.number().int().positive().default(10),
    fps: z.number().positive().default(30),
    gapMs: z.number().nonnegative().default(1),
    shuffle: z.boolean().default(false),
  })
  .strict();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const videoUdpSender: ReferencePeer<z.infer<typeof VideoSenderOptions>> = {
  id: 'video-udp:client',
  summary: 'sends camera frames k = 0, 1, ... as 20 datagrams of 1 index byte + 46080 bytes each, 30 frames a second',
  port: 'video',
  options: VideoSenderOptions,
  start(ctx, options) {
    let socket: RecordedUdp | undefined;
    let stopped = false;
    const done = (async () => {
      socket = await RecordedUdp.bind('sender', 'reference video-udp:client', '0.0.0.0');
      ctx.record(socket.record);
      const host = ctx.host === '0.0.0.0' ? '127.0.0.1' : ctx.host;
      const random = ctx.faultRandom();
      const start = Date.now();
      for (let k = 0; k < options.frames && !stopped; k++) {
        const frame = syntheticFrame(k);
        const order = chunkOrder(options.shuffle, random);
        if (options.shuffle) ctx.fault({ dir: 'to-program', kind: 'reorder', detail: `frame ${k}: chunks sent in the order ${order.join(', ')}` });
        for (const index of order) {
          await socket.sendTo(chunkDatagram(frame, index), host, ctx.port);
          if (options.gapMs > 0) await sleep(options.gapMs);
        }
        ctx.log(`frame ${k} sent`);
        await sleep(Math.max(0, start + ((k + 1) * 1000) / options.fps - Date.now()));
      }
      ctx.stdout?.write(`Sent ${options.frames} frames to ${host}:${ctx.port}\n`);
      socket.close();
    })();
    return {
      ready: Promise.resolve(),
      done,
      stop: async () => {
        stopped = true;
        socket?.close();
      },
    };
  },
};
