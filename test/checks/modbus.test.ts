import { describe, expect, test } from 'vitest';
import { masterRequest, modbusReply, printsRegisters, valuePrinted } from '../../harness/checks/modbus.js';
import { readHoldingRegisters, writeSingleRegister } from '../../harness/formats/modbus/frame.js';
import type { Evidence } from '../../harness/model/evidence.js';
import { evidence, type ProgramBuilder } from './evidence-builder.js';

const h = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');
const reply = (e: Evidence) => modbusReply.run(e, modbusReply.args.parse({ conn: 'c1' }));

describe('modbus-reply', () => {
  const read = readHoldingRegisters(0x1a2b, 1, 0, 2);
  const write = writeSingleRegister(0x3c4d, 9, 0, 0x1234);
  /** The harness sent `read` then `write` on c1 (as the modbus-request step records them). */
  const run = (readReply: Buffer, writeReply: Buffer, closed = false) =>
    evidence()
      .conn('c1', (c) => {
        c.sent(read).received(readReply).sent(write).received(writeReply);
        if (closed) c.programClosed();
      })
      .fact('c1.modbus', [
        { request: read.toString('hex'), receivedBefore: 0, split: [] },
        { request: write.toString('hex'), receivedBefore: readReply.length, split: [3] },
      ])
      .build();

  test('passes when every request got its byte-exact reply', () => {
    expect(reply(run(h('1a2b 0000 0007 01 03 04 0101 0202'), write))).toEqual({ passed: true, details: ['2 requests answered byte-exactly'] });
  });

  test('names the request, then the field that differs, expected and got', () => {
    const v = reply(run(h('1a2b 0000 0007 01 03 04 0101 0202'), h('3c4d 0000 0006 01 06 0000 1234')));
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('the reply to request 2 of 2 (FC06 write 4660 to register 0, unit 9, transaction id 0x3c4d, sent in 2 segments cut after byte 3)');
    expect(v.actual).toBe('unit id expected 0x09 (9), got 0x01 (1)');
    expect(v.details).toContain('unit id         expected 0x09 (9)         got 0x01 (1)   ✗');
    expect(v.details).toContain('got       3c 4d 00 00 00 06 01 06 00 00 12 34');
  });

  test('a reply that never came: the slave closed the connection', () => {
    const v = reply(run(h('1a2b 0000 0007 01 03 04 0101 0202'), Buffer.alloc(0), true));
    expect(v.actual).toBe('the slave closed the connection without replying');
  });

  test('no request recorded: fails, saying so', () => {
    expect(reply(evidence().conn('c1').build()).actual).toMatch(/no Modbus request was sent/);
  });
});

describe('master-request', () => {
  const check = (e: Evidence, args: Record<string, unknown>) => masterRequest.run(e, masterRequest.args.parse({ peer: 'server', ...args }));
  const sent = (...frames: Buffer[]) => evidence().peerConn('server', (c) => frames.forEach((f) => c.received(f)), 'modbus:server').build();

  test('any transaction and unit id; the request of the function asked for is judged (a master may send both)', () => {
    const e = sent(writeSingleRegister(7, 3, 0, 55), readHoldingRegisters(8, 200, 0, 10));
    expect(check(e, { fc: 3, count: 10 }).passed).toBe(true);
    expect(check(e, { fc: 6, value: 55 }).passed).toBe(true);
    expect(check(e, { fc: 6, value: 56 }).actual).toBe('value 0x0037 (expected 0x0038)');
  });

  test('count in the start field: both fields named', () => {
    const v = check(sent(h('0001 0000 0006 01 03 000a 0000')), { fc: 3, count: 10 });
    expect(v.actual).toBe('start address 0x000a (expected 0x0000), count 0x0000 (expected 0x000a)');
  });

  test('a request without its protocol id is read field by field though it makes no whole frame', () => {
    const v = check(sent(h('0001 0006 01 03 0000 000a')), { fc: 3, count: 10 });
    expect(v.actual).toMatch(/^protocol id 0x0006 \(expected 0x0000\), length 0x0103 \(expected 0x0006\)/);
  });

  test('nothing sent, or never connected', () => {
    expect(check(evidence().peerConn('server', () => {}, 'modbus:server').build(), { fc: 3, count: 10 }).actual).toBe('the program connected but sent nothing');
    expect(check(evidence().build(), { fc: 3, count: 10 }).actual).toBe('the program never connected to the slave');
  });
});

describe('prints-registers', () => {
  const request = readHoldingRegisters(1, 1, 0, 2);
  const answer = h('0001 0000 0007 01 03 04 04d2 162e'); // 1234, 5678
  const check = (e: Evidence) => printsRegisters.run(e, printsRegisters.args.parse({ peer: 'server' }));
  /** The master's recv of the reply, stamped with what it had printed by then (as the shim does). */
  const recv = (p: ProgramBuilder, size: number) => p.socketCall({ call: 'recv', size, printedBefore: Array.from(p.record.stdout).length });
  const run = (before: string, after: string) =>
    evidence()
      .program('program', (p) => p.stdout(before))
      .peerConn('server', (c) => c.received(request).sent(answer), 'modbus:server')
      .program('program', (p) => recv(p, answer.length).stdout(after).exit(0))
      .build();

  test('every value printed after the reply arrived, in any of the accepted forms', () => {
    expect(check(run('', 'register 0: 1234\nregister 1: 5678\n')).passed).toBe(true);
    expect(check(run('', '0x04D2 0x162E\n')).passed).toBe(true);
    expect(check(run('', '00 01 00 00 00 07 01 03 04 04 d2 16 2e\n')).passed).toBe(true);
  });

  test('a value missing fails, naming it; printed only before the reply (its own request) does not count', () => {
    expect(check(run('', 'register 0: 1234\n')).actual).toBe('1 of 2 not printed: 5678');
    expect(check(run('values 1234 5678?\n', 'done\n')).actual).toBe('2 of 2 not printed (printed only before the reply arrived): 1234, 5678');
  });

  test('the forms a value may take, and near misses that are not it', () => {
    expect(valuePrinted('value=1234.', 1234)).toBe(true);
    expect(valuePrinted('12345', 1234)).toBe(false);
    expect(valuePrinted('0x4d2', 1234)).toBe(true);
    expect(valuePrinted('04D2', 1234)).toBe(true);
    expect(valuePrinted('04 d2', 1234)).toBe(true);
    expect(valuePrinted('0x04 0xd2', 1234)).toBe(true);
    expect(valuePrinted('04 d23', 1234)).toBe(false);
    expect(valuePrinted('[4, 210]', 1234)).toBe(false);
  });
});
