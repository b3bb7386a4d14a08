// `echoes`: every message the harness sent on a connection came back byte-exact, in order,
// each before the next message was sent.
import { z } from 'zod';
import { formatBytes } from '../report/console.js';
import { defineCheck, fail, pass } from './check.js';
import { chunks, connection } from './queries.js';

export const echoes = defineCheck({
  name: 'echoes',
  summary: 'every message sent on a TCP connection comes back exactly, in order',
  args: z.object({ conn: z.string() }).strict(),
  requirement: () => 'every message comes back exactly, in order',
  run(e, { conn }) {
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
      if (next) {
        const arrived = timeWhenTotalReached(received, offset);
        if (arrived === undefined || arrived > next.t) {
          return fail(`the echo of message ${i + 1} before message ${i + 2} is sent`, `it arrived only after message ${i + 2} was sent`);
        }
      }
    }
    if (got.length > offset) return fail(`${offset} bytes back`, `${got.length} bytes back; extra: ${formatBytes(got.subarray(offset))}`);
    return pass([`${sent.length} messages, ${offset} bytes echoed`]);
  },
});

function timeWhenTotalReached(received: { t: number; data: Buffer }[], total: number): number | undefined {
  let sum = 0;
  for (const r of received) {
    sum += r.data.length;
    if (sum >= total) return r.t;
  }
  return undefined;
}
