// Reference UDP file receivers: file-udp:server (UDP_file_sr.py r) and file-udp-flow:server
// (exercise 11-8). Each sender (address and port) is one transfer: its first datagram is the
// name, answered 'OK'; then chunks until an empty datagram. With `ack`, each chunk is answered
// 'ACK' after `ackHoldMs` (the time the reference watches for a second, unacknowledged chunk).
// Each transfer is recorded as its own connection record (`<peer>#<n>`).
import dgram from 'node:dgram';
import { z } from 'zod';
import { now } from '../../harness/model/clock.js';
import type { ConnectionRecord } from '../../harness/model/evidence.js';
import type { PeerContext, ReferencePeer, RunningPeer } from '../peer.js';
import { saveReceivedFile } from './file-store.js';

const UdpReceiverOptions = z
  .object({
    /** Answer the name this late ("waits for OK" is tested by answering late). */
    okDelayMs: z.number().int().nonnegative().default(0),
    /** Answer each chunk with 'ACK' (exercise 11-8), this long after it arrived. */
    ack: z.boolean().default(false),
    ackHoldMs: z.number().int().nonnegative().default(0),
    /** Save received files in the working folder (standalone); in a scenario the evidence keeps them. */
    save: z.boolean().default(false),
  })
  .strict();
type UdpReceiverOptions = z.infer<typeof UdpReceiverOptions>;

interface Transfer {
  record: ConnectionRecord;
  name?: string;
  parts: Buffer[];
  finished: boolean;
}

function udpFileReceiver(id: string, ack: boolean): ReferencePeer<UdpReceiverOptions> {
  return {
    id,
    summary: ack ? "answers the name with 'OK' and each chunk with 'ACK'; an empty datagram ends the file" : "answers the name with 'OK', saves the chunks until an empty datagram",
    port: 'file',
    options: UdpReceiverOptions,
    start(ctx, given) {
      const options = { ...given, ack: given.ack || ack, save: given.save || !isScenario(ctx) };
      return serve(ctx, options);
    },
  };
}

/** Standalone (`labcheck ref`), or as a program under test, the peer has no scenario to record into. */
function isScenario(ctx: PeerContext): boolean {
  return !ctx.stdout;
}

function serve(ctx: PeerContext, options: UdpReceiverOptions): RunningPeer {
  const socket = dgram.createSocket('udp4');
  const transfers = new Map<string, Transfer>();
  let count = 0;
  let closed = false;
  const timers = new Set<NodeJS.Timeout>();
  const reply = (t: Transfer, text: string, host: string, port: number, delayMs: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (closed) return;
      t.record.chunks.push({ t: now(), dir: 'to-program', remote: `${host}:${port}`, data: Buffer.from(text) });
      socket.send(text, port, host);
    }, delayMs);
    timers.add(timer);
  };
  socket.on('message', (data, rinfo) => {
    const remote = `${rinfo.address}:${rinfo.port}`;
    let t = transfers.get(remote);
    if (!t || t.finished) {
      const a = socket.address();
      t = { record: { name: `transfer${++count}`, transport: 'udp', owner: `reference ${ack(options)}`, local: `${a.address}:${a.port}`, remote, events: [{ t: now(), kind: 'connected', detail: 'first datagram' }], chunks: [] }, parts: [], finished: false };
      transfers.set(remote, t);
      ctx.record(t.record);
    }
    t.record.chunks.push({ t: now(), dir: 'from-program', remote, data });
    if (t.name === undefined) {
      t.name = data.toString('utf8');
      ctx.log(`file name ${JSON.stringify(t.name)} from ${remote}`);
      reply(t, 'OK', rinfo.address, rinfo.port, options.okDelayMs);
      return;
    }
    if (data.length === 0) {
      t.finished = true;
      const size = t.parts.reduce((n, p) => n + p.length, 0);
      ctx.log(`received ${JSON.stringify(t.name)} (${size} bytes)`);
      if (options.save) void saveReceivedFile(t.name, t.parts).then((where) => ctx.stdout?.write(`Saved ${where}\n`));
      return;
    }
    t.parts.push(data);
    if (options.ack) reply(t, 'ACK', rinfo.address, rinfo.port, options.ackHoldMs);
  });
  const ready = new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(ctx.port, ctx.host, () => {
      ctx.log(`listening on ${ctx.host}:${ctx.port}/udp`);
      resolve();
    });
  });
  let stopped: () => void = () => {};
  const done = new Promise<void>((r) => (stopped = r));
  return {
    ready,
    done,
    stop: async () => {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      try {
        socket.close();
      } catch {
        /* already closed */
      }
      stopped();
    },
  };
}

const ack = (o: UdpReceiverOptions) => (o.ack ? 'file-udp-flow:server' : 'file-udp:server');

export const udpFileReceiverPeer = udpFileReceiver('file-udp:server', false);
export const udpFlowReceiverPeer = udpFileReceiver('file-udp-flow:server', true);
