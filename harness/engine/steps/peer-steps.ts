// Start a reference peer inside the run (e.g. the reference echo server a student's client talks to).
import type { RunContext, StepOutcome } from '../context.js';
import type { SocketCall } from '../../model/evidence.js';
import { now } from '../../model/clock.js';
import { faultRandom } from '../../faults/applied-fault.js';
import { waitFor } from '../../net/wait.js';
import { RECEIVE_CALLS } from '../../model/socket-calls.js';

export async function peer(ctx: RunContext, args: { name: string; ref: string; port: string; options: Record<string, unknown> }): Promise<StepOutcome> {
  // Loaded on first use: most server scenarios start no peer, and workers should start fast.
  const { findReference } = await import('../../../reference/registry.js');
  const reference = findReference(args.ref);
  if (!reference) throw new Error(`scenario error: no reference peer ${args.ref}`);
  // Behind a relay (an earlier relay step names this peer), it listens where the relay forwards.
  const port = ctx.peerPorts.get(args.name) ?? ctx.evidence.ports[args.port];
  if (port === undefined) throw new Error(`scenario error: the lab has no port named ${args.port}`);
  const options = reference.options.parse(args.options);
  let connections = 0;
  const running = reference.start(
    {
      host: ctx.bindHost,
      port,
      record: (c) => {
        c.name = `${args.name}#${++connections}`;
        ctx.evidence.connections.push(c);
      },
      fact: (key, value) => {
        ctx.evidence.facts[`${args.name}.${key}`] = value;
      },
      random: ctx.random,
      fault: (f) => (ctx.evidence.faults ??= []).push({ t: now(), ...f, at: args.name }),
      faultRandom: () => faultRandom(ctx.evidence.seed, ctx.evidence.scenarioId, `peer:${args.name}`),
      log: () => {},
      awaitProgramReceived: (total, timeoutMs) => awaitProgramReceived(ctx, total, timeoutMs),
    },
    options,
  );
  ctx.peers.set(args.name, running);
  try {
    await running.ready;
  } catch (err) {
    return { outcome: 'error', note: `the reference peer ${args.ref} could not start on port ${port}: ${(err as Error).message}` };
  }
  return { outcome: 'ok', note: `${args.ref} on port ${port}` };
}

/** Bytes the program's receive calls returned so far, counted incrementally per program. */
const receivedSoFar = new WeakMap<object, { index: number; bytes: number }>();

function programReceivedBytes(calls: SocketCall[]): number {
  const seen = receivedSoFar.get(calls) ?? { index: 0, bytes: 0 };
  for (; seen.index < calls.length; seen.index++) {
    const c = calls[seen.index]!;
    if (RECEIVE_CALLS.has(c.call) && !c.error) seen.bytes += c.size ?? 0;
  }
  receivedSoFar.set(calls, seen);
  return seen.bytes;
}

/** See PeerContext.awaitProgramReceived: about the most recently started program. */
async function awaitProgramReceived(ctx: RunContext, total: number, timeoutMs: number): Promise<boolean> {
  const program = [...ctx.programs.values()].at(-1);
  if (!program || !program.evidence.traced) return false;
  const calls = program.evidence.socketCalls;
  await waitFor(program.changes, 'change', () => programReceivedBytes(calls) >= total || program.hasExited, ctx.ms(timeoutMs));
  return programReceivedBytes(calls) >= total;
}
