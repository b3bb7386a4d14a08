// Shared plumbing of the reference TCP servers: listen, record every accepted connection,
// hand it to the protocol, and stop cleanly.
import net from 'node:net';
import { RecordedTcp } from '../harness/net/recorded-tcp.js';
import type { PeerContext, RunningPeer } from './peer.js';

export function serveTcp(ctx: PeerContext, owner: string, handle: (conn: RecordedTcp, index: number) => void): RunningPeer {
  const conns = new Set<RecordedTcp>();
  let count = 0;
  const server = net.createServer((socket) => {
    const conn = RecordedTcp.accepted(socket, `conn${++count}`, owner);
    ctx.record(conn.record);
    ctx.log(`connection ${count} from ${conn.record.remote}`);
    conns.add(conn);
    socket.on('close', () => conns.delete(conn));
    handle(conn, count);
  });
  let stopped: () => void = () => {};
  const done = new Promise<void>((resolve) => (stopped = resolve));
  const ready = new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: ctx.port, host: ctx.host }, () => {
      ctx.log(`${owner} listening on ${ctx.host}:${ctx.port}`);
      resolve();
    });
  });
  return {
    ready,
    done,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const c of conns) c.destroy();
        server.close(() => resolve());
        stopped();
      }),
  };
}

/** Calls `onMessage` with each chunk of data the program sends (the course's protocols send one message per send()). */
export function onMessages(conn: RecordedTcp, onMessage: (data: Buffer) => void): void {
  conn.socket.on('data', onMessage);
}

/** Close our side once the program has closed its side (the polite end of a conversation). */
export function closeWhenProgramCloses(conn: RecordedTcp): void {
  conn.socket.on('end', () => conn.closeGraceful());
}
