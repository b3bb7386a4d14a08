// `reaches-every-receiver`: each typed line arrived at every reference receiver sharing the port
// (reference/shared-port-receiver.ts). A unicast to 127.0.0.1 reaches only one of them, so a line
// at all of them was broadcast. A line that did not is explained from the program's own sendto
// calls (seen through the shim): where it was sent, or what its sendto raised.
import { z } from 'zod';
import type { Evidence, SocketCall } from '../model/evidence.js';
import { describeExit, stderrTail } from '../program/describe.js';
import { defineCheck, fail, pass } from './check.js';
import { chunks, peerConnections, show } from './queries.js';
import { typedLines } from '../engine/steps/seeded-lines.js';

const SENDS = new Set(['sendto', 'sendmsg', 'send']);

/** Addresses that reach every receiver of the test network (loopback only): the limited broadcast
 *  ('<broadcast>' in Python) and loopback's own broadcast address. */
const TEST_NETWORK_BROADCASTS = new Set(['<broadcast>', '255.255.255.255', '127.255.255.255']);
/** Loopback's broadcast address reaches every receiver here, but on the course's LAN it reaches no
 *  other computer: a sender hard-coding it did not broadcast to the network. */
const LOOPBACK_BROADCAST = '127.255.255.255';

const hostOf = (addr: string | undefined) => addr?.replace(/:\d+$/, '') ?? '';

/** The successful send call that carried `line` (its first 32 bytes are recorded). */
function sendOf(calls: SocketCall[], line: string): SocketCall | undefined {
  const bytes = Buffer.from(line, 'utf8');
  return calls.find((c) => {
    if (c.error || !c.head) return false;
    const head = Buffer.from(c.head, 'hex');
    return head.length > 0 && (bytes.subarray(0, head.length).equals(head) || head.toString('utf8').trim() === line.trim());
  });
}

function sendError(call: SocketCall): string {
  const raised = `${call.call}(${call.addr ?? '...'}) raised ${call.error}`;
  const host = hostOf(call.addr);
  if (/Errno 13|Permission denied/i.test(call.error ?? ''))
    return `${raised}: a socket may send to a broadcast address only after setsockopt(SOL_SOCKET, SO_BROADCAST, 1)`;
  if (/Errno 101|unreachable/i.test(call.error ?? ''))
    return `${raised}: ${host} is not a broadcast address of the test network; '<broadcast>' (255.255.255.255) is what reaches every receiver here`;
  return raised;
}

/** Why `line` did not reach every receiver, from the program's recorded calls. */
function whyNot(e: Evidence, programName: string, line: string, reached: number, total: number): string {
  const head = `${show(line)} reached ${reached} of ${total} receivers`;
  const p = e.programs[programName];
  if (!p?.traced) return head;
  const sends = p.socketCalls.filter((c) => SENDS.has(c.call));
  const sent = sendOf(sends, line);
  if (sent) {
    const host = hostOf(sent.addr);
    return TEST_NETWORK_BROADCASTS.has(host) ? `${head} (it was sent to ${sent.addr})` : `${head}: it was sent to ${sent.addr ?? 'a connected address'}, not broadcast`;
  }
  // A failed connect() to the broadcast address counts too (a sender that connects, then send()s).
  const failed = p.socketCalls.find((c) => (SENDS.has(c.call) || c.call === 'connect') && c.kind !== 'tcp' && c.error);
  if (failed) return `${head}: ${sendError(failed)}`;
  const ended = p.exit && !p.exit.stoppedByHarness ? ` (the program ended: ${describeExit(p)}${stderrTail(p)})` : '';
  return `${head}: it was never sent${ended}`;
}

export const reachesEveryReceiver = defineCheck({
  name: 'reaches-every-receiver',
  summary: 'each typed line arrives at every reference receiver sharing the port (so it was broadcast)',
  args: z
    .object({
      peers: z.array(z.string()).min(1),
      /** The typed lines; without them, those recorded as typed to `program` (seeded lines). */
      lines: z.array(z.string()).min(1).optional(),
      program: z.string().default('program'),
    })
    .strict(),
  requirement: ({ peers }) => `each typed line reaches all ${peers.length} receivers sharing the port, so it was broadcast`,
  run(e, { peers, lines: given, program }) {
    const lines = given ?? typedLines(e.facts, program);
    if (!lines) return fail('the typed lines', `the run stopped before ${program} was started`);
    const received = peers.map((peer) => peerConnections(e, peer).flatMap((c) => chunks(c, 'from-program')).map((d) => d.data.toString('utf8').trim()));
    const problems: string[] = [];
    for (const line of lines) {
      const reached = received.filter((texts) => texts.includes(line.trim())).length;
      if (reached < peers.length) problems.push(whyNot(e, program, line, reached, peers.length));
    }
    const p = e.programs[program];
    const loopbackOnly = p?.traced ? lines.map((line) => sendOf(p.socketCalls.filter((c) => SENDS.has(c.call)), line)).find((c) => hostOf(c?.addr) === LOOPBACK_BROADCAST) : undefined;
    if (loopbackOnly && problems.length === 0)
      problems.push(`it was sent to ${loopbackOnly.addr}, loopback's own broadcast address: it reaches programs on the same computer only, never another host of the LAN; send to '<broadcast>' (255.255.255.255) or the LAN's broadcast address`);
    if (problems.length > 0) return fail(`each of ${lines.map((l) => show(l)).join(', ')} at all ${peers.length} receivers (${peers.join(', ')})`, problems[0]!, problems.slice(1));
    return pass([`each of the ${lines.length} lines reached ${peers.join(' and ')}`]);
  },
});
