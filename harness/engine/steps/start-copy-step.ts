// `start-copy`: start one more copy of the program under test beside one already running (the
// course's broadcast and multicast receivers are run twice, both bound to the same port). Like
// `start`, but a copy that ends because its bind() failed (no SO_REUSEADDR: "Address already in
// use") is the program's fault, not a run that could not be carried out: the run goes on and the
// checks judge that copy (see harness/checks/program-copies.ts). Every copy runs in the same
// scratch folder, as two terminals in the student's folder would.
import { z } from 'zod';
import type { RunContext, StepOutcome } from '../context.js';
import { start } from './program-steps.js';

export const StartCopyStep = z
  .object({
    'start-copy': z
      .object({
        /** The copy's name in the scenario (its evidence, stdout and checks use it), e.g. copy2. */
        program: z.string().regex(/^[a-z][a-z0-9-]*$/),
        ready: z.enum(['tcp-listening', 'udp-bound', 'none']).default('none'),
        args: z.array(z.string()).optional(),
        timeoutMs: z.number().int().positive().optional(),
      })
      .strict(),
  })
  .strict();
type StartCopyArgs = z.infer<typeof StartCopyStep>['start-copy'];

export async function startCopy(ctx: RunContext, args: StartCopyArgs): Promise<StepOutcome> {
  const started = await start(ctx, args);
  if (started.outcome !== 'error') return started;
  const copy = ctx.programs.get(args.program);
  const failedBind = copy?.hasExited ? copy.evidence.socketCalls.find((c) => c.call === 'bind' && c.error) : undefined;
  if (!failedBind) return started;
  return { outcome: 'ok', note: `this copy could not bind ${failedBind.addr ?? 'its port'} (${failedBind.error}) and ended` };
}
