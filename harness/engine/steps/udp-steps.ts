// Steps on the harness's own UDP sockets (the program is the server).
import { RecordedUdp } from '../../net/recorded-udp.js';
import type { RunContext, StepOutcome } from '../context.js';
import { payloadBytes, type PayloadFields } from './payload.js';
import { untilIdle, untilNote } from '../idle-programs.js';

export async function udp(ctx: RunContext, args: { socket: string }): Promise<StepOutcome> {
  const socket = await RecordedUdp.bind(args.socket, 'driver', ctx.connectHost);
  ctx.udps.set(args.socket, socket);
  ctx.evidence.connections.push(socket.record);
  return { outcome: 'ok', note: `bound to ${socket.record.local}` };
}

export async function sendto(
  ctx: RunContext,
  args: { socket: string; program: string; await: 'reply' | 'none'; timeoutMs?: number | undefined } & PayloadFields,
): Promise<StepOutcome> {
  const socket = ctx.udps.get(args.socket);
  if (!socket) throw new Error(`scenario error: UDP socket ${args.socket} was not created`);
  const port = ctx.boundPorts.get(args.program)?.udp;
  if (port === undefined) throw new Error(`scenario error: program ${args.program} was not started with ready: udp-bound`);
  const data = payloadBytes(ctx, args);
  ctx.lastSent.set(args.socket, data);
  const before = socket.datagramsReceived;
  await socket.sendTo(data, ctx.addressOf(args.program, 'udp'), port);
  if (args.await === 'none') return { outcome: 'ok' };
  const timeout = ctx.ms(args.timeoutMs ?? 5000);
  const { value: replied, idle } = await untilIdle(ctx, (signal) => socket.waitForDatagrams(before + 1, timeout, signal));
  if (replied) return { outcome: 'ok', note: `${data.length} bytes sent, a datagram came back` };
  return { outcome: 'timeout', note: `no datagram came back${untilNote(ctx, idle, timeout)}` };
}
