// `no-traceback` and `no-busy-loop`: the program survives what the scenario did to it.
// "No traceback" means no exception escaped uncaught: the interpreter's hooks (reported by the
// shim) or, for a program not under the shim, a traceback followed by a failing exit. An exception
// the program caught and logged, even with traceback.print_exc(), is handled.
import { z } from 'zod';
import { hasTraceback, lastErrorLine } from '../program/describe.js';
import { cannotJudge, defineCheck, fail, pass } from './check.js';
import { connection, eventTime, program } from './queries.js';

export const noTraceback = defineCheck({
  name: 'no-traceback',
  summary: 'the program raises no unhandled exception (no traceback)',
  args: z.object({ program: z.string().default('program') }).strict(),
  requirement: () => 'the program raises no unhandled exception',
  run(e, args) {
    const p = program(e, args.program);
    if (!p) return fail('the program to run', 'it was never started');
    if (p.traced) {
      const raised = p.socketCalls.filter((c) => c.call === 'exception');
      if (raised.length > 0) return fail('no unhandled exception', `unhandled exception: ${raised[0]!.error ?? 'an exception'}`, ['see stderr below']);
      return pass();
    }
    if (!hasTraceback(p.stderr)) return pass();
    const failedExit = p.exit && !p.exit.stoppedByHarness && p.exit.code !== 0;
    if (failedExit) return fail('no unhandled exception', `unhandled exception: ${lastErrorLine(p) ?? 'an exception'}`, ['see stderr below']);
    return cannotJudge('no unhandled exception', 'it printed a traceback but kept running; without the Python shim labcheck cannot tell a caught and logged exception from one that ended a thread');
  },
});

export const noBusyLoop = defineCheck({
  name: 'no-busy-loop',
  summary: 'after a client leaves, the program does not keep calling the dead socket',
  args: z.object({ program: z.string().default('program'), after: z.string(), maxCalls: z.number().int().positive().default(50) }).strict(),
  requirement: ({ maxCalls }) => `after the client leaves, the program stops using its socket (at most ${maxCalls} more socket calls)`,
  run(e, args) {
    const p = program(e, args.program);
    const c = connection(e, args.after);
    const from = eventTime(c, 'harness-closed') ?? eventTime(c, 'harness-reset');
    if (!p || from === undefined) return fail('the client to leave', 'the run stopped before that');
    if (!p.traced) return cannotJudge(`at most ${args.maxCalls} socket calls after the client left`, 'socket calls are not recorded for this program (not run under the Python shim)');
    const after = p.socketCalls.filter((s) => s.t >= from && s.call !== 'exception');
    if (after.length > args.maxCalls) {
      const counts = new Map<string, number>();
      for (const s of after) counts.set(s.call, (counts.get(s.call) ?? 0) + 1);
      const summary = [...counts].map(([k, v]) => `${v} × ${k}`).join(', ');
      return fail(`at most ${args.maxCalls} socket calls after the client left`, `${after.length} calls (${summary}): a busy loop on a closed connection`);
    }
    return pass([`${after.length} socket calls after the client left`]);
  },
});
