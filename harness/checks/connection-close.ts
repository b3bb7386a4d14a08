// `closes-connection`: the program closed its side of a connection (FIN, or a reset) in time,
// counted from when the harness closed its side or from the last byte the program sent.
import { z } from 'zod';
import { defineCheck, fail, pass } from './check.js';
import { chunks, connection, duringTeardown, eventTime, notConnected, seconds } from './queries.js';

export const closesConnection = defineCheck({
  name: 'closes-connection',
  summary: 'the program closes its side of a TCP connection in time',
  args: z.object({ conn: z.string(), after: z.enum(['harness-close', 'last-data']), withinMs: z.number().int().positive().default(2000) }).strict(),
  requirement: ({ after, withinMs }) =>
    after === 'harness-close' ? `after the client closes, the program closes its side within ${seconds(withinMs)}` : `the program closes the connection within ${seconds(withinMs)} after sending`,
  run(e, { conn, after, withinMs }) {
    const missing = notConnected(e, conn);
    if (missing) return fail('a connection to the program', missing);
    const c = connection(e, conn)!;
    const from = after === 'harness-close' ? (eventTime(c, 'harness-closed') ?? eventTime(c, 'harness-reset')) : chunks(c, 'from-program').at(-1)?.t;
    if (from === undefined) {
      return after === 'harness-close' ? fail('the harness closes first', 'the run stopped before that') : fail('the program sends, then closes', 'the program sent nothing on this connection');
    }
    // Either way of closing is accepted: FIN (close) or RST (e.g. closed with unread data).
    const expected = `the program closes the connection, FIN or RST, within ${seconds(withinMs)}`;
    const closed = eventTime(c, 'program-closed') ?? eventTime(c, 'program-reset');
    if (closed === undefined) return fail(expected, 'the program kept it open');
    if (duringTeardown(e, closed)) return fail(expected, 'the program kept it open until the harness stopped the program');
    if (closed - from > withinMs) return fail(expected, `closed after ${seconds(closed - from)}`);
    const how = eventTime(c, 'program-closed') !== undefined ? 'closed (FIN)' : 'reset (RST)';
    return pass([`${how} ${Math.max(0, closed - from)} ms after`]);
  },
});
