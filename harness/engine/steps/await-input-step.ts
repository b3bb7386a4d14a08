// `await-input`: wait until the program has used up its stdin script and asks for one more line
// (a client that loops on input() forever, such as multicast_send.py, is then done with every
// typed line, including whatever it does after the last one). The script must keep stdin open
// (`eof: false`), so that read blocks. A program not run under the Python shim reports no reads:
// for it the step waits until its output has been quiet for `quietMs` (a pacing value, not a
// limit), at most `timeoutMs`.
import { z } from 'zod';
import type { RunContext, StepOutcome } from '../context.js';
import { waitFor } from '../../net/wait.js';

export const AwaitInputStep = z
  .object({
    'await-input': z
      .object({
        program: z.string().default('program'),
        timeoutMs: z.number().int().positive().default(5000),
        quietMs: z.number().int().positive().default(1000),
      })
      .strict(),
  })
  .strict();
type AwaitInputArgs = z.infer<typeof AwaitInputStep>['await-input'];

export async function awaitInput(ctx: RunContext, args: AwaitInputArgs): Promise<StepOutcome> {
  const program = ctx.programs.get(args.program);
  if (!program) throw new Error(`scenario error: no program named ${args.program}`);
  const timeout = ctx.ms(args.timeoutMs);
  const seconds = (timeout / 1000).toFixed(1);
  if (program.evidence.traced) {
    const asked = () => program.askedBeyondScript;
    if (await waitFor(program.changes, 'change', () => asked() || program.hasExited, timeout)) {
      return { outcome: 'ok', note: asked() ? 'it asked for a line beyond the script' : 'it ended' };
    }
    return { outcome: 'ok', note: `it did not ask for another line within ${seconds} s (not required)` };
  }
  const deadline = Date.now() + timeout;
  for (;;) {
    const printed = program.evidence.stdout.length;
    const changed = await waitFor(program.changes, 'change', () => program.evidence.stdout.length !== printed || program.hasExited, Math.min(args.quietMs, Math.max(1, deadline - Date.now())));
    if (program.hasExited) return { outcome: 'ok', note: 'it ended' };
    if (!changed) return { outcome: 'ok', note: `untraced: its output was quiet for ${args.quietMs} ms` };
    if (Date.now() >= deadline) return { outcome: 'ok', note: `untraced: its output was still changing ${seconds} s later` };
  }
}
