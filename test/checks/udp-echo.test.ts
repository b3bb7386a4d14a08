import { describe, expect, test } from 'vitest';
import { datagramEchoes } from '../../harness/checks/udp-echo.js';
import type { Evidence } from '../../harness/model/evidence.js';
import { evidence } from './evidence-builder.js';

const PROGRAM = '127.0.0.1:2500';
const run = (e: Evidence, socket = 'u1') => datagramEchoes.run(e, datagramEchoes.args.parse({ socket }));

describe('datagram-echoes', () => {
  test('passes when every datagram comes back exactly, in order', () => {
    const big = Buffer.alloc(1024, 'q');
    const e = evidence()
      .udp('u1', (u) => u.sent('hello', PROGRAM).received('hello', PROGRAM).sent('안녕하세요 UDP 서버', PROGRAM).received('안녕하세요 UDP 서버', PROGRAM).sent('x', PROGRAM).received('x', PROGRAM).sent(big, PROGRAM).received(big, PROGRAM), { local: '127.0.0.1:40000' })
      .build();
    expect(run(e)).toEqual({ passed: true, details: ['4 datagrams echoed to 127.0.0.1:40000'] });
  });

  test('an echo sent from another socket (not the port the datagram went to) fails', () => {
    const e = evidence().udp('u1', (u) => u.sent('hello', PROGRAM).received('hello', '127.0.0.1:45678')).build();
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('datagram 1 back from 127.0.0.1:2500, where it was sent');
    expect(v.actual).toBe('it came from 127.0.0.1:45678, another socket');
  });

  test('two interleaved clients each get their own datagrams back', () => {
    const e = evidence()
      .udp('a', (u) => u.sent('from client A 1', PROGRAM))
      .udp('a', (u) => u.received('from client A 1', PROGRAM))
      .udp('b', (u) => u.sent('from client B 1', PROGRAM).received('from client B 1', PROGRAM))
      .udp('a', (u) => u.sent('from client A 2', PROGRAM).received('from client A 2', PROGRAM))
      .udp('b', (u) => u.sent('from client B 2', PROGRAM).received('from client B 2', PROGRAM))
      .build();
    expect(run(e, 'a').passed).toBe(true);
    expect(run(e, 'b').passed).toBe(true);
  });

  test('echoes sent to the wrong client (the last sender) fail for the client that missed them', () => {
    const e = evidence()
      .udp('a', (u) => u.sent('A1', PROGRAM), { local: '127.0.0.1:40001' })
      .udp('b', (u) => u.sent('B1', PROGRAM).received('A1', PROGRAM).received('B1', PROGRAM), { local: '127.0.0.1:40002' })
      .build();
    const a = run(e, 'a');
    expect(a.passed).toBe(false);
    expect(a.expected).toContain('datagram 1 of 1 back at 127.0.0.1:40001: "A1"');
    expect(a.expected).toContain('41 31');
    expect(a.actual).toBe('nothing came back to this socket');
    const b = run(e, 'b');
    expect(b.passed).toBe(false);
    expect(b.expected).toContain('datagram 1 back: "B1"');
    expect(b.actual).toContain('received "A1"');
  });

  test('a different datagram fails, shown as text and hex', () => {
    const e = evidence().udp('u1', (u) => u.sent(Buffer.from([0x00, 0xff, 0x41])).received(Buffer.from([0x00, 0xfe, 0x41]))).build();
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toContain('datagram 1 back:');
    expect(v.expected).toContain('00 ff 41');
    expect(v.actual).toContain('received');
    expect(v.actual).toContain('00 fe 41');
  });

  test('a datagram that came back with a newline added fails', () => {
    const v = run(evidence().udp('u1', (u) => u.sent('hello').received('hello\n')).build());
    expect(v.passed).toBe(false);
    expect(v.actual).toContain('68 65 6c 6c 6f 0a');
  });

  test('a missing echo fails', () => {
    const e = evidence().udp('u1', (u) => u.sent('one').received('one').sent('two'), { local: '127.0.0.1:40000' }).build();
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toContain('datagram 2 of 2 back at 127.0.0.1:40000: "two"');
    expect(v.actual).toBe('nothing came back to this socket');
  });

  test('extra datagrams fail', () => {
    const v = run(evidence().udp('u1', (u) => u.sent('one').received('one').received('one')).build());
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('1 datagrams back');
    expect(v.actual).toBe('2 datagrams back');
  });

  test('no datagrams sent, or no such socket, fails', () => {
    const none = run(evidence().udp('u1').build());
    expect(none).toEqual({ passed: false, expected: 'datagrams sent', actual: 'the run stopped before any was sent' });
    expect(run(evidence().build()).passed).toBe(false);
  });

  test('arguments: socket is required, nothing else', () => {
    expect(datagramEchoes.args.parse({ socket: 'u1' })).toEqual({ socket: 'u1' });
    expect(datagramEchoes.args.safeParse({}).success).toBe(false);
    expect(datagramEchoes.args.safeParse({ conn: 'u1' }).success).toBe(false);
    expect(datagramEchoes.args.safeParse({ socket: 'u1', order: false }).success).toBe(false);
  });
});
