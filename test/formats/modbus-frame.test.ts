// The Modbus/TCP frame module and the strict reply validator, on hand-made frames. (Their
// agreement with independent implementations, pymodbus and libmodbus's mbpoll, is
// modbus-interop.test.ts.)
import { describe, expect, test } from 'vitest';
import { encodeFrame, frameSize, hex, parseFrame, readHoldingRegisters, splitFrames, writeSingleRegister } from '../../harness/formats/modbus/frame.js';
import { checkReply, expectedReply } from '../../harness/formats/modbus/reply-check.js';

const h = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

describe('Modbus/TCP frames', () => {
  test('FC03 and FC06 requests are encoded as the course packs them (>HHHBBHH)', () => {
    expect(hex(readHoldingRegisters(0x1a2b, 1, 0, 10))).toBe('1a 2b 00 00 00 06 01 03 00 00 00 0a');
    // The notebook's own FC06 example: 00 ec 00 00 00 06 01 06 00 00 00 03
    expect(hex(writeSingleRegister(236, 1, 0, 3))).toBe('00 ec 00 00 00 06 01 06 00 00 00 03');
    expect(hex(encodeFrame({ transactionId: 2, unitId: 9, functionCode: 0x41, data: h('0000000a') }))).toBe('00 02 00 00 00 06 09 41 00 00 00 0a');
  });

  test('a frame is complete when 6 + Length bytes arrived, and a stream splits into its frames', () => {
    const a = readHoldingRegisters(1, 1, 0, 10);
    const b = writeSingleRegister(2, 3, 4, 5);
    expect(frameSize(a.subarray(0, 5))).toBeUndefined();
    expect(frameSize(a.subarray(0, 6))).toBe(12);
    expect(parseFrame(a.subarray(0, 11))).toBeUndefined();
    expect(parseFrame(a)).toMatchObject({ transactionId: 1, protocolId: 0, length: 6, unitId: 1, functionCode: 3 });
    const { frames, rest } = splitFrames(Buffer.concat([a, b, b.subarray(0, 4)]));
    expect(frames.map((f) => hex(f.bytes))).toEqual([hex(a), hex(b)]);
    expect(hex(rest)).toBe(hex(b.subarray(0, 4)));
  });
});

describe('a reply as a strict validator judges it', () => {
  const read = readHoldingRegisters(0x1a2b, 7, 0, 2);
  const goodRead = h('1a2b 0000 0007 07 03 04 04d2 162e');

  test('FC03: ids echoed, protocol 0, Length 3 + 2n, byte count 2n, any values', () => {
    expect(expectedReply(read)).toEqual([0x1a, 0x2b, 0, 0, 0, 7, 7, 3, 4, null, null, null, null]);
    expect(checkReply(read, goodRead).ok).toBe(true);
    expect(checkReply(read, h('1a2b 0000 0007 07 03 04 ffff 0000')).ok).toBe(true);
  });

  test('a wrong transaction id is named field by field, with both frames in hex', () => {
    const v = checkReply(read, h('0001 0000 0007 07 03 04 04d2 162e'));
    expect(v.ok).toBe(false);
    expect(v.summary).toBe('transaction id expected 0x1a2b (6699), got 0x0001 (1)');
    expect(v.details).toContain('transaction id  expected 0x1a2b (6699)    got 0x0001 (1)   ✗');
    expect(v.details).toContain('protocol id     expected 0x0000 (0)       got 0x0000 (0)');
    expect(v.details).toContain('expected  1a 2b 00 00 00 07 07 03 04 .. .. .. ..   (.. = any register value)');
    expect(v.details).toContain('got       00 01 00 00 00 07 07 03 04 04 d2 16 2e');
  });

  test('protocol id, Length, unit id, function and byte count are each checked', () => {
    expect(checkReply(read, h('1a2b 0001 0007 07 03 04 04d2 162e')).summary).toMatch(/^protocol id expected 0x0000/);
    expect(checkReply(read, h('1a2b 0000 0006 07 03 04 04d2 162e')).summary).toMatch(/^length expected 0x0007 \(7\), got 0x0006/);
    expect(checkReply(read, h('1a2b 0000 0007 01 03 04 04d2 162e')).summary).toMatch(/^unit id expected 0x07/);
    expect(checkReply(read, h('1a2b 0000 0007 07 04 04 04d2 162e')).summary).toMatch(/^function expected 0x03/);
    // The seed's habit of a byte count of n, not 2n (and a Length to match the bytes).
    expect(checkReply(read, h('1a2b 0000 0005 07 03 02 04d2')).summary).toMatch(/^length expected/);
    expect(checkReply(read, h('1a2b 0000 0007 07 03 02 04d2 162e')).summary).toMatch(/^byte count expected 0x04 \(4\), got 0x02/);
  });

  test('too few registers, bytes after the frame, and nothing at all fail', () => {
    expect(checkReply(read, h('1a2b 0000 0007 07 03 04 04d2')).ok).toBe(false);
    expect(checkReply(read, Buffer.concat([goodRead, h('00')])).summary).toMatch(/1 bytes follow the end of the frame/);
    expect(checkReply(read, Buffer.alloc(0), true).summary).toBe('the slave closed the connection without replying');
    expect(checkReply(read, Buffer.alloc(0), false).summary).toBe('no reply by the deadline');
  });

  test('FC06: the reply is the request byte for byte', () => {
    const write = writeSingleRegister(0x0102, 5, 3, 55);
    expect(checkReply(write, write).ok).toBe(true);
    const v = checkReply(write, h('0102 0000 0006 05 06 0003 0038'));
    expect(v.summary).toBe('value expected 0x0037 (55), got 0x0038 (56)');
  });

  test('an unimplemented function: exception fc|0x80 with code 01', () => {
    const unknown = encodeFrame({ transactionId: 9, unitId: 1, functionCode: 0x41, data: h('0000000a') });
    expect(checkReply(unknown, h('0009 0000 0003 01 c1 01')).ok).toBe(true);
    expect(checkReply(unknown, h('0009 0000 0003 01 c1 02')).summary).toBe('exception code expected 0x01 (1), got 0x02 (2)');
    expect(checkReply(unknown, h('0009 0000 0003 01 41 01')).summary).toMatch(/^function expected 0xc1/);
  });
});
