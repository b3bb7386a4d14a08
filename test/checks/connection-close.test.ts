import { describe, expect, test } from 'vitest';
import { closesConnection } from '../../harness/checks/connection-close.js';
import type { Evidence } from '../../harness/model/evidence.js';
import { TICK, evidence } from './evidence-builder.js';

const run = (e: Evidence, raw: Record<string, unknown>) => closesConnection.run(e, closesConnection.args.parse({ conn: 'c1', ...raw }));
const afterHarness = { after: 'harness-close' };
const afterData = { after: 'last-data' };

describe('closes-connection after the harness closes', () => {
  test('passes when the program answers the FIN with its own', () => {
    const e = evidence().conn('c1', (c) => c.sent('bye').received('bye').harnessClosed().programClosed()).build();
    expect(run(e, afterHarness)).toEqual({ passed: true, details: [`closed (FIN) ${TICK} ms after`] });
  });

  test('a reset from the program counts as closing', () => {
    const e = evidence().conn('c1', (c) => c.harnessClosed().wait(100).programReset()).build();
    expect(run(e, afterHarness)).toEqual({ passed: true, details: [`reset (RST) ${100 + TICK} ms after`] });
  });

  test('a program that closed before the harness did passes', () => {
    const e = evidence().conn('c1', (c) => c.programClosed().harnessClosed()).build();
    expect(run(e, afterHarness)).toEqual({ passed: true, details: ['closed (FIN) 0 ms after'] });
  });

  test('a harness reset counts as the harness closing', () => {
    const e = evidence().conn('c1', (c) => c.harnessReset().programReset()).build();
    expect(run(e, afterHarness).passed).toBe(true);
  });

  test('closing exactly at the limit passes, one millisecond later fails', () => {
    const onTime = evidence().conn('c1', (c) => c.harnessClosed().wait(2000 - TICK).programClosed()).build();
    expect(run(onTime, afterHarness).passed).toBe(true);
    const late = evidence().conn('c1', (c) => c.harnessClosed().wait(2001 - TICK).programClosed()).build();
    expect(run(late, afterHarness).passed).toBe(false);
  });

  test('closing too late fails with how long it took', () => {
    const e = evidence().conn('c1', (c) => c.harnessClosed().wait(2500 - TICK).programClosed()).build();
    const v = run(e, afterHarness);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('the program closes the connection, FIN or RST, within 2.0 s');
    expect(v.actual).toBe('closed after 2.5 s');
  });

  test('withinMs is honoured', () => {
    const e = evidence().conn('c1', (c) => c.harnessClosed().wait(600).programClosed()).build();
    expect(run(e, { ...afterHarness, withinMs: 1000 }).passed).toBe(true);
    const v = run(e, { ...afterHarness, withinMs: 500 });
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('the program closes the connection, FIN or RST, within 0.5 s');
    expect(v.actual).toBe('closed after 0.6 s');
  });

  test('a connection the program kept open fails', () => {
    const e = evidence().conn('c1', (c) => c.sent('bye').received('bye').harnessClosed()).build();
    const v = run(e, afterHarness);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('the program closes the connection, FIN or RST, within 2.0 s');
    expect(v.actual).toBe('the program kept it open');
  });

  test('a close that came only when the harness stopped the program is reported as such, not as a close', () => {
    const e = evidence()
      .conn('c1', (c) => c.sent('bye\n').received('bye\n').harnessClosed())
      .step('receive {"conn":"c1","until":"close"}', 'timeout', 'the program did not close the connection within 5.0 s')
      .program('program', (p) => p.stoppedByHarness())
      .conn('c1', (c) => c.programClosed())
      .build();
    const v = run(e, { ...afterHarness, withinMs: 60_000 });
    expect(v.passed).toBe(false);
    expect(v.actual).toBe('the program kept it open until the harness stopped the program');
  });

  test('fails when the harness never closed (the run stopped before)', () => {
    const e = evidence().conn('c1', (c) => c.sent('bye').programClosed()).build();
    const v = run(e, afterHarness);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('the harness closes first');
    expect(v.actual).toBe('the run stopped before that');
  });

  test('fails when there was no connection', () => {
    const never = run(evidence().build(), afterHarness);
    expect(never.passed).toBe(false);
    expect(never.expected).toBe('a connection to the program');
    expect(never.actual).toContain('never opened');
    const refused = run(evidence().conn('c1', (c) => c.connectFailed('ECONNREFUSED'), { opened: false }).build(), afterHarness);
    expect(refused.passed).toBe(false);
    expect(refused.actual).toContain('could not connect to the program at 127.0.0.1:2500: ECONNREFUSED');
  });
});

describe('closes-connection after the last data', () => {
  test('passes when the program closes right after sending', () => {
    const e = evidence().conn('c1', (c) => c.received('Wed Feb  2 14:24:35 2022').programClosed()).build();
    expect(run(e, afterData)).toEqual({ passed: true, details: [`closed (FIN) ${TICK} ms after`] });
  });

  test('counts from the last chunk the program sent, not the first', () => {
    const e = evidence().conn('c1', (c) => c.received('Wed Feb  2 ').wait(3000).received('14:24:35 2022').programClosed()).build();
    expect(run(e, afterData).passed).toBe(true);
  });

  test('closing too long after the data fails', () => {
    const e = evidence().conn('c1', (c) => c.received('time').wait(3000 - TICK).programClosed()).build();
    const v = run(e, afterData);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('the program closes the connection, FIN or RST, within 2.0 s');
    expect(v.actual).toBe('closed after 3.0 s');
  });

  test('a program that keeps the connection open after sending fails', () => {
    const e = evidence().conn('c1', (c) => c.received('time').harnessClosed()).build();
    const v = run(e, afterData);
    expect(v.passed).toBe(false);
    expect(v.actual).toBe('the program kept it open');
  });

  test('a program that sent nothing fails', () => {
    const e = evidence().conn('c1', (c) => c.programClosed()).build();
    const v = run(e, afterData);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('the program sends, then closes');
    expect(v.actual).toBe('the program sent nothing on this connection');
  });
});

describe('closes-connection arguments', () => {
  test('withinMs defaults to 2000; conn and after are required', () => {
    expect(closesConnection.args.parse({ conn: 'c1', after: 'last-data' })).toEqual({ conn: 'c1', after: 'last-data', withinMs: 2000 });
    expect(closesConnection.args.safeParse({ conn: 'c1' }).success).toBe(false);
    expect(closesConnection.args.safeParse({ after: 'last-data' }).success).toBe(false);
  });

  test('rejects an unknown `after`, a non-positive or fractional withinMs, and unknown keys', () => {
    expect(closesConnection.args.safeParse({ conn: 'c1', after: 'close' }).success).toBe(false);
    expect(closesConnection.args.safeParse({ conn: 'c1', after: 'last-data', withinMs: 0 }).success).toBe(false);
    expect(closesConnection.args.safeParse({ conn: 'c1', after: 'last-data', withinMs: -5 }).success).toBe(false);
    expect(closesConnection.args.safeParse({ conn: 'c1', after: 'last-data', withinMs: 1.5 }).success).toBe(false);
    expect(closesConnection.args.safeParse({ conn: 'c1', after: 'last-data', how: 'fin' }).success).toBe(false);
  });

  test('the requirement names the trigger and the limit', () => {
    expect(closesConnection.requirement({ conn: 'c1', after: 'harness-close', withinMs: 2000 })).toBe('after the client closes, the program closes its side within 2.0 s');
    expect(closesConnection.requirement({ conn: 'c1', after: 'last-data', withinMs: 1500 })).toBe('the program closes the connection within 1.5 s after sending');
  });
});
