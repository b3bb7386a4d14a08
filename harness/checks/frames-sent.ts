// `frames-sent`: the bytes the client sent to the reference server, however TCP segmented them,
// are back-to-back frames (start 0x05, 2-digit address, 4-digit sequence, 4-digit length,
// payload) carrying the message in `payloadSize`-character pieces with sequence numbers 1, 2, 3, ...
import { z } from 'zod';
import { defineCheck, fail, pass } from './check.js';
import { peerConnections, show } from './queries.js';
import { hex, parseFrames, type ParsedFrame } from '../formats/frames.js';

const describeFrame = (f: ParsedFrame, i: number) => `frame ${i + 1} at byte ${f.offset}: address ${show(f.address)}, sequence ${f.sequence}, length ${f.length}, payload ${show(f.payload)}`;

export const framesSent = defineCheck({
  name: 'frames-sent',
  summary: 'the client sends the message as valid frames, in pieces of the payload size, numbered from 1',
  args: z.object({ peer: z.string(), message: z.string(), payloadSize: z.number().int().positive() }).strict(),
  requirement: (a) => `the client sends ${show(a.message)} as frames of ${a.payloadSize}-character payloads numbered 1, 2, 3, ...`,
  run(e, args) {
    const received = peerConnections(e, args.peer)
      .flatMap((c) => c.chunks.filter((k) => k.dir === 'from-program'))
      .sort((a, b) => a.t - b.t);
    const data = Buffer.concat(received.map((k) => k.data));
    const pieces: string[] = [];
    for (let i = 0; i < args.message.length; i += args.payloadSize) pieces.push(args.message.slice(i, i + args.payloadSize));
    const want = pieces.map((p, i) => `#${i + 1} ${show(p)}`).join(', ');
    if (data.length === 0) return fail(`frames ${want}`, 'the server received nothing');
    const { frames, stopped } = parseFrames(data);
    const parsed = frames.map(describeFrame);
    if (stopped) {
      return fail(`frames ${want}`, `the stream stopped parsing at byte ${stopped.offset}: ${stopped.why}`, [
        ...(parsed.length ? parsed : ['no whole frame before that']),
        `bytes from ${stopped.offset}: ${hex(data.subarray(stopped.offset))}`,
      ]);
    }
    const got = frames.map((f) => `#${f.sequence} ${show(f.payload)}`).join(', ');
    if (got !== want) return fail(`frames ${want}`, `frames ${got}`, parsed);
    return pass(parsed);
  },
});
