// Checks on how a client program ends: after its quit input, or after the server closed.
import { z } from 'zod';
import { defineCheck, fail, pass } from './check.js';
import { eventTime, peerConnections, program, seconds } from './queries.js';

export const quitsOnInput = defineCheck({
  name: 'quits-on-input',
  summary: 'after its last typed line (its quit input) the client closes the connection and exits',
  args: z.object({ program: z.string().default('program'), peer: z.string(), withinMs: z.number().int().positive().default(3000) }).strict(),
  requirement: ({ withinMs }) => `after its quit input the program closes the connection and exits within ${seconds(withinMs)}`,
  run(e, args) {
    const p = program(e, args.program);
    if (!p) return fail('the program to run', 'it was never started');
    const typed = p.inputs.filter((i) => i.answer !== null);
    const from = typed.at(-1)?.t ?? p.startedAt;
    const quitLine = typed.at(-1)?.answer;
    const conns = peerConnections(e, args.peer);
    if (conns.length === 0) return fail('a connection to the server', 'the program never connected');
    if (!p.exit || p.exit.stoppedByHarness) return fail(`exit within ${seconds(args.withinMs)} after typing ${JSON.stringify(quitLine ?? '')}`, 'the program was still running; the harness stopped it');
    const open = conns.filter((c) => eventTime(c, 'program-closed') === undefined && eventTime(c, 'program-reset') === undefined);
    if (open.length) return fail('the connection closed', 'the program exited but never closed it (the server saw no FIN)'); // exit closes sockets: only hit if the peer missed it
    if (p.exit.t - from > args.withinMs) return fail(`exit within ${seconds(args.withinMs)}`, `exited after ${seconds(p.exit.t - from)}`);
    return pass([quitLine !== undefined ? `exited ${p.exit.t - from} ms after typing ${JSON.stringify(quitLine)}` : 'exited']);
  },
});

export const endsAfterServerClose = defineCheck({
  name: 'ends-after-server-close',
  summary: 'when the server closes the connection, the client ends (does not hang)',
  args: z.object({ program: z.string().default('program'), peer: z.string(), withinMs: z.number().int().positive().default(3000) }).strict(),
  requirement: ({ withinMs }) => `when the server closes the connection, the program ends within ${seconds(withinMs)}`,
  run(e, args) {
    const p = program(e, args.program);
    if (!p) return fail('the program to run', 'it was never started');
    const closedAt = peerConnections(e, args.peer)
      .map((c) => eventTime(c, 'harness-closed'))
      .find((t) => t !== undefined);
    if (closedAt === undefined) return fail('the server to close the connection', 'it never did (the program did not connect or send)');
    if (!p.exit || p.exit.stoppedByHarness) {
      const asked = p.inputs.filter((i) => i.t > closedAt && i.answer === null).length;
      return fail(`the program ends within ${seconds(args.withinMs)} after the server closed`, asked ? 'it was still running, waiting for more input' : 'it was still running; the harness stopped it');
    }
    const took = p.exit.t - closedAt;
    if (took > args.withinMs) return fail(`ends within ${seconds(args.withinMs)}`, `ended after ${seconds(took)}`);
    return pass([`ended ${Math.max(0, took)} ms after the server closed`]);
  },
});

