// A UDP socket of the harness that records every datagram both ways.
import { now } from '../model/clock.js';
import dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import type { ConnectionRecord } from '../model/evidence.js';
import { waitFor } from './wait.js';

export class RecordedUdp {
  readonly record: ConnectionRecord;
  private readonly changes = new EventEmitter();
  private received = 0;

  private constructor(readonly socket: dgram.Socket, name: string, owner: string) {
    this.record = { name, transport: 'udp', owner, events: [], chunks: [] };
    this.changes.setMaxListeners(0);
    socket.on('message', (data, rinfo) => {
      this.record.chunks.push({ t: now(), dir: 'from-program', remote: `${rinfo.address}:${rinfo.port}`, data });
      this.received++;
      this.changes.emit('change');
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      this.record.events.push({ t: now(), kind: 'error', detail: err.code ?? err.message });
    });
  }

  /** `options.reuseAddr`: SO_REUSEADDR, so several sockets (or programs) share the port, as the
   *  course's broadcast and multicast receivers do; `options.broadcast`: SO_BROADCAST, so it may
   *  send to a broadcast address. */
  static bind(name: string, owner: string, host: string, port = 0, options: { reuseAddr?: boolean; broadcast?: boolean } = {}): Promise<RecordedUdp> {
    return new Promise((resolve, reject) => {
      const socket = dgram.createSocket({ type: 'udp4', reuseAddr: options.reuseAddr ?? false });
      socket.once('error', reject);
      socket.bind(port, host, () => {
        socket.off('error', reject);
        if (options.broadcast) socket.setBroadcast(true);
        const udp = new RecordedUdp(socket, name, owner);
        const a = socket.address();
        udp.record.local = `${a.address}:${a.port}`;
        udp.record.events.push({ t: now(), kind: 'connected', detail: 'bound' });
        resolve(udp);
      });
    });
  }

  get datagramsReceived(): number {
    return this.received;
  }

  sendTo(data: Buffer, host: string, port: number): Promise<void> {
    this.record.chunks.push({ t: now(), dir: 'to-program', remote: `${host}:${port}`, data });
    return new Promise((resolve) => this.socket.send(data, port, host, () => resolve()));
  }

  waitForDatagrams(count: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return waitFor(this.changes, 'change', () => this.received >= count, timeoutMs, signal);
  }

  close(): void {
    try {
      this.socket.close();
    } catch {
      /* already closed */
    }
  }
}
