import { describe, expect, test } from 'vitest';
import { sendsCtime } from '../../harness/checks/time-strings.js';
import { parseCtime } from '../../harness/formats/ctime.js';
import type { Evidence } from '../../harness/model/evidence.js';
import { T0, evidence } from './evidence-builder.js';

// T0 is Wed Feb  2 14:24:35 2022 UTC; the builder's clock starts there, so a chunk the
// program sends is stamped a few ticks (10 ms each) after T0.
const NOW = 'Wed Feb  2 14:24:35 2022';
const run = (e: Evidence, raw: Record<string, unknown> = {}) => sendsCtime.run(e, sendsCtime.args.parse({ conns: ['c1'], ...raw }));
const sends = (text: string | Buffer, start = T0) => evidence(start).conn('c1', (c) => c.received(text).programClosed()).build();

describe('parseCtime', () => {
  test('reads a ctime string as UTC', () => {
    expect(parseCtime(NOW)).toBe(T0);
    expect(parseCtime('Sat Mar 19 09:05:07 2022')).toBe(Date.UTC(2022, 2, 19, 9, 5, 7));
    expect(parseCtime('Sun Jan  2 03:04:05 2000')).toBe(Date.UTC(2000, 0, 2, 3, 4, 5));
  });

  test('finds the string inside other text', () => {
    expect(parseCtime(`b'The time is ${NOW}'\r\n`)).toBe(T0);
  });

  test('does not read a Unix timestamp or an ISO date', () => {
    expect(parseCtime('1643811875')).toBeUndefined();
    expect(parseCtime('2022-02-02T14:24:35Z')).toBeUndefined();
  });
});

describe('sends-ctime', () => {
  test('passes for the current time as a ctime string', () => {
    expect(run(sends(NOW))).toEqual({ passed: true, details: ['1 time strings (time zone UTC)'] });
  });

  test('accepts the string embedded in other text', () => {
    expect(run(sends(`Current time: ${NOW}\n`)).passed).toBe(true);
  });

  test('accepts a single-digit day padded with a space (asctime style) and a two-digit day', () => {
    expect(run(sends('Wed Feb  2 14:24:35 2022')).passed).toBe(true);
    const mar19 = Date.UTC(2022, 2, 19, 9, 5, 7);
    expect(run(sends('Sat Mar 19 09:05:07 2022', mar19)).passed).toBe(true);
  });

  test('accepts a string split across chunks', () => {
    const e = evidence().conn('c1', (c) => c.received('Wed Feb  2 ').received('14:24:35 2022\n')).build();
    expect(run(e).passed).toBe(true);
  });

  test('checks every connection, in order', () => {
    const e = evidence()
      .conn('c1', (c) => c.received(NOW).programClosed().harnessClosed())
      .wait(1000)
      .conn('c2', (c) => c.received('Wed Feb  2 14:24:36 2022').programClosed())
      .build();
    expect(run(e, { conns: ['c1', 'c2'] })).toEqual({ passed: true, details: ['2 time strings (time zone UTC)'] });
  });

  test('a time 1 hour off fails, naming the zone whose time it is', () => {
    const v = run(sends('Wed Feb  2 15:24:35 2022'));
    expect(v.passed).toBe(false);
    expect(v.expected).toBe("connection 1 of 1: a time within 5 s of the clock in the program's time zone (UTC): Wed Feb  2 14:24:35 2022");
    expect(v.actual).toBe('received "Wed Feb  2 15:24:35 2022", 1 h ahead: the time of UTC+01:00, not of the program\'s time zone (UTC)');
  });

  test('Korean time (UTC+9) sent on purpose to a program running in UTC fails, naming the offset', () => {
    const v = run(sends('Wed Feb  2 23:24:35 2022'));
    expect(v.passed).toBe(false);
    expect(v.actual).toContain('9 h ahead: the time of UTC+09:00');
  });

  test("the clock is read in the program's time zone: Korean time passes for a program run with TZ=Asia/Seoul", () => {
    const e = evidence().conn('c1', (c) => c.received('Wed Feb  2 23:24:35 2022').programClosed()).build();
    e.timeZone = 'Asia/Seoul';
    expect(run(e).passed).toBe(true);
    e.timeZone = 'UTC';
    expect(run(e).passed).toBe(false);
  });

  test('with clock: false only the form is judged (serves-again), not the time', () => {
    const v = run(sends('Wed Feb  2 23:24:35 2022'), { clock: false });
    expect(v).toEqual({ passed: true, details: ['1 time strings'] });
    expect(run(sends('1643811875.123'), { clock: false }).passed).toBe(false);
  });

  test('a Unix timestamp fails: it is not a ctime string', () => {
    const v = run(sends('1643811875.123'));
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('connection 1 of 1: a ctime string such as "Wed Feb  2 14:24:35 2022"');
    expect(v.actual).toBe('received "1643811875.123"');
  });

  test('the tolerance allows one extra second for whole-second resolution, no more', () => {
    // the chunk is stamped 20 ms after the builder start (connected, then received)
    expect(run(sends(NOW, T0 + 5_000)).passed).toBe(true); // 5.02 s behind
    expect(run(sends(NOW, T0 + 5_900)).passed).toBe(true); // 5.92 s behind
    const v = run(sends(NOW, T0 + 6_100)); // 6.12 s behind
    expect(v.passed).toBe(false);
    expect(v.actual).toContain('6 s behind');
    expect(run(sends(NOW, T0 + 10_000), { toleranceS: 10 }).passed).toBe(true);
  });

  test('a time ahead of the clock fails the same way', () => {
    const v = run(sends('Wed Feb  2 14:25:35 2022'));
    expect(v.passed).toBe(false);
    expect(v.actual).toContain('60 s ahead');
  });

  test('the failing connection is named by its position', () => {
    const e = evidence()
      .conn('c1', (c) => c.received(NOW))
      .conn('c2', (c) => c.received('hello'))
      .build();
    const v = run(e, { conns: ['c1', 'c2'] });
    expect(v.passed).toBe(false);
    expect(v.expected).toContain('connection 2 of 2: a ctime string');
    expect(v.actual).toBe('received "hello"');
  });

  test('a connection that received nothing fails', () => {
    const v = run(evidence().conn('c1', (c) => c.programClosed()).build());
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('connection 1 of 1 receives a time string');
    expect(v.actual).toBe('it received nothing');
  });

  test('a connection that was never opened or was refused fails', () => {
    const e = evidence().conn('c1', (c) => c.received(NOW)).build();
    const v = run(e, { conns: ['c1', 'c2'] });
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('connection 2 of 2 receives a time string');
    expect(v.actual).toContain('connection c2 was never opened');
    const refused = run(evidence().conn('c1', (c) => c.connectFailed('ECONNREFUSED'), { opened: false }).build());
    expect(refused.passed).toBe(false);
    expect(refused.actual).toContain('could not connect');
  });

  test('arguments: conns must be a non-empty list; toleranceS defaults to 5 and must be positive', () => {
    expect(sendsCtime.args.parse({ conns: ['c1'] })).toEqual({ conns: ['c1'], toleranceS: 5, clock: true });
    expect(sendsCtime.args.safeParse({ conns: [] }).success).toBe(false);
    expect(sendsCtime.args.safeParse({ conns: 'c1' }).success).toBe(false);
    expect(sendsCtime.args.safeParse({ conns: ['c1'], toleranceS: 0 }).success).toBe(false);
    expect(sendsCtime.args.safeParse({ conns: ['c1'], toleranceS: -1 }).success).toBe(false);
    expect(sendsCtime.args.safeParse({ conns: ['c1'], conn: 'c1' }).success).toBe(false);
    expect(sendsCtime.requirement({ conns: ['c1'], toleranceS: 5, clock: true })).toContain('within 5 s of the clock');
  });
});

describe('parseCtime checks the weekday', () => {
  test('"Mon Feb  2 14:24:35 2022" is not a ctime string (2 Feb 2022 was a Wednesday)', async () => {
    const { parseCtime } = await import('../../harness/formats/ctime.js');
    expect(parseCtime('Mon Feb  2 14:24:35 2022')).toBeUndefined();
    expect(parseCtime('Wed Feb  2 14:24:35 2022')).toBe(Date.UTC(2022, 1, 2, 14, 24, 35));
  });
});
