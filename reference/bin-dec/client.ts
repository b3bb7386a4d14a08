// Reference bin-dec-udp client (exercise 11-6): reads the number, then 'd' or 'b', sends the
// pickled tuple (int, kind), prints the converted number it gets back.
import readline from 'node:readline';
import { z } from 'zod';
import { RecordedUdp } from '../../harness/net/recorded-udp.js';
import { encodePickle, tuple } from '../../harness/formats/pickle/index.js';
import type { ReferencePeer } from '../peer.js';
import { readConversion } from './conversion.js';

export const binDecClient: ReferencePeer<Record<string, never>> = {
  id: 'bin-dec-udp:client',
  summary: "sends the typed number and 'd'/'b' as a pickled tuple, prints the conversion",
  port: 'convert',
  options: z.object({}).strict(),
  start(ctx) {
    const print = (line: string) => (ctx.stdout ? ctx.stdout.write(line + '\n') : ctx.log(line));
    const run = (async () => {
      const lines = readline.createInterface({ input: ctx.stdin ?? process.stdin, terminal: false })[Symbol.asyncIterator]();
      const number = (await lines.next()).value?.trim();
      const kind = (await lines.next()).value?.trim();
      if (!number || !/^\d+$/.test(number) || (kind !== 'd' && kind !== 'b')) throw new Error("type a positive number, then 'd' or 'b'");
      const socket = await RecordedUdp.bind('udp', 'reference bin-dec-udp:client', '0.0.0.0');
      ctx.record(socket.record);
      await socket.sendTo(encodePickle(tuple(BigInt(number), kind)), ctx.host === '0.0.0.0' ? '127.0.0.1' : ctx.host, ctx.port);
      const answered = await socket.waitForDatagrams(1, 5000);
      socket.close();
      if (!answered) throw new Error('no answer from the server');
      const reply = readConversion(socket.record.chunks.find((c) => c.dir === 'from-program')!.data);
      if ('problem' in reply) throw new Error(`the answer is ${reply.problem}`);
      print(`Result: ${reply.digits} (${reply.kind})`);
    })();
    return { ready: Promise.resolve(), done: run, stop: async () => {} };
  },
};
