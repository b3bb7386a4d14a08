// `client-round-trip`: what the client sent reached the reference server (for a client that reads
// stdin: every line the scenario types, in order) and every echo was printed after the program
// received it (its own "sending ..." line does not count), however TCP segmented the bytes.
import { z } from 'zod';
import type { ProgramEvidence, SocketCall } from '../model/evidence.js';
import { defineCheck, fail, pass } from './check.js';
import { peerConnections, program, show } from './queries.js';
import { RECEIVE_CALLS } from '../model/socket-calls.js';


export const clientRoundTrip = defineCheck({
  name: 'client-round-trip',
  summary: 'every typed line reaches the server in order and each echo is printed after it arrived',
  args: z.object({ program: z.string().default('program'), peer: z.string(), lines: z.array(z.string()).default([]) }).strict(),
  requirement: () => 'each typed line reaches the server and each echo is printed',
  run(e, args) {
    const p = program(e, args.program);
    if (!p) return fail('the program to run', 'it was never started');
    const conns = peerConnections(e, args.peer);
    const received = conns.flatMap((c) => c.chunks.filter((k) => k.dir === 'from-program')).sort((a, b) => a.t - b.t);
    if (received.length === 0) return fail('messages at the server', 'the server received nothing');
    const messages = received.map((k) => k.data.toString('utf8'));
    // A client that reads stdin (beyond address questions) must send every line the scenario types.
    const readsStdin = p.inputs.some((i) => i.answer === null || i.answer !== '');
    const all = messages.join('');
    let at = 0;
    for (const line of readsStdin ? args.lines : []) {
      const found = all.indexOf(line, at);
      if (found < 0) return fail(`the typed line ${show(line)} reaches the server`, `the server received ${messages.map((m) => show(m)).join(', ')}`);
      at = found + line.length;
    }
    const echoes = conns.flatMap((c) => c.chunks.filter((k) => k.dir === 'to-program')).sort((a, b) => a.t - b.t);
    const arrivals = receiveOffsets(p);
    let echoedBytes = 0;
    for (const echo of echoes) {
      echoedBytes += echo.data.length;
      const text = echo.data.toString('utf8').trim();
      if (!text) continue;
      const from = arrivals?.find((r) => r.total >= echoedBytes)?.printedBefore;
      if (arrivals && from === undefined) return fail(`the echo ${show(text)} received and printed`, 'the program never received it in full');
      const after = from === undefined ? p.stdout : Array.from(p.stdout).slice(from).join('');
      if (!after.includes(text)) {
        const why = from !== undefined && p.stdout.includes(text) ? 'it was printed only before the program received the echo (its own line, not the echo)' : `stdout: ${show(p.stdout.slice(-300))}`;
        return fail(`the echo ${show(text)} printed after it was received`, why);
      }
    }
    return pass([`${messages.length} messages sent, ${echoes.length} echoes printed${arrivals ? ' after they arrived' : ' (when they arrived is not recorded: not under the Python shim)'}`]);
  },
});

/** For each receive of the program (traced): the bytes received so far and what it had printed then. */
function receiveOffsets(p: ProgramEvidence): { total: number; printedBefore: number }[] | undefined {
  if (!p.traced) return undefined;
  const calls = p.socketCalls.filter((c: SocketCall) => RECEIVE_CALLS.has(c.call) && !c.error && (c.size ?? 0) > 0);
  // Nothing recorded (reads the shim does not see): judge on stdout alone rather than fail.
  if (calls.length === 0 || calls.some((c) => c.printedBefore === undefined)) return undefined;
  let total = 0;
  return calls.map((c) => ({ total: (total += c.size ?? 0), printedBefore: c.printedBefore! }));
}
