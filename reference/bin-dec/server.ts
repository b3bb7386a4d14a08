// Reference bin-dec-udp server (exercise 11-6): each pickled (number, 'd'|'b') datagram is
// answered, to its sender, with the pickled conversion as an int: (25, 'd') -> (11001, 'b').
import { z } from 'zod';
import { RecordedUdp } from '../../harness/net/recorded-udp.js';
import { encodePickle, tuple } from '../../harness/formats/pickle/index.js';
import type { ReferencePeer } from '../peer.js';
import { convert, readConversion } from './conversion.js';

export const binDecServer: ReferencePeer<Record<string, never>> = {
  id: 'bin-dec-udp:server',
  summary: "answers a pickled (number, 'd'|'b') with the pickled conversion: (25, 'd') -> (11001, 'b')",
  port: 'convert',
  options: z.object({}).strict(),
  start(ctx) {
    let socket: RecordedUdp | undefined;
    const ready = RecordedUdp.bind('udp', 'reference bin-dec-udp:server', ctx.host, ctx.port).then((s) => {
      socket = s;
      ctx.record(s.record);
      ctx.log(`listening on ${ctx.host}:${ctx.port}/udp`);
      s.socket.on('message', (data, rinfo) => {
        const request = readConversion(data);
        if ('problem' in request) return ctx.log(`cannot convert: ${request.problem}`);
        const answer = convert(request);
        if (!answer) return ctx.log(`cannot convert: ${request.digits} is not binary`);
        ctx.log(`(${request.digits}, '${request.kind}') -> (${answer.digits}, '${answer.kind}')`);
        void s.sendTo(encodePickle(tuple(BigInt(answer.digits), answer.kind)), rinfo.address, rinfo.port);
      });
    });
    let stopped: () => void = () => {};
    const done = new Promise<void>((r) => (stopped = r));
    return { ready, done, stop: async () => { socket?.close(); stopped(); } };
  },
};
