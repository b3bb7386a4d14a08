// `every-copy-prints`: every message the harness broadcast (the datagrams sent on `socket`) is
// printed by each running copy of the receiver, after it was sent. What a copy missed is named,
// with the reason when the evidence shows one (its bind failed, it bound an address no broadcast
// is sent to, it ended).
import { z } from 'zod';
import type { Evidence } from '../model/evidence.js';
import { defineCheck, fail, pass } from './check.js';
import { chunks, connection, show } from './queries.js';
import { boundUdpAddress, copyTrouble, pythonAddress } from './program-copies.js';

/** A bind to one address (127.0.0.1, the host's own) never hears 255.255.255.255. */
function boundAddressNote(e: Evidence, name: string): string | undefined {
  const p = e.programs[name];
  const bound = p && boundUdpAddress(p);
  const host = bound?.replace(/:\d+$/, '');
  if (!host || host === '0.0.0.0' || host === '' || host === '255.255.255.255') return undefined;
  const port = /:(\d+)$/.exec(bound ?? '')?.[1] ?? 'port';
  return `it bound ${pythonAddress(bound)}: a socket bound to one address gets no broadcast; bind(('', ${port})) to receive them`;
}

export const everyCopyPrints = defineCheck({
  name: 'every-copy-prints',
  summary: 'each running copy of the receiver prints every message broadcast to it',
  args: z.object({ socket: z.string(), programs: z.array(z.string()).min(1) }).strict(),
  requirement: ({ programs }) => `each of the ${programs.length} running copies prints every broadcast message`,
  run(e, { socket, programs }) {
    const sent = chunks(connection(e, socket), 'to-program').map((c) => ({ t: c.t, text: c.data.toString('utf8') }));
    const messages = sent.map((m) => show(m.text)).join(', ');
    if (sent.length === 0) return fail('broadcast messages sent', 'the run stopped before any was sent');
    const problems: string[] = [];
    for (const name of programs) {
      const p = e.programs[name];
      const printedAfter = (t: number) =>
        (p?.output ?? [])
          .filter((o) => o.stream === 'stdout' && o.t >= t)
          .map((o) => o.text)
          .join('');
      const missed = sent.filter((m) => !printedAfter(m.t).includes(m.text));
      if (missed.length === 0) continue;
      const what = missed.length === sent.length ? `printed none of the ${sent.length} messages` : `did not print ${missed.map((m) => show(m.text)).join(', ')} (${missed.length} of ${sent.length})`;
      const why = copyTrouble(e, name) ?? boundAddressNote(e, name);
      problems.push(`${name} ${what}${why ? `: ${why}` : ''}`);
    }
    if (problems.length > 0) return fail(`${programs.join(' and ')} each print ${messages}`, problems[0]!, problems.slice(1));
    return pass([`${programs.join(' and ')} each printed the ${sent.length} messages: ${messages}`]);
  },
});
