// Reference video client (video_client.py done right): connects, reads `frames` messages
// (8-byte 'Q' length, little-endian, + a pickled uint8 frame) however TCP segments them, then
// closes (with a reset: the server keeps sending). It stops early when the server closes, a length field is not a plausible length, or
// `timeoutMs` passes. The check (video-frames-sent) judges the recorded bytes, not this peer.
import { z } from 'zod';
import { RecordedTcp } from '../../harness/net/recorded-tcp.js';
import { LENGTH_BYTES, decodeFrame, implausibleLength } from '../../harness/formats/video/frame-stream.js';
import { frameNumber } from '../../harness/formats/video/synthetic-frame.js';
import type { ReferencePeer } from '../peer.js';
import { waitFor } from '../../harness/net/wait.js';
import { EventEmitter } from 'node:events';

const Options = z.object({ frames: z.number().int().positive().default(12), timeoutMs: z.number().int().positive().default(15_000) }).strict();
type Options = z.infer<typeof Options>;

/** Finds message boundaries as bytes arrive, without joining everything on each chunk. */
class MessageCounter {
  readonly changes = new EventEmitter();
  private chunks: Buffer[] = [];
  private buffered = 0;
  count = 0;
  payloads: Buffer[] = [];
  broken?: string;
  private need = LENGTH_BYTES; // bytes the current step (length field or payload) waits for
  private inPayload = false;

  push(data: Buffer): void {
    this.chunks.push(data);
    this.buffered += data.length;
    while (!this.broken && this.buffered >= this.need) {
      const joined = Buffer.concat(this.chunks);
      const piece = joined.subarray(0, this.need);
      const rest = joined.subarray(this.need);
      this.chunks = rest.length ? [rest] : [];
      this.buffered = rest.length;
      if (this.inPayload) {
        this.payloads.push(piece);
        this.count++;
        this.need = LENGTH_BYTES;
        this.inPayload = false;
      } else {
        this.broken = implausibleLength(piece);
        this.need = Number(piece.readBigUInt64LE(0));
        this.inPayload = true;
      }
    }
    this.changes.emit('change');
  }
}

export const videoTcpClient: ReferencePeer<Options> = {
  id: 'video-tcp:client',
  summary: "reads N frames (8-byte 'Q' length + pickled ndarray) however they are segmented, then closes",
  port: 'video',
  options: Options,
  start(ctx, options) {
    const print = (line: string) => (ctx.stdout ? ctx.stdout.write(line + '\n') : ctx.log(line));
    const run = (async () => {
      const conn = await RecordedTcp.connect('video', ctx.host, ctx.port, 5000);
      if ('error' in conn) throw new Error(`could not connect to ${ctx.host}:${ctx.port}: ${conn.error}`);
      ctx.record(conn.record);
      const counter = new MessageCounter();
      conn.socket.on('data', (data: Buffer) => counter.push(data));
      let closed = false;
      conn.socket.on('close', () => {
        closed = true;
        counter.changes.emit('change');
      });
      let shown = 0;
      const report = () => {
        for (; shown < counter.payloads.length; shown++) {
          const frame = decodeFrame(counter.payloads[shown]!);
          print('error' in frame ? `frame ${shown + 1}: ${frame.error}` : `frame ${shown + 1}: ${frame.array.dtype} (${frame.array.shape.join(', ')}), camera frame ${frameNumber(frame.data)}`);
          counter.payloads[shown] = Buffer.alloc(0); // the recorded chunks keep the bytes
        }
      };
      counter.changes.on('change', report);
      await waitFor(counter.changes, 'change', () => counter.count >= options.frames || !!counter.broken || closed || conn.programClosed, options.timeoutMs);
      if (counter.broken) print(counter.broken);
      print(`received ${counter.count} frames; closing`);
      // The server streams on, unpaced: close at once (a reset, since its frames are left unread)
      // rather than record what it sends while it notices.
      conn.reset();
    })();
    return { ready: run, done: run, stop: async () => {} };
  },
};
