// `echoes`: every message the harness sent on a connection came back byte-exact, in order,
// each before the next message was sent.
import { z } from 'zod';
import { formatBytes } from '../report/console.js';
import { defineCheck, fail, pass } from './check.js';
import type { WireChunk } from '../model/evidence.js';
import { chunks, connection, notConnected } from './queries.js';

export const echoes = defineCheck({
  name: 'echoes',
  summary: 'every message sent on a TCP connection comes back exactly, in order',
  args: z.object({ conn: z.string() }).strict(),
  requirement: () => 'every message comes back exactly, in order',
  run(e, { conn }) {
    const missing = notConnected(e, conn);
    if (missing) return fail('a connection to the program', missing);
    const c = connection(e, conn);
    const sent = chunks(c, 'to-program');
    if (!c || sent.length === 0) return fail('a connection that sent messages', `connection ${conn} sent nothing (the run stopped before)`);
    const received = chunks(c, 'from-program');
    const got = Buffer.concat(received.map((k) => k.data));
    let offset = 0;
    for (const [i, message] of sent.entries()) {
      const slice = got.subarray(offset, offset + message.data.length);
      if (!slice.equals(message.data)) {
        const details = [`message ${i + 1} of ${sent.length}; ${got.length} bytes came back in all, ${Buffer.concat(sent.map((s) => s.data)).length} were sent`];
        return fail(`sent ${formatBytes(message.data)}`, slice.length ? `received ${formatBytes(slice)}` : 'received nothing back', details);
      }
      offset += message.data.length;
      const next = sent[i + 1];
      if (next && !echoedBefore(c!.chunks, offset, next)) {
        return fail(`the echo of message ${i + 1} before message ${i + 2} is sent`, `it arrived only after message ${i + 2} was sent`);
      }
    }
    if (got.length > offset) return fail(`${offset} bytes back`, `${got.length} bytes back; extra: ${formatBytes(got.subarray(offset))}`);
    return pass([`${sent.length} messages, ${offset} bytes echoed`]);
  },
});

/** Had `total` bytes come back before chunk `next` was sent? (arrival order, not clock time) */
function echoedBefore(all: WireChunk[], total: number, next: WireChunk): boolean {
  let sum = 0;
  for (const chunk of all) {
    if (chunk === next) return sum >= total;
    if (chunk.dir === 'from-program') sum += chunk.data.length;
  }
  return false;
}
