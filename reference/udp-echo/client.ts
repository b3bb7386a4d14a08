// Reference UDP echo client (UDP_client.py): sends a greeting, then for each echo prints it
// and sends the next typed line.
import readline from 'node:readline';
import { z } from 'zod';
import { RecordedUdp } from '../../harness/net/recorded-udp.js';
import type { ReferencePeer } from '../peer.js';

export const udpEchoClient: ReferencePeer<Record<string, never>> = {
  id: 'echo-udp:client',
  summary: 'sends "Hello UDP server", then each typed line, printing every echo',
  port: 'echo',
  options: z.object({}).strict(),
  start(ctx) {
    const print = (line: string) => (ctx.stdout ? ctx.stdout.write(line + '\n') : ctx.log(line));
    const run = (async () => {
      const socket = await RecordedUdp.bind('udp', 'reference echo-udp:client', '0.0.0.0');
      ctx.record(socket.record);
      const lines = readline.createInterface({ input: ctx.stdin ?? process.stdin, terminal: false })[Symbol.asyncIterator]();
      let message = 'Hello UDP server';
      for (;;) {
        const before = socket.datagramsReceived;
        await socket.sendTo(Buffer.from(message, 'utf8'), ctx.host === '0.0.0.0' ? '127.0.0.1' : ctx.host, ctx.port);
        if (!(await socket.waitForDatagrams(before + 1, 5000))) break;
        print(`Server says: ${socket.record.chunks.filter((c) => c.dir === 'from-program').at(-1)!.data.toString('utf8')}`);
        const next = await lines.next();
        if (next.done) break;
        message = next.value;
      }
      socket.close();
    })();
    return { ready: Promise.resolve(), done: run, stop: async () => {} };
  },
};
