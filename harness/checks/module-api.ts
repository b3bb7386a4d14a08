// `module-api`: the steps a Python driver ran against the student's module, each reported as a
// "LABCHECK-API {json}" line on stdout, all succeeded.
import { z } from 'zod';
import { defineCheck, fail, pass } from './check.js';
import { program } from './queries.js';

const Line = z.object({
  step: z.string(),
  ok: z.boolean(),
  value: z.string().nullable().optional(),
  error: z.string().nullable().optional(),
  /** What was wrong beyond the value, e.g. "listen() had not been called when TCPServer() returned". */
  problem: z.string().optional(),
});

export function apiSteps(stdout: string): z.infer<typeof Line>[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('LABCHECK-API '))
    .flatMap((l) => {
      // A line can be cut (output cap) or interleaved with the module's own prints: skip it.
      let json: unknown;
      try {
        json = JSON.parse(l.slice('LABCHECK-API '.length));
      } catch {
        return [];
      }
      const parsed = Line.safeParse(json);
      return parsed.success ? [parsed.data] : [];
    });
}

export const moduleApi = defineCheck({
  name: 'module-api',
  summary: 'each step of the module driver behaves as the lab specifies',
  args: z
    .object({ program: z.string().default('program'), steps: z.record(z.string(), z.string()) })
    .strict()
    .refine((a) => Object.keys(a.steps).length > 0, { message: 'name at least one step' }),
  requirement: () => 'the module behaves as the lab specifies at every step',
  run(e, args) {
    const p = program(e, args.program);
    if (!p) return fail('the driver to run', 'it was never started');
    const done = apiSteps(p.stdout);
    for (const [step, expectation] of Object.entries(args.steps)) {
      // A step may be reported twice: its result, then a later finding about it (construct: listening?).
      const reports = done.filter((d) => d.step === step);
      const r = reports.find((d) => !d.ok) ?? reports[0];
      if (!r) return fail(`${step}: ${expectation}`, 'the step was never reached (an earlier step blocked or crashed)');
      if (!r.ok) return fail(`${step}: ${expectation}`, r.problem ?? (r.error ? `raised ${r.error}` : `returned ${r.value}`));
    }
    return pass(done.map((d) => `${d.step}: ${d.value ?? d.error}`));
  },
});
