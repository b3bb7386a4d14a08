// Checks of the ARQ servers (errorcontrol_UDP_server.py, exercise 11-7), on the harness's own
// UDP sockets: what each sent to the program and what came back.
//   acks:         every reply is 'ACK', at the socket that sent, from the address it went to;
//                 each socket gets at least one; never more replies than messages.
//   loss-rate:    the share of messages left unanswered is `share` ± `within` (inclusive).
//   acks-or-naks: every message gets exactly one reply, 'ACK' or 'NAK', and both occur.
import { z } from 'zod';
import type { WireChunk } from '../model/evidence.js';
import { formatBytes } from '../report/console.js';
import { defineCheck, fail, pass } from './check.js';
import { chunks, connection } from './queries.js';

/** 'ACK' exactly once surrounding whitespace is stripped; a wrong case is named as such. */
function wrongWord(data: Buffer, words: string[]): string | undefined {
  const text = data.toString('utf8').trim();
  if (words.includes(text)) return undefined;
  const sameLetters = words.find((w) => w.toLowerCase() === text.toLowerCase());
  return sameLetters ? `${formatBytes(data)}: the reply is ${JSON.stringify(sameLetters)} in capitals` : formatBytes(data);
}

export const acks = defineCheck({
  name: 'acks',
  summary: "every reply is 'ACK' and comes back to the socket that sent, from the address it sent to; each socket gets one; never more replies than messages",
  args: z.object({ sockets: z.array(z.string()).min(1) }).strict(),
  requirement: () => "each message the server keeps is answered 'ACK' at the sender's address",
  run(e, args) {
    const details: string[] = [];
    for (const name of args.sockets) {
      const c = connection(e, name);
      const sent = chunks(c, 'to-program');
      const back = chunks(c, 'from-program');
      if (!c || sent.length === 0) return fail(`messages sent from ${name}`, 'the run stopped before any was sent');
      for (const r of back) {
        const wrong = wrongWord(r.data, ['ACK']);
        if (wrong) return fail("'ACK'", `${name} (${c.local}) received ${wrong}`);
        if (r.remote !== sent[0]!.remote) return fail(`'ACK' from ${sent[0]!.remote}, where the messages went`, `it came from ${r.remote}, another socket (a client that used connect() never sees it)`);
      }
      if (back.length > sent.length) return fail(`at most one 'ACK' per message at ${c.local}`, `${back.length} ACKs for ${sent.length} messages (replies going to the wrong client?)`);
      if (back.length === 0) return fail(`at least one 'ACK' at ${c.local} (${name}), which sent ${sent.length} messages`, 'none came back to it');
      details.push(`${name}: ${back.length} ACKs for ${sent.length} messages`);
    }
    return pass(details);
  },
});

export const lossRate = defineCheck({
  name: 'loss-rate',
  summary: 'of `messages` messages, the share left unanswered is `share` ± `within` (inclusive)',
  args: z.object({ socket: z.string(), messages: z.number().int().positive(), share: z.number().min(0).max(1), within: z.number().min(0).max(1) }).strict(),
  requirement: ({ share, within }) => `the server loses ${Math.round(share * 100)} % ± ${Math.round(within * 100)} points of the messages`,
  run(e, args) {
    const c = connection(e, args.socket);
    const sent = chunks(c, 'to-program').length;
    const replies = chunks(c, 'from-program').length;
    const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
    const range = `${pct(args.share - args.within)} to ${pct(args.share + args.within)}`;
    if (sent < args.messages) return fail(`${args.messages} messages sent`, `the run stopped after ${sent}`);
    if (replies > sent) return fail(`at most one reply per message`, `${replies} replies to ${sent} messages`);
    const lost = sent - replies;
    const share = lost / sent;
    // Compared on whole counts, so 30 % ± 10 points means exactly 80..160 of 400, both included.
    const lowest = Math.ceil(sent * (args.share - args.within) - 1e-9);
    const highest = Math.floor(sent * (args.share + args.within) + 1e-9);
    const line = `${lost} of ${sent} messages unanswered (${pct(share)})`;
    if (lost < lowest || lost > highest) return fail(`${range} unanswered (${lowest} to ${highest} of ${sent})`, line);
    return pass([line]);
  },
});

export const acksOrNaks = defineCheck({
  name: 'acks-or-naks',
  summary: "every message gets exactly one reply, 'ACK' or 'NAK', and both occur",
  args: z.object({ socket: z.string(), messages: z.number().int().positive() }).strict(),
  requirement: () => "every message is answered once: 'NAK' on a simulated error, else 'ACK'",
  run(e, args) {
    const c = connection(e, args.socket);
    const sent = chunks(c, 'to-program');
    const back = chunks(c, 'from-program');
    if (sent.length === 0) return fail('messages sent', 'the run stopped before any was sent');
    const counts = { ACK: 0, NAK: 0 };
    for (const [i, m] of sent.entries()) {
      const until = sent[i + 1]?.t ?? Infinity;
      const answers: WireChunk[] = back.filter((r) => r.t >= m.t && r.t < until);
      if (answers.length !== 1) return fail(`one reply to message ${i + 1} (${formatBytes(m.data)})`, answers.length === 0 ? 'no reply (a message dropped silently is not NAKed)' : `${answers.length} replies`);
      const wrong = wrongWord(answers[0]!.data, ['ACK', 'NAK']);
      if (wrong) return fail(`'ACK' or 'NAK' to message ${i + 1}`, wrong);
      counts[answers[0]!.data.toString('utf8').trim() as 'ACK' | 'NAK']++;
    }
    if (sent.length < args.messages) return fail(`${args.messages} messages sent`, `the run stopped after ${sent.length}`);
    const line = `${counts.ACK} ACKs and ${counts.NAK} NAKs for ${sent.length} messages`;
    if (counts.NAK === 0) return fail("'NAK' on a simulated error (some of the messages)", `${line}: never a NAK`);
    if (counts.ACK === 0) return fail("'ACK' when there is no error", `${line}: never an ACK`);
    return pass([line]);
  },
});
