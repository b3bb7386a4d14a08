import { describe, expect, test } from 'vitest';
import { groupAcks, ignoresOtherGroups } from '../../harness/checks/multicast-receiver.js';
import type { Evidence } from '../../harness/model/evidence.js';
import { evidence, type EvidenceBuilder, type ProgramBuilder } from './evidence-builder.js';

const GROUP = '224.0.0.255:5005';
const acks = (e: Evidence, raw: Record<string, unknown> = {}) => groupAcks.run(e, groupAcks.args.parse({ socket: 'sender', ...raw }));
const ignores = (e: Evidence) => ignoresOtherGroups.run(e, ignoresOtherGroups.args.parse({ socket: 'outsider' }));

const SEED_JOIN = 'IPPROTO_IP/IP_ADD_MEMBERSHIP=e00000ff000000000000000000000000';

/** A receiver as the seed starts: SO_REUSEADDR, bind(('', 5005)), joins `groupHex`. */
function receiver(p: ProgramBuilder, groupHex = 'e00000ff00000000'): ProgramBuilder {
  return p
    .socketCall({ call: 'setsockopt', kind: 'udp', detail: 'SOL_SOCKET/SO_REUSEADDR=1' })
    .socketCall({ call: 'bind', kind: 'udp', addr: ':5005', local: '0.0.0.0:5005' })
    .socketCall({ call: 'setsockopt', kind: 'udp', detail: `IPPROTO_IP/IP_ADD_MEMBERSHIP=${groupHex}` });
}

/** The program received `text` (its recvfrom) and printed it. */
function shown(p: ProgramBuilder, text: string): ProgramBuilder {
  return p.socketCall({ call: 'recvfrom', kind: 'udp', addr: '127.0.0.1:40000', size: Buffer.byteLength(text), head: Buffer.from(text).toString('hex') }).stdout(`Received '${text}'\n`);
}

function message(b: EvidenceBuilder, text: string, answers: string[]): EvidenceBuilder {
  return b.udp('sender', (c) => {
    c.sent(text, GROUP);
    for (const a of answers) c.received(a, '127.0.0.1:5005');
  });
}

describe('group-acks', () => {
  test('passes when every message is printed and ACKed (any case, surrounding whitespace)', () => {
    const b = evidence().program('program', (p) => shown(shown(receiver(p), 'hello'), '안녕'));
    message(message(b, 'hello', ['ACK']), '안녕', [' ack\n']);
    const v = acks(b.build());
    expect(v.passed).toBe(true);
    expect(v.details).toContain('program joined 224.0.0.255');
  });

  test('a receiver that never joined fails, saying so', () => {
    const b = evidence().program('program', (p) => p.socketCall({ call: 'bind', kind: 'udp', addr: ':5005', local: '0.0.0.0:5005' }));
    const v = acks(message(b, 'hello', []).build());
    expect(v.passed).toBe(false);
    expect(v.actual).toBe('no ACK came back; program: it never joined 224.0.0.255 (no IP_ADD_MEMBERSHIP call): the datagram to the group was never delivered to it');
  });

  test('a receiver that joined another group fails naming that group', () => {
    const b = evidence().program('program', (p) => receiver(p, 'e00000fa00000000'));
    expect(acks(message(b, 'hello', []).build()).actual).toContain('it joined 224.0.0.250, not 224.0.0.255');
  });

  test('an answer other than ACK is named', () => {
    const b = evidence().program('program', (p) => shown(receiver(p), 'hello'));
    expect(acks(message(b, 'hello', ['hello']).build()).actual).toBe('no ACK came back; it answered "hello" instead of ACK');
  });

  test('a message ACKed but not printed fails', () => {
    const b = evidence().program('program', (p) => receiver(p).socketCall({ call: 'recvfrom', kind: 'udp', size: 5, head: '68656c6c6f' }));
    const v = acks(message(b, 'hello', ['ACK']).build());
    expect(v.passed).toBe(false);
    expect(v.actual).toBe('program did not print it');
  });

  test('two copies: ACKs are counted, not addresses; a copy that could not bind is named with the missing SO_REUSEADDR', () => {
    const both = evidence()
      .program('first', (p) => shown(receiver(p), 'hello'))
      .program('second', (p) => shown(receiver(p), 'hello'));
    expect(acks(message(both, 'hello', ['ACK', 'ACK']).build(), { programs: ['first', 'second'] }).passed).toBe(true);

    const one = evidence()
      .program('first', (p) => shown(p.socketCall({ call: 'bind', kind: 'udp', addr: ':5005', local: '0.0.0.0:5005' }).socketCall({ call: 'setsockopt', kind: 'udp', detail: SEED_JOIN }), 'hello'))
      .program('second', (p) => p.socketCall({ call: 'bind', kind: 'udp', addr: ':5005', error: 'OSError: [Errno 98] Address already in use' }).exit(1));
    const v = acks(message(one, 'hello', ['ACK']).build(), { programs: ['first', 'second'] });
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('2 ACKs for message 1 of 1 ("hello" to 224.0.0.255:5005), one per running copy');
    expect(v.actual).toBe(
      '1 ACK came back; second: its bind to port 5005 (:5005) failed: OSError: [Errno 98] Address already in use (it set no SO_REUSEADDR before bind, so a second receiver cannot share the port)',
    );
  });

  test('a program not run under the shim is judged on the datagrams, and told by the kernel list of joined groups', () => {
    const ok = evidence().program('program', (p) => p.stdout('hello\n'), { traced: false });
    expect(acks(message(ok, 'hello', ['ACK']).build()).passed).toBe(true);
    const none = evidence().program('program', (p) => p.stdout(''), { traced: false }).fact('sender.groupsJoined', []);
    expect(acks(message(none, 'hello', []).build()).actual).toContain("no socket had joined 224.0.0.255 (the kernel's list of joined groups: none)");
  });
});

describe('ignores-other-groups', () => {
  const outsider = (b: EvidenceBuilder, answers: string[]) =>
    b.udp('outsider', (c) => {
      c.sent('psst', '239.7.8.9:5005');
      for (const a of answers) c.received(a, '127.0.0.1:5005');
    });

  test('passes when nothing comes back and the message is not printed', () => {
    const b = evidence().program('program', (p) => receiver(p));
    expect(ignores(outsider(b, []).build()).passed).toBe(true);
  });

  test('an answer to the message to a group it never joined fails', () => {
    const b = evidence().program('program', (p) => receiver(p));
    const v = ignores(outsider(b, ['ACK']).build());
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('no answer to the message sent to 239.7.8.9:5005, a group it never joined');
    expect(v.actual).toBe('it answered "ACK"');
  });

  test('printing it fails too', () => {
    const b = evidence().program('program', (p) => receiver(p).stdout("Received 'psst'\n"));
    expect(ignores(outsider(b, []).build()).actual).toBe('program printed it');
  });

  test('a run that stopped before the message fails', () => {
    expect(ignores(evidence().program('program').build()).actual).toBe('the run stopped before it was sent');
  });
});
