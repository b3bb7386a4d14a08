// A TCP socket of the harness (driver or reference peer) that records every byte and event
// into a ConnectionRecord, and lets steps wait for bytes or for the program to close.
import { now } from '../model/clock.js';
import net from 'node:net';
import { EventEmitter } from 'node:events';
import type { ConnectionRecord, ConnectionEventKind } from '../model/evidence.js';
import { waitFor } from './wait.js';

export class RecordedTcp {
  /** Emits 'change' whenever any recorded connection of this process changes (a step that waits on
   *  a connection it only knows by its record, e.g. a reference peer's, listens here). */
  static readonly anyChange = new EventEmitter().setMaxListeners(0);
  readonly record: ConnectionRecord;
  private readonly changes = new EventEmitter();
  private receivedBytes = 0;
  private ended = false;
  private destroyed = false;

  private constructor(readonly socket: net.Socket, name: string, owner: string, initial: ConnectionEventKind) {
    this.record = { name, transport: 'tcp', owner, events: [], chunks: [] };
    this.changes.setMaxListeners(0);
    this.noteAddresses();
    this.event(initial);
    socket.on('data', (data: Buffer) => {
      this.record.chunks.push({ t: now(), dir: 'from-program', data });
      this.receivedBytes += data.length;
      this.changed();
    });
    socket.on('end', () => {
      this.ended = true;
      this.event('program-closed');
      this.changed();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      const reset = err.code === 'ECONNRESET' || err.code === 'EPIPE';
      this.event(reset ? 'program-reset' : 'error', err.code ?? err.message);
      this.ended = true;
      this.changed();
    });
    socket.on('close', () => {
      this.destroyed = true;
      this.changed();
    });
  }

  private changed(): void {
    this.changes.emit('change');
    RecordedTcp.anyChange.emit('change');
  }

  /** Connect to the program; resolves with the connection or with the error's code.
   *  `allowHalfOpen`: do not answer the program's FIN with ours (the caller decides how to end). */
  static connect(name: string, host: string, port: number, timeoutMs: number, options: { allowHalfOpen?: boolean } = {}): Promise<RecordedTcp | { error: string }> {
    return new Promise((resolve) => {
      const socket = net.connect({ host, port, allowHalfOpen: options.allowHalfOpen ?? false });
      const timer = setTimeout(() => {
        socket.destroy();
        resolve({ error: `no answer within ${timeoutMs} ms` });
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.setNoDelay(true);
        resolve(new RecordedTcp(socket, name, 'driver', 'connected'));
      });
      socket.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        resolve({ error: err.code ?? err.message });
      });
    });
  }

  /** Wrap a socket a reference server accepted. */
  static accepted(socket: net.Socket, name: string, owner: string): RecordedTcp {
    socket.setNoDelay(true);
    return new RecordedTcp(socket, name, owner, 'accepted');
  }

  get totalReceived(): number {
    return this.receivedBytes;
  }
  get programClosed(): boolean {
    return this.ended;
  }

  /** Bytes received from the program so far, concatenated. */
  receivedData(): Buffer {
    return Buffer.concat(this.record.chunks.filter((c) => c.dir === 'from-program').map((c) => c.data));
  }

  send(data: Buffer): Promise<void> {
    this.record.chunks.push({ t: now(), dir: 'to-program', data });
    return new Promise((resolve) => {
      if (this.destroyed) return resolve();
      this.socket.write(data, () => resolve());
    });
  }

  /** Wait until `count` bytes in all have been received, or the program closed. */
  waitForTotal(count: number, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return waitFor(this.changes, 'change', () => this.receivedBytes >= count || this.ended, timeoutMs, signal).then(() => this.receivedBytes >= count);
  }

  /** Wait until the program closes (FIN or reset). */
  waitForClose(timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return waitFor(this.changes, 'change', () => this.ended, timeoutMs, signal);
  }

  /** Wait until the bytes received after the first `since` satisfy `done`, the program closes,
   *  or the time is up; true when `done` holds. */
  async waitForAnswer(since: number, done: (answer: Buffer) => boolean, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    const answer = () => this.receivedData().subarray(since);
    await waitFor(this.changes, 'change', () => this.ended || done(answer()), timeoutMs, signal);
    return done(answer());
  }

  /** Graceful close: FIN, then keep reading until the program closes its side too. */
  closeGraceful(): void {
    if (this.destroyed) return;
    this.event('harness-closed');
    this.socket.end();
  }

  /** Abortive close: RST (SO_LINGER 0). */
  reset(): void {
    if (this.destroyed) return;
    this.event('harness-reset');
    this.socket.resetAndDestroy();
  }

  destroy(): void {
    this.socket.destroy();
  }

  private event(kind: ConnectionEventKind, detail?: string): void {
    this.record.events.push({ t: now(), kind, ...(detail ? { detail } : {}) });
  }

  private noteAddresses(): void {
    const s = this.socket;
    if (s.localAddress) this.record.local = `${s.localAddress}:${s.localPort}`;
    if (s.remoteAddress) this.record.remote = `${s.remoteAddress}:${s.remotePort}`;
  }
}
