// The frame lab's checks on synthetic evidence: frame-format (what the driver reported),
// frames-sent (the stream the reference server received) and recovers-message (printed after the
// whole echo arrived), plus the frame format helpers they share.
import { describe, expect, test } from 'vitest';
import { fieldDifference, frameFormat } from '../../harness/checks/frame-format.js';
import { framesSent } from '../../harness/checks/frames-sent.js';
import { recoversMessage } from '../../harness/checks/recovers-message.js';
import { buildFrame, parseFrames, pyRepr } from '../../harness/formats/frames.js';
import { evidence, type ProgramBuilder } from './evidence-builder.js';

// The three frames of 'hello world' as the seed sends them (address 1).
const WIRE = buildFrame(5, 1, 1, 'hello') + buildFrame(5, 1, 2, ' worl') + buildFrame(5, 1, 3, 'd');

describe('frame format helpers', () => {
  test("buildFrame is the course's f-string", () => {
    expect(buildFrame(5, 2, 1, 'Dongyang Mirae University')).toBe('\x05' + '0200010025Dongyang Mirae University');
    expect(buildFrame(126, 12, 9999, '')).toBe('~1299990000');
    expect(WIRE).toHaveLength(44);
  });

  test('parseFrames reads back-to-back frames and says where a stream stops parsing', () => {
    expect(parseFrames(Buffer.from(WIRE)).frames.map((f) => [f.sequence, f.payload])).toEqual([
      [1, 'hello'],
      [2, ' worl'],
      [3, 'd'],
    ]);
    const cut = parseFrames(Buffer.from(WIRE.slice(0, 20)));
    expect(cut.frames).toHaveLength(1);
    expect(cut.stopped).toEqual({ offset: 16, why: 'the stream ends inside a frame header (4 of 11 bytes)' });
    expect(parseFrames(Buffer.from(WIRE.slice(0, 30))).stopped).toEqual({ offset: 16, why: 'the stream ends inside a payload (length 5, 3 bytes left)' });
    expect(parseFrames(Buffer.from('\x0501000103hello')).stopped?.why).toBe('the length is not 4 digits: "03he"');
    expect(parseFrames(Buffer.from('x')).stopped?.why).toBe('expected the start character 0x05, found 0x78');
  });

  test('pyRepr shows control characters as Python does', () => {
    expect(pyRepr("\x05it's\n")).toBe("'\\x05it\\'s\\n'");
  });
});

const driverLine = (args: unknown[], value: string | null, extra: Record<string, unknown> = {}) =>
  'LABCHECK-FRAME ' + JSON.stringify({ args, error: null, type: 'str', repr: value === null ? 'None' : pyRepr(value), value, ...extra }) + '\n';

describe('frame-format', () => {
  const CASES: [number, number, number, string][] = [
    [5, 2, 1, 'Dongyang Mirae University'],
    [5, 12, 9999, ''],
  ];
  const announced = `LABCHECK-FRAME-CASES ${JSON.stringify(CASES)}\n`;
  const run = (stdout: string, announce = announced) => frameFormat.run(evidence().program('program', (p) => p.stdout(announce + stdout).exit(0)).build(), frameFormat.args.parse({}));

  test('passes when every case returns the frame', () => {
    expect(run(CASES.map((c) => driverLine(c, buildFrame(...c))).join('')).passed).toBe(true);
  });

  test('a 3-digit length fails naming the length field, with repr and hex', () => {
    const bad = '\x05' + '020001025Dongyang Mirae University';
    const v = run(driverLine(CASES[0]!, bad));
    expect(v.passed).toBe(false);
    expect(v.actual).toBe(`it returned ${pyRepr(bad)}`);
    expect(v.details?.[0]).toBe("the length field differs: expected '0025', got '025D' (the frame is 35 characters, 36 expected)");
    expect(v.details?.[1]).toMatch(/^expected hex {2}05 30 32 30 30 30 31 30 30 32 35/);
  });

  test('names the address, the sequence, the start and the payload when they differ', () => {
    const want = buildFrame(5, 2, 1, 'abc');
    expect(fieldDifference(want, buildFrame(5, 3, 1, 'abc'))).toMatch(/^the address field differs: expected '02', got '03'/);
    expect(fieldDifference(want, buildFrame(5, 2, 2, 'abc'))).toMatch(/^the sequence field differs/);
    expect(fieldDifference(want, buildFrame(2, 2, 1, 'abc'))).toMatch(/^the start field differs: expected '\\x05', got '\\x02'/);
    expect(fieldDifference(want, '\x05' + '020001' + '0003' + 'abd')).toMatch(/^the payload field differs/);
  });

  test('bytes instead of str, an exception and a case never reached each fail with the reason', () => {
    expect(run(driverLine(CASES[0]!, null, { type: 'bytes', repr: "b'\\x05...'" })).actual).toBe("it returned a bytes, not a str: b'\\x05...'");
    expect(run('LABCHECK-FRAME ' + JSON.stringify({ args: CASES[0], error: 'TypeError: boom' }) + '\n').actual).toBe('it raised TypeError: boom');
    expect(run(driverLine(CASES[0]!, buildFrame(...CASES[0]!))).actual).toMatch(/^it was never called/);
  });

  test('judges the cases the driver announced first: none announced fails; a later line cannot change them', () => {
    const all = CASES.map((c) => driverLine(c, buildFrame(...c))).join('');
    expect(run(all, '').passed).toBe(false);
    expect(run(all, '').actual).toMatch(/^it announced none/);
    expect(run(all, 'LABCHECK-FRAME-CASES []\n').passed).toBe(false);
    // A module printing its own (empty) list after the driver's does not shrink what is judged.
    expect(run(`LABCHECK-FRAME-CASES []\n${driverLine(CASES[0]!, buildFrame(...CASES[0]!))}`).actual).toMatch(/^it was never called/);
  });
});

describe('frames-sent', () => {
  const run = (...chunks: string[]) =>
    framesSent.run(
      evidence()
        .program('program', (p) => p.exit(0))
        .peerConn('server', (c) => chunks.reduce((cc, k) => cc.received(k), c))
        .build(),
      framesSent.args.parse({ peer: 'server', message: 'hello world', payloadSize: 5 }),
    );

  test('passes however TCP segmented the frames', () => {
    expect(run(WIRE).passed).toBe(true);
    expect(run(WIRE.slice(0, 3), WIRE.slice(3, 30), WIRE.slice(30)).passed).toBe(true);
  });

  test('a 3-digit length stops parsing: the failure shows the frames parsed and the bytes there in hex', () => {
    const v = run('\x05' + '01' + '0001' + '005' + 'hello');
    expect(v.passed).toBe(false);
    expect(v.actual).toBe('the stream stopped parsing at byte 0: the length is not 4 digits: "005h"');
    expect(v.details).toEqual(['no whole frame before that', 'bytes from 0: 05 30 31 30 30 30 31 30 30 35 68 65 6c 6c 6f']);
  });

  test('the wrong pieces or sequence numbers fail, listing the frames', () => {
    const whole = buildFrame(5, 1, 1, 'hello world');
    expect(run(whole).actual).toBe('frames #1 "hello world"');
    const v = run(buildFrame(5, 1, 1, 'hello') + buildFrame(5, 1, 1, ' worl') + buildFrame(5, 1, 1, 'd'));
    expect(v.actual).toBe('frames #1 "hello", #1 " worl", #1 "d"');
    expect(v.details).toHaveLength(3);
  });

  test('nothing received fails', () => {
    expect(run().actual).toBe('the server received nothing');
  });
});

describe('recovers-message', () => {
  const ARGS = recoversMessage.args.parse({ peer: 'server', message: 'hello world' });
  const recv = (p: ProgramBuilder, size: number) => p.socketCall({ call: 'recv', size, printedBefore: Array.from(p.record.stdout).length });

  test('passes when the message is printed after the whole echo arrived, in any number of reads', () => {
    const e = evidence()
      .program('program', (p) => p.stdout('전송 메시지:  hello world\n'))
      .peerConn('server', (c) => c.received(WIRE).sent(WIRE))
      .program('program', (p) => recv(recv(p, 1), 43).stdout('복원 메시지:  hello world\n').exit(0))
      .build();
    expect(recoversMessage.run(e, ARGS)).toEqual({ passed: true, details: ['received the 44 echoed bytes in 2 reads, then printed "hello world"'] });
  });

  test("the client's own line before the echo does not count", () => {
    const e = evidence()
      .program('program', (p) => p.stdout('복원 메시지:  hello world\n'))
      .peerConn('server', (c) => c.received(WIRE).sent(WIRE))
      .program('program', (p) => recv(p, 44).stdout('받은 바이트: 44\n').exit(0))
      .build();
    expect(recoversMessage.run(e, ARGS).actual).toBe('it was printed only before the program received the echo (its own line, not the restored message)');
  });

  test('a client that stops reading before the whole echo fails, saying how much it got', () => {
    const e = evidence()
      .program('program', (p) => p.stdout('전송 메시지:  hello world\n'))
      .peerConn('server', (c) => c.received(WIRE).sent(WIRE))
      .program('program', (p) => recv(recv(p, 1), 1).stdout('복원 메시지:  \n').exit(0))
      .build();
    expect(recoversMessage.run(e, ARGS).actual).toBe('it received 2 of the 44 bytes sent to it (2 reads), and did not print the message after them');
  });

  test('not under the shim, stdout alone decides', () => {
    const e = evidence()
      .program('program', (p) => p.traced(false).stdout('restored message: hello world\n').exit(0))
      .peerConn('server', (c) => c.received(WIRE).sent(WIRE))
      .build();
    expect(recoversMessage.run(e, ARGS).passed).toBe(true);
  });
});
