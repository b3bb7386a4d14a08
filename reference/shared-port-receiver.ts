// A reference UDP receiver on a port other sockets share, as the course's broadcast and multicast
// receivers bind it: ('', port) with SO_REUSEADDR, so several receivers (references and programs)
// run on one host. Every datagram is recorded; a scenario step can wait until N have arrived.
import type { RemoteInfo } from 'node:dgram';
import { RecordedUdp } from '../harness/net/recorded-udp.js';
import { waitFor } from '../harness/net/wait.js';
import type { PeerContext, RunningPeer } from './peer.js';

/** A running peer that shows the datagrams it received so far and can wait for more. */
export interface DatagramCounter {
  datagrams(): Buffer[];
  /** Resolves true once `condition` holds for the datagrams received, false after the timeout. */
  waitUntil(condition: (datagrams: Buffer[]) => boolean, timeoutMs: number): Promise<boolean>;
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
  const datagrams = () => (socket?.record.chunks ?? []).filter((c) => c.dir === 'from-program').map((c) => c.data);
  let stopped: () => void = () => {};
  const done = new Promise<void>((r) => (stopped = r));
  return {
    ready,
    done,
    stop: async () => {
      socket?.close();
      stopped();
    },
    datagrams,
    waitUntil: async (condition, timeoutMs) => {
      await ready;
      // RecordedUdp's own 'message' listener came first: the record already has the datagram.
      return waitFor(socket!.socket, 'message', () => condition(datagrams()), timeoutMs);
    },
  };
}
