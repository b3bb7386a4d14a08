import { describe, expect, test } from 'vitest';
import { endsAfterServerClose, quitsOnInput } from '../../harness/checks/client-exit.js';
import type { Evidence } from '../../harness/model/evidence.js';
import { TICK, evidence, type EvidenceBuilder } from './evidence-builder.js';

const PROMPT = 'Enter message: ';

/** A client that typed 'hello' (echoed by the reference server on server#1), then `then` happens. */
function client(then: (b: EvidenceBuilder) => unknown): Evidence {
  const b = evidence()
    .program('program', (p) => p.socketCall({ call: 'connect', addr: '127.0.0.1:2500' }))
    .peerConn('server', () => {}, 'echo:server')
    .program('program', (p) => p.input(PROMPT, 'hello'))
    .conn('server#1', (c) => c.received('hello').sent('hello'))
    .program('program', (p) => p.stdout('Received: hello\n'));
  then(b);
  return b.build();
}

describe('quits-on-input', () => {
  const run = (e: Evidence, raw: Record<string, unknown> = {}) => quitsOnInput.run(e, quitsOnInput.args.parse({ peer: 'server', ...raw }));

  test('passes when the client closes the connection and exits after its quit line', () => {
    const e = client((b) => b.program('program', (p) => p.input(PROMPT, 'q')).conn('server#1', (c) => c.programClosed()).program('program', (p) => p.exit(0)));
    expect(run(e)).toEqual({ passed: true, details: [`exited ${2 * TICK} ms after typing "q"`] });
  });

  test('the empty line counts as typed (a client that quits on an empty line)', () => {
    const e = client((b) =>
      b
        .program('program', (p) => p.input(PROMPT, 'q'))
        .conn('server#1', (c) => c.received('q').sent('q'))
        .program('program', (p) => p.input(PROMPT, ''))
        .conn('server#1', (c) => c.programClosed())
        .program('program', (p) => p.exit(0)),
    );
    expect(run(e)).toEqual({ passed: true, details: [`exited ${2 * TICK} ms after typing ""`] });
  });

  test('a reset from the client counts as closing', () => {
    const e = client((b) => b.program('program', (p) => p.input(PROMPT, 'q')).conn('server#1', (c) => c.programReset()).program('program', (p) => p.exit(0)));
    expect(run(e).passed).toBe(true);
  });

  test('a client the harness had to stop fails', () => {
    const e = client((b) => b.program('program', (p) => p.input(PROMPT, 'q').wait(3000).stoppedByHarness()).conn('server#1', (c) => c.programClosed()));
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('exit within 3.0 s after typing "q"');
    expect(v.actual).toBe('the program was still running; the harness stopped it');
  });

  test('a client still running (no exit recorded) fails the same way', () => {
    const v = run(client((b) => b.program('program', (p) => p.input(PROMPT, 'q'))));
    expect(v.passed).toBe(false);
    expect(v.actual).toBe('the program was still running; the harness stopped it');
  });

  test('a client that exits too slowly fails with the time it took', () => {
    const e = client((b) => b.program('program', (p) => p.input(PROMPT, 'q').wait(3500 - 2 * TICK)).conn('server#1', (c) => c.programClosed()).program('program', (p) => p.exit(0)));
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('exit within 3.0 s');
    expect(v.actual).toBe('exited after 3.5 s');
    expect(run(e, { withinMs: 4000 }).passed).toBe(true);
  });

  test('time is counted from the last typed line, not from a later end of file', () => {
    const e = client((b) =>
      b
        .program('program', (p) => p.input(PROMPT, 'q').wait(4000).input(PROMPT, null))
        .conn('server#1', (c) => c.programClosed())
        .program('program', (p) => p.exit(0)),
    );
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.actual).toBe(`exited after ${((4000 + 3 * TICK) / 1000).toFixed(1)} s`);
  });

  test('a client that exited without the server seeing the connection close fails', () => {
    const e = client((b) => b.program('program', (p) => p.input(PROMPT, 'q').exit(0)));
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('the connection closed');
    expect(v.actual).toContain('never closed it');
  });

  test('a client that never connected fails', () => {
    const e = evidence().program('program', (p) => p.input(PROMPT, 'q').exit(0)).build();
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('a connection to the server');
    expect(v.actual).toBe('the program never connected');
  });

  test('a client that typed nothing is timed from its start', () => {
    const e = evidence().program('program').peerConn('server', (c) => c.received('hi').sent('hi').programClosed()).program('program', (p) => p.exit(0)).build();
    expect(run(e)).toEqual({ passed: true, details: ['exited'] });
  });

  test('a program that was never started fails', () => {
    expect(run(evidence().build())).toEqual({ passed: false, expected: 'the program to run', actual: 'it was never started' });
  });

  test('arguments: peer is required, withinMs defaults to 3000', () => {
    expect(quitsOnInput.args.parse({ peer: 'server' })).toEqual({ program: 'program', peer: 'server', withinMs: 3000 });
    expect(quitsOnInput.args.safeParse({}).success).toBe(false);
    expect(quitsOnInput.args.safeParse({ peer: 'server', withinMs: 0 }).success).toBe(false);
    expect(quitsOnInput.args.safeParse({ peer: 'server', quit: 'q' }).success).toBe(false);
    expect(quitsOnInput.requirement({ program: 'program', peer: 'server', withinMs: 3000 })).toBe('after its quit input the program closes the connection and exits within 3.0 s');
  });
});

describe('ends-after-server-close', () => {
  const run = (e: Evidence, raw: Record<string, unknown> = {}) => endsAfterServerClose.run(e, endsAfterServerClose.args.parse({ peer: 'server', ...raw }));
  /** The client typed 'hello'; the server echoed it and closed the connection. */
  const closed = (then: (b: EvidenceBuilder) => unknown) => client((b) => then(b.conn('server#1', (c) => c.harnessClosed())));

  test('passes when the client ends soon after the server closed', () => {
    const e = closed((b) => b.program('program', (p) => p.input(PROMPT, 'again').exit(0)));
    expect(run(e)).toEqual({ passed: true, details: [`ended ${2 * TICK} ms after the server closed`] });
  });

  test('ending with an error after the close still counts as ending', () => {
    const e = closed((b) => b.program('program', (p) => p.stderr('BrokenPipeError: [Errno 32] Broken pipe\n').exit(1)));
    expect(run(e).passed).toBe(true);
  });

  test('a client that asked for more input after the close reports "waiting for more input"', () => {
    const e = closed((b) => b.program('program', (p) => p.input(PROMPT, 'again').input(PROMPT, null).wait(3000).stoppedByHarness()));
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('the program ends within 3.0 s after the server closed');
    expect(v.actual).toBe('it was still running, waiting for more input');
  });

  test('a client stuck elsewhere (not reading input) is reported as stopped by the harness', () => {
    const e = closed((b) => b.program('program', (p) => p.input(PROMPT, 'again').wait(3000).stoppedByHarness()));
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.actual).toBe('it was still running; the harness stopped it');
  });

  test('an unanswered read from before the close does not count as waiting for input', () => {
    const e = evidence()
      .program('program', (p) => p.input(PROMPT, null))
      .peerConn('server', (c) => c.harnessClosed())
      .program('program', (p) => p.wait(3000).stoppedByHarness())
      .build();
    expect(run(e).actual).toBe('it was still running; the harness stopped it');
  });

  test('a client that ends too slowly fails with the time it took', () => {
    const e = closed((b) => b.program('program', (p) => p.wait(4000 - TICK).exit(0)));
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('ends within 3.0 s');
    expect(v.actual).toBe('ended after 4.0 s');
    expect(run(e, { withinMs: 5000 }).passed).toBe(true);
  });

  test('the close of any of the peer’s connections is used', () => {
    const e = evidence()
      .program('program')
      .peerConn('server', (c) => c.received('x').programClosed())
      .peerConn('server', (c) => c.received('hello').sent('hello').harnessClosed())
      .program('program', (p) => p.exit(0))
      .build();
    expect(run(e).passed).toBe(true);
  });

  test('fails when the server never closed', () => {
    const e = client((b) => b.program('program', (p) => p.exit(0)));
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('the server to close the connection');
    expect(v.actual).toContain('it never did');
  });

  test('connections of another peer are not used', () => {
    const e = closed((b) => b.program('program', (p) => p.exit(0)));
    expect(run(e, { peer: 'other' }).passed).toBe(false);
  });

  test('a program that was never started fails', () => {
    expect(run(evidence().build())).toEqual({ passed: false, expected: 'the program to run', actual: 'it was never started' });
  });

  test('arguments: peer is required, withinMs defaults to 3000', () => {
    expect(endsAfterServerClose.args.parse({ peer: 'server' })).toEqual({ program: 'program', peer: 'server', withinMs: 3000 });
    expect(endsAfterServerClose.args.safeParse({ withinMs: 3000 }).success).toBe(false);
    expect(endsAfterServerClose.args.safeParse({ peer: 'server', withinMs: -1 }).success).toBe(false);
    expect(endsAfterServerClose.args.safeParse({ peer: 'server', conn: 'c1' }).success).toBe(false);
    expect(endsAfterServerClose.requirement({ program: 'program', peer: 'server', withinMs: 2000 })).toBe('when the server closes the connection, the program ends within 2.0 s');
  });
});
