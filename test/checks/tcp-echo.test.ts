import { describe, expect, test } from 'vitest';
import { echoes } from '../../harness/checks/tcp-echo.js';
import type { Evidence } from '../../harness/model/evidence.js';
import { evidence } from './evidence-builder.js';

const run = (e: Evidence, raw: unknown = { conn: 'c1' }) => echoes.run(e, echoes.args.parse(raw));

describe('echoes', () => {
  test('passes when every message comes back exactly, each before the next is sent', () => {
    const e = evidence()
      .conn('c1', (c) => c.sent('hello').received('hello').sent('안녕하세요').received('안녕하세요').sent('x').received('x').harnessClosed().programClosed())
      .build();
    const v = run(e);
    expect(v.passed).toBe(true);
    expect(v.details).toEqual(['3 messages, 21 bytes echoed']);
  });

  test('an echo split across many TCP chunks still passes', () => {
    const big = Buffer.alloc(1000, 'abcdefghij');
    const e = evidence()
      .conn('c1', (c) => {
        c.sent('hello world').received('he').received('llo').received(' wor').received('ld');
        c.sent(big);
        for (let i = 0; i < big.length; i += 7) c.received(big.subarray(i, i + 7));
      })
      .build();
    expect(run(e)).toEqual({ passed: true, details: ['2 messages, 1011 bytes echoed'] });
  });

  test('a UTF-8 character split between two chunks still passes', () => {
    const korean = Buffer.from('안녕', 'utf8'); // 6 bytes, 3 per character
    const e = evidence()
      .conn('c1', (c) => c.sent(korean).received(korean.subarray(0, 2)).received(korean.subarray(2)))
      .build();
    expect(run(e).passed).toBe(true);
  });

  test('different bytes fail, showing what was sent and what came back as text and hex', () => {
    const e = evidence().conn('c1', (c) => c.sent('hello').received('HELLO')).build();
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toContain('sent "hello"');
    expect(v.expected).toContain('68 65 6c 6c 6f');
    expect(v.actual).toContain('received "HELLO"');
    expect(v.actual).toContain('48 45 4c 4c 4f');
    expect(v.details).toEqual(['message 1 of 1; 5 bytes came back in all, 5 were sent']);
  });

  test('a wrong second message names message 2', () => {
    const e = evidence().conn('c1', (c) => c.sent('one').received('one').sent('two').received('twO')).build();
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toContain('"two"');
    expect(v.actual).toContain('"twO"');
    expect(v.details?.[0]).toMatch(/^message 2 of 2;/);
  });

  test('nothing back fails with "received nothing back"', () => {
    const e = evidence().conn('c1', (c) => c.sent('hello')).build();
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toContain('sent "hello"');
    expect(v.actual).toBe('received nothing back');
  });

  test('a partial echo fails and shows the bytes that did come back', () => {
    const e = evidence().conn('c1', (c) => c.sent('hello').received('hel')).build();
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.actual).toContain('received "hel"');
    expect(v.actual).toContain('68 65 6c');
    expect(v.details).toEqual(['message 1 of 1; 3 bytes came back in all, 5 were sent']);
  });

  test('an echo that arrives only after the next message was sent fails', () => {
    const e = evidence().conn('c1', (c) => c.sent('one').sent('two').received('one').received('two')).build();
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('the echo of message 1 before message 2 is sent');
    expect(v.actual).toBe('it arrived only after message 2 was sent');
  });

  test('an echo only partly back before the next message was sent fails', () => {
    const e = evidence().conn('c1', (c) => c.sent('hello').received('hel').sent('x').received('lo').received('x')).build();
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.actual).toBe('it arrived only after message 2 was sent');
  });

  test('extra bytes after the last echo fail, shown in hex', () => {
    const e = evidence().conn('c1', (c) => c.sent('hello').received('hello\n')).build();
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('5 bytes back');
    expect(v.actual).toContain('6 bytes back; extra: "\\n"');
    expect(v.actual).toContain('0a');
  });

  test('extra bytes between two echoes fail', () => {
    const e = evidence().conn('c1', (c) => c.sent('one').received('one!').sent('two').received('two')).build();
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toContain('"two"');
    expect(v.actual).toContain('"!tw"');
  });

  test('a connection that was never opened fails', () => {
    const e = evidence().conn('c2', (c) => c.sent('x').received('x')).build();
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('a connection to the program');
    expect(v.actual).toContain('connection c1 was never opened');
  });

  test('a refused connection fails and says why', () => {
    const e = evidence()
      .conn('c1', (c) => c.connectFailed('connect ECONNREFUSED 127.0.0.1:2500'), { opened: false })
      .build();
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('a connection to the program');
    expect(v.actual).toBe('could not connect to the program at 127.0.0.1:2500: connect ECONNREFUSED 127.0.0.1:2500');
  });

  test('a connection on which nothing was sent fails', () => {
    const e = evidence().conn('c1', (c) => c.harnessClosed()).build();
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('a connection that sent messages');
    expect(v.actual).toContain('connection c1 sent nothing');
  });

  test('arguments: conn is required, nothing else is allowed', () => {
    expect(echoes.args.parse({ conn: 'c1' })).toEqual({ conn: 'c1' });
    expect(echoes.args.safeParse({}).success).toBe(false);
    expect(echoes.args.safeParse({ conn: 1 }).success).toBe(false);
    expect(echoes.args.safeParse({ conn: 'c1', withinMs: 5 }).success).toBe(false);
    expect(echoes.requirement({ conn: 'c1' })).toBe('every message comes back exactly, in order');
  });
});
