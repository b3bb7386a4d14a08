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

async function setUp(faults: unknown[]) {
  const c = new Collected();
  const echo = net.createServer((s) => {
    closers.push(() => void s.destroy());
    s.on('data', (d) => s.write(d));
    s.on('end', () => s.end());
    s.on('error', () => c.changed());
  });
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', () => resolve()));
  closers.push(() => new Promise<void>((resolve) => echo.close(() => resolve())));
  const relay = await startTcpRelay(relayOptions(c, 'slicer', (echo.address() as net.AddressInfo).port, faults.map((f) => TcpFault.parse(f))));
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
    const { c, client, received } = await setUp([{ slice: { dir: 'to-program', bytes: 1, pauseMs: 10 } }]);
    client.socket.write('hello world');
    await c.until(() => received() === 'hello world', 'the whole echo');
    expect(client.reads.map((r) => r.data.length)).toEqual(Array(11).fill(1));
    const gaps = client.reads.slice(1).map((r, i) => r.t - client.reads[i]!.t);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(8);
    expect(c.faults).toMatchObject([{ kind: 'slice', dir: 'to-program', index: 1, detail: '11 bytes as 1-byte segments, 10 ms apart' }]);
    // The program's side shows the segments as it got them; the far side the echo in one piece.
    expect(c.record('slicer#1')!.chunks.filter((k) => k.dir === 'to-program')).toHaveLength(11);
    expect(c.record('slicer-peer#1')!.chunks.filter((k) => k.dir === 'to-program').map((k) => k.data.toString())).toEqual(['hello world']);
  });

  test('slices into n-byte segments (the last one shorter)', async () => {
    const { c, client, received } = await setUp([{ slice: { dir: 'to-program', bytes: 4, pauseMs: 20 } }]);
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

  test('passes the stream on unchanged without faults, and a FIN both ways', async () => {
    const { c, client, received } = await setUp([]);
    client.socket.end('bye');
    await c.until(() => client.ended, 'the end of the stream');
    expect(received()).toBe('bye');
    expect(c.faults).toEqual([]);
  });
});
