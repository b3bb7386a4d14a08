// `datagram-echoes`: every datagram sent from a harness socket came back, byte-exact, to that
// same socket (so to the sender's own address and port), in order, sent from the address and port
// the datagram went to: a reply from another socket never reaches a client that sends its next
// datagram to the reply's source, or one that used connect().
import { z } from 'zod';
import { formatBytes } from '../report/console.js';
import { defineCheck, fail, pass } from './check.js';
import { chunks, connection } from './queries.js';

export const datagramEchoes = defineCheck({
  name: 'datagram-echoes',
  summary: 'every datagram comes back exactly to the socket that sent it',
  args: z.object({ socket: z.string() }).strict(),
  requirement: () => 'each datagram comes back exactly to its sender',
  run(e, { socket }) {
    const c = connection(e, socket);
    const sent = chunks(c, 'to-program');
    const back = chunks(c, 'from-program');
    if (!c || sent.length === 0) return fail('datagrams sent', 'the run stopped before any was sent');
    for (const [i, d] of sent.entries()) {
      const r = back[i];
      if (!r) return fail(`datagram ${i + 1} of ${sent.length} back at ${c.local}: ${formatBytes(d.data)}`, 'nothing came back to this socket');
      if (!r.data.equals(d.data)) return fail(`datagram ${i + 1} back: ${formatBytes(d.data)}`, `received ${formatBytes(r.data)}`);
      if (r.remote !== d.remote) return fail(`datagram ${i + 1} back from ${d.remote}, where it was sent`, `it came from ${r.remote}, another socket`);
    }
    if (back.length > sent.length) return fail(`${sent.length} datagrams back`, `${back.length} datagrams back`);
    return pass([`${sent.length} datagrams echoed to ${c.local}`]);
  },
});
