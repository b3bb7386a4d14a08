// Reference multicast sender (multicast_send.py): sends each typed line to the group 224.0.0.255
// with TTL 2, then prints every answer that arrives until 0.5 s pass without one (the seed's
// timeout), as "<answer> from ('<address>', <port>)".
import readline from 'node:readline';
import { z } from 'zod';
import { RecordedUdp } from '../../harness/net/recorded-udp.js';
import type { ReferencePeer } from '../peer.js';

/** The seed's settimeout(0.5): how long it listens for more answers after the last one. */
const QUIET_MS = 500;

export const multicastSender: ReferencePeer<{ group: string; ttl: number }> = {
  id: 'multicast:client',
  summary: 'sends each typed line to 224.0.0.255 with TTL 2 and prints every ACK',
  port: 'group',
  options: z.object({ group: z.string().default('224.0.0.255'), ttl: z.number().int().min(1).max(255).default(2) }).strict(),
  start(ctx, options) {
    const print = (line: string) => (ctx.stdout ? ctx.stdout.write(line + '\n') : ctx.log(line));
    const run = (async () => {
      const socket = await RecordedUdp.bind('udp', 'reference multicast:client', '0.0.0.0');
      ctx.record(socket.record);
      socket.socket.setMulticastTTL(options.ttl);
      let printed = 0;
      const answers = () => socket.record.chunks.filter((c) => c.dir === 'from-program');
      for await (const line of readline.createInterface({ input: ctx.stdin ?? process.stdin, terminal: false })) {
        await socket.sendTo(Buffer.from(line, 'utf8'), options.group, ctx.port);
        while (await socket.waitForDatagrams(printed + 1, QUIET_MS)) {
          for (const a of answers().slice(printed)) {
            const [host, port] = [a.remote!.slice(0, a.remote!.lastIndexOf(':')), a.remote!.slice(a.remote!.lastIndexOf(':') + 1)];
            print(`${a.data.toString('utf8')} from ('${host}', ${port})`);
          }
          printed = answers().length;
        }
      }
      socket.close();
    })();
    return { ready: Promise.resolve(), done: run, stop: async () => {} };
  },
};
