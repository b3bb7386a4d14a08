// The device stand-ins' side of a scenario: the start step's `devices:` option (what the camera,
// the clip and the keyboard do, passed to the program as LABCHECK_DEVICES), the `devices-quit` step
// (the harness has seen enough: waitKey returns 'q' from now on) and `await-frames` (wait until
// the program showed or wrote some frames). The stand-ins themselves: harness/shim/devices/.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { RunContext, StepOutcome } from '../context.js';
import { waitFor } from '../../net/wait.js';

const name = z.string().regex(/^[a-z][a-z0-9-]*$/);

export const DevicesOption = z
  .object({
    /** The camera (VideoCapture(0)): frames per second it paces read() at (0 = as fast as asked). */
    camera: z.object({ fps: z.number().nonnegative().default(30) }).strict().optional(),
    /** The clip VideoCapture("<file>") reads: the file name it answers to (any name if absent), its
     *  length in frames, and its pace (0 = as fast as asked). */
    clip: z.object({ file: z.string().optional(), frames: z.number().int().nonnegative(), fps: z.number().nonnegative().default(0) }).strict().optional(),
    /** waitKey returns ord('q') once the program has shown this many frames (imshow calls). */
    quitAfterShown: z.number().int().positive().optional(),
  })
  // Other stand-ins (pyaudio's audioIn, ...) add their own keys; they are passed on as given.
  .catchall(z.unknown());
export type DevicesOption = z.infer<typeof DevicesOption>;

/** The flag file whose existence makes the program's waitKey return 'q'. */
export function quitFileFor(ctx: RunContext, program: string): string {
  return path.join(ctx.sandbox.scratch.dir, `.labcheck-quit-${program}`);
}

/** The environment the start step adds for a program whose scenario asks for devices. */
export function devicesEnv(ctx: RunContext, program: string, devices: DevicesOption | undefined): Record<string, string> {
  if (!devices) return {};
  return { LABCHECK_DEVICES: JSON.stringify({ ...devices, quitFile: quitFileFor(ctx, program) }) };
}

export const DevicesQuitArgs = z.object({ program: name.default('program') }).strict();

export const DevicesQuitStep = z.object({ 'devices-quit': DevicesQuitArgs }).strict();

export async function devicesQuit(ctx: RunContext, args: z.infer<typeof DevicesQuitArgs>): Promise<StepOutcome> {
  await writeFile(quitFileFor(ctx, args.program), 'q\n', { mode: 0o644 });
  return { outcome: 'ok' };
}

export const AwaitFramesArgs = z
  .object({
    program: name.default('program'),
    device: z.enum(['display', 'writer']).default('display'),
    /** How many frames (imshow / VideoWriter.write calls) to wait for. */
    count: z.number().int().positive(),
    timeoutMs: z.number().int().positive().optional(),
    /** When false, a timeout is noted but the scenario goes on (the checks judge what arrived). */
    required: z.boolean().default(false),
  })
  .strict();

export const AwaitFramesStep = z.object({ 'await-frames': AwaitFramesArgs }).strict();

export async function awaitFrames(ctx: RunContext, args: z.infer<typeof AwaitFramesArgs>): Promise<StepOutcome> {
  const program = ctx.programs.get(args.program);
  if (!program) return { outcome: 'error', note: `scenario error: no program named ${args.program}` };
  const op = args.device === 'display' ? 'show' : 'write';
  const count = () => (program.evidence.devices ?? []).filter((e) => e.device === args.device && e.op === op).length;
  const timeout = ctx.ms(args.timeoutMs ?? 10_000);
  await waitFor(program.changes, 'change', () => count() >= args.count || program.hasExited, timeout);
  const seen = count();
  if (seen >= args.count) return { outcome: 'ok', note: `${seen} frames` };
  const why = program.hasExited ? 'the program ended' : `${(timeout / 1000).toFixed(1)} s passed`;
  const note = `the program ${op === 'show' ? 'showed' : 'wrote'} ${seen} of ${args.count} frames before ${why}`;
  return args.required ? { outcome: 'timeout', note } : { outcome: 'ok', note: `${note} (not required)` };
}
