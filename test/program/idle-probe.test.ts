// Judging recorded thread samples (harness/program/idle-probe.ts): which count as idle, and when
// two samples show that nothing ran in between. Live processes: test/idle-probe-live.test.ts.
import { describe, expect, test } from 'vitest';
import { judgeIdle, sameSleep, type ThreadSample } from '../../harness/program/idle-probe.js';

describe('judgeIdle and sameSleep on recorded samples', () => {
  const thread = (over: Partial<ThreadSample>): ThreadSample => ({ pid: 10, nsPid: 2, tid: 10, state: 'S', wchan: 'inet_csk_accept', ranNs: '100', runs: '5', ...over });
  test('a runnable thread or a zombie-only program is not idle; a zombie beside a waiting one is', () => {
    expect(judgeIdle([thread({}), thread({ tid: 11, state: 'R', wchan: '0' })]).idle).toBe(false);
    expect(judgeIdle([thread({ state: 'Z', wchan: '0' })]).idle).toBe(false);
    expect(judgeIdle([thread({}), thread({ pid: 12, tid: 12, state: 'Z', wchan: '0' })]).idle).toBe(true);
    expect(judgeIdle([]).idle).toBe(false);
  });
  test('a thread that ran in between, or a new thread, is not the same sleep', () => {
    expect(sameSleep([thread({})], [thread({ runs: '6' })])).toBe(false);
    expect(sameSleep([thread({})], [thread({}), thread({ tid: 11 })])).toBe(false);
    expect(sameSleep([thread({})], [thread({})])).toBe(true);
  });
});
