// A reference UDP receiver on a port other sockets share, as the course's broadcast and multicast
// receivers bind it: ('', port) with SO_REUSEADDR, so several receivers (references and programs)
// run on one host. Every datagram is recorded; a scenario step can wait until N have arrived.
import type { RemoteInfo } from 'node:dgram';
import { RecordedUdp } from '../harness/net/recorded-udp.js';
import type { PeerContext, RunningPeer } from './peer.js';

/** A running peer that can say how many datagrams it received and wait for more. */
export interface DatagramCounter {
  datagramsReceived(): number;
  waitForDatagrams(count: number, timeoutMs: number): Promise<boolean>;
}

export function countsDatagrams(peer: RunningPeer): peer is RunningPeer & DatagramCounter {
  return typeof (peer as Partial<DatagramCounter>).waitForDatagrams === 'function';
}

/** Called with the bound socket (e.g. to join a multicast group) and for every datagram. */
export interface ReceiverHooks {
  bound?(udp: RecordedUdp): void | Promise<void>;
  datagram?(udp: RecordedUdp, data: Buffer, from: RemoteInfo): void;
}

export function startSharedPortReceiver(ctx: PeerContext, owner: string, hooks: ReceiverHooks = {}): RunningPeer & DatagramCounter {
  let socket: RecordedUdp | undefined;
  // The wildcard address whatever ctx.host says: a socket bound to 127.0.0.1 never hears a
  // datagram sent to a broadcast or group address.
  const ready = RecordedUdp.bind('udp', owner, '0.0.0.0', ctx.port, { reuseAddr: true }).then(async (s) => {
    socket = s;
    ctx.record(s.record);
    await hooks.bound?.(s);
    s.socket.on('message', (data, from) => hooks.datagram?.(s, data, from));
  });
  let stopped: () => void = () => {};
  const done = new Promise<void>((r) => (stopped = r));
  return {
    ready,
    done,
    stop: async () => {
      socket?.close();
      stopped();
    },
    datagramsReceived: () => socket?.datagramsReceived ?? 0,
    waitForDatagrams: async (count, timeoutMs) => {
      await ready;
      return socket!.waitForDatagrams(count, timeoutMs);
    },
  };
}
