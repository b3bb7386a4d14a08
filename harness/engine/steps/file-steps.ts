// Steps of the file-transfer labs that touch the program's folder: put a seeded test file there
// before a sender starts (`write-file`), and wait until a receiver has written one (`await-file`).
// Each step: its zod schema, then its function.
import { EventEmitter } from 'node:events';
import { readdirSync, statSync, watch } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { FileSpec, fileFact, makeTestFile, testFileFact } from '../../files/test-file.js';
import type { RunContext, StepOutcome } from '../context.js';
import { waitFor } from '../../net/wait.js';

/** `write-file: { id: f1, name: sample.bin, size: 102400 }`: seeded random bytes, recorded as the fact `file.<id>`. */
export const WriteFileStep = z.object({ 'write-file': FileSpec }).strict();

export async function writeFile(ctx: RunContext, spec: FileSpec): Promise<StepOutcome> {
  const { file, data } = makeTestFile(spec, ctx.random);
  await ctx.sandbox.scratch.place(file.name, data);
  ctx.evidence.facts[fileFact(file.id)] = file;
  return { outcome: 'ok', note: `${file.name}: ${file.size} bytes, SHA-256 ${file.sha256.slice(0, 16)}…` };
}

/** `await-file: { program: p1, file: file.f1 }`: until the program ended or wrote a file of that name
 *  and size anywhere in its folder ('d:/' + name included). Never fails: the checks judge the file. */
export const AwaitFileStep = z
  .object({
    'await-file': z
      .object({
        program: z.string().default('program'),
        /** The fact of the file expected (`file.f1`, or `<peer>.file.f1` for a reference peer's file). */
        file: z.string(),
        timeoutMs: z.number().int().positive().default(5000),
      })
      .strict(),
  })
  .strict();
type AwaitFileArgs = z.infer<typeof AwaitFileStep>['await-file'];

export async function awaitFile(ctx: RunContext, args: AwaitFileArgs): Promise<StepOutcome> {
  const file = testFileFact(ctx.evidence.facts, args.file);
  if (!file) throw new Error(`scenario error: no file fact ${args.file}`);
  const program = ctx.programs.get(args.program);
  const dir = ctx.sandbox.scratch.dir;
  const ended = () => !program || program.hasExited;
  // Re-checked whenever something changes in the program's folder or the program does something.
  const changes = new EventEmitter();
  const onChange = () => changes.emit('change');
  const watcher = watch(dir, { recursive: true }, onChange);
  watcher.on('error', () => {});
  program?.changes.on('change', onChange);
  try {
    await waitFor(changes, 'change', () => ended() || hasFile(dir, file.name, file.size), ctx.ms(args.timeoutMs));
  } finally {
    watcher.close();
    program?.changes.off('change', onChange);
  }
  if (hasFile(dir, file.name, file.size)) return { outcome: 'ok', note: `${file.name} has ${file.size} bytes` };
  if (ended()) return { outcome: 'ok', note: 'the program ended' };
  return { outcome: 'ok', note: `no ${file.name} of ${file.size} bytes after ${(ctx.ms(args.timeoutMs) / 1000).toFixed(1)} s (not required)` };
}

function hasFile(dir: string, name: string, size: number): boolean {
  let entries: string[] = [];
  try {
    entries = readdirSync(dir, { recursive: true }) as string[];
  } catch {
    return false;
  }
  return entries.some((rel) => {
    if (!path.basename(rel).endsWith(name)) return false;
    try {
      const s = statSync(path.join(dir, rel));
      return s.isFile() && s.size === size;
    } catch {
      return false;
    }
  });
}
