// The UDP relay on loopback, without any program: a "program" socket talks through the relay to a
// target that records every datagram and echoes it.
import dgram from 'node:dgram';
import { afterEach, describe, expect, test } from 'vitest';
import { startUdpRelay } from '../../harness/faults/udp-relay.js';
import { UdpFault } from '../../harness/faults/relay-faults.js';
import type { Relay } from '../../harness/faults/relay-options.js';
import { Collected, relayOptions } from './relay-support.js';

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

interface Endpoint {
  socket: dgram.Socket;
  port: number;
  got: { text: string; from: number; t: number }[];
}

async function endpoint(c: Collected, echo: boolean): Promise<Endpoint> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const e: Endpoint = { socket, port: socket.address().port, got: [] };
  socket.on('message', (data, rinfo) => {
    e.got.push({ text: data.toString(), from: rinfo.port, t: performance.now() });
    if (echo) socket.send(data, rinfo.port, rinfo.address);
    c.changed();
  });
  closers.push(() => socket.close());
  return e;
}

async function setUp(faults: unknown[], name = 'lossy', seed = 1, programSide: 'client' | 'target' = 'client') {
  const c = new Collected();
  const target = await endpoint(c, true);
  const relay: Relay = await startUdpRelay(relayOptions(c, name, target.port, faults.map((f) => UdpFault.parse(f)), seed, programSide));
  closers.push(() => relay.stop());
  const program = await endpoint(c, false);
  const send = (text: string, from = program) => from.socket.send(text, relay.port, '127.0.0.1');
  return { c, target, relay, program, send };
}

const texts = (got: { text: string }[]) => got.map((g) => g.text);

describe('UDP relay', () => {
  test('drops exactly the scheduled datagrams, and records each drop', async () => {
    const { c, target, send } = await setUp([{ drop: { dir: 'from-program', datagrams: [2, 4] } }]);
    for (const n of [1, 2, 3, 4, 5, 6]) send(`m${n}`);
    await c.until(() => target.got.length === 4 && c.faults.length === 2, 'four datagrams and two drops');
    expect(texts(target.got).sort()).toEqual(['m1', 'm3', 'm5', 'm6']);
    expect(c.faults.map((f) => [f.kind, f.dir, f.index])).toEqual([
      ['drop', 'from-program', 2],
      ['drop', 'from-program', 4],
    ]);
    // The program's side records every datagram it sent; the far side only what went on.
    expect(c.record('lossy#1')!.chunks.filter((k) => k.dir === 'from-program')).toHaveLength(6);
    expect(c.record('lossy-peer#1')!.chunks.filter((k) => k.dir === 'from-program').map((k) => k.data.toString()).sort()).toEqual(['m1', 'm3', 'm5', 'm6']);
  });

  test('answers come back from the port the program sent to (a connect()ed socket accepts them), and to-program drops hit replies', async () => {
    const { c, program, relay, send } = await setUp([{ drop: { dir: 'to-program', datagrams: [1] } }]);
    program.socket.connect(relay.port, '127.0.0.1');
    await new Promise((resolve) => program.socket.once('connect', resolve));
    program.socket.send('a');
    program.socket.send('b');
    await c.until(() => program.got.length === 1 && c.faults.length === 1, 'one reply and one drop');
    expect(program.got.map((g) => [g.text, g.from])).toEqual([['b', relay.port]]);
    expect(c.faults[0]).toMatchObject({ kind: 'drop', dir: 'to-program', index: 1 });
    void send;
  });

  test('probability drops are seeded: the same seed drops the same datagrams, another relay name draws its own', async () => {
    const N = 200;
    const dropped = async (name: string, seed: number) => {
      const { c, target, send } = await setUp([{ drop: { dir: 'from-program', probability: 0.3 } }], name, seed);
      for (let n = 1; n <= N; n++) send(`m${n}`);
      await c.until(() => target.got.length + c.faults.length === N, `${N} datagrams decided`);
      return c.faults.map((f) => f.index);
    };
    const first = await dropped('lossy', 7);
    const again = await dropped('lossy', 7);
    const other = await dropped('other', 7);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
    // 30 % of 200 is 60; outside 30..90 has probability below 1e-6.
    for (const d of [first, other]) {
      expect(d.length).toBeGreaterThan(30);
      expect(d.length).toBeLessThan(90);
    }
  });

  test('delays a datagram by the declared time', async () => {
    const { c, program, send } = await setUp([{ delay: { dir: 'to-program', ms: 150 } }]);
    const sent = performance.now();
    send('slow');
    await c.until(() => program.got.length === 1, 'the reply');
    expect(program.got[0]!.t - sent).toBeGreaterThanOrEqual(145);
    expect(c.faults).toMatchObject([{ kind: 'delay', dir: 'to-program', index: 1, detail: 'held 150 ms' }]);
  });

  test('duplicates a datagram', async () => {
    const { c, target, send } = await setUp([{ duplicate: { dir: 'from-program', datagrams: [2] } }]);
    for (const n of [1, 2, 3]) send(`m${n}`);
    await c.until(() => target.got.length === 4, 'four datagrams');
    expect(texts(target.got)).toEqual(['m1', 'm2', 'm2', 'm3']);
    expect(c.faults).toMatchObject([{ kind: 'duplicate', index: 2 }]);
  });

  test('reorders: the held datagram goes right after the next one', async () => {
    const { c, target, send } = await setUp([{ reorder: { dir: 'from-program', datagrams: [2] } }]);
    for (const n of [1, 2, 3, 4]) send(`m${n}`);
    await c.until(() => target.got.length === 4, 'four datagrams');
    expect(texts(target.got)).toEqual(['m1', 'm3', 'm2', 'm4']);
    expect(c.faults).toMatchObject([{ kind: 'reorder', index: 2 }]);
  });

  test('faults apply per client address: each has its own upstream socket and its own datagram count', async () => {
    const { c, target, program, send } = await setUp([{ drop: { dir: 'from-program', client: 2, datagrams: [1] } }]);
    const second = await endpoint(c, false);
    send('a1');
    await c.until(() => program.got.length === 1, "the first client's reply");
    send('b1', second);
    send('b2', second);
    await c.until(() => second.got.length === 1, "the second client's reply");
    expect(texts(second.got)).toEqual(['b2']);
    expect(new Set(target.got.map((g) => g.from)).size).toBe(2);
    expect(c.faults).toMatchObject([{ kind: 'drop', index: 1 }]);
    expect(c.records.map((r) => r.name).sort()).toEqual(['lossy#1', 'lossy#2', 'lossy-peer#1', 'lossy-peer#2']);
  });

  test('in front of the program (to: program), to-program is what the harness sends it', async () => {
    // Here the target stands for the program and the "program" endpoint for the harness's socket.
    const { c, target, program, send } = await setUp([{ drop: { dir: 'to-program', datagrams: [1] } }], 'lossy', 1, 'target');
    send('q1');
    send('q2');
    await c.until(() => program.got.length === 1, 'one answer');
    expect(texts(target.got)).toEqual(['q2']);
    expect(c.faults).toMatchObject([{ kind: 'drop', dir: 'to-program', index: 1 }]);
    // The record named after the relay is the program's side.
    expect(c.record('lossy#1')!.remote).toBe(`127.0.0.1:${target.port}`);
  });

  test('the scenario schema rejects a drop that names neither datagrams nor a probability', () => {
    expect(UdpFault.safeParse({ drop: { dir: 'from-program' } }).success).toBe(false);
    expect(UdpFault.safeParse({ drop: { dir: 'sideways', datagrams: [1] } }).success).toBe(false);
    expect(UdpFault.safeParse({ drop: { dir: 'to-program', datagrams: [1], probability: 0.5 } }).success).toBe(false);
  });
});
