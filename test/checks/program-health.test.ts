import { describe, expect, test } from 'vitest';
import { noBusyLoop, noTraceback } from '../../harness/checks/program-health.js';
import type { Evidence } from '../../harness/model/evidence.js';
import { evidence } from './evidence-builder.js';

const RESET_TRACEBACK = [
  'Traceback (most recent call last):',
  '  File "/tmp/x/TCP_echoserver.py", line 12, in <module>',
  '    data = conn.recv(1024)',
  '           ^^^^^^^^^^^^^^^',
  'ConnectionResetError: [Errno 104] Connection reset by peer',
  '',
].join('\n');

describe('no-traceback', () => {
  const run = (e: Evidence, raw: unknown = {}) => noTraceback.run(e, noTraceback.args.parse(raw));

  test('passes for a program with no traceback (other stderr text is fine)', () => {
    const e = evidence().program('program', (p) => p.stdout('Connected by 127.0.0.1\n').stderr('client left\n').exit(0)).build();
    expect(run(e)).toEqual({ passed: true });
  });

  test('a traceback the program caught and logged (traceback.print_exc()) is handled: it passes', () => {
    const e = evidence().program('program', (p) => p.stderr(RESET_TRACEBACK).stdout('client left\n')).build();
    expect(run(e)).toEqual({ passed: true });
  });

  test('an untraced program: a traceback then a failing exit fails with its last line', () => {
    const e = evidence().program('program', (p) => p.stderr(RESET_TRACEBACK).exit(1), { traced: false }).build();
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('no unhandled exception');
    expect(v.actual).toBe('unhandled exception: ConnectionResetError: [Errno 104] Connection reset by peer');
  });

  test('with chained tracebacks the last exception is reported', () => {
    const chained = [
      'Traceback (most recent call last):',
      '  File "s.py", line 3, in <module>',
      'KeyError: 5',
      '',
      'During handling of the above exception, another exception occurred:',
      '',
      'Traceback (most recent call last):',
      '  File "s.py", line 5, in <module>',
      'BrokenPipeError: [Errno 32] Broken pipe',
    ].join('\n');
    const v = run(evidence().program('program', (p) => p.stderr(chained).exit(1), { traced: false }).build());
    expect(v.passed).toBe(false);
    expect(v.actual).toBe('unhandled exception: BrokenPipeError: [Errno 32] Broken pipe');
  });

  test('an unhandled exception reported by the shim fails even without stderr (e.g. in a thread)', () => {
    const e = evidence()
      .program('program', (p) => p.socketCall({ call: 'exception', fd: -1, kind: 'other', error: 'OSError: [Errno 9] Bad file descriptor' }))
      .build();
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.actual).toBe('unhandled exception: OSError: [Errno 9] Bad file descriptor');
  });

  test('an untraced program that printed a traceback and kept running cannot be judged (not a pass)', () => {
    const v = run(evidence().program('program', (p) => p.stderr(RESET_TRACEBACK), { traced: false }).build());
    expect(v.passed).toBe(false);
    expect(v.cannotJudge).toBe(true);
  });

  test('checks the named program only', () => {
    const e = evidence()
      .program('first', (p) => p.socketCall({ call: 'exception', fd: -1, kind: 'other', error: 'ConnectionResetError: [Errno 104] Connection reset by peer' }))
      .program('second', (p) => p.stdout('fine\n'))
      .build();
    expect(run(e, { program: 'second' }).passed).toBe(true);
    expect(run(e, { program: 'first' }).passed).toBe(false);
  });

  test('a program that was never started fails', () => {
    const v = run(evidence().build());
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('the program to run');
    expect(v.actual).toBe('it was never started');
  });

  test('arguments: program defaults to "program"; unknown keys are rejected', () => {
    expect(noTraceback.args.parse({})).toEqual({ program: 'program' });
    expect(noTraceback.args.safeParse({ conn: 'c1' }).success).toBe(false);
    expect(noTraceback.args.safeParse({ program: 3 }).success).toBe(false);
  });
});

describe('no-busy-loop', () => {
  const run = (e: Evidence, raw: Record<string, unknown> = {}) => noBusyLoop.run(e, noBusyLoop.args.parse({ after: 'c1', ...raw }));
  /** A server that echoed 'bye' on c1; `afterClose` fills in what it did once the client left. */
  const server = (afterClose: (e: ReturnType<typeof evidence>) => unknown) => {
    const e = evidence()
      .program('program', (p) => p.socketCall({ call: 'bind', addr: '0.0.0.0:2500' }).socketCall({ call: 'listen' }).socketCall({ call: 'accept', fd: 4 }))
      .conn('c1', (c) => c.sent('bye'))
      .program('program', (p) => p.socketCall({ call: 'recv', fd: 4, size: 3 }).socketCall({ call: 'sendall', fd: 4, size: 3 }))
      .conn('c1', (c) => c.received('bye').harnessClosed());
    afterClose(e);
    return e.build();
  };

  test('passes for a server that reads the end of stream, closes and accepts again', () => {
    const e = server((b) => b.program('program', (p) => p.socketCall({ call: 'recv', fd: 4, size: 0 }).socketCall({ call: 'close', fd: 4 }).socketCall({ call: 'accept' })));
    expect(run(e)).toEqual({ passed: true, details: ['3 socket calls after the client left'] });
  });

  test('a busy loop on the closed connection fails, counting the calls by kind', () => {
    const e = server((b) => b.program('program', (p) => p.calls(58, 'recv', { fd: 4, size: 0 }).calls(2, 'send', { fd: 4, size: 0 })));
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('at most 50 socket calls after the client left');
    expect(v.actual).toBe('60 calls (58 × recv, 2 × send): a busy loop on a closed connection');
  });

  test('only calls after the harness closed count', () => {
    const e = evidence()
      .program('program', (p) => p.calls(200, 'recv', { size: 1 }))
      .conn('c1', (c) => c.harnessClosed())
      .program('program', (p) => p.calls(2, 'recv', { size: 0 }))
      .build();
    expect(run(e)).toEqual({ passed: true, details: ['2 socket calls after the client left'] });
  });

  test('exactly maxCalls passes, one more fails', () => {
    const at = server((b) => b.program('program', (p) => p.calls(10, 'recv')));
    expect(run(at, { maxCalls: 10 }).passed).toBe(true);
    const over = server((b) => b.program('program', (p) => p.calls(11, 'recv')));
    const v = run(over, { maxCalls: 10 });
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('at most 10 socket calls after the client left');
    expect(v.actual).toContain('11 calls (11 × recv)');
  });

  test('reported exceptions are not socket calls', () => {
    const e = server((b) => b.program('program', (p) => p.calls(50, 'recv').socketCall({ call: 'exception', fd: -1, kind: 'other', error: 'OSError' })));
    expect(run(e)).toEqual({ passed: true, details: ['50 socket calls after the client left'] });
  });

  test('a harness reset counts as the client leaving', () => {
    const e = evidence()
      .program('program', (p) => p.calls(5, 'recv'))
      .conn('c1', (c) => c.harnessReset())
      .program('program', (p) => p.calls(51, 'recv'))
      .build();
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.actual).toContain('51 calls');
  });

  test('a program not run under the shim cannot be judged (calls unknown): it says so instead of passing', () => {
    const e = evidence()
      .program('program', () => {}, { traced: false, command: ['./server'] })
      .conn('c1', (c) => c.harnessClosed())
      .build();
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.cannotJudge).toBe(true);
    expect(v.actual).toContain('not recorded');
  });

  test('fails when the client never left, or there was no such connection or program', () => {
    const open = evidence().program('program').conn('c1', (c) => c.sent('x')).build();
    const v = run(open);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('the client to leave');
    expect(v.actual).toBe('the run stopped before that');
    expect(run(evidence().program('program').build()).passed).toBe(false);
    expect(run(evidence().conn('c1', (c) => c.harnessClosed()).build()).expected).toBe('the client to leave');
  });

  test('arguments: after is required, maxCalls defaults to 50 and must be a positive integer', () => {
    expect(noBusyLoop.args.parse({ after: 'c1' })).toEqual({ program: 'program', after: 'c1', maxCalls: 50 });
    expect(noBusyLoop.args.safeParse({}).success).toBe(false);
    expect(noBusyLoop.args.safeParse({ after: 'c1', maxCalls: 0 }).success).toBe(false);
    expect(noBusyLoop.args.safeParse({ after: 'c1', maxCalls: 2.5 }).success).toBe(false);
    expect(noBusyLoop.args.safeParse({ after: 'c1', withinMs: 10 }).success).toBe(false);
    expect(noBusyLoop.requirement({ program: 'program', after: 'c1', maxCalls: 50 })).toContain('at most 50 more socket calls');
  });
});

describe('no-traceback names the exception the shim saw when stderr has no traceback', () => {
  test('a reported ConnectionResetError is named, not an unrelated warning on stderr', async () => {
    const { noTraceback } = await import('../../harness/checks/program-health.js');
    const { evidence } = await import('./evidence-builder.js');
    const e = evidence()
      .program('program', (p) => p.stderr('DeprecationWarning: x\n').socketCall({ call: 'exception', error: 'ConnectionResetError: [Errno 104] Connection reset by peer' }))
      .build();
    const v = noTraceback.run(e, { program: 'program' });
    expect(v.passed).toBe(false);
    expect(v.actual).toBe('unhandled exception: ConnectionResetError: [Errno 104] Connection reset by peer');
  });
});
