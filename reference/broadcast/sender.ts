// Reference broadcast sender (broadcast_client.py): each typed line goes out as one datagram to
// 255.255.255.255 (Python's '<broadcast>') on the port, from a socket with SO_BROADCAST.
import readline from 'node:readline';
import { z } from 'zod';
import { RecordedUdp } from '../../harness/net/recorded-udp.js';
import type { ReferencePeer } from '../peer.js';

const Options = z.object({ address: z.string().default('255.255.255.255') }).strict();

export const broadcastSender: ReferencePeer<z.infer<typeof Options>> = {
  id: 'broadcast:client',
  summary: "broadcasts each typed line to 255.255.255.255 ('<broadcast>') on the port, like broadcast_client.py",
  port: 'broadcast',
  options: Options,
  start(ctx, options) {
    const run = (async () => {
      const socket = await RecordedUdp.bind('udp', 'reference broadcast:client', '0.0.0.0', 0, { broadcast: true });
      ctx.record(socket.record);
      const lines = readline.createInterface({ input: ctx.stdin ?? process.stdin, terminal: false });
      for await (const line of lines) {
        await socket.sendTo(Buffer.from(line, 'utf8'), options.address, ctx.port);
        ctx.log(`broadcast ${JSON.stringify(line)} to ${options.address}:${ctx.port}`);
      }
      socket.close();
    })();
    return { ready: Promise.resolve(), done: run, stop: async () => {} };
  },
};
