import { describe, expect, test } from 'vitest';
import { printsAcks, reachesGroup } from '../../harness/checks/multicast-sender.js';
import type { Evidence } from '../../harness/model/evidence.js';
import { evidence, type EvidenceBuilder, type ProgramBuilder } from './evidence-builder.js';

const LINES = ['hello group', '안녕'];
const PEERS = ['receiver-a', 'receiver-b'];
/** The run's ports: the lab's group port, as under netns. */
const onGroupPort = (e: Evidence): Evidence => ({ ...e, ports: { group: 5005 } });
const reaches = (e: Evidence) => reachesGroup.run(onGroupPort(e), reachesGroup.args.parse({ peers: PEERS, lines: LINES }));
const prints = (e: Evidence) => printsAcks.run(onGroupPort(e), printsAcks.args.parse({ peers: PEERS, lines: LINES }));

const ttl = (value: string) => ({ call: 'setsockopt', kind: 'udp', detail: `IPPROTO_IP/IP_MULTICAST_TTL=${value}` });

/** The program reads `line` and sends it to `to`; the receivers in `reached` get it and ACK. */
function send(b: EvidenceBuilder, line: string, reached = PEERS, to = '224.0.0.255:5005'): EvidenceBuilder {
  b.program('program', (p) => p.input('Your message: ', line).socketCall({ call: 'sendto', kind: 'udp', addr: to, size: Buffer.byteLength(line) }));
  for (const peer of reached) b.udp(`${peer}#1`, (c) => c.received(line, '127.0.0.1:40000').sent('ACK', '127.0.0.1:40000'), { owner: 'reference multicast:server' });
  return b;
}

/** The program's recvfrom of an ACK, stamped with what it had printed by then, and its print. */
function ack(p: ProgramBuilder, print = true): ProgramBuilder {
  p.socketCall({ call: 'recvfrom', kind: 'udp', addr: '127.0.0.1:5005', size: 3, head: '41434b', printedBefore: Array.from(p.record.stdout).length });
  return print ? p.stdout("ACK from ('127.0.0.1', 5005)\n") : p;
}

function seedRun(ttlValue = '02'): EvidenceBuilder {
  const b = evidence().program('program', (p) => p.socketCall(ttl(ttlValue)));
  for (const line of LINES) send(b, line).program('program', (p) => ack(ack(p)));
  return b.program('program', (p) => p.input('Your message: ', null));
}

describe('reaches-group', () => {
  test('passes when every line reaches both members with TTL 2 (bytes or int)', () => {
    expect(reaches(seedRun().build()).passed).toBe(true);
    expect(reaches(seedRun('2').build()).passed).toBe(true);
  });

  test('TTL 1 fails naming it; no IP_MULTICAST_TTL at all is the default 1', () => {
    expect(reaches(seedRun('01').build()).actual).toBe('TTL 1 (IPPROTO_IP/IP_MULTICAST_TTL=01)');
    const b = evidence().program('program');
    for (const line of LINES) send(b, line);
    expect(reaches(b.build()).actual).toBe('TTL 1, the default: it never set IP_MULTICAST_TTL on that socket');
  });

  test('a unicast reaches one member: it fails naming where it sent', () => {
    const b = evidence().program('program', (p) => p.socketCall(ttl('02')));
    for (const line of LINES) send(b, line, ['receiver-a'], '127.0.0.1:5005');
    const v = reaches(b.build());
    expect(v.passed).toBe(false);
    expect(v.actual).toBe('it reached 1 of 2; it sent to 127.0.0.1:5005, not to the group 224.0.0.255:5005 (a unicast reaches only one of the sockets sharing the port)');
  });

  test('an untraced program that reaches both cannot be judged on TTL; one that does not reach them fails', () => {
    const b = evidence().program('program', () => {}, { traced: false });
    for (const line of LINES) send(b, line);
    expect(reaches(b.build())).toMatchObject({ passed: false, cannotJudge: true });
    const c = evidence().program('program', () => {}, { traced: false });
    send(c, LINES[0]!, ['receiver-b']);
    expect(reaches(c.build())).toMatchObject({ passed: false, actual: 'it reached 1 of 2' });
  });
});

describe('prints-acks', () => {
  test('passes when both ACKs of each line are received and printed before the next line', () => {
    expect(prints(seedRun().build()).passed).toBe(true);
  });

  test('one receive per line leaves the second ACK for the next line: fails', () => {
    const b = evidence().program('program', (p) => p.socketCall(ttl('02')));
    send(b, LINES[0]!).program('program', (p) => ack(p));
    send(b, LINES[1]!).program('program', (p) => ack(p));
    const v = prints(b.build());
    expect(v.passed).toBe(false);
    expect(v.expected).toBe('the 2 ACKs of line "hello group" received and printed before the next line');
  });

  test('an ACK received but never printed fails', () => {
    const b = evidence().program('program', (p) => p.socketCall(ttl('02')));
    send(b, LINES[0]!).program('program', (p) => ack(ack(p), false));
    send(b, LINES[1]!).program('program', (p) => ack(ack(p)));
    const v = prints(b.build());
    expect(v.passed).toBe(false);
    expect(v.actual).toContain('after ACK 1 arrived it printed 3 ACKs, 4 expected');
  });

  test('judges against the ACKs actually sent: a unicast that got one ACK per line and printed it passes', () => {
    const b = evidence().program('program', (p) => p.socketCall(ttl('02')));
    for (const line of LINES) send(b, line, ['receiver-a'], '127.0.0.1:5005').program('program', (p) => ack(p));
    expect(prints(b.build()).passed).toBe(true);
  });

  test('untraced: the printed ACKs are counted', () => {
    const b = evidence().program('program', () => {}, { traced: false });
    for (const line of LINES) send(b, line);
    b.program('program', (p) => p.stdout("ACK from ('127.0.0.1', 5005)\n".repeat(3)));
    expect(prints(b.build())).toMatchObject({ passed: false, expected: '4 ACKs printed (one per receiver for each line)' });
    b.program('program', (p) => p.stdout("ACK from ('127.0.0.1', 5005)\n"));
    expect(prints(b.build()).passed).toBe(true);
  });

  test('without a receive that timed out, a late ACK is still due (a sender that never waits for the second ACK)', () => {
    const b = evidence().program('program', (p) => p.socketCall(ttl('02')));
    b.program('program', (p) => p.input('Your message: ', LINES[0]!).socketCall({ call: 'sendto', kind: 'udp', addr: '224.0.0.255:5005' }));
    b.udp('receiver-a#1', (c) => c.received(LINES[0]!).sent('ACK'), { owner: 'reference multicast:server' });
    b.udp('receiver-b#1', (c) => c.received(LINES[0]!), { owner: 'reference multicast:server' });
    b.program('program', (p) => ack(p).input('Your message: ', LINES[1]!));
    b.udp('receiver-b#1', (c) => c.sent('ACK'));
    expect(prints(b.build()).passed).toBe(false);
  });
});

describe('prints-acks: a reference that answered late', () => {
  test("an ACK the reference sent only after the program's receive timed out is not held against that line", () => {
    const b = evidence().program('program', (p) => p.socketCall(ttl('02')));
    // Line 1: receiver-b's ACK leaves only after the program read line 2 (a busy machine).
    b.program('program', (p) => p.input('Your message: ', LINES[0]!).socketCall({ call: 'sendto', kind: 'udp', addr: '224.0.0.255:5005' }));
    b.udp('receiver-a#1', (c) => c.received(LINES[0]!).sent('ACK'), { owner: 'reference multicast:server' });
    b.udp('receiver-b#1', (c) => c.received(LINES[0]!), { owner: 'reference multicast:server' });
    b.program('program', (p) => ack(p).socketCall({ call: 'recvfrom', kind: 'udp', error: 'TimeoutError: timed out' }).input('Your message: ', LINES[1]!).socketCall({ call: 'sendto', kind: 'udp', addr: '224.0.0.255:5005' }));
    b.udp('receiver-b#1', (c) => c.sent('ACK'));
    b.udp('receiver-a#1', (c) => c.received(LINES[1]!).sent('ACK'));
    b.udp('receiver-b#1', (c) => c.received(LINES[1]!).sent('ACK'));
    b.program('program', (p) => ack(ack(ack(p))).input('Your message: ', null));
    expect(prints(b.build()).passed).toBe(true);
  });

  test('without a receive that timed out, a late ACK is still due (a sender that never waits for the second ACK)', () => {
    const b = evidence().program('program', (p) => p.socketCall(ttl('02')));
    b.program('program', (p) => p.input('Your message: ', LINES[0]!).socketCall({ call: 'sendto', kind: 'udp', addr: '224.0.0.255:5005' }));
    b.udp('receiver-a#1', (c) => c.received(LINES[0]!).sent('ACK'), { owner: 'reference multicast:server' });
    b.udp('receiver-b#1', (c) => c.received(LINES[0]!), { owner: 'reference multicast:server' });
    b.program('program', (p) => ack(p).input('Your message: ', LINES[1]!));
    b.udp('receiver-b#1', (c) => c.sent('ACK'));
    expect(prints(b.build()).passed).toBe(false);
  });
});

test('reaches-group: send() on a socket connected to the group is a send to the group', () => {
  const b = evidence().program('program', (p) => p.socketCall(ttl('02')).socketCall({ call: 'connect', kind: 'udp', addr: '224.0.0.255:5005' }));
  for (const line of LINES) {
    b.program('program', (p) => p.input('Your message: ', line).socketCall({ call: 'send', kind: 'udp', size: Buffer.byteLength(line) }));
    for (const peer of PEERS) b.udp(`${peer}#1`, (c) => c.received(line).sent('ACK'), { owner: 'reference multicast:server' });
  }
  expect(reaches(b.build()).passed).toBe(true);
});

test('prints-acks: lines read where the shim does not see them are judged by counting the ACKs printed', () => {
  const b = evidence().program('program', (p) => p.socketCall(ttl('02')));
  for (const line of LINES) {
    b.program('program', (p) => p.socketCall({ call: 'sendto', kind: 'udp', addr: '224.0.0.255:5005' }));
    for (const peer of PEERS) b.udp(`${peer}#1`, (c) => c.received(line).sent('ACK'), { owner: 'reference multicast:server' });
    b.program('program', (p) => ack(ack(p)));
  }
  expect(prints(b.build()).passed).toBe(true);
  const short = evidence().program('program', (p) => p.socketCall(ttl('02')));
  for (const line of LINES) {
    for (const peer of PEERS) short.udp(`${peer}#1`, (c) => c.received(line).sent('ACK'), { owner: 'reference multicast:server' });
    short.program('program', (p) => ack(p));
  }
  expect(prints(short.build())).toMatchObject({ passed: false, actual: expect.stringContaining('2 printed') });
});
