// `frame-format`: capsule.frame(start_ch, addr, seqNo, msg), called by the driver
// (harness/drivers/frame_api.py) once per case, returned exactly the course's frame. A failure
// shows the expected and returned frames as repr and hex and names the first field that differs.
import { z } from 'zod';
import { defineCheck, fail, pass } from './check.js';
import { program } from './queries.js';
import { FIELDS, buildFrame, hex, pyRepr, splitFields } from '../formats/frames.js';

const Case = z.tuple([z.number().int(), z.number().int(), z.number().int(), z.string()]);
type Case = z.infer<typeof Case>;

const Report = z.object({
  args: z.array(z.unknown()),
  error: z.string().nullable(),
  type: z.string().optional(),
  repr: z.string().optional(),
  value: z.string().nullable().optional(),
});
type Report = z.infer<typeof Report>;

export function frameReports(stdout: string): Report[] {
  return stdout
    .split('\n')
    .filter((l) => l.startsWith('LABCHECK-FRAME '))
    .flatMap((l) => {
      try {
        const parsed = Report.safeParse(JSON.parse(l.slice('LABCHECK-FRAME '.length)));
        return parsed.success ? [parsed.data] : [];
      } catch {
        return []; // a line cut by the output cap, or mixed with the module's own prints
      }
    });
}

/** The cases the driver announced before it imported the module (its first such line: what the
 *  module prints later cannot change them). */
export function announcedCases(stdout: string): Case[] | undefined {
  const line = stdout.split('\n').find((l) => l.startsWith('LABCHECK-FRAME-CASES '));
  if (!line) return undefined;
  try {
    const parsed = z.array(Case).safeParse(JSON.parse(line.slice('LABCHECK-FRAME-CASES '.length)));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const call = (c: Case) => `frame(${c[0]}, ${c[1]}, ${c[2]}, ${pyRepr(c[3])})`;

/** Why `actual` is not `expected`, field by field (the first field that differs). */
export function fieldDifference(expected: string, actual: string): string {
  const want = splitFields(expected);
  const got = splitFields(actual);
  const field = FIELDS.find((f) => want[f.name] !== got[f.name]);
  if (!field) return 'the frames are equal';
  const lengths = [...actual].length !== [...expected].length ? ` (the frame is ${[...actual].length} characters, ${[...expected].length} expected)` : '';
  return `the ${field.name} field differs: expected ${pyRepr(want[field.name])}, got ${pyRepr(got[field.name])}${lengths}`;
}

export const frameFormat = defineCheck({
  name: 'frame-format',
  summary: "capsule.frame() returns start char + 2-digit address + 4-digit sequence + 4-digit length + payload",
  args: z.object({ program: z.string().default('program') }).strict(),
  requirement: () => "frame(start_ch, addr, seqNo, msg) returns f'{start_ch:c}{addr:02d}{seqNo:04d}{len(msg):04d}{msg}'",
  run(e, args) {
    const p = program(e, args.program);
    if (!p) return fail('the driver to run', 'it was never started');
    const cases = announcedCases(p.stdout);
    if (!cases || cases.length === 0) return fail('the driver to announce the cases it calls frame() with', `it announced none${p.stderr ? ` (stderr: ${p.stderr.trim().split('\n').at(-1)})` : ''}`);
    const reports = frameReports(p.stdout);
    const lines: string[] = [];
    for (const c of cases) {
      const expected = buildFrame(...c);
      const r = reports.find((x) => JSON.stringify(x.args) === JSON.stringify(c));
      const want = `${call(c)} returns ${pyRepr(expected)}`;
      if (!r) return fail(want, 'it was never called (importing the module or an earlier call blocked or crashed)', lines);
      if (r.error) return fail(want, `it raised ${r.error}`, lines);
      if (r.type !== 'str' || typeof r.value !== 'string') return fail(want, `it returned a ${r.type}, not a str: ${r.repr}`, lines);
      if (r.value !== expected) {
        return fail(want, `it returned ${pyRepr(r.value)}`, [
          fieldDifference(expected, r.value),
          `expected hex  ${hex(expected)}`,
          `returned hex  ${hex(r.value)}`,
          ...lines,
        ]);
      }
      lines.push(`${call(c)} = ${pyRepr(r.value)}`);
    }
    return pass(lines);
  },
});
