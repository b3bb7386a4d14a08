// The file-lab checks on synthetic evidence: verdict by SHA-256, and a mismatch explained by the
// size received, the first differing offset and the bytes around it.
import { describe, expect, test } from 'vitest';
import { sendsFile, savesFile, readyFirst } from '../../harness/checks/file-transfer.js';
import { acksEachChunk, sendsFileUdp, stopAndWait } from '../../harness/checks/udp-file.js';
import { converts } from '../../harness/checks/bin-dec.js';
import { makeTestFile, sha256 } from '../../harness/files/test-file.js';
import { seededRandom } from '../../harness/engine/random.js';
import { encodePickle, tuple } from '../../harness/formats/pickle/index.js';
import { evidence } from './evidence-builder.js';

const { file, data } = makeTestFile({ id: 'f1', name: 'sample.bin', size: 20000 }, seededRandom(1, 'test'));
const written = (path: string, bytes: Buffer) => ({ path, size: bytes.length, sha256: sha256(bytes), data: bytes });

describe('sends-file', () => {
  test('passes for the name then the exact bytes, however they were segmented', () => {
    const e = evidence()
      .fact('file.f1', file)
      .conn('c1', (c) => c.sent('I am ready').received('sample.b').received(Buffer.concat([Buffer.from('in'), data.subarray(0, 0)])).received(data.subarray(0, 7)).received(data.subarray(7)))
      .build();
    expect(sendsFile.run(e, { conn: 'c1', file: 'file.f1' }).passed).toBe(true);
  });
  test('a changed byte gives its offset and the bytes around it', () => {
    const bad = Buffer.from(data);
    bad[1234] = bad[1234]! ^ 0xff;
    const e = evidence().fact('file.f1', file).conn('c1', (c) => c.received(Buffer.concat([Buffer.from('sample.bin'), bad]))).build();
    const v = sendsFile.run(e, { conn: 'c1', file: 'file.f1' });
    expect(v.passed).toBe(false);
    expect(v.actual).toBe('received 20000 bytes, expected 20000');
    expect(v.details?.join('\n')).toContain('first difference at offset 1234');
  });
  test('a missing name fails with what came instead', () => {
    const e = evidence().fact('file.f1', file).conn('c1', (c) => c.received(data)).build();
    expect(sendsFile.run(e, { conn: 'c1', file: 'file.f1' }).expected).toContain('file name "sample.bin" first');
  });
});

describe('saves-file', () => {
  test("finds the copy under 'd:/' + name", () => {
    const e = evidence().fact('file.f1', file).program('p1', (p) => { p.record.files = [written('d:/sample.bin', data)]; }).build();
    expect(savesFile.run(e, { file: 'file.f1' }).passed).toBe(true);
  });
  test('a truncated copy reports the size and where the bytes stop', () => {
    const e = evidence().fact('file.f1', file).program('p1', (p) => { p.record.files = [written('d:/sample.bin', data.subarray(0, 16384))]; }).build();
    const v = savesFile.run(e, { file: 'file.f1' });
    expect(v.passed).toBe(false);
    expect(v.actual).toContain('received 16384 bytes, expected 20000');
    expect(v.details?.[0]).toContain('stop at offset 16384');
  });
  test('right bytes under another name fail', () => {
    const e = evidence().fact('file.f1', file).program('p1', (p) => { p.record.files = [written('received.dat', data)]; }).build();
    expect(savesFile.run(e, { file: 'file.f1' }).actual).toContain('not under the received name');
  });
});

test('ready-first: the ready message must come before the name', () => {
  const late = evidence().conn('server#1', (c) => c.sent('sample.bin').received('ready')).build();
  const early = evidence().conn('server#1', (c) => c.received('I am ready').sent('sample.bin')).build();
  expect(readyFirst.run(late, { conn: 'server#1' }).passed).toBe(false);
  expect(readyFirst.run(early, { conn: 'server#1' }).passed).toBe(true);
});

describe('UDP file checks', () => {
  const chunks = [data.subarray(0, 8192), data.subarray(8192, 16384), data.subarray(16384)];
  test('sends-file-udp passes name, OK, chunks, empty end; fails without the end datagram or before OK', () => {
    const good = evidence().fact('file.f1', file).udp('server#1', (c) => { c.received('sample.bin').sent('OK'); for (const k of chunks) c.received(k); c.received(Buffer.alloc(0)); }).build();
    expect(sendsFileUdp.run(good, { conn: 'server#1', file: 'file.f1', chunkBytes: 8192 }).passed).toBe(true);
    const noEnd = evidence().fact('file.f1', file).udp('server#1', (c) => { c.received('sample.bin').sent('OK'); for (const k of chunks) c.received(k); }).build();
    expect(sendsFileUdp.run(noEnd, { conn: 'server#1', file: 'file.f1', chunkBytes: 8192 }).expected).toContain('empty datagram');
    const early = evidence().fact('file.f1', file).udp('server#1', (c) => { c.received('sample.bin').received(chunks[0]!).sent('OK'); }).build();
    expect(sendsFileUdp.run(early, { conn: 'server#1', file: 'file.f1', chunkBytes: 8192 }).actual).toContain("before the 'OK'");
  });
  test('stop-and-wait fails when a chunk comes while the previous one is unacknowledged', () => {
    const waits = evidence().udp('server#1', (c) => c.received('n').sent('OK').received(chunks[0]!).sent('ACK').received(chunks[1]!).sent('ACK').received(Buffer.alloc(0))).build();
    const rushes = evidence().udp('server#1', (c) => c.received('n').sent('OK').received(chunks[0]!).received(chunks[1]!).sent('ACK').sent('ACK')).build();
    expect(stopAndWait.run(waits, { conn: 'server#1', ackHoldMs: 300 }).passed).toBe(true);
    expect(stopAndWait.run(rushes, { conn: 'server#1', ackHoldMs: 300 }).actual).toContain('chunk 2 came while 1 chunk was unacknowledged');
  });
  test('acks-each-chunk fails on the first chunk without an ACK', () => {
    const e = evidence().udp('u1', (c) => c.sent('n').received('OK').sent(chunks[0]!).received('ACK').sent(chunks[1]!).sent(chunks[2]!).received('ACK')).build();
    expect(acksEachChunk.run(e, { socket: 'u1', ackTimeoutMs: 1000 }).expected).toContain('chunk 2 of 3');
  });
});

test('converts: int or str answers, the letter must change, reversed digits fail', () => {
  const reply = (n: bigint | string, k: string) => encodePickle(tuple(n, k));
  const ok = evidence().udp('u1', (c) => c.sent('q').received(reply(11001n, 'b')).sent('q').received(reply('9', 'd'))).build();
  expect(converts.run(ok, { socket: 'u1', expect: [[11001, 'b'], [9, 'd']] })).toMatchObject({ passed: true, details: ['2 answers right; the number travelled as int and str'] });
  const reversed = evidence().udp('u1', (c) => c.sent('q').received(reply(10011n, 'b'))).build();
  expect(converts.run(reversed, { socket: 'u1', expect: [[11001, 'b']] }).actual).toBe("(10011, 'b')");
});
