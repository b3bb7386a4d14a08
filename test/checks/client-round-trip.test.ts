import { describe, expect, test } from 'vitest';
import { clientRoundTrip } from '../../harness/checks/client-round-trip.js';
import type { Evidence } from '../../harness/model/evidence.js';
import { evidence, type EvidenceBuilder, type ProgramBuilder } from './evidence-builder.js';

const PROMPT = 'Enter message: ';
const run = (e: Evidence, raw: Record<string, unknown> = {}) => clientRoundTrip.run(e, clientRoundTrip.args.parse({ peer: 'server', ...raw }));

/** The client types `line`, the reference server (server#1) receives `sent` and echoes it, the client prints `printed`. */
function turn(b: EvidenceBuilder, line: string, sent = line, printed = `Received: ${sent}\n`): EvidenceBuilder {
  return b
    .program('program', (p) => p.input(PROMPT, line))
    .conn('server#1', (c) => c.received(sent).sent(sent), { owner: 'reference echo:server' })
    .program('program', (p) => received(p, sent).stdout(printed));
}

/** The program's recv() of `data`, stamped with how much it had printed by then (as the shim does). */
function received(p: ProgramBuilder, data: string): ProgramBuilder {
  return p.socketCall({ call: 'recv', size: Buffer.byteLength(data), printedBefore: Array.from(p.record.stdout).length });
}

describe('client-round-trip', () => {
  test('passes when the typed lines reach the server in order and each echo is printed', () => {
    const b = evidence().program('program');
    turn(turn(b, 'hello'), '안녕하세요').program('program', (p) => p.input(PROMPT, null).exit(0));
    expect(run(b.build(), { lines: ['hello', '안녕하세요'] })).toEqual({ passed: true, details: ['2 messages sent, 2 echoes printed after they arrived'] });
  });

  test("the client's own line printed before the echo arrived does not count as the echo", () => {
    const e = evidence()
      .program('program', (p) => p.input(PROMPT, 'hello').stdout('Sending: hello\n'))
      .peerConn('server', (c) => c.received('hello').sent('hello'))
      .program('program', (p) => received(p, 'hello').stdout('done\n').exit(0))
      .build();
    const v = run(e);
    expect(v.passed).toBe(false);
    expect(v.actual).toContain('printed only before the program received the echo');
  });

  test('an echo received in two pieces counts from the receive that completed it', () => {
    const e = evidence()
      .program('program', (p) => p.input(PROMPT, 'hello'))
      .peerConn('server', (c) => c.received('hello').sent('hello'))
      .program('program', (p) => received(received(p, 'hel'), 'lo').stdout('hello\n').exit(0))
      .build();
    expect(run(e).passed).toBe(true);
  });

  test('every line the scenario types must be sent: a client that stops reading after one line fails', () => {
    const b = evidence().program('program');
    turn(b, 'hello').program('program', (p) => p.exit(0));
    const v = run(b.build(), { lines: ['hello', '안녕하세요'] });
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('the typed line "안녕하세요" reaches the server');
  });

  test('answers to address/port prompts (empty lines) are not typed lines', () => {
    const b = evidence().program('program', (p) => p.input('Server IP(default: 127.0.0.1): ', '').input('port: ', ''));
    turn(b, 'hello').program('program', (p) => p.exit(0));
    expect(run(b.build()).passed).toBe(true);
  });

  test('a line sent with its newline, and its echo printed trimmed, passes', () => {
    const b = evidence().program('program');
    turn(b, 'hello', 'hello\n', 'hello\n');
    expect(run(b.build()).passed).toBe(true);
  });

  test('a client that connects anew for every line passes (messages of all the peer’s connections, by time)', () => {
    const e = evidence()
      .program('program', (p) => p.input(PROMPT, 'hello'))
      .peerConn('server', (c) => c.received('hello').sent('hello').programClosed())
      .program('program', (p) => p.stdout('hello\n').input(PROMPT, 'bye'))
      .peerConn('server', (c) => c.received('bye').sent('bye').programClosed())
      .program('program', (p) => p.stdout('bye\n').exit(0))
      .build();
    expect(run(e).passed).toBe(true);
  });

  test('typed lines out of order fail', () => {
    const e = evidence()
      .program('program', (p) => p.input(PROMPT, 'hello').input(PROMPT, '안녕하세요'))
      .peerConn('server', (c) => c.received('안녕하세요').sent('안녕하세요').received('hello').sent('hello'))
      .program('program', (p) => p.stdout('안녕하세요\nhello\n').exit(0))
      .build();
    const v = run(e, { lines: ['hello', '안녕하세요'] });
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('the typed line "안녕하세요" reaches the server');
    expect(v.actual).toBe('the server received "안녕하세요", "hello"');
  });

  test('a typed line that never reached the server fails', () => {
    const b = evidence().program('program');
    turn(b, 'hello').program('program', (p) => p.input(PROMPT, 'again').exit(0));
    const v = run(b.build(), { lines: ['hello', 'again'] });
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('the typed line "again" reaches the server');
    expect(v.actual).toBe('the server received "hello"');
  });

  test('an echo that was not printed fails', () => {
    const b = evidence().program('program');
    turn(turn(b, 'hello'), '안녕하세요', '안녕하세요', '').program('program', (p) => p.exit(0));
    const v = run(b.build());
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('the echo "안녕하세요" printed after it was received');
    expect(v.actual).toBe('stdout: "Received: hello\\n"');
  });

  test('a server that received nothing fails', () => {
    const e = evidence().program('program', (p) => p.input(PROMPT, 'hello').exit(1)).peerConn('server').build();
    expect(run(e)).toEqual({ passed: false, expected: 'messages at the server', actual: 'the server received nothing' });
    expect(run(evidence().program('program', (p) => p.exit(1)).build()).actual).toBe('the server received nothing');
  });

  test('a typed line that reaches the server in two pieces still counts', () => {
    const e = evidence()
      .program('program', (p) => p.input(PROMPT, 'hello world'))
      .peerConn('server', (c) => c.received('hello ').received('world').sent('hello world'))
      .program('program', (p) => p.stdout('Received message: hello world\n').exit(0))
      .build();
    expect(run(e).passed).toBe(true);
  });

  test('a program that was never started fails', () => {
    expect(run(evidence().peerConn('server', (c) => c.received('x')).build())).toEqual({ passed: false, expected: 'the program to run', actual: 'it was never started' });
  });

  test('arguments: peer is required', () => {
    expect(clientRoundTrip.args.parse({ peer: 'server' })).toEqual({ program: 'program', peer: 'server', lines: [] });
    expect(clientRoundTrip.args.safeParse({}).success).toBe(false);
    expect(clientRoundTrip.args.safeParse({ peer: 'server', line: ['a'] }).success).toBe(false);
    expect(clientRoundTrip.requirement({ program: 'program', peer: 'server', lines: [] })).toBe('each typed line reaches the server and each echo is printed');
  });
});
