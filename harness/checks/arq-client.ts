// Checks of the ARQ clients (errorcontrol_UDP_client.py, exercise 11-7), on the datagrams the
// reference server received (see arq-timing.ts for where send times come from).
//   stop-and-wait-messages: with no loss, distinct messages, none repeated, each after the ACK.
//   retransmits-unchanged:  after a dropped datagram, the same bytes again, after a wait.
//   backs-off:              while it hears nothing, waits of 0.1, 0.2, 0.4, 0.8, 1.6 s.
//   gives-up:               with no answer, the message is sent exactly 5 times.
//   resends-on-nak:         'NAK' brings the same bytes again, 'ACK' the next message.
import { z } from 'zod';
import type { Evidence } from '../model/evidence.js';
import { formatBytes } from '../report/console.js';
import { cannotJudge, type CheckVerdict, defineCheck, fail, pass } from './check.js';
import { type ClientSends, clientSends, gapsLine, lateReply, lateText, type SentDatagram, TOLERANCE_TEXT, toleranceS, withinTolerance } from './arq-timing.js';
import { program } from './queries.js';

const RECEIVES = new Set(['recv', 'recvfrom', 'recv_into', 'recvfrom_into']);
const s3 = (ms: number) => (ms / 1000).toFixed(3);
const list = (ds: SentDatagram[], from = ds[0]?.t ?? 0) => ds.map((d, i) => `#${i + 1} +${s3(d.t - from)} s ${formatBytes(d.data)}`);

export const stopAndWaitMessages = defineCheck({
  name: 'stop-and-wait-messages',
  summary: 'with no loss: at least `messages` distinct datagrams, none repeated, each sent after the ACK of the previous one',
  args: z.object({ peer: z.string(), messages: z.number().int().positive(), firstWait: z.number().positive().default(0.1) }).strict(),
  requirement: ({ messages }) => `${messages} distinct messages, each sent once, each after the ACK of the previous one`,
  run(e, args) {
    const sends = clientSends(e, args.peer);
    const verdict = judgeNoLoss(e, args, sends);
    // With no loss the server answers at once: a reply that left after the client's wait was over
    // makes a correct client resend (or move on), so what follows was not a no-loss run.
    const late = lateReply(sends, args.firstWait, e.timeoutScale ?? 1);
    if (!verdict.passed && late) return cannotJudge(verdict.expected ?? 'no loss', lateText(late));
    return verdict;
  },
});

function judgeNoLoss(e: Evidence, args: { messages: number }, sends: ClientSends): CheckVerdict {
  const { datagrams, replies, source } = sends;
  if (datagrams.length < args.messages) return fail(`${args.messages} messages`, `${datagrams.length} datagram${datagrams.length === 1 ? '' : 's'} reached the server`, list(datagrams));
  for (const [i, d] of datagrams.entries()) {
    const j = datagrams.findIndex((x) => x.data.equals(d.data));
    if (j < i) return fail('each message sent once (the server answered every one at once)', `datagram #${i + 1} repeats #${j + 1}: ${formatBytes(d.data)}`, list(datagrams));
  }
  const p = program(e);
  if (p?.traced && source.startsWith("times of the program's")) {
    // Between two sends the program must have received something (the ACK).
    const calls = p.socketCalls.filter((c) => c.kind === 'udp' && !c.error);
    const sendCalls = calls.filter((c) => c.call === 'send' || c.call === 'sendto' || c.call === 'sendall');
    for (let i = 1; i < sendCalls.length; i++) {
      const between = calls.filter((c) => c.t >= sendCalls[i - 1]!.t && c.t <= sendCalls[i]!.t && RECEIVES.has(c.call));
      if (between.length === 0) return fail(`datagram #${i + 1} only after the ACK of #${i}`, `the program sent #${i + 1} without receiving anything after #${i}`, [`judged on the program's socket calls`, ...list(datagrams)]);
    }
  } else {
    for (let i = 1; i < datagrams.length; i++) {
      const ack = replies[i - 1];
      if (!ack || datagrams[i]!.arrived < ack.t) return fail(`datagram #${i + 1} only after the ACK of #${i}`, `#${i + 1} reached the server before it had answered #${i}`, [`judged on ${source}`, ...list(datagrams)]);
    }
  }
  return pass([`${datagrams.length} distinct datagrams, each after the ACK of the previous one`]);
}

export const retransmitsUnchanged = defineCheck({
  name: 'retransmits-unchanged',
  summary: 'the datagram after the dropped one carries the same bytes, sent after a wait (at least firstWait - tolerance)',
  args: z.object({ peer: z.string(), dropped: z.number().int().positive(), firstWait: z.number().positive().default(0.1) }).strict(),
  requirement: ({ firstWait }) => `a lost message is sent again unchanged after its ${firstWait} s timeout`,
  run(e, args) {
    const sends = clientSends(e, args.peer);
    const { datagrams, source } = sends;
    const verdict = judgeRetransmit(e, args, datagrams, source);
    const late = lateReply(sends, args.firstWait, e.timeoutScale ?? 1);
    // A late reply before the resend makes a correct client resend or take a stale ACK.
    if (!verdict.passed && late && late.datagram <= args.dropped + 1) return cannotJudge(verdict.expected ?? 'a resend', lateText(late));
    return verdict;
  },
});

function judgeRetransmit(e: Evidence, args: { dropped: number; firstWait: number }, datagrams: SentDatagram[], source: string): CheckVerdict {
  const lost = datagrams[args.dropped - 1];
  const next = datagrams[args.dropped];
  if (!lost) return fail(`datagram #${args.dropped} (the server drops it)`, `only ${datagrams.length} datagrams reached the server`, list(datagrams));
  if (!next) return fail(`${formatBytes(lost.data)} sent again after the drop`, 'nothing more reached the server', list(datagrams));
  if (!next.data.equals(lost.data)) return fail(`datagram #${args.dropped + 1} the same bytes as the dropped #${args.dropped}: ${formatBytes(lost.data)}`, `it was ${formatBytes(next.data)}`, list(datagrams));
  const gapS = (next.t - lost.t) / 1000;
  const least = args.firstWait - toleranceS(args.firstWait, e.timeoutScale ?? 1);
  if (gapS < least) return fail(`the resend after a wait of ${args.firstWait} s (${TOLERANCE_TEXT})`, `it came ${gapS.toFixed(3)} s after the dropped one`, [`times: ${source}`, ...list(datagrams)]);
  return pass([`#${args.dropped} resent unchanged ${gapS.toFixed(3)} s later (${source})`]);
}

/** The times the back-off is measured at: the first waits+1 datagrams, or fewer and the program's exit. */
function backoffPoints(e: Evidence, datagrams: SentDatagram[], waits: number): { points: number[]; ended: string } {
  const points = datagrams.slice(0, waits + 1).map((d) => d.t);
  if (points.length === waits + 1) return { points, ended: 'the next datagram' };
  const exit = program(e)?.exit;
  if (exit && !exit.stoppedByHarness) return { points: [...points, exit.t], ended: 'the program ended' };
  return { points, ended: 'no further datagram and no exit before the scenario ended' };
}

export const backsOff = defineCheck({
  name: 'backs-off',
  summary: 'while it hears nothing, the gaps between its datagrams (whatever their content) are the waits given, the last one until the next datagram or its exit',
  args: z.object({ peer: z.string(), waits: z.array(z.number().positive()).min(1) }).strict(),
  requirement: ({ waits }) => `with no answer, the wait doubles from ${waits[0]} s: ${waits.join(', ')} s`,
  run(e, args) {
    const scale = e.timeoutScale ?? 1;
    const { datagrams, source } = clientSends(e, args.peer);
    if (datagrams.length === 0) return fail('a first datagram', 'no datagram reached the server');
    const { points, ended } = backoffPoints(e, datagrams, args.waits.length);
    const gaps = points.slice(1).map((t, i) => (t - points[i]!) / 1000);
    const details = [`times: ${source}; the last gap ends at ${ended}`, ...list(datagrams.slice(0, args.waits.length + 1))];
    const bad = args.waits.findIndex((w, i) => gaps[i] === undefined || !withinTolerance(gaps[i]!, w, scale));
    if (bad >= 0) {
      const what = gaps[bad] === undefined ? `after ${gaps.length + 1} datagram${gaps.length ? 's' : ''}: ${ended}` : `wait ${bad + 1} was ${gaps[bad]!.toFixed(3)} s, not ${args.waits[bad]} s`;
      return fail(`waits of ${args.waits.join(', ')} s while it hears nothing`, `${what}; ${gapsLine(gaps, args.waits, scale)}`, details);
    }
    return pass([gapsLine(gaps, args.waits, scale), ...details]);
  },
});

export const givesUp = defineCheck({
  name: 'gives-up',
  summary: 'with no answer, exactly `sends` datagrams (whatever their content) before it stops resending; a later datagram is a resend only if byte-identical',
  args: z.object({ peer: z.string(), sends: z.number().int().positive(), lastWait: z.number().positive() }).strict(),
  requirement: ({ sends, lastWait }) => `with no answer, a message is sent exactly ${sends} times, then no more after the last ${lastWait} s wait`,
  run(e, args) {
    const scale = e.timeoutScale ?? 1;
    const { datagrams, replies, source } = clientSends(e, args.peer);
    const firstReply = replies[0]?.t ?? Infinity;
    // Datagrams sent while it heard nothing (before the server's first reply came).
    const unanswered = datagrams.filter((d) => d.arrived < firstReply);
    let count = 0;
    for (const d of unanswered) {
      if (count < args.sends) count++;
      else if (unanswered.slice(0, args.sends).some((x) => x.data.equals(d.data))) count++; // a resend of the message
      else if (d.t < unanswered[args.sends - 1]!.t + (args.lastWait - toleranceS(args.lastWait, scale)) * 1000) count++; // too early for the next message
      else break;
    }
    const shown = list(unanswered);
    const details = [`times: ${source}; the server answered nothing until ${Number.isFinite(firstReply) ? `+${s3(firstReply - (datagrams[0]?.t ?? 0))} s` : 'the end'}`, ...shown];
    if (count !== args.sends) {
      const first = unanswered[0];
      const run = first ? unanswered.findIndex((d) => !d.data.equals(first.data)) : 0;
      const sameRun = run < 0 ? unanswered.length : run;
      const sends = first ? `${sameRun} send${sameRun === 1 ? '' : 's'} of ${formatBytes(first.data)}` : 'no datagram';
      const moved = sameRun < count ? `, then ${formatBytes(unanswered[sameRun]!.data)} ${s3(unanswered[sameRun]!.t - unanswered[sameRun - 1]!.t)} s later, before a ${args.lastWait} s wait was over: ${count} datagrams while it heard nothing` : '';
      const what = `${sends}${moved}`;
      return fail(`exactly ${args.sends} sends, the last followed by a ${args.lastWait} s wait`, what, details);
    }
    return pass([`${count} sends while it heard nothing`, ...details]);
  },
});

export const resendsOnNak = defineCheck({
  name: 'resends-on-nak',
  summary: "after each 'NAK' the next datagram is byte-identical to the NAKed one; after each 'ACK' it is a different message (or the client ends)",
  args: z.object({ peer: z.string(), naks: z.number().int().positive() }).strict(),
  requirement: () => "'NAK' brings the same message again, 'ACK' the next message",
  run(e, args) {
    const { datagrams, replies } = clientSends(e, args.peer);
    // The reference answers every datagram at once, so reply k belongs to datagram k.
    let naks = 0;
    for (const [k, reply] of replies.entries()) {
      const d = datagrams[k];
      if (!d) break;
      const next = datagrams[k + 1];
      const word = reply.data.toString('utf8').trim();
      if (word === 'NAK') {
        naks++;
        if (!next) return fail(`datagram #${k + 1} sent again after its 'NAK'`, 'nothing more reached the server', list(datagrams));
        if (!next.data.equals(d.data)) return fail(`after the 'NAK' of #${k + 1}, the same bytes again: ${formatBytes(d.data)}`, `#${k + 2} was ${formatBytes(next.data)}`, list(datagrams));
      } else if (next && next.data.equals(d.data)) {
        return fail(`after the 'ACK' of #${k + 1}, the next message`, `#${k + 2} repeats #${k + 1}: ${formatBytes(d.data)}`, list(datagrams));
      }
    }
    if (naks < args.naks) return fail(`${args.naks} NAKed datagrams followed`, `the server could NAK only ${naks}: ${datagrams.length} datagrams reached it`, list(datagrams));
    return pass([`${naks} NAKs each followed by the same message, ${replies.length - naks} ACKs each by the next`]);
  },
});
