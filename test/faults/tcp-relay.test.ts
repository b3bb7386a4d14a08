// The TCP relay on loopback, without any program: a "program" client connects through the relay to
// an echo target; what the client reads shows the faults.
import net from 'node:net';
import { afterEach, describe, expect, test } from 'vitest';
import { startTcpRelay } from '../../harness/faults/tcp-relay.js';
import { TcpFault } from '../../harness/faults/relay-faults.js';
import { Collected, relayOptions } from './relay-support.js';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

interface Client {
  reads: { data: Buffer; t: number }[];
  ended: boolean;
  error?: string;
  socket: net.Socket;
}

async function setUp(faults: unknown[], programSide: 'client' | 'target' = 'client') {
  const c = new Collected();
  const echo = net.createServer((s) => {
    closers.push(() => void s.destroy());
    s.on('data', (d) => s.write(d));
    s.on('end', () => s.end());
    s.on('error', () => c.changed());
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', () => resolve()));
  closers.push(() => new Promise<void>((resolve) => echo.close(() => resolve())));
  const relay = await startTcpRelay(relayOptions(c, 'slicer', (echo.address() as net.AddressInfo).port, faults.map((f) => TcpFault.parse(f)), 1, programSide));
  closers.push(() => relay.stop());
  const socket = net.connect(relay.port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  const client: Client = { reads: [], ended: false, socket };
  socket.on('data', (data) => {
    client.reads.push({ data, t: performance.now() });
    c.changed();
  });
  socket.on('end', () => {
    client.ended = true;
    c.changed();
  });
  socket.on('error', (err: NodeJS.ErrnoException) => {
    client.error = err.code ?? err.message;
    c.changed();
  });
  closers.push(() => void socket.destroy());
  const received = () => Buffer.concat(client.reads.map((r) => r.data)).toString();
  return { c, client, received };
}

describe('TCP relay', () => {
  test('slices the stream into 1-byte segments: the receiver reads them one by one', async () => {
    // 40 ms apart: the receiver shares this process's event loop, and only a stall longer than the
    // pause could make it read two segments at once.
    const { c, client, received } = await setUp([{ slice: { dir: 'to-program', bytes: 1, pauseMs: 40 } }]);
    client.socket.write('hello world');
    await c.until(() => received() === 'hello world', 'the whole echo');
    expect(client.reads.map((r) => r.data.length)).toEqual(Array(11).fill(1));
    // The segments left the relay at least the pause apart (timers never fire early by more than ~1 ms).
    const written = c.record('slicer#1')!.chunks.filter((k) => k.dir === 'to-program');
    expect(written).toHaveLength(11);
    const gaps = written.slice(1).map((k, i) => k.t - written[i]!.t);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(38);
    expect(c.faults).toMatchObject([{ kind: 'slice', dir: 'to-program', index: 1, detail: '11 bytes as 1-byte segments, 40 ms apart' }]);
    // The far side shows the echo as the target sent it, in one piece.
    expect(c.record('slicer-peer#1')!.chunks.filter((k) => k.dir === 'to-program').map((k) => k.data.toString())).toEqual(['hello world']);
  });

  test('slices into n-byte segments (the last one shorter)', async () => {
    const { c, client, received } = await setUp([{ slice: { dir: 'to-program', bytes: 4, pauseMs: 40 } }]);
    client.socket.write('hello world');
    await c.until(() => received() === 'hello world', 'the whole echo');
    expect(client.reads.map((r) => r.data.toString())).toEqual(['hell', 'o wo', 'rld']);
  });

  test('delays each write by the declared time', async () => {
    const { c, client, received } = await setUp([{ delay: { dir: 'from-program', ms: 150 } }]);
    const sent = performance.now();
    client.socket.write('late');
    await c.until(() => received() === 'late', 'the echo');
    expect(client.reads[0]!.t - sent).toBeGreaterThanOrEqual(145);
    expect(c.faults).toMatchObject([{ kind: 'delay', dir: 'from-program', index: 1, detail: 'held 150 ms' }]);
  });

  test('closes both sides (FIN) after n bytes', async () => {
    const { c, client, received } = await setUp([{ close: { dir: 'to-program', afterBytes: 5 } }]);
    client.socket.write('hello world');
    await c.until(() => client.ended, 'the end of the stream');
    expect(received()).toBe('hello');
    expect(client.error).toBeUndefined();
    expect(c.faults).toMatchObject([{ kind: 'close', dir: 'to-program', index: 1 }]);
  });

  test('resets (RST): the program sees ECONNRESET', async () => {
    const { c, client } = await setUp([{ reset: { dir: 'from-program', afterBytes: 3 } }]);
    client.socket.write('hello world');
    await c.until(() => client.error !== undefined, 'an error on the client');
    expect(client.error).toBe('ECONNRESET');
    expect(c.faults).toMatchObject([{ kind: 'reset', dir: 'from-program', index: 1 }]);
    expect(c.record('slicer#1')!.events.map((e) => e.kind)).toContain('harness-reset');
  });

  test('in front of the program (to: program), from-program is what the program answers', async () => {
    const { c, client, received } = await setUp([{ slice: { dir: 'from-program', bytes: 2, pauseMs: 40 } }], 'target');
    client.socket.write('abcd');
    await c.until(() => received() === 'abcd', 'the whole answer');
    expect(client.reads.map((r) => r.data.toString())).toEqual(['ab', 'cd']);
    expect(c.faults).toMatchObject([{ kind: 'slice', dir: 'from-program' }]);
    expect(c.record('slicer#1')!.remote).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  test('passes the stream on unchanged without faults, and a FIN both ways', async () => {
    const { c, client, received } = await setUp([]);
    client.socket.end('bye');
    await c.until(() => client.ended, 'the end of the stream');
    expect(received()).toBe('bye');
    expect(c.faults).toEqual([]);
  });
});
