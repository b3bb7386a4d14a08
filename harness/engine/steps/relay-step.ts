// `relay: { name, transport, port, to, faults }`: a relay that injects faults between the program
// and a reference peer, or between the harness's own sockets and the program.
//
// - `to: <peer name>`, written BEFORE that peer's step: the relay listens on the lab port the
//   program talks to (its hard-coded port under netns, the remapped one under remap) and the peer
//   listens on a fresh free port behind it.
// - `to: program`, written AFTER the program's start: the relay listens on a fresh port and forwards
//   to the program's port; the harness's later connect/sendto steps go through it.
import { z } from 'zod';
import type { RunContext, StepOutcome } from '../context.js';
import { now } from '../../model/clock.js';
import { faultRandom } from '../../faults/applied-fault.js';
import { TcpFault, UdpFault } from '../../faults/relay-faults.js';
import { startUdpRelay } from '../../faults/udp-relay.js';
import { startTcpRelay } from '../../faults/tcp-relay.js';
import type { Relay, RelayOptions } from '../../faults/relay-options.js';
import { freePorts } from '../../sandbox/free-ports.js';

const common = {
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, 'lower-case letters, digits and dashes'),
  /** The lab port the program talks to (`to: <peer>`); unused with `to: program`. */
  port: z.string().optional(),
  /** The reference peer's name (its step comes after this one), or `program`. */
  to: z.string(),
};
const needsPort = (r: { port?: string | undefined; to: string }) => r.to === 'program' || r.port !== undefined;
const portMessage = { message: 'a relay to a peer names the lab port the program talks to (port)' };

export const RelayStep = z
  .object({
    relay: z.union([
      z.object({ ...common, transport: z.literal('udp'), faults: z.array(UdpFault).default([]) }).strict().refine(needsPort, portMessage),
      z.object({ ...common, transport: z.literal('tcp'), faults: z.array(TcpFault).default([]) }).strict().refine(needsPort, portMessage),
    ]),
  })
  .strict();
type RelayArgs = z.infer<typeof RelayStep>['relay'];

export async function relay(ctx: RunContext, args: RelayArgs): Promise<StepOutcome> {
  const base = {
    name: args.name,
    random: (path: string) => faultRandom(ctx.evidence.seed, ctx.evidence.scenarioId, `relay:${args.name}/${path}`),
    record: (c: Parameters<RelayOptions<unknown>['record']>[0]) => ctx.evidence.connections.push(c),
    fault: (f: Parameters<RelayOptions<unknown>['fault']>[0]) => (ctx.evidence.faults ??= []).push({ t: now(), at: args.name, ...f }),
  };
  const start = (o: Omit<RelayOptions<unknown>, keyof typeof base | 'faults'>): Promise<Relay> =>
    args.transport === 'udp' ? startUdpRelay({ ...base, ...o, faults: args.faults }) : startTcpRelay({ ...base, ...o, faults: args.faults });

  let running: Relay;
  if (args.to === 'program') {
    const target = ctx.boundPorts.get('program')?.[args.transport];
    if (target === undefined) throw new Error(`scenario error: relay ${args.name} to the program comes after its start (ready: ${args.transport === 'tcp' ? 'tcp-listening' : 'udp-bound'})`);
    const host = ctx.addressOf('program', args.transport);
    running = await start({ listenHost: host, listenPort: 0, targetHost: host, targetPort: target, programSide: 'target' });
    // The harness's later steps reach the program through the relay.
    ctx.boundPorts.set('program', { ...ctx.boundPorts.get('program'), [args.transport]: running.port });
  } else {
    const labPort = ctx.evidence.ports[args.port!];
    if (labPort === undefined) throw new Error(`scenario error: the lab has no port named ${args.port}`);
    const { upstream } = await freePorts(['upstream']);
    try {
      running = await start({ listenHost: ctx.bindHost, listenPort: labPort, targetHost: ctx.connectHost, targetPort: upstream!, programSide: 'client' });
    } catch (err) {
      return { outcome: 'error', note: `relay ${args.name} could not listen on port ${labPort}: ${(err as Error).message}` };
    }
    ctx.peerPorts.set(args.to, upstream!);
  }
  // Stopped with the peers at the end of the run.
  const stopped = Promise.resolve();
  ctx.peers.set(`relay:${args.name}`, { ready: stopped, done: stopped, stop: () => running.stop() });
  const faults = args.faults.map((f) => Object.keys(f)[0]).join(', ') || 'no faults';
  return { outcome: 'ok', note: `${args.transport} relay on port ${running.port} to ${args.to} (${faults})` };
}
