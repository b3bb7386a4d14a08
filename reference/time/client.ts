// Reference time clients: time_client.py prints what the server sent; ex 11-3 prints it as
// "2022 Feb 2 (Wed) 14:24:35".
import { z } from 'zod';
import { RecordedTcp } from '../../harness/net/recorded-tcp.js';
import type { PeerContext, ReferencePeer, RunningPeer } from '../peer.js';
import { courseFormat } from '../../harness/formats/ctime.js';

function timeClient(ctx: PeerContext, format: (text: string) => string): RunningPeer {
  const print = (line: string) => (ctx.stdout ? ctx.stdout.write(line + '\n') : ctx.log(line));
  const run = (async () => {
    const conn = await RecordedTcp.connect('time', ctx.host, ctx.port, 5000);
    if ('error' in conn) throw new Error(`could not connect to ${ctx.host}:${ctx.port}: ${conn.error}`);
    ctx.record(conn.record);
    await conn.waitForClose(5000);
    print(format(conn.receivedData().toString('utf8')));
    conn.destroy();
  })();
  return { ready: run, done: run, stop: async () => {} };
}

export const timeClientPeer: ReferencePeer<Record<string, never>> = {
  id: 'time:client',
  summary: 'connects, prints the time the server sent',
  port: 'time',
  options: z.object({}).strict(),
  start: (ctx) => timeClient(ctx, (text) => `현재 시각: ${text}`),
};

export const timeFormatClient: ReferencePeer<Record<string, never>> = {
  id: 'time-format:client',
  summary: 'connects, prints the time the server sent as "2022 Feb 2 (Wed) 14:24:35"',
  port: 'time',
  options: z.object({}).strict(),
  start: (ctx) => timeClient(ctx, (text) => courseFormat(text) ?? `cannot read the time ${JSON.stringify(text)}`),
};
