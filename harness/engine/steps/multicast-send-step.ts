// `multicast-send`: the harness sends one datagram from one of its UDP sockets (created by `udp`)
// to a multicast group on a lab port, then waits for the program's ACKs. The harness never joins a
// group itself (LABS.md: on Linux, once any socket of the namespace joined a group, every socket
// bound to the port receives it), so only a receiver that joined the group is shown the datagram.
//   group:       a fixed group (the lab's 224.0.0.255);
//   randomGroup: a group drawn from the run's seed within this block (239.0.0.0/8), never one any
//                receiver joined (its recorded joins, and the kernel's list of joined groups).
// Before the first datagram it waits until each receiver has joined a group (its recorded
// setsockopt; for a program the shim does not trace, the kernel's list of groups), ended, or
// `joinTimeoutMs` passed: a datagram sent before the join would be lost through no fault of its own.
// Then it waits until `acks` datagrams came back to the socket and every receiver printed the
// message, or `timeoutMs` passed (scaled; when they do not all come the run stops there unless
// `required: false`). With `acks: 0` it watches for `timeoutMs` for a reply
// that must not come, ending early if one does.
import { EventEmitter } from 'node:events';
import { z } from 'zod';
import type { RunContext, StepOutcome } from '../context.js';
import type { RunningProgram } from '../../program/running-program.js';
import { waitFor } from '../../net/wait.js';
import { joinedGroups } from '../../net/igmp.js';
import { memberships } from '../../formats/multicast-options.js';
import { payloadBytes, type PayloadFields } from './payload.js';
import { now } from '../../model/clock.js';

const dotted = z.string().regex(/^(\d{1,3}\.){3}\d{1,3}$/, 'a dotted IPv4 address');
const block = z.string().regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, 'a block such as 239.0.0.0/8');

export const MulticastSendStep = z
  .object({
    'multicast-send': z
      .object({
        socket: z.string(),
        group: dotted.optional(),
        randomGroup: block.optional(),
        /** The lab port (scenarios/<lab>.yaml `ports`) the datagram goes to. */
        port: z.string(),
        /** Programs expected to receive it (each is waited for before the first datagram). */
        receivers: z.array(z.string()).default(['program']),
        text: z.string().optional(),
        randomText: z.number().int().positive().optional(),
        randomWord: z.number().int().positive().optional(),
        randomHangul: z.number().int().positive().optional(),
        /** How many datagrams back (ACKs) to wait for. */
        acks: z.number().int().nonnegative().default(1),
        timeoutMs: z.number().int().positive().default(5000),
        /** false: the run goes on when the ACKs do not all come (a control message of a scenario
         *  that tests something after it); true: it stops there and the checks judge. */
        required: z.boolean().default(true),
        joinTimeoutMs: z.number().int().positive().default(3000),
      })
      .strict()
      .refine((a) => (a.group === undefined) !== (a.randomGroup === undefined), { message: 'give exactly one of group, randomGroup' })
      .refine((a) => [a.text, a.randomText, a.randomWord, a.randomHangul].filter((x) => x !== undefined).length === 1, {
        message: 'give exactly one of text, randomText, randomWord, randomHangul',
      }),
  })
  .strict();
type MulticastSendArgs = z.infer<typeof MulticastSendStep>['multicast-send'];

/** Receivers already waited for in a run: the join wait happens before the first datagram only. */
const joinWaited = new WeakMap<RunContext, Set<string>>();

const toNumber = (ip: string) => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
const toDotted = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

/** A group of `cidr` drawn from the run's seed, avoiding `taken`. */
export function drawGroup(random: () => number, cidr: string, taken: Set<string>): string {
  const [base, bits] = cidr.split('/') as [string, string];
  const size = 2 ** (32 - Number(bits));
  const start = toNumber(base) - (toNumber(base) % size);
  for (;;) {
    const group = toDotted(start + Math.floor(random() * size));
    if (!taken.has(group)) return group;
  }
}

function hasJoined(p: RunningProgram): boolean {
  return memberships(p.evidence).length > 0;
}

async function waitForJoins(ctx: RunContext, programs: RunningProgram[], timeoutMs: number): Promise<void> {
  const traced = programs.filter((p) => p.evidence.traced);
  const untraced = programs.filter((p) => !p.evidence.traced);
  const changes = new EventEmitter();
  const onChange = () => changes.emit('change');
  for (const p of traced) p.changes.on('change', onChange);
  try {
    await waitFor(changes, 'change', () => traced.every((p) => p.hasExited || hasJoined(p)), timeoutMs);
  } finally {
    for (const p of traced) p.changes.off('change', onChange);
  }
  if (untraced.length === 0) return;
  // Not traced: the kernel's count of sockets in a group, looked at every few milliseconds (as
  // waitUntilBound does with /proc for such programs).
  const deadline = now() + timeoutMs;
  const joined = () => joinedGroups().reduce((n, g) => n + g.users, 0) >= untraced.filter((p) => !p.hasExited).length;
  while (!joined() && now() < deadline) await new Promise((r) => setTimeout(r, 10));
}

export async function multicastSend(ctx: RunContext, args: MulticastSendArgs): Promise<StepOutcome> {
  const socket = ctx.udps.get(args.socket);
  if (!socket) throw new Error(`scenario error: UDP socket ${args.socket} was not created`);
  const port = ctx.evidence.ports[args.port];
  if (port === undefined) throw new Error(`scenario error: the lab has no port named ${args.port}`);
  const receivers = args.receivers.map((name) => {
    const p = ctx.programs.get(name);
    if (!p) throw new Error(`scenario error: no program named ${name}`);
    return p;
  });

  const waited = joinWaited.get(ctx) ?? new Set<string>();
  joinWaited.set(ctx, waited);
  const newcomers = receivers.filter((p) => !waited.has(p.evidence.name));
  if (newcomers.length > 0) await waitForJoins(ctx, newcomers, ctx.ms(args.joinTimeoutMs));
  for (const p of newcomers) waited.add(p.evidence.name);

  const taken = new Set([...receivers.flatMap((p) => memberships(p.evidence).flatMap((m) => (m.group ? [m.group] : []))), ...joinedGroups().map((g) => g.group)]);
  const group = args.group ?? drawGroup(ctx.random, args.randomGroup!, taken);
  const data = payloadBytes(ctx, args as PayloadFields);
  const text = data.toString('utf8');

  const before = socket.datagramsReceived;
  const changes = new EventEmitter();
  const onChange = () => changes.emit('change');
  socket.socket.on('message', onChange);
  for (const p of receivers) p.changes.on('change', onChange);
  try {
    const printedBefore = receivers.map((p) => p.evidence.stdout.length);
    // The kernel's list of joined groups when it went: how membership is told for untraced programs.
    ctx.evidence.facts[`${args.socket}.groupsJoined`] = joinedGroups();
    await socket.sendTo(data, group, port);
    const printed = () => receivers.every((p, i) => p.hasExited || p.evidence.stdout.slice(printedBefore[i]).includes(text));
    const timeout = ctx.ms(args.timeoutMs);
    if (args.acks === 0) {
      await waitFor(changes, 'change', () => socket.datagramsReceived > before || receivers.some((p, i) => p.evidence.stdout.slice(printedBefore[i]).includes(text)), timeout);
      const back = socket.datagramsReceived - before;
      return { outcome: 'ok', note: `sent to ${group}:${port}; ${back ? `${back} datagrams came back` : `nothing came back within ${(timeout / 1000).toFixed(1)} s`}` };
    }
    const done = await waitFor(changes, 'change', () => socket.datagramsReceived - before >= args.acks && printed(), timeout);
    const back = socket.datagramsReceived - before;
    if (done) return { outcome: 'ok', note: `sent to ${group}:${port}; ${back} datagrams came back` };
    // The checks say which receiver did not ACK or print, and why.
    return { outcome: args.required ? 'timeout' : 'ok', note: `sent to ${group}:${port}; ${back} of ${args.acks} datagrams came back within ${(timeout / 1000).toFixed(1)} s${printed() ? '' : ', not every receiver printed it'}` };
  } finally {
    socket.socket.off('message', onChange);
    for (const p of receivers) p.changes.off('change', onChange);
  }
}
