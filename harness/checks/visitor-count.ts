// `counts-connections`: the k-th connection's message contains the number k.
import { z } from 'zod';
import { defineCheck, fail, pass } from './check.js';
import { bytes, connection, notConnected, show } from './queries.js';

export const countsConnections = defineCheck({
  name: 'counts-connections',
  summary: "the k-th connection's message contains the number k",
  args: z.object({ conns: z.array(z.string()).min(1) }).strict(),
  requirement: () => "the k-th connection's message contains the number k",
  run(e, { conns }) {
    for (const [i, name] of conns.entries()) {
      const k = i + 1;
      const missing = notConnected(e, name);
      if (missing) return fail(`connection ${k}: a message with the number ${k}`, missing);
      const text = bytes(connection(e, name), 'from-program').toString('utf8');
      // Addresses and clock times are not visitor numbers ("127.0.0.1", "14:24:35").
      const cleaned = text.replace(/\d{1,3}(\.\d{1,3}){3}/g, ' ').replace(/\d{1,2}(:\d\d){1,2}/g, ' ');
      const numbers = (cleaned.match(/\d+/g) ?? []).map(Number);
      if (!numbers.includes(k)) return fail(`connection ${k}: a message with the number ${k}`, text ? `received ${show(text)}` : 'received nothing');
    }
    return pass([`${conns.length} connections counted`]);
  },
});
