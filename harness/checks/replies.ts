// `replies`: each request sent on a connection gets the expected reply (compared after
// stripping surrounding whitespace). A reply is what arrived after the request and before the next.
import { z } from 'zod';
import { defineCheck, fail, pass } from './check.js';
import { chunks, connection, show } from './queries.js';

export const replies = defineCheck({
  name: 'replies',
  summary: 'each request on a TCP connection gets its expected reply',
  args: z.object({ conn: z.string(), expect: z.array(z.string()).min(1) }).strict(),
  requirement: ({ expect }) => (expect.length === 1 ? `the reply is ${show(expect[0]!)}` : `the replies are ${expect.map((x) => show(x)).join(', ')}`),
  run(e, { conn, expect }) {
    const c = connection(e, conn);
    const sent = chunks(c, 'to-program');
    const received = chunks(c, 'from-program');
    for (const [i, want] of expect.entries()) {
      const request = sent[i];
      if (!request) return fail(`request ${i + 1} to be sent`, 'the run stopped before it (see the steps)');
      const until = sent[i + 1]?.t ?? Infinity;
      const reply = Buffer.concat(received.filter((r) => r.t >= request.t && r.t < until).map((r) => r.data)).toString('utf8');
      if (reply.trim() !== want) {
        return fail(`${show(request.data.toString('utf8'))} → ${show(want)}`, `${show(request.data.toString('utf8'))} → ${reply ? show(reply) : 'no reply'}`);
      }
    }
    return pass([`${expect.length} replies as expected`]);
  },
});
