// `prints`: the program's stdout contains a text: given, or a fact a reference peer recorded
// (e.g. the time string the reference server sent).
import { z } from 'zod';
import { defineCheck, fail, pass } from './check.js';
import { program, show } from './queries.js';

export const prints = defineCheck({
  name: 'prints',
  summary: "the program's stdout contains the given texts (or recorded facts)",
  args: z
    .object({ program: z.string().default('program'), texts: z.array(z.string()).default([]), facts: z.array(z.string()).default([]) })
    .strict()
    .refine((a) => a.texts.length + a.facts.length > 0, { message: 'give texts or facts' }),
  requirement: ({ texts }) => (texts.length ? `the program prints ${texts.map((t) => show(t)).join(' and ')}` : 'the program prints what it received'),
  run(e, args) {
    const p = program(e, args.program);
    if (!p) return fail('the program to run', 'it was never started');
    const wanted = [...args.texts];
    for (const key of args.facts) {
      const value = e.facts[key];
      if (typeof value !== 'string') return fail(`the fact ${key} to be recorded`, 'it was not (the reference peer never got that far)');
      wanted.push(value);
    }
    for (const text of wanted) {
      if (!p.stdout.includes(text)) {
        const lastLines = p.stdout.trimEnd().split('\n').slice(-3).join('\n');
        return fail(`stdout contains ${show(text)}`, p.stdout ? `it does not; stdout ends with ${show(lastLines)}` : 'the program printed nothing');
      }
    }
    return pass();
  },
});
