// Reference TCP echo client (TCP_client.py): sends each typed line, prints the echo; 'q' or an
// empty line quits; when the server closes the connection it says so and ends.
import readline from 'node:readline';
import { z } from 'zod';
import { RecordedTcp } from '../../harness/net/recorded-tcp.js';
import type { ReferencePeer } from '../peer.js';

export const echoClient: ReferencePeer<Record<string, never>> = {
  id: 'echo:client',
  summary: "sends each typed line and prints the echo; 'q' or an empty line quits",
  port: 'echo',
  options: z.object({}).strict(),
  start(ctx) {
    const print = (line: string) => (ctx.stdout ? ctx.stdout.write(line + '\n') : ctx.log(line));
    const run = (async () => {
      const conn = await RecordedTcp.connect('echo', ctx.host, ctx.port, 5000);
      if ('error' in conn) throw new Error(`could not connect to ${ctx.host}:${ctx.port}: ${conn.error}`);
      ctx.record(conn.record);
      print(`Connected to ${ctx.host}:${ctx.port}`);
      const lines = readline.createInterface({ input: ctx.stdin ?? process.stdin, terminal: false });
      for await (const line of lines) {
        if (line === 'q' || line === '') break;
        const before = conn.totalReceived;
        await conn.send(Buffer.from(line, 'utf8'));
        await conn.waitForTotal(before + Buffer.byteLength(line), 5000);
        const echo = conn.receivedData().subarray(before).toString('utf8');
        if (echo) print(`Received message: ${echo}`);
        if (conn.programClosed) break;
      }
      lines.close();
      if (conn.programClosed) print('The server closed the connection');
      conn.closeGraceful();
      await conn.waitForClose(1000); // the server's FIN, if it answers ours in time
      conn.destroy();
    })();
    return { ready: run, done: run, stop: async () => {} };
  },
};
