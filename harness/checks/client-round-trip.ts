// `client-round-trip`: what the client sent reached the reference server (the typed lines, in
// order, for a client that reads stdin) and every echo came back and was printed.
import { z } from 'zod';
import { defineCheck, fail, pass } from './check.js';
import { peerConnections, program, show } from './queries.js';

export const clientRoundTrip = defineCheck({
  name: 'client-round-trip',
  summary: 'typed lines reach the server in order and each echo is printed',
  args: z.object({ program: z.string().default('program'), peer: z.string() }).strict(),
  requirement: () => 'each typed line reaches the server and each echo is printed',
  run(e, args) {
    const p = program(e, args.program);
    if (!p) return fail('the program to run', 'it was never started');
    const received = peerConnections(e, args.peer)
      .flatMap((c) => c.chunks.filter((k) => k.dir === 'from-program'))
      .sort((a, b) => a.t - b.t);
    if (received.length === 0) return fail('messages at the server', 'the server received nothing');
    const messages = received.map((k) => k.data.toString('utf8'));
    const typed = p.inputs.filter((i) => i.answer).map((i) => i.answer!) as string[];
    // The typed lines, in order, within what the server received (a line may arrive in pieces).
    const all = messages.join('');
    let at = 0;
    for (const line of typed) {
      const found = all.indexOf(line, at);
      if (found < 0) return fail(`the typed line ${show(line)} reaches the server`, `the server received ${messages.map((m) => show(m)).join(', ')}`);
      at = found + line.length;
    }
    for (const m of messages) {
      const text = m.trim();
      if (text && !p.stdout.includes(text)) return fail(`the echo ${show(text)} printed`, `stdout: ${show(p.stdout.slice(-300))}`);
    }
    return pass([`${messages.length} messages echoed and printed`]);
  },
});
