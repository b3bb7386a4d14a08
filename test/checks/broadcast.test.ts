// The broadcast lab's checks on synthetic evidence: every-copy-prints (receiver: two copies of the
// program, the harness's broadcasts) and reaches-every-receiver (sender: two reference receivers).
import { describe, expect, test } from 'vitest';
import { everyCopyPrints } from '../../harness/checks/broadcast-receiver.js';
import { reachesEveryReceiver } from '../../harness/checks/broadcast-sender.js';
import type { Evidence } from '../../harness/model/evidence.js';
import { evidence, type EvidenceBuilder } from './evidence-builder.js';

const BCAST = '255.255.255.255:10000';
const receiverRun = (e: Evidence) => everyCopyPrints.run(e, everyCopyPrints.args.parse({ socket: 'sender', programs: ['program', 'copy2'] }));

/** Two copies bound to ('', 10000) with SO_REUSEADDR. */
function twoCopies(bound = ':10000'): EvidenceBuilder {
  return evidence()
    .program('program', (p) => p.socketCall({ call: 'setsockopt', kind: 'udp', detail: 'SO_REUSEADDR=1' }).socketCall({ call: 'bind', kind: 'udp', addr: bound, local: bound.replace(/^:/, '0.0.0.0:') }))
    .program('copy2', (p) => p.socketCall({ call: 'setsockopt', kind: 'udp', detail: 'SO_REUSEADDR=1' }).socketCall({ call: 'bind', kind: 'udp', addr: bound, local: bound.replace(/^:/, '0.0.0.0:') }));
}

describe('every-copy-prints', () => {
  test('passes when each copy prints every message after it was sent', () => {
    const e = twoCopies()
      .udp('sender', (u) => u.sent('alpha', BCAST))
      .program('program', (p) => p.stdout('alpha\n'))
      .program('copy2', (p) => p.stdout('from 127.0.0.1: alpha\n'))
      .udp('sender', (u) => u.sent('안녕', BCAST))
      .program('copy2', (p) => p.stdout('안녕\n'))
      .program('program', (p) => p.stdout('안녕\n'))
      .build();
    expect(receiverRun(e)).toEqual({ passed: true, details: ['program and copy2 each printed the 2 messages: "alpha", "안녕"'] });
  });

  test('a message printed before it was sent does not count (a hard-coded line)', () => {
    const e = twoCopies()
      .program('program', (p) => p.stdout('alpha\n'))
      .udp('sender', (u) => u.sent('alpha', BCAST))
      .program('copy2', (p) => p.stdout('alpha\n'))
      .build();
    const v = receiverRun(e);
    expect(v.passed).toBe(false);
    expect(v.actual).toBe('program printed none of the 1 messages');
  });

  test('a copy whose bind failed is named with its error and the SO_REUSEADDR advice', () => {
    const e = evidence()
      .program('program', (p) => p.socketCall({ call: 'bind', kind: 'udp', addr: ':10000', local: '0.0.0.0:10000' }))
      .program('copy2', (p) => p.socketCall({ call: 'bind', kind: 'udp', addr: ':10000', error: 'OSError: [Errno 98] Address already in use' }).stderr('Traceback (most recent call last):\nOSError: [Errno 98] Address already in use\n').exit(1))
      .udp('sender', (u) => u.sent('alpha', BCAST).sent('beta', BCAST))
      .program('program', (p) => p.stdout('alpha\nbeta\n'))
      .build();
    const v = receiverRun(e);
    expect(v.passed).toBe(false);
    expect(v.actual).toBe(
      "copy2 printed none of the 2 messages: its bind(('', 10000)) raised OSError: [Errno 98] Address already in use: set SO_REUSEADDR (setsockopt(SOL_SOCKET, SO_REUSEADDR, 1)) before bind(), so that copies share the port",
    );
    expect(v.details).toEqual([]);
  });

  test('copies bound to 127.0.0.1 are told that a socket bound to one address gets no broadcast', () => {
    const e = twoCopies('127.0.0.1:10000').udp('sender', (u) => u.sent('alpha', BCAST)).build();
    const v = receiverRun(e);
    expect(v.actual).toBe("program printed none of the 1 messages: it bound ('127.0.0.1', 10000): a socket bound to one address gets no broadcast; bind(('', 10000)) to receive them");
    expect(v.details).toHaveLength(1);
    expect(v.details![0]).toMatch(/^copy2 printed none/);
  });

  test('the messages a copy missed are listed', () => {
    const e = twoCopies()
      .udp('sender', (u) => u.sent('alpha', BCAST))
      .program('program', (p) => p.stdout('alpha\n'))
      .program('copy2', (p) => p.stdout('alpha\n'))
      .udp('sender', (u) => u.sent('beta', BCAST).sent('gamma', BCAST))
      .program('copy2', (p) => p.stdout('beta\ngamma\n'))
      .build();
    const v = receiverRun(e);
    expect(v.actual).toBe('program did not print "beta", "gamma" (2 of 3)');
    expect(v.details).toEqual([]);
  });

  test('no message sent at all is a failure, not a pass', () => {
    expect(receiverRun(twoCopies().build())).toMatchObject({ passed: false, actual: 'the run stopped before any was sent' });
  });
});

const senderRun = (e: Evidence) => reachesEveryReceiver.run(e, reachesEveryReceiver.args.parse({ peers: ['r1', 'r2'], lines: ['hello everyone', '안녕'] }));
const hex = (s: string) => Buffer.from(s, 'utf8').toString('hex');

/** The sender's datagram `text` as each named receiver got it. */
function arrives(b: EvidenceBuilder, text: string, at: ('r1' | 'r2')[]): EvidenceBuilder {
  for (const r of at) b.conn(`${r}#1`, (c) => c.received(text, '127.0.0.1:50000'), { owner: 'reference broadcast:server', transport: 'udp' });
  return b;
}

describe('reaches-every-receiver', () => {
  test('passes when each line reached both receivers (a trailing newline is not judged)', () => {
    const b = evidence().program('program', (p) => p.socketCall({ call: 'sendto', kind: 'udp', addr: '<broadcast>:10000', head: hex('hello everyone'), size: 14 }));
    arrives(b, 'hello everyone', ['r1', 'r2']);
    arrives(b, '안녕\n', ['r2', 'r1']);
    expect(senderRun(b.build())).toEqual({ passed: true, details: ['each of the 2 lines reached r1 and r2'] });
  });

  test('a unicast to 127.0.0.1 reaches one receiver: named with the address it was sent to', () => {
    const b = evidence().program('program', (p) =>
      p.socketCall({ call: 'sendto', kind: 'udp', addr: '127.0.0.1:10000', head: hex('hello everyone') }).socketCall({ call: 'sendto', kind: 'udp', addr: '127.0.0.1:10000', head: hex('안녕') }),
    );
    arrives(b, 'hello everyone', ['r2']);
    arrives(b, '안녕', ['r2']);
    const v = senderRun(b.build());
    expect(v.passed).toBe(false);
    expect(v.actual).toBe('"hello everyone" reached 1 of 2 receivers: it was sent to 127.0.0.1:10000, not broadcast');
    expect(v.details).toEqual(['"안녕" reached 1 of 2 receivers: it was sent to 127.0.0.1:10000, not broadcast']);
  });

  test("loopback's own broadcast address reaches both receivers here but no other host of a LAN: failed, with why", () => {
    const b = evidence().program('program', (p) =>
      p.socketCall({ call: 'sendto', kind: 'udp', addr: '127.255.255.255:10000', head: hex('hello everyone') }).socketCall({ call: 'sendto', kind: 'udp', addr: '127.255.255.255:10000', head: hex('안녕') }),
    );
    arrives(b, 'hello everyone', ['r1', 'r2']);
    arrives(b, '안녕', ['r1', 'r2']);
    const v = senderRun(b.build());
    expect(v.passed).toBe(false);
    expect(v.actual).toContain("127.255.255.255:10000, loopback's own broadcast address");
    expect(v.actual).toContain('never another host of the LAN');
  });

  test('no SO_BROADCAST: the PermissionError of sendto is shown with what is missing', () => {
    const b = evidence().program('program', (p) =>
      p.socketCall({ call: 'sendto', kind: 'udp', addr: '<broadcast>:10000', error: 'PermissionError: [Errno 13] Permission denied' }).exit(1),
    );
    const v = senderRun(b.build());
    expect(v.actual).toBe(
      '"hello everyone" reached 0 of 2 receivers: sendto(<broadcast>:10000) raised PermissionError: [Errno 13] Permission denied: a socket may send to a broadcast address only after setsockopt(SOL_SOCKET, SO_BROADCAST, 1)',
    );
  });

  test("a LAN broadcast address that does not exist here: not a broadcast address of the test network, '<broadcast>' is", () => {
    const b = evidence().program('program', (p) => p.socketCall({ call: 'sendto', kind: 'udp', addr: '192.168.0.255:10000', error: 'OSError: [Errno 101] Network is unreachable' }).exit(1));
    const v = senderRun(b.build());
    expect(v.actual).toContain('sendto(192.168.0.255:10000) raised OSError: [Errno 101] Network is unreachable');
    expect(v.actual).toContain("192.168.0.255 is not a broadcast address of the test network; '<broadcast>' (255.255.255.255) is what reaches every receiver here");
  });

  test('a line never sent says so, with how the program ended', () => {
    const b = evidence().program('program', (p) => p.socketCall({ call: 'sendto', kind: 'udp', addr: '<broadcast>:10000', head: hex('hello everyone') }).stderr('Traceback (most recent call last):\nEOFError: EOF when reading a line\n').exit(1));
    arrives(b, 'hello everyone', ['r1', 'r2']);
    const v = senderRun(b.build());
    expect(v.actual).toBe('"안녕" reached 0 of 2 receivers: it was never sent (the program ended: exit code 1: EOFError: EOF when reading a line)');
  });

  test('without lines, the check judges the seeded lines recorded as typed to the program', () => {
    const b = evidence().fact('program.typed', ['hello qwerty']).program('program', (p) => p.socketCall({ call: 'sendto', kind: 'udp', addr: '127.0.0.1:10000', head: hex('hello qwerty') }));
    arrives(b, 'hello qwerty', ['r1']);
    const check = (e: Evidence) => reachesEveryReceiver.run(e, reachesEveryReceiver.args.parse({ peers: ['r1', 'r2'] }));
    expect(check(b.build())).toMatchObject({ passed: false, actual: '"hello qwerty" reached 1 of 2 receivers: it was sent to 127.0.0.1:10000, not broadcast' });
    expect(check(evidence().build())).toMatchObject({ passed: false, actual: 'the run stopped before program was started' });
  });

  test('an untraced program is judged on the receivers alone', () => {
    const b = evidence().program('program', () => {}, { traced: false });
    arrives(b, 'hello everyone', ['r1']);
    arrives(b, '안녕', ['r1', 'r2']);
    expect(senderRun(b.build())).toMatchObject({ passed: false, actual: '"hello everyone" reached 1 of 2 receivers', details: [] });
  });
});
