// Checks of exercise 11-6 (bin-dec-udp): a number travels as a pickled (number, 'd'|'b') tuple,
// as an int or as a str; the answer is the other base with the other letter.
//   converts:        the program (server) answered each request with the expected conversion.
//   client-converts: the program (client) sent the typed number and printed the conversion.
import { z } from 'zod';
import { readConversion } from '../../reference/bin-dec/conversion.js';
import { formatBytes } from '../report/console.js';
import { defineCheck, fail, pass } from './check.js';
import { connection, program } from './queries.js';

const Pair = z.tuple([z.union([z.number().int(), z.string()]), z.enum(['d', 'b'])]);
const showPair = ([n, k]: readonly [number | string, string]) => `(${n}, '${k}')`;

export const converts = defineCheck({
  name: 'converts',
  summary: "each pickled request is answered with the pickled conversion (number as int or str)",
  args: z.object({ socket: z.string(), expect: z.array(Pair).min(1) }).strict(),
  requirement: () => "each (number, 'd'|'b') is answered with the number in the other base",
  run(e, args) {
    const c = connection(e, args.socket);
    const replies = c?.chunks.filter((k) => k.dir === 'from-program') ?? [];
    const forms: string[] = [];
    for (const [i, want] of args.expect.entries()) {
      const reply = replies[i];
      if (!reply) return fail(`answer ${i + 1}: ${showPair(want)}`, 'no answer came back');
      const got = readConversion(reply.data);
      if ('problem' in got) return fail(`answer ${i + 1}: ${showPair(want)} pickled`, `${got.problem} (${formatBytes(reply.data)})`);
      if (got.digits !== String(want[0]) || got.kind !== want[1]) return fail(`answer ${i + 1}: ${showPair(want)}`, `(${got.form === 'str' ? `'${got.digits}'` : got.digits}, '${got.kind}')`);
      forms.push(got.form);
    }
    return pass([`${args.expect.length} answers right; the number travelled as ${[...new Set(forms)].join(' and ')}`]);
  },
});

export const clientConverts = defineCheck({
  name: 'client-converts',
  summary: 'the typed number reaches the server as a pickled tuple, and the answer is printed',
  args: z.object({ program: z.string().default('program'), conn: z.string(), request: Pair, answer: z.string() }).strict(),
  requirement: () => "the typed number and base go to the server as a pickled tuple, and the converted number is printed",
  run(e, args) {
    const p = program(e, args.program);
    if (!p) return fail('the program to run', 'it was never started');
    const until = p.exit?.t ?? e.endedAt;
    const c = connection(e, args.conn);
    const mine = c?.chunks.filter((k) => k.dir === 'from-program' && k.t >= p.startedAt && k.t <= until) ?? [];
    if (mine.length === 0) return fail(`${showPair(args.request)} at the server`, 'the server received nothing from this run');
    const requests = mine.map((k) => ({ k, r: readConversion(k.data) }));
    const right = requests.find(({ r }) => !('problem' in r) && r.digits === String(args.request[0]) && r.kind === args.request[1]);
    if (!right) {
      const first = requests[0]!;
      return fail(`${showPair(args.request)} pickled`, 'problem' in first.r ? first.r.problem : `(${first.r.digits}, '${first.r.kind}')`);
    }
    const form = 'problem' in right.r ? '' : right.r.form;
    const answeredAt = c!.chunks.find((k) => k.dir === 'to-program' && k.t >= right.k.t)?.t;
    if (answeredAt === undefined) return fail('an answer from the reference server', 'it did not answer');
    const printed = p.output.filter((o) => o.stream === 'stdout' && o.t >= answeredAt).map((o) => o.text).join('');
    if (!new RegExp(`(^|\\D)${args.answer}(\\D|$)`).test(printed)) {
      return fail(`${args.answer} printed after the answer came`, printed.trim() ? `it printed ${JSON.stringify(printed.trim().slice(-200))}` : 'it printed nothing after the answer');
    }
    return pass([`sent the number as ${form}; printed ${args.answer}`]);
  },
});
