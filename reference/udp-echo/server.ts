// Reference UDP echo server (UDP_server.py): every datagram goes back to its sender.
import { z } from 'zod';
import { RecordedUdp } from '../../harness/net/recorded-udp.js';
import type { ReferencePeer } from '../peer.js';

export const udpEchoServer: ReferencePeer<Record<string, never>> = {
  id: 'echo-udp:server',
  summary: 'sends every datagram back to its sender',
  port: 'echo',
  options: z.object({}).strict(),
  start(ctx) {
    let socket: RecordedUdp | undefined;
    const ready = RecordedUdp.bind('udp', 'reference echo-udp:server', ctx.host, ctx.port).then((s) => {
      socket = s;
      ctx.record(s.record);
      ctx.log(`listening on ${ctx.host}:${ctx.port}/udp`);
      s.socket.on('message', (data, rinfo) => {
        ctx.log(`echo ${JSON.stringify(data.toString('utf8'))} to ${rinfo.address}:${rinfo.port}`);
        void s.sendTo(data, rinfo.address, rinfo.port);
      });
    });
    let stopped: () => void = () => {};
    const done = new Promise<void>((r) => (stopped = r));
    return { ready, done, stop: async () => { socket?.close(); stopped(); } };
  },
};
