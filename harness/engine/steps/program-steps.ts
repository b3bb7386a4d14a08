// Steps about the program under test: start it, wait for it, stop it.
import path from 'node:path';
import type { RunningProgram } from '../../program/running-program.js';
import type { RunContext, StepOutcome } from '../context.js';
import type { Step } from '../../scenario/schema.js';
import { devicesEnv } from './device-steps.js';
import { describeExit, stderrTail } from '../../program/describe.js';
import { isPythonInterpreter, shellCommand, startsPython } from '../../program/shell-command.js';
import { withSeededLines } from './seeded-lines.js';
import { idleNote, untilIdle } from '../idle-programs.js';

type StartArgs = Extract<Step, { start: unknown }>['start'];
type AwaitArgs = Extract<Step, { await: unknown }>['await'];

function commandFor(ctx: RunContext, extraArgs: string[]): string[] {
  const { job } = ctx;
  const entryName = job.program?.name ?? path.basename(job.entry);
  if (job.driver) return [job.python, job.driver, entryName, ...job.programArgs, ...extraArgs];
  if (job.shellLine !== undefined) return shellCommand(job.shellLine, entryName, [...job.programArgs, ...extraArgs]);
  return [...job.command.map((part) => part.split('{entry}').join(entryName)), ...job.programArgs, ...extraArgs];
}

function isPython(ctx: RunContext, command: string[]): boolean {
  const { job } = ctx;
  return !job.driver && job.shellLine !== undefined ? startsPython(job.shellLine) : isPythonInterpreter(command[0] ?? '');
}

export async function start(ctx: RunContext, args: StartArgs): Promise<StepOutcome> {
  const command = commandFor(ctx, args.args ?? []);
  const traced = isPython(ctx, command);
  const program = ctx.sandbox.launch({
    name: args.program,
    command,
    traced,
    token: ctx.job.token,
    limits: ctx.job.limits,
    extraEnv: { ...ctx.extraEnv, ...devicesEnv(ctx, args.program, args.devices) },
    ...(args.stdin ? { stdin: withSeededLines(ctx, args.program, args.stdin) } : {}),
  });
  ctx.programs.set(args.program, program);
  ctx.evidence.programs[args.program] = program.evidence;
  if (args.ready === 'none') return { outcome: 'ok' };

  const kind = args.ready === 'tcp-listening' ? 'tcp' : 'udp';
  const what = kind === 'tcp' ? 'listen on a TCP port' : 'bind a UDP port';
  const timeout = ctx.ms(args.timeoutMs ?? 5000);
  const { value: port, idle } = await untilIdle(ctx, (signal) => program.waitUntilBound(kind, timeout, signal));
  if (port !== undefined) {
    ctx.boundPorts.set(args.program, { ...ctx.boundPorts.get(args.program), [kind]: port });
    return { outcome: 'ok', note: `${kind === 'tcp' ? 'listening on' : 'bound to'} port ${port}` };
  }
  if (program.evidence.spawnError) return { outcome: 'error', note: `the program could not be started: ${program.evidence.spawnError}` };
  if (program.hasExited) {
    return { outcome: 'error', note: `the program ended before it would ${what} (${describeExit(program.evidence)})${stderrTail(program.evidence)}` };
  }
  const when = idle ? `${insteadNote(program, kind)}: ${idleNote(ctx, idle)}` : ` within ${(timeout / 1000).toFixed(1)} s${insteadNote(program, kind)}`;
  return { outcome: 'error', note: `the program did not ${what}${when}${stderrTail(program.evidence)}` };
}

/** What the program did instead, e.g. " (it listens on TCP port 2500 instead)". */
function insteadNote(program: RunningProgram, wanted: 'tcp' | 'udp'): string {
  const calls = program.evidence.socketCalls.filter((c) => !c.error);
  const tcpListen = calls.find((c) => c.kind === 'tcp' && c.call === 'listen');
  const udpBind = calls.find((c) => c.kind === 'udp' && c.call === 'bind');
  if (wanted === 'udp' && tcpListen) return ` (it listens on TCP ${tcpListen.local ?? ''} instead)`;
  if (wanted === 'tcp' && udpBind) return ` (it bound UDP ${udpBind.addr ?? ''} instead)`;
  const tcpBind = calls.find((c) => c.kind === 'tcp' && c.call === 'bind');
  if (wanted === 'tcp' && tcpBind) return ` (it bound ${tcpBind.addr ?? 'a port'} but never called listen())`;
  const blocked = calls.at(-1);
  if (blocked && program.evidence.traced) return ` (its last socket call was ${blocked.call})`;
  return '';
}

export async function awaitProgram(ctx: RunContext, args: AwaitArgs): Promise<StepOutcome> {
  const result = await awaitEvent(ctx, args);
  if (result.outcome === 'timeout' && !args.required) return { outcome: 'ok', note: `${result.note} (not required)` };
  return result;
}

async function awaitEvent(ctx: RunContext, args: AwaitArgs): Promise<StepOutcome> {
  const program = ctx.programs.get(args.program);
  if (!program) return { outcome: 'error', note: `scenario error: no program named ${args.program}` };
  const timeout = ctx.ms(args.timeoutMs ?? 3000);
  switch (args.event) {
    case 'exit':
      return (await program.waitForExit(timeout))
        ? { outcome: 'ok', note: describeExit(program.evidence) }
        : { outcome: 'timeout', note: `the program was still running ${(timeout / 1000).toFixed(1)} s later` };
    case 'output': {
      const pattern = new RegExp(args.pattern ?? '.', 'm');
      return (await program.waitForOutput(pattern, timeout))
        ? { outcome: 'ok' }
        : { outcome: 'timeout', note: `the program did not print /${pattern.source}/ within ${(timeout / 1000).toFixed(1)} s` };
    }
    case 'settled': {
      // Give the program the chance to react to what just happened (a close, a reset): wait until
      // it exits, closes a socket or raises, then let a raising program finish printing.
      const from = program.evidence.socketCalls.length;
      await program.waitForSocketClose(from, timeout);
      if (program.evidence.socketCalls.slice(from).some((c) => c.call === 'exception')) await program.waitForExit(ctx.ms(500));
      return { outcome: 'ok' };
    }
  }
}

export async function stop(ctx: RunContext, args: { program: string }): Promise<StepOutcome> {
  await ctx.programs.get(args.program)?.stop();
  return { outcome: 'ok' };
}
