// `recovers-message`: the client printed the message restored from the echoed frames, after it had
// received the whole echo (its own "sending ..." line printed before does not count), whatever
// segments the echo came in.
import { z } from 'zod';
import type { SocketCall } from '../model/evidence.js';
import { defineCheck, fail, pass } from './check.js';
import { peerConnections, program, show } from './queries.js';
import { RECEIVE_CALLS } from '../model/socket-calls.js';


export const recoversMessage = defineCheck({
  name: 'recovers-message',
  summary: 'the client prints the message restored from the echo, after receiving it',
  args: z.object({ program: z.string().default('program'), peer: z.string(), message: z.string() }).strict(),
  requirement: (a) => `the client prints the restored message ${show(a.message)} after it received the echo`,
  run(e, args) {
    const p = program(e, args.program);
    if (!p) return fail('the program to run', 'it was never started');
    const echoed = peerConnections(e, args.peer).flatMap((c) => c.chunks.filter((k) => k.dir === 'to-program'));
    const echoBytes = echoed.reduce((n, k) => n + k.data.length, 0);
    const want = `${show(args.message)} printed after the echo arrived`;
    if (echoBytes === 0) return fail(want, 'nothing was echoed to the program (it sent nothing?)');
    if (!p.traced) {
      // Not under the Python shim: when it received what is unknown, judge on stdout alone.
      return p.stdout.includes(args.message) ? pass([`printed ${show(args.message)} (when it arrived is not recorded: not under the Python shim)`]) : fail(want, `stdout: ${show(p.stdout.slice(-300))}`);
    }
    const receives = p.socketCalls.filter((c: SocketCall) => c.kind === 'tcp' && RECEIVE_CALLS.has(c.call) && !c.error && (c.size ?? 0) > 0);
    let total = 0;
    const whole = receives.find((c) => (total += c.size ?? 0) >= echoBytes);
    if (!whole) {
      const last = receives.at(-1)?.printedBefore;
      const printedAfter = last !== undefined && Array.from(p.stdout).slice(last).join('').includes(args.message);
      const why = `it received ${total} of the ${echoBytes} bytes sent to it (${receives.length} reads)`;
      return fail(want, printedAfter ? `${why}, and printed the message without the rest` : `${why}, and did not print the message after them`, [`stdout: ${show(p.stdout.slice(-300))}`]);
    }
    const after = whole.printedBefore === undefined ? p.stdout : Array.from(p.stdout).slice(whole.printedBefore).join('');
    if (!after.includes(args.message)) {
      const why = p.stdout.includes(args.message) ? 'it was printed only before the program received the echo (its own line, not the restored message)' : 'it was never printed';
      return fail(want, why, [`printed after the echo arrived: ${show(after.slice(-300))}`]);
    }
    return pass([`received the ${echoBytes} echoed bytes in ${receives.indexOf(whole) + 1} reads, then printed ${show(args.message)}`]);
  },
});
