import { describe, expect, test } from 'vitest';
import { countsConnections } from '../../harness/checks/visitor-count.js';
import type { Evidence } from '../../harness/model/evidence.js';
import { evidence } from './evidence-builder.js';

const run = (e: Evidence, conns: string[]) => countsConnections.run(e, countsConnections.args.parse({ conns }));
/** One connection per message, c1, c2, ... */
const visits = (...messages: string[]) => {
  const b = evidence();
  messages.forEach((m, i) => b.conn(`c${i + 1}`, (c) => c.received(m).programClosed().harnessClosed()));
  return b.build();
};
const names = (n: number) => Array.from({ length: n }, (_, i) => `c${i + 1}`);

describe('counts-connections', () => {
  test('passes when the k-th connection is told k', () => {
    const e = visits(...[1, 2, 3, 4, 5].map((k) => `당신은 ${k}번째 접속자입니다`));
    expect(run(e, names(5))).toEqual({ passed: true, details: ['5 connections counted'] });
  });

  test('a number split across chunks is read whole', () => {
    const e = evidence().conn('c1', (c) => c.received('당신은 ').received('1번째 접속자입니다')).build();
    expect(run(e, ['c1']).passed).toBe(true);
  });

  test("'12' does not count as 1", () => {
    const v = run(visits('You are visitor 12'), ['c1']);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('connection 1: a message with the number 1');
    expect(v.actual).toBe('received "You are visitor 12"');
  });

  test("'1' inside '10' does not count", () => {
    const v = run(visits('visitor #10'), ['c1']);
    expect(v.passed).toBe(false);
    expect(v.actual).toBe('received "visitor #10"');
  });

  test('a counter that does not advance fails at the second connection', () => {
    const v = run(visits('visitor 1', 'visitor 1', 'visitor 1'), names(3));
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('connection 2: a message with the number 2');
    expect(v.actual).toBe('received "visitor 1"');
  });

  test('a counter starting at 0 fails at the first connection', () => {
    const v = run(visits('visitor 0', 'visitor 1'), names(2));
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('connection 1: a message with the number 1');
  });

  test('a connection that received nothing fails', () => {
    const e = evidence()
      .conn('c1', (c) => c.received('visitor 1'))
      .conn('c2', (c) => c.programClosed())
      .build();
    const v = run(e, names(2));
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('connection 2: a message with the number 2');
    expect(v.actual).toBe('received nothing');
  });

  test('a connection that was never opened or refused fails', () => {
    const v = run(visits('visitor 1'), names(2));
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('connection 2: a message with the number 2');
    expect(v.actual).toContain('connection c2 was never opened');
    const refused = run(evidence().conn('c1', (c) => c.connectFailed('ECONNREFUSED'), { opened: false }).build(), ['c1']);
    expect(refused.actual).toContain('could not connect to the program');
  });

  test('arguments: a non-empty list of connections, nothing else', () => {
    expect(countsConnections.args.parse({ conns: ['c1', 'c2'] })).toEqual({ conns: ['c1', 'c2'] });
    expect(countsConnections.args.safeParse({ conns: [] }).success).toBe(false);
    expect(countsConnections.args.safeParse({}).success).toBe(false);
    expect(countsConnections.args.safeParse({ conns: ['c1'], start: 0 }).success).toBe(false);
  });
});

describe('counts-connections ignores addresses and clock times', () => {
  test('"127.0.0.1" is not visitor 1 and "14:05" is not visitor 5', async () => {
    const { countsConnections } = await import('../../harness/checks/visitor-count.js');
    const { evidence } = await import('./evidence-builder.js');
    const e = evidence().conn('c1', (c) => c.received('Hello 127.0.0.1, you are visitor 7 at 14:05')).build();
    const v = countsConnections.run(e, { conns: ['c1'] });
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('connection 1: a message with the number 1');
  });
});
