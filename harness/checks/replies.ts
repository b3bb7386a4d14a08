// `replies`: each request sent on a connection gets the reply the scenario declared for it
// (compared after stripping surrounding whitespace). A reply is what arrived after the request
// and before the next one.
import { z } from 'zod';
import { defineCheck, fail, pass } from './check.js';
import { connection, show } from './queries.js';
import type { WireChunk } from '../model/evidence.js';
import { replyState } from '../formats/answers.js';

interface Expected {
  /** Index of the request among the messages sent on the connection. */
  message: number;
  reply: string;
}

export const replies = defineCheck({
  name: 'replies',
  summary: 'each request on a TCP connection gets the reply declared for it in the exchange step',
  args: z.object({ conn: z.string() }).strict(),
  requirement: () => 'each request gets its expected reply',
  run(e, { conn }) {
    const expected = (e.facts[`${conn}.expectedReplies`] ?? []) as Expected[];
    if (expected.length === 0) return fail('requests with expected replies', 'none was sent (the run stopped before)');
    const c = connection(e, conn);
    const replies = splitByRequest(c?.chunks ?? []);
    for (const { message, reply: want } of expected) {
      const turn = replies[message];
      if (!turn) return fail(`request ${message + 1} to be sent`, 'the run stopped before it (see the steps)');
      const bytes = Buffer.concat(turn.replies);
      const reply = bytes.toString('utf8');
      if (replyState(bytes, want) !== 'complete') {
        const asked = show(turn.request.toString('utf8'));
        return fail(`${asked} → ${show(want)}`, `${asked} → ${reply ? show(reply) : 'no reply'}`);
      }
    }
    return pass([`${expected.length} replies as expected`]);
  },
});

/** Each request with the bytes that came back after it and before the next request (in arrival order). */
function splitByRequest(all: WireChunk[]): { request: Buffer; replies: Buffer[] }[] {
  const turns: { request: Buffer; replies: Buffer[] }[] = [];
  for (const chunk of all) {
    if (chunk.dir === 'to-program') turns.push({ request: chunk.data, replies: [] });
    else turns.at(-1)?.replies.push(chunk.data);
  }
  return turns;
}
