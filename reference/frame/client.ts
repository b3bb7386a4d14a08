// Reference frame client (frame_parsing.py done right): sends 'hello world' as frames of
// 5-character payloads numbered 1, 2, 3 (capsule.frame with start 0x05, address 1), reads the echo
// until it holds that many whole frames, however it was segmented, and prints the restored message.
import { z } from 'zod';
import { RecordedTcp } from '../../harness/net/recorded-tcp.js';
import { buildFrame, parseFrames } from '../../harness/formats/frames.js';
import type { ReferencePeer } from '../peer.js';

const MESSAGE = 'hello world';
const SIZE = 5;

export const frameClient: ReferencePeer<Record<string, never>> = {
  id: 'frame:client',
  summary: "sends 'hello world' as frames of 5-character payloads and prints the message restored from the echo",
  port: 'echo',
  options: z.object({}).strict(),
  start(ctx) {
    const print = (line: string) => (ctx.stdout ? ctx.stdout.write(line + '\n') : ctx.log(line));
    const run = (async () => {
      const conn = await RecordedTcp.connect('frame', ctx.host, ctx.port, 5000);
      if ('error' in conn) throw new Error(`could not connect to ${ctx.host}:${ctx.port}: ${conn.error}`);
      ctx.record(conn.record);
      const frames: string[] = [];
      for (let i = 0; i < MESSAGE.length; i += SIZE) frames.push(buildFrame(0x05, 1, frames.length + 1, MESSAGE.slice(i, i + SIZE)));
      const sent = Buffer.from(frames.join(''), 'utf8');
      print(`sending ${frames.length} frames (${sent.length} bytes)`);
      await conn.send(sent);
      // The echo is complete once it parses as that many frames (or the server closed, or 5 s).
      const whole = (data: Buffer) => parseFrames(data).frames.length >= frames.length;
      await conn.waitForAnswer(0, whole, 5000);
      const { frames: got, stopped } = parseFrames(conn.receivedData());
      const inOrder = got.every((f, i) => f.sequence === i + 1);
      if (stopped) print(`the echo stopped parsing at byte ${stopped.offset}: ${stopped.why}`);
      if (!inOrder) print('a frame came out of sequence');
      print(`restored message: ${got.map((f) => f.payload).join('')}`);
      conn.closeGraceful();
      await conn.waitForClose(1000);
      conn.destroy();
    })();
    return { ready: run, done: run, stop: async () => {} };
  },
};
