// Checks of a multicast sender (multicast_send.py) against reference receivers that joined the
// group, each bound to the group port with SO_REUSEADDR and answering every datagram 'ACK':
//   `reaches-group`: every typed line reaches every receiver (a unicast to 127.0.0.1 reaches only
//     one socket of a shared port), sent with multicast TTL 2, read from the program's recorded
//     IP_MULTICAST_TTL setsockopt (1, the default, when it set none). The receivers cannot see the
//     IP header, so for a program not run under the Python shim the TTL cannot be judged.
//   `prints-acks`: every ACK the receivers sent is printed, after the program received it; when it
//     is traced, the ACKs of a line must be received before it reads the next line (those the
//     reference sent only after the program's receive timed out excepted).
import { z } from 'zod';
import type { Evidence, ProgramEvidence, SocketCall } from '../model/evidence.js';
import { multicastTtl } from '../formats/multicast-options.js';
import { cannotJudge, defineCheck, fail, pass } from './check.js';
import { peerConnections, program, show } from './queries.js';
import { isAck } from './multicast-receiver.js';
import { isUdpReceive, RECEIVE_CALLS } from '../model/socket-calls.js';

const args = z
  .object({
    program: z.string().default('program'),
    peers: z.array(z.string()).min(1),
    lines: z.array(z.string()).min(1),
    group: z.string().default('224.0.0.255'),
    /** The lab port name; its number is the run's `ports` entry. */
    port: z.string().default('group'),
    ttl: z.number().int().default(2),
  })
  .strict();

const SENDS = new Set(['sendto', 'sendmsg']);

/** What each receiver got from the program, as text. */
function received(e: Evidence, peer: string): string[] {
  return peerConnections(e, peer).flatMap((c) => c.chunks.filter((k) => k.dir === 'from-program').map((k) => k.data.toString('utf8')));
}

/** Every ACK the receivers sent, with the line it answered (the datagram each received before it). */
function ackTimes(e: Evidence, peers: string[]): { t: number; line: string }[] {
  return peers.flatMap((peer) =>
    peerConnections(e, peer).flatMap((c) => {
      let line = '';
      return c.chunks.flatMap((k) => {
        if (k.dir === 'from-program') line = k.data.toString('utf8');
        return k.dir === 'to-program' ? [{ t: k.t, line }] : [];
      });
    }),
  );
}

/** The program's UDP sends, each with where it went: its address, or for send() on a connected
 *  socket the address of the last connect() on that socket. */
function sendsOf(p: ProgramEvidence): SocketCall[] {
  return p.socketCalls.flatMap((c) => {
    if (c.kind !== 'udp' || c.error) return [];
    if (SENDS.has(c.call)) return [c];
    if (c.call !== 'send' && c.call !== 'sendall') return [];
    const connected = p.socketCalls.filter((k) => k.call === 'connect' && !k.error && k.fd === c.fd && k.t <= c.t).at(-1);
    return connected?.addr ? [{ ...c, addr: connected.addr }] : [];
  });
}

export const reachesGroup = defineCheck({
  name: 'reaches-group',
  summary: 'each typed line reaches every member of the group, sent with multicast TTL 2',
  args,
  requirement: (a) => `each typed line reaches the group members (${a.group}) with TTL ${a.ttl}`,
  run(e, a) {
    const p = program(e, a.program);
    if (!p) return fail('the program running', 'it was never started');
    const port = e.ports[a.port];
    const target = `${a.group}:${port}`;
    const sends = p.traced ? sendsOf(p) : [];
    const sentTo = [...new Set(sends.map((c) => c.addr ?? '?'))];
    const sentLine = p.traced ? `it sent to ${sentTo.length ? sentTo.join(', ') : 'nowhere (no sendto recorded)'}` : '';
    for (const line of a.lines) {
      const reached = a.peers.filter((peer) => received(e, peer).some((t) => t.trim() === line.trim()));
      if (reached.length === a.peers.length) continue;
      const expected = `the line ${show(line)} reaches all ${a.peers.length} members of ${target}`;
      const actual = `it reached ${reached.length} of ${a.peers.length}`;
      const why = p.traced && !sentTo.includes(target) ? `; ${sentLine}, not to the group ${target} (a unicast reaches only one of the sockets sharing the port)` : p.traced ? `; ${sentLine}` : '';
      return fail(expected, actual + why);
    }
    if (!p.traced) return cannotJudge(`TTL ${a.ttl}`, 'every line reached every member, but the TTL cannot be read: the program is not run under the Python shim (its setsockopt calls are not recorded) and the receivers cannot see the IP header');
    const toGroup = sends.filter((c) => c.addr === target);
    if (toGroup.length === 0) return cannotJudge(`TTL ${a.ttl}`, `every line reached every member, but no send to ${target} was recorded (${sentLine}), so its TTL is unknown`);
    for (const send of toGroup) {
      const { ttl, set, detail } = multicastTtl(p, send);
      if (ttl === a.ttl) continue;
      const said = !set ? `TTL 1, the default: it never set IP_MULTICAST_TTL on that socket` : ttl === undefined ? `an IP_MULTICAST_TTL value that cannot be read (${detail})` : `TTL ${ttl} (${detail})`;
      return fail(`datagrams to ${target} with TTL ${a.ttl}`, said);
    }
    return pass([`${a.lines.length} lines reached all ${a.peers.length} members of ${target}, with TTL ${a.ttl} (its IP_MULTICAST_TTL setsockopt)`]);
  },
});

export const printsAcks = defineCheck({
  name: 'prints-acks',
  summary: 'every ACK of the group members is printed after it arrived, before the next line is read',
  args,
  requirement: () => 'it prints the ACKs of every receiver',
  run(e, a) {
    const p = program(e, a.program);
    if (!p) return fail('the program running', 'it was never started');
    const acksSent = a.peers.flatMap((peer) => peerConnections(e, peer).flatMap((c) => c.chunks.filter((k) => k.dir === 'to-program'))).length;
    if (acksSent === 0) return fail('ACKs from the group members to print', 'no receiver got a line, so none answered (see reaches-group)');
    const total = (p.stdout.match(/ACK/g) ?? []).length;
    const receives = p.traced ? p.socketCalls.filter((c) => isUdpReceive(c) && c.head !== undefined && isAck(Buffer.from(c.head, 'hex'))) : [];
    if (!p.traced || receives.length === 0 || receives.some((r) => r.printedBefore === undefined)) {
      // Not traced (or receives the shim does not see): count the ACKs printed.
      if (total >= acksSent) return pass([`${acksSent} ACKs sent, ${total} printed (when they arrived is not recorded: judged on stdout alone)`]);
      return fail(`${acksSent} ACKs printed (one per receiver for each line)`, `${total} printed; stdout: ${show(p.stdout.slice(-300))}`);
    }
    // Per typed line: the ACKs received between reading it and reading the next line. When the
    // program gave up waiting for more (a receive that timed out, as the seed's settimeout(0.5)
    // does), an ACK the reference sent only after that is not held against it: on a machine busy
    // with other work the reference can answer later than the program's own wait.
    // Lines read in a way the shim does not see (no recorded read of a line): the ACKs are counted.
    const reads = p.inputs.filter((r) => r.answer !== '');
    const acks = ackTimes(e, a.peers);
    const perLine = a.lines.every((line) => reads.some((r) => r.answer === line));
    if (!perLine && total < acksSent) return fail(`${acksSent} ACKs printed (one per receiver for each line)`, `${total} printed; stdout: ${show(p.stdout.slice(-300))}`);
    for (const line of perLine ? a.lines : []) {
      const read = reads.find((r) => r.answer === line)!;
      const next = reads[reads.indexOf(read) + 1]?.t ?? p.exit?.t ?? Infinity;
      const gaveUp = p.socketCalls.filter((c) => c.kind === 'udp' && RECEIVE_CALLS.has(c.call) && c.error && c.t >= read.t && c.t < next).at(-1)?.t ?? Infinity;
      const due = acks.filter((k) => k.line.trim() === line.trim() && k.t < gaveUp).length;
      const got = receives.filter((r) => r.t >= read.t && r.t < next).length;
      if (got < due) {
        return fail(`the ${due} ACKs of line ${show(line)} received and printed before the next line`, `it received ${got} of them before ${next === Infinity ? 'it stopped' : 'reading the next line'} (one receive per line leaves the other ACK waiting)`);
      }
    }
    // Every ACK printed after it arrived: from the k-th ACK receive on, at least (n - k) ACKs are printed.
    const chars = Array.from(p.stdout);
    for (const [k, r] of receives.entries()) {
      const after = (chars.slice(r.printedBefore!).join('').match(/ACK/g) ?? []).length;
      if (after < receives.length - k) return fail(`each of the ${receives.length} ACKs it received printed after it arrived`, `after ACK ${k + 1} arrived it printed ${after} ACKs, ${receives.length - k} expected; stdout: ${show(p.stdout.slice(-300))}`);
    }
    return pass([`${a.lines.length} lines, ${receives.length} ACKs received and each printed after it arrived`]);
  },
});
