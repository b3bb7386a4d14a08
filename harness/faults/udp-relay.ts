// A UDP relay that injects faults: it listens on one port, forwards each client address's
// datagrams to the target from a socket of its own (one per client address, like a NAT), and sends
// the target's answers back from the port the client sent to, so a program that used connect()
// still accepts them. Drops, delays, duplicates and reorders are decided per datagram, per client
// address and direction, and each one applied is reported as a fault.
import dgram from 'node:dgram';
import { now } from '../model/clock.js';
import type { ConnectionRecord, Direction } from '../model/evidence.js';
import { hits, unpack, type UdpFault } from './relay-faults.js';
import { sleep, type Relay, type RelayOptions } from './relay-options.js';

interface Client {
  index: number;
  host: string;
  port: number;
  upstream: dgram.Socket;
  /** Records of the program's side and of the other side. */
  programRecord: ConnectionRecord;
  peerRecord: ConnectionRecord;
  count: Record<Direction, number>;
  /** A datagram held by `reorder`, sent right after the next one on its path. */
  held: Partial<Record<Direction, Buffer>>;
}

export async function startUdpRelay(o: RelayOptions<UdpFault>): Promise<Relay> {
  const front = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    front.once('error', reject);
    front.bind(o.listenPort, o.listenHost, () => {
      front.off('error', reject);
      resolve();
    });
  });
  const clients = new Map<string, Client>();
  const streams = new Map<string, () => number>();
  let stopped = false;
  const stream = (path: string) => {
    if (!streams.has(path)) streams.set(path, o.random(path));
    return streams.get(path)!;
  };
  // The client's datagrams go from the program when the program is the client, and to it otherwise.
  const fromClient: Direction = o.programSide === 'client' ? 'from-program' : 'to-program';
  const fromTarget: Direction = fromClient === 'from-program' ? 'to-program' : 'from-program';

  const recordOf = (c: Client, side: 'client' | 'target') => (side === o.programSide ? c.programRecord : c.peerRecord);

  function send(c: Client, dir: Direction, data: Buffer): void {
    if (stopped) return;
    const towardTarget = dir === fromClient;
    recordOf(c, towardTarget ? 'target' : 'client').chunks.push({ t: now(), dir, remote: towardTarget ? `${o.targetHost}:${o.targetPort}` : `${c.host}:${c.port}`, data });
    if (towardTarget) c.upstream.send(data, o.targetPort, o.targetHost);
    else front.send(data, c.port, c.host);
  }

  async function forward(c: Client, dir: Direction, data: Buffer): Promise<void> {
    const n = ++c.count[dir];
    const hit = (f: UdpFault, i: number) => {
      const { spec } = unpack(f);
      return hits(spec, dir, c.index, n, stream(`${dir}:client${c.index}:fault${i}`));
    };
    // Every fault draws for every datagram of its path, whatever the others decided.
    const decided = o.faults.map((f, i) => ({ ...unpack(f), hit: hit(f, i) }));
    const applied = (kind: string) => decided.find((d) => d.kind === kind && d.hit);
    const release = () => {
      const held = c.held[dir];
      if (held) {
        delete c.held[dir];
        send(c, dir, held);
      }
    };
    if (applied('drop')) {
      o.fault({ dir, kind: 'drop', index: n, detail: `client ${c.host}:${c.port}` });
      release();
      return;
    }
    if (applied('reorder') && !c.held[dir]) {
      c.held[dir] = data;
      o.fault({ dir, kind: 'reorder', index: n, detail: 'held, sent after the next datagram' });
      return;
    }
    const delay = applied('delay');
    if (delay) {
      const ms = (delay.spec as { ms: number }).ms;
      o.fault({ dir, kind: 'delay', index: n, detail: `held ${ms} ms` });
      await sleep(ms);
    }
    send(c, dir, data);
    if (applied('duplicate')) {
      o.fault({ dir, kind: 'duplicate', index: n, detail: 'sent twice' });
      send(c, dir, data);
    }
    release();
  }

  function clientFor(host: string, port: number): Client {
    const key = `${host}:${port}`;
    let c = clients.get(key);
    if (c) return c;
    const index = clients.size + 1;
    const upstream = dgram.createSocket('udp4');
    const record = (name: string, remote: string): ConnectionRecord => ({ name, transport: 'udp', owner: `relay ${o.name}`, remote, events: [{ t: now(), kind: 'connected', detail: 'first datagram' }], chunks: [] });
    const clientSide = record(o.programSide === 'client' ? `${o.name}#${index}` : `${o.name}-peer#${index}`, key);
    const targetSide = record(o.programSide === 'client' ? `${o.name}-peer#${index}` : `${o.name}#${index}`, `${o.targetHost}:${o.targetPort}`);
    c = {
      index,
      host,
      port,
      upstream,
      programRecord: o.programSide === 'client' ? clientSide : targetSide,
      peerRecord: o.programSide === 'client' ? targetSide : clientSide,
      count: { 'from-program': 0, 'to-program': 0 },
      held: {},
    };
    clients.set(key, c);
    o.record(clientSide);
    o.record(targetSide);
    const client = c;
    upstream.on('message', (data, rinfo) => {
      // Only the target's answers are relayed back (the upstream port is the relay's own).
      if (rinfo.port !== o.targetPort) return;
      recordOf(client, 'target').chunks.push({ t: now(), dir: fromTarget, remote: `${rinfo.address}:${rinfo.port}`, data });
      void forward(client, fromTarget, data);
    });
    upstream.on('error', (err: NodeJS.ErrnoException) => recordOf(client, 'target').events.push({ t: now(), kind: 'error', detail: err.code ?? err.message }));
    return c;
  }

  front.on('message', (data, rinfo) => {
    const c = clientFor(rinfo.address, rinfo.port);
    recordOf(c, 'client').chunks.push({ t: now(), dir: fromClient, remote: `${rinfo.address}:${rinfo.port}`, data });
    void forward(c, fromClient, data);
  });
  front.on('error', () => {});

  return {
    port: front.address().port,
    stop: async () => {
      stopped = true;
      const close = (s: dgram.Socket) => new Promise<void>((resolve) => {
        try {
          s.close(() => resolve());
        } catch {
          resolve(); // never bound (no datagram went out yet) or already closed
        }
      });
      await Promise.all([front, ...[...clients.values()].map((c) => c.upstream)].map(close));
    },
  };
}
