// The ARQ client checks on synthetic runs: the program's send calls (traced) or the reference's
// receive times, replies from the reference server, and the program's exit.
import { describe, expect, test } from 'vitest';
import { backsOff, givesUp, resendsOnNak, retransmitsUnchanged, stopAndWaitMessages } from '../../harness/checks/arq-client.js';
import type { CheckDefinition } from '../../harness/checks/check.js';
import type { Evidence } from '../../harness/model/evidence.js';
import { evidence, T0 } from './evidence-builder.js';

/** A client run: at each `at` (ms after the start) the program sends a datagram, or the server replies. */
type Event = { at: number; send: string } | { at: number; reply: string } | { at: number; exit: true }
  /** Only the program's send call, or only the reference's receipt (a busy reference processes it late). */
  | { at: number; call: string } | { at: number; arrives: string }
  /** Only the reference's reply (the program reads it later), or only the program's read. */
  | { at: number; unread: string } | { at: number; read: string };

function clientRun(events: Event[], traced = true): Evidence {
  // Each recorded thing takes a 10 ms tick: events must be at least 30 ms apart to land on time.
  const b = evidence().program('program', () => {}, { traced });
  const start = b.now + 100;
  for (const ev of events) {
    b.wait(Math.max(0, start + ev.at - b.now - 10));
    if ('send' in ev) {
      if (traced) b.program('program', (p) => p.socketCall({ call: 'send', kind: 'udp', size: ev.send.length }), { traced });
      b.conn('server#1', (c) => c.received(ev.send, '127.0.0.1:50000'), { owner: 'reference arq-udp:server', transport: 'udp' });
    } else if ('call' in ev) {
      b.program('program', (p) => p.socketCall({ call: 'send', kind: 'udp', size: ev.call.length }), { traced });
    } else if ('unread' in ev) {
      b.conn('server#1', (c) => c.sent(ev.unread, '127.0.0.1:50000'), { owner: 'reference arq-udp:server', transport: 'udp' });
    } else if ('read' in ev) {
      b.program('program', (p) => p.socketCall({ call: 'recv', kind: 'udp', size: ev.read.length }), { traced });
    } else if ('arrives' in ev) {
      b.conn('server#1', (c) => c.received(ev.arrives, '127.0.0.1:50000'), { owner: 'reference arq-udp:server', transport: 'udp' });
    } else if ('reply' in ev) {
      b.conn('server#1', (c) => c.sent(ev.reply, '127.0.0.1:50000'), { owner: 'reference arq-udp:server', transport: 'udp' });
      if (traced) b.program('program', (p) => p.socketCall({ call: 'recv', kind: 'udp', size: ev.reply.length }), { traced });
    } else {
      b.program('program', (p) => p.exit(0), { traced });
    }
  }
  b.program('program', () => {}, { traced });
  return b.build();
}

const judge = <A>(check: CheckDefinition<A>, e: Evidence, args: Record<string, unknown>) => check.run(e, check.args.parse({ peer: 'server', ...args }));

/** Sends at the seed's times with no answer to the first five (0, 0.1, 0.3, 0.7, 1.5 s), the next message at 3.1 s. */
const SEED_SILENCE: Event[] = [
  { at: 0, send: 'Hello message 0' },
  { at: 100, send: 'Hello message 0' },
  { at: 300, send: 'Hello message 0' },
  { at: 700, send: 'Hello message 0' },
  { at: 1500, send: 'Hello message 0' },
  { at: 3100, send: 'Hello message 1' },
  { at: 3140, reply: 'ACK' },
];
const WAITS = [0.1, 0.2, 0.4, 0.8, 1.6];

describe('stop-and-wait-messages', () => {
  const acked = (n: number, gap = 100): Event[] => Array.from({ length: n }, (_, i) => [{ at: i * gap, send: `m${i}` }, { at: i * gap + 40, reply: 'ACK' }]).flat() as Event[];

  test('10 distinct messages, each after the ACK of the previous one, pass', () => {
    expect(judge(stopAndWaitMessages, clientRun(acked(10)), { messages: 10 }).passed).toBe(true);
  });

  test('a repeated message fails, naming both datagrams', () => {
    const events = acked(10);
    (events[2] as { send: string }).send = 'm0';
    const v = judge(stopAndWaitMessages, clientRun(events), { messages: 10 });
    expect(v.passed).toBe(false);
    expect(v.actual).toContain('datagram #2 repeats #1');
  });

  test('fewer than 10 messages fail with the count', () => {
    const v = judge(stopAndWaitMessages, clientRun(acked(7)), { messages: 10 });
    expect(v.actual).toBe('7 datagrams reached the server');
  });

  test('a send with no receive since the previous send is not stop-and-wait (traced)', () => {
    // The server answers each at once; the program reads the ACKs only after sending all ten.
    const burst: Event[] = [...Array.from({ length: 10 }, (_, i) => [{ at: i * 40, send: `m${i}` }, { at: i * 40 + 20, unread: 'ACK' }]).flat(), ...Array.from({ length: 10 }, (_, i) => ({ at: 500 + i * 40, read: 'ACK' }))];
    const v = judge(stopAndWaitMessages, clientRun(burst), { messages: 10 });
    expect(v.passed).toBe(false);
    expect(v.actual).toContain('sent #2 without receiving anything after #1');
  });

  test('untraced, the reference times decide: a datagram that arrived before the ACK of the previous one fails', () => {
    const burst: Event[] = [...Array.from({ length: 10 }, (_, i) => ({ at: i * 40, send: `m${i}` })), ...Array.from({ length: 10 }, (_, i) => ({ at: 500 + i * 40, reply: 'ACK' }))];
    const v = judge(stopAndWaitMessages, clientRun(burst, false), { messages: 10 });
    expect(v.actual).toBe('#2 reached the server before it had answered #1');
    expect(judge(stopAndWaitMessages, clientRun(acked(10), false), { messages: 10 }).passed).toBe(true);
  });

  test('a repeat caused by an ACK that left after the client had already waited 0.1 s cannot be judged (not a failure)', () => {
    const late: Event[] = [{ at: 0, call: 'm0' }, { at: 110, call: 'm0' }, { at: 150, arrives: 'm0' }, { at: 170, reply: 'ACK' }, { at: 200, arrives: 'm0' }, { at: 230, reply: 'ACK' }, ...acked(9).map((e) => ({ ...e, at: e.at + 300, ...('send' in e ? { send: `n${(e as { send: string }).send}` } : {}) }))];
    const v = judge(stopAndWaitMessages, clientRun(late), { messages: 10 });
    expect(v.cannotJudge).toBe(true);
    expect(v.actual).toContain("reply to datagram #1 left");
  });
});

describe('retransmits-unchanged', () => {
  const base: Event[] = [
    { at: 0, send: 'm0' }, { at: 40, reply: 'ACK' },
    { at: 100, send: 'm1' }, { at: 140, reply: 'ACK' },
    { at: 200, send: 'm2' },
  ];

  test('the same bytes after the 0.1 s wait pass', () => {
    const v = judge(retransmitsUnchanged, clientRun([...base, { at: 301, send: 'm2' }, { at: 340, reply: 'ACK' }]), { dropped: 3 });
    expect(v.passed).toBe(true);
  });

  test('the next message instead of the dropped one fails', () => {
    const v = judge(retransmitsUnchanged, clientRun([...base, { at: 301, send: 'm3' }]), { dropped: 3 });
    expect(v.expected).toContain('the same bytes as the dropped #3');
    expect(v.actual).toContain('"m3"');
  });

  test('a resend at once (before 0.1 s - 4 ms - 12.5 %) fails; one just inside the tolerance passes', () => {
    expect(judge(retransmitsUnchanged, clientRun([...base, { at: 200 + 80, send: 'm2' }]), { dropped: 3 }).actual).toBe('it came 0.080 s after the dropped one');
    expect(judge(retransmitsUnchanged, clientRun([...base, { at: 200 + 84, send: 'm2' }]), { dropped: 3 }).passed).toBe(true);
  });

  test('nothing after the dropped datagram fails', () => {
    expect(judge(retransmitsUnchanged, clientRun(base), { dropped: 3 }).actual).toBe('nothing more reached the server');
  });
});

describe('backs-off', () => {
  test("the seed's gaps 0.1, 0.2, 0.4, 0.8, 1.6 s pass, and say where the times came from", () => {
    const v = judge(backsOff, clientRun(SEED_SILENCE), { waits: WAITS });
    expect(v.passed).toBe(true);
    expect(v.details?.[0]).toBe('gaps 0.100 0.200 0.400 0.800 1.600 s; expected 0.1 0.2 0.4 0.8 1.6 s (± 4 ms + 12.5 %)');
    expect(v.details?.[1]).toContain("times of the program's own send calls");
  });

  test('a fixed 0.1 s timeout fails, showing the measured gaps next to the expected ones', () => {
    const fixed: Event[] = [0, 100, 200, 300, 400, 500].map((at) => ({ at, send: 'Hello message 0' }));
    const v = judge(backsOff, clientRun(fixed), { waits: WAITS });
    expect(v.actual).toBe('wait 2 was 0.100 s, not 0.2 s; gaps 0.100 0.100 0.100 0.100 0.100 s; expected 0.1 0.2 0.4 0.8 1.6 s (± 4 ms + 12.5 %)');
  });

  test('the tolerance is 4 ms + 12.5 % of each gap, the 4 ms widened by --timeout-scale', () => {
    const at = (late: number) => [0, 100, 300, 700, 1500 + late, 3100 + late].map((t, i) => ({ at: t, send: i < 5 ? 'x' : 'y' }));
    expect(judge(backsOff, clientRun(at(103)), { waits: WAITS }).passed).toBe(true); // 0.8 + 0.103 <= 0.8 + 0.004 + 0.1
    expect(judge(backsOff, clientRun(at(106)), { waits: WAITS }).passed).toBe(false);
    const scaled = clientRun(at(106));
    scaled.timeoutScale = 2; // 8 ms + 0.1
    expect(judge(backsOff, scaled, { waits: WAITS }).passed).toBe(true);
  });

  test('the last wait may end with the program exiting; a program that neither sends nor exits fails', () => {
    const five = SEED_SILENCE.slice(0, 5);
    expect(judge(backsOff, clientRun([...five, { at: 3100, exit: true }]), { waits: WAITS }).passed).toBe(true);
    const v = judge(backsOff, clientRun(five), { waits: WAITS });
    expect(v.actual).toContain('after 5 datagrams: no further datagram and no exit');
  });

  test('untraced, the reference receive times are used and named', () => {
    const v = judge(backsOff, clientRun(SEED_SILENCE, false), { waits: WAITS });
    expect(v.passed).toBe(true);
    expect(v.details?.[1]).toContain('times the reference server received the datagrams (the program is not traced)');
  });
});

describe('gives-up', () => {
  test('5 sends, then the next message after the 1.6 s wait, pass', () => {
    expect(judge(givesUp, clientRun(SEED_SILENCE), { sends: 5, lastWait: 1.6 }).passed).toBe(true);
  });

  test('5 sends whose content changes (a retry counter) count as 5 sends', () => {
    const counter = SEED_SILENCE.map((e, i) => ('send' in e && i < 5 ? { ...e, send: `msg 0 try ${i + 1}` } : e));
    expect(judge(givesUp, clientRun(counter), { sends: 5, lastWait: 1.6 }).passed).toBe(true);
  });

  test('a sixth send of the same bytes fails with the count', () => {
    const six = [...SEED_SILENCE.slice(0, 5), { at: 3100, send: 'Hello message 0' }, { at: 3140, reply: 'ACK' }];
    const v = judge(givesUp, clientRun(six), { sends: 5, lastWait: 1.6 });
    expect(v.actual).toBe('6 sends of "Hello message 0"  48 65 6c 6c 6f 20 6d 65 73 73 61 67 65 20 30');
  });

  test('giving up after 3 sends fails, naming the move to the next message before the 1.6 s wait', () => {
    const three: Event[] = [
      { at: 0, send: 'm0' }, { at: 100, send: 'm0' }, { at: 300, send: 'm0' },
      { at: 700, send: 'm1' }, { at: 800, send: 'm1' }, { at: 1000, send: 'm1' }, { at: 1040, reply: 'ACK' },
    ];
    const v = judge(givesUp, clientRun(three), { sends: 5, lastWait: 1.6 });
    expect(v.passed).toBe(false);
    expect(v.actual).toMatch(/^3 sends of "m0".*, then "m1".* 0\.400 s later, before a 1\.6 s wait was over: 6 datagrams while it heard nothing$/);
  });

  test('a single send and an exit fails', () => {
    const v = judge(givesUp, clientRun([{ at: 0, send: 'm0' }, { at: 200, exit: true }]), { sends: 5, lastWait: 1.6 });
    expect(v.actual).toMatch(/^1 send of "m0"/);
  });
});

describe('resends-on-nak', () => {
  const exchange = (pairs: [string, string][]): Event[] => pairs.flatMap(([send, reply], i) => [{ at: i * 100, send }, { at: i * 100 + 40, reply }]);

  test("the same bytes after each NAK and the next message after each ACK pass", () => {
    const e = clientRun(exchange([['m0', 'ACK'], ['m1', 'NAK'], ['m1', 'ACK'], ['m2', 'NAK'], ['m2', 'NAK'], ['m2', 'ACK'], ['m3', 'ACK']]));
    expect(judge(resendsOnNak, e, { naks: 3 })).toEqual({ passed: true, details: ['3 NAKs each followed by the same message, 4 ACKs each by the next'] });
  });

  test('moving on after a NAK fails', () => {
    const v = judge(resendsOnNak, clientRun(exchange([['m0', 'ACK'], ['m1', 'NAK'], ['m2', 'ACK']])), { naks: 3 });
    expect(v.expected).toContain("after the 'NAK' of #2, the same bytes again");
  });

  test('repeating a message after its ACK fails', () => {
    const v = judge(resendsOnNak, clientRun(exchange([['m0', 'ACK'], ['m0', 'ACK']])), { naks: 3 });
    expect(v.actual).toContain('#2 repeats #1');
  });

  test('a run that ends before every scheduled NAK was followed fails', () => {
    const v = judge(resendsOnNak, clientRun(exchange([['m0', 'ACK'], ['m1', 'NAK'], ['m1', 'ACK']])), { naks: 3 });
    expect(v.actual).toBe('the server could NAK only 1: 3 datagrams reached it');
  });
});

test('T0 is the builder clock start (sanity)', () => {
  expect(clientRun([{ at: 0, send: 'x' }]).startedAt).toBe(T0);
});
