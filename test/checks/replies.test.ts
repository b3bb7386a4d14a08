import { describe, expect, test } from 'vitest';
import { replies } from '../../harness/checks/replies.js';
import type { Evidence } from '../../harness/model/evidence.js';
import { evidence } from './evidence-builder.js';

const run = (e: Evidence, raw: unknown = { conn: 'c1' }) => replies.run(e, replies.args.parse(raw));
const expecting = (...list: [number, string][]) => list.map(([message, reply]) => ({ message, reply }));

describe('replies', () => {
  test('passes when each request gets its declared reply', () => {
    const e = evidence()
      .fact('c1.expectedReplies', expecting([0, 'one'], [1, 'ten']))
      .conn('c1', (c) => c.sent('1').received('one').sent('10').received('ten').harnessClosed())
      .build();
    expect(run(e)).toEqual({ passed: true, details: ['2 replies as expected'] });
  });

  test('replies are compared after trimming whitespace: "one\\n" passes for "one"', () => {
    const e = evidence()
      .fact('c1.expectedReplies', expecting([0, 'one'], [1, 'Try again']))
      .conn('c1', (c) => c.sent('1').received('one\n').sent('abc').received('  Try again\r\n'))
      .build();
    expect(run(e).passed).toBe(true);
  });

  test('a reply split across chunks (even inside a UTF-8 character) passes', () => {
    const reply = Buffer.from('이름이 없습니다', 'utf8');
    const e = evidence()
      .fact('c1.expectedReplies', expecting([0, '이름이 없습니다']))
      .conn('c1', (c) => c.sent('nobody').received(reply.subarray(0, 4)).received(reply.subarray(4, 11)).received(reply.subarray(11)))
      .build();
    expect(run(e).passed).toBe(true);
  });

  test('only requests with a declared reply are checked', () => {
    const e = evidence()
      .fact('c1.expectedReplies', expecting([1, 'ten']))
      .conn('c1', (c) => c.sent('hello').received('whatever').sent('10').received('ten'))
      .build();
    expect(run(e).passed).toBe(true);
  });

  test('bytes that arrive before the first request are not a reply', () => {
    const e = evidence()
      .fact('c1.expectedReplies', expecting([0, 'one']))
      .conn('c1', (c) => c.received('Welcome!\n').sent('1').received('one'))
      .build();
    expect(run(e).passed).toBe(true);
  });

  test('a reply that starts right but goes on with more text fails ("one more" is not "one")', () => {
    const e = evidence()
      .conn('c1', (c) => c.sent('1').received('one').received(' more'))
      .fact('c1.expectedReplies', [{ message: 0, reply: 'one' }])
      .build();
    expect(replies.run(e, { conn: 'c1' }).passed).toBe(false);
  });

  test('a reply differing in case fails: "One" is not "one"', () => {
    const e = evidence()
      .fact('c1.expectedReplies', expecting([0, 'one']))
      .conn('c1', (c) => c.sent('1').received('One\n'))
      .build();
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('"1" → "one"');
    expect(v.actual).toBe('"1" → "One\\n"');
  });

  test('the first wrong reply is the one reported', () => {
    const e = evidence()
      .fact('c1.expectedReplies', expecting([0, 'one'], [1, 'two'], [2, 'ten']))
      .conn('c1', (c) => c.sent('1').received('one').sent('2').received('Two').sent('10').received('TEN'))
      .build();
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('"2" → "two"');
    expect(v.actual).toBe('"2" → "Two"');
  });

  test('no reply at all fails with "no reply"', () => {
    const e = evidence()
      .fact('c1.expectedReplies', expecting([0, '20150003']))
      .conn('c1', (c) => c.sent('박문수').harnessClosed())
      .build();
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('"박문수" → "20150003"');
    expect(v.actual).toBe('"박문수" → no reply');
  });

  test('replies are attributed by chunk order: a reply that came after the next request belongs to that request', () => {
    const e = evidence()
      .fact('c1.expectedReplies', expecting([0, 'one'], [1, 'ten']))
      .conn('c1', (c) => c.sent('1').sent('10').received('one').received('ten'))
      .build();
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('"1" → "one"');
    expect(v.actual).toBe('"1" → no reply');
  });

  test('chunk order, not the timestamps, decides which request a reply answers', () => {
    const e = evidence()
      .fact('c1.expectedReplies', expecting([0, 'one']))
      .conn('c1', (c) => c.sent('1').received('one'))
      .build();
    const [request, reply] = e.connections[0]!.chunks;
    reply!.t = request!.t - 5; // recorded after the request, stamped earlier
    expect(run(e).passed).toBe(true);
  });

  test('no expected replies recorded fails (the exchange never ran)', () => {
    const e = evidence().conn('c1', (c) => c.sent('1').received('one')).build();
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('requests with expected replies');
    expect(v.actual).toBe('none was sent (the run stopped before)');
  });

  test('an expected request that was never sent fails', () => {
    const e = evidence()
      .fact('c1.expectedReplies', expecting([0, 'one'], [1, 'ten']))
      .conn('c1', (c) => c.sent('1').received('one'))
      .build();
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('request 2 to be sent');
    expect(v.actual).toBe('the run stopped before it (see the steps)');
  });

  test('expectations on a connection that does not exist fail', () => {
    const e = evidence().fact('c1.expectedReplies', expecting([0, 'one'])).build();
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('request 1 to be sent');
  });

  test('expectations of another connection are not used', () => {
    const e = evidence()
      .fact('c2.expectedReplies', expecting([0, 'one']))
      .conn('c1', (c) => c.sent('1').received('one'))
      .build();
    expect(run(e).passed).toBe(false);
  });

  test('arguments: conn is required, nothing else is allowed', () => {
    expect(replies.args.parse({ conn: 'c1' })).toEqual({ conn: 'c1' });
    expect(replies.args.safeParse({}).success).toBe(false);
    expect(replies.args.safeParse({ conn: 'c1', trim: false }).success).toBe(false);
    expect(replies.requirement({ conn: 'c1' })).toBe('each request gets its expected reply');
  });
});
