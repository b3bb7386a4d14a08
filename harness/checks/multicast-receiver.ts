// Checks of a multicast receiver (multicast_recv.py), on the datagrams the harness sent to groups
// from its own sockets (step `multicast-send`; the harness never joins a group):
//   `group-acks`: every message to the group is printed by each receiver and answered 'ACK' (any
//     case, surrounding whitespace allowed) once per receiver. ACKs are counted, not their source
//     addresses: copies sharing a port may answer from one address (LABS.md).
//   `ignores-other-groups`: a message to a group no receiver joined gets no answer and is not
//     printed. It is sent from a socket of its own, so anything that comes back to that socket
//     answers that message and nothing else.
import { z } from 'zod';
import type { Evidence, WireChunk } from '../model/evidence.js';
import type { JoinedGroup } from '../net/igmp.js';
import { defineCheck, fail, pass } from './check.js';
import { chunks, connection, program, show } from './queries.js';
import { joinsLine, shownLine, wasShown, whyNotDelivered } from './multicast-membership.js';

export const isAck = (data: Buffer) => data.toString('utf8').trim().toUpperCase() === 'ACK';

const destination = (k: WireChunk) => {
  const m = /^(.*):(\d+)$/.exec(k.remote ?? '');
  return { group: m?.[1] ?? '?', port: Number(m?.[2]) };
};

/** The datagrams that came back to the socket after sent datagram i and before the next one. */
function answersTo(sent: WireChunk[], back: WireChunk[], i: number): WireChunk[] {
  const until = sent[i + 1]?.t ?? Infinity;
  return back.filter((k) => k.t >= sent[i]!.t && k.t < until);
}

const args = z.object({ socket: z.string(), programs: z.array(z.string()).min(1).default(['program']) }).strict();

export const groupAcks = defineCheck({
  name: 'group-acks',
  summary: "each message to the group is printed by every receiver and ACKed once per receiver",
  args,
  requirement: (a) => (a.programs.length > 1 ? `every running copy (${a.programs.length}) prints each message to the group and ACKs it` : 'each message to the group is printed and ACKed'),
  run(e, a) {
    const c = connection(e, a.socket);
    const sent = chunks(c, 'to-program');
    if (!c || sent.length === 0) return fail('messages sent to the group', 'the run stopped before any was sent');
    const back = chunks(c, 'from-program');
    const groupsJoined = e.facts[`${a.socket}.groupsJoined`] as JoinedGroup[] | undefined;
    const receivers = a.programs.map((name) => program(e, name));
    const missing = a.programs.find((_, i) => !receivers[i]);
    if (missing) return fail(`the program ${missing} running`, 'it was never started');
    const details = [...receivers.map((p) => joinsLine(p!)), ...receivers.map((p) => shownLine(p!))];
    for (const [i, message] of sent.entries()) {
      const { group, port } = destination(message);
      const text = message.data.toString('utf8');
      const answers = answersTo(sent, back, i);
      const acks = answers.filter((k) => isAck(k.data));
      const notPrinted = receivers.filter((p) => !p!.stdout.includes(text));
      if (acks.length >= a.programs.length && notPrinted.length === 0) continue;
      const what = `message ${i + 1} of ${sent.length} (${show(text)} to ${group}:${port})`;
      const reasons = receivers.flatMap((p) => {
        const why = whyNotDelivered(e, p!, group, port, groupsJoined);
        return why ? [`${p!.name}: ${why}`] : [];
      });
      if (acks.length < a.programs.length) {
        const others = answers.filter((k) => !isAck(k.data));
        const expected = a.programs.length > 1 ? `${a.programs.length} ACKs for ${what}, one per running copy` : `an ACK for ${what}`;
        let actual = acks.length === 0 ? 'no ACK came back' : `${acks.length} ACK${acks.length > 1 ? 's' : ''} came back`;
        if (others.length) actual += `; it answered ${others.map((k) => show(k.data.toString('utf8'), 60)).join(', ')} instead of ACK`;
        if (reasons.length === 0 && others.length === 0) {
          const unanswered = receivers.filter((p) => p!.traced && wasShown(p!, message.data)).map((p) => p!.name);
          if (unanswered.length) actual += `; ${unanswered.join(' and ')} received it (recvfrom) but ${acks.length ? 'not every copy' : 'no copy'} sent an ACK back to its sender`;
        }
        return fail(expected, [actual, ...reasons].join('; '), details);
      }
      const unshown = notPrinted.map((p) => p!.name);
      return fail(`${what} printed by ${a.programs.length > 1 ? 'every copy' : 'the program'}`, `${unshown.join(' and ')} did not print it${reasons.length ? `; ${reasons.join('; ')}` : ''}`, details);
    }
    return pass([`${sent.length} message${sent.length > 1 ? 's' : ''} to the group, each printed and ACKed ${a.programs.length > 1 ? `by all ${a.programs.length} copies` : ''}`.trim(), ...details]);
  },
});

export const ignoresOtherGroups = defineCheck({
  name: 'ignores-other-groups',
  summary: 'a message to a group the receiver did not join gets no answer and is not printed',
  args,
  requirement: () => 'a message to a group it did not join is not ACKed',
  run(e, a) {
    const c = connection(e, a.socket);
    const sent = chunks(c, 'to-program');
    if (!c || sent.length === 0) return fail('a message sent to another group', 'the run stopped before it was sent');
    const back = chunks(c, 'from-program');
    const receivers = a.programs.map((name) => program(e, name)).filter((p) => p !== undefined);
    const details = [...receivers.map((p) => joinsLine(p)), ...receivers.map((p) => shownLine(p))];
    const to = sent.map((k) => `${destination(k).group}:${destination(k).port}`).join(', ');
    const texts = sent.map((k) => k.data.toString('utf8'));
    if (back.length > 0) {
      return fail(`no answer to the message sent to ${to}, a group it never joined`, `it answered ${back.map((k) => show(k.data.toString('utf8'), 60)).join(', ')}`, details);
    }
    const printer = receivers.find((p) => texts.some((t) => p.stdout.includes(t)));
    if (printer) return fail(`the message to ${to} (a group it never joined) not printed`, `${printer.name} printed it`, details);
    return pass([`nothing came back to the message sent to ${to}, and it was not printed`, ...details]);
  },
});
