// The ARQ server checks on synthetic runs of the harness's own UDP sockets.
import { describe, expect, test } from 'vitest';
import { acks, acksOrNaks, lossRate } from '../../harness/checks/arq-server.js';
import type { Evidence } from '../../harness/model/evidence.js';
import { evidence, type EvidenceBuilder } from './evidence-builder.js';

const PROGRAM = '127.0.0.1:2500';

/** Socket `name` sends n messages; reply(i) says what comes back to message i (undefined: nothing). */
function socketRun(b: EvidenceBuilder, name: string, n: number, reply: (i: number) => string | undefined, from = PROGRAM): EvidenceBuilder {
  for (let i = 1; i <= n; i++) {
    b.udp(name, (u) => {
      u.sent(`Hello message ${i}`, PROGRAM);
      const r = reply(i);
      if (r !== undefined) u.received(r, from);
    });
  }
  return b;
}

describe('acks', () => {
  const run = (e: Evidence) => acks.run(e, acks.args.parse({ sockets: ['a', 'b'] }));
  const lossy = (i: number) => (i % 3 === 0 ? undefined : 'ACK');

  test("'ACK' (any surrounding whitespace) to each socket, some messages lost, passes", () => {
    const b = socketRun(evidence(), 'a', 10, lossy);
    socketRun(b, 'b', 10, (i) => (i % 4 === 0 ? undefined : 'ACK\n'));
    expect(run(b.build())).toEqual({ passed: true, details: ['a: 7 ACKs for 10 messages', 'b: 8 ACKs for 10 messages'] });
  });

  test("'ack' in lower case fails and says the reply is 'ACK' in capitals", () => {
    const b = socketRun(evidence(), 'a', 3, () => 'ack');
    socketRun(b, 'b', 3, () => 'ACK');
    const v = run(b.build());
    expect(v.passed).toBe(false);
    expect(v.actual).toContain('the reply is "ACK" in capitals');
  });

  test('a socket that gets no ACK at all fails', () => {
    const b = socketRun(evidence(), 'a', 5, () => 'ACK');
    socketRun(b, 'b', 5, () => undefined);
    expect(run(b.build()).actual).toBe('none came back to it');
  });

  test('more ACKs than messages at one socket (replies going to the wrong client) fail', () => {
    const b = evidence().udp('a', (u) => u.sent('m1', PROGRAM).received('ACK', PROGRAM).received('ACK', PROGRAM));
    socketRun(b, 'b', 2, () => 'ACK');
    expect(run(b.build()).actual).toBe('2 ACKs for 1 messages (replies going to the wrong client?)');
  });

  test('an ACK from another port than the one the message went to fails', () => {
    const b = socketRun(evidence(), 'a', 2, () => 'ACK', '127.0.0.1:40001');
    socketRun(b, 'b', 2, () => 'ACK');
    expect(run(b.build()).actual).toContain('it came from 127.0.0.1:40001');
  });
});

describe('loss-rate', () => {
  const run = (e: Evidence, messages = 400) => lossRate.run(e, lossRate.args.parse({ socket: 'u1', messages, share: 0.3, within: 0.1 }));
  const losing = (lost: number) => socketRun(evidence(), 'u1', 400, (i) => (i <= lost ? undefined : 'ACK')).build();

  test('30 % ± 10 points of 400 means 80 to 160 unanswered, both included', () => {
    expect(run(losing(80)).passed).toBe(true);
    expect(run(losing(160)).passed).toBe(true);
    expect(run(losing(120))).toEqual({ passed: true, details: ['120 of 400 messages unanswered (30.0 %)'] });
    expect(run(losing(79)).passed).toBe(false);
    expect(run(losing(161)).passed).toBe(false);
  });

  test('a server that never drops fails with the count', () => {
    const v = run(losing(0));
    expect(v.expected).toBe('20.0 % to 40.0 % unanswered (80 to 160 of 400)');
    expect(v.actual).toBe('0 of 400 messages unanswered (0.0 %)');
  });

  test('a run that stopped before all messages were sent fails', () => {
    expect(run(socketRun(evidence(), 'u1', 50, () => 'ACK').build()).actual).toBe('the run stopped after 50');
  });
});

describe('acks-or-naks', () => {
  const run = (e: Evidence, messages = 10) => acksOrNaks.run(e, acksOrNaks.args.parse({ socket: 'u1', messages }));

  test("one 'ACK' or 'NAK' per message, both present, passes", () => {
    expect(run(socketRun(evidence(), 'u1', 10, (i) => (i % 3 ? 'ACK' : 'NAK\n')).build())).toEqual({ passed: true, details: ['7 ACKs and 3 NAKs for 10 messages'] });
  });

  test('a message dropped silently fails', () => {
    const v = run(socketRun(evidence(), 'u1', 10, (i) => (i === 4 ? undefined : 'ACK')).build());
    expect(v.expected).toContain('one reply to message 4');
    expect(v.actual).toBe('no reply (a message dropped silently is not NAKed)');
  });

  test('never a NAK (or never an ACK) fails', () => {
    expect(run(socketRun(evidence(), 'u1', 10, () => 'ACK').build()).actual).toBe('10 ACKs and 0 NAKs for 10 messages: never a NAK');
    expect(run(socketRun(evidence(), 'u1', 10, () => 'NAK').build()).actual).toBe('0 ACKs and 10 NAKs for 10 messages: never an ACK');
  });

  test("'nak' in lower case fails and says so", () => {
    expect(run(socketRun(evidence(), 'u1', 10, (i) => (i === 2 ? 'nak' : 'ACK')).build()).actual).toContain('the reply is "NAK" in capitals');
  });
});
