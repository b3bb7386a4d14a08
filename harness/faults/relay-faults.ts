// The faults a relay step injects, as written in scenario data (validated with zod), and which
// datagram or connection each one applies to. Toxiproxy's toxics are the model for TCP (latency,
// slicer, limit_data, reset_peer); UDP loss, duplication and reordering are ours.
//
// Every fault names its direction (`from-program`: what the program sends; `to-program`: what it
// receives). UDP faults may name the client address they apply to (`client: k`, the k-th address
// the relay heard from, 1-based), TCP faults the connection (`connection: k`); without it, every one.
// Datagram numbers are 1-based and counted per client address and direction.
import { z } from 'zod';

const Dir = z.enum(['from-program', 'to-program']);
const positive = z.number().int().positive();
const numbers = z.array(positive).nonempty();
const probability = z.number().min(0).max(1);

/** Which datagrams a UDP fault hits: exact numbers, or each one with a probability (drawn from the
 *  relay's own seeded stream). Neither means every datagram. */
const udpSelection = {
  dir: Dir,
  client: positive.optional(),
  datagrams: numbers.optional(),
  probability: probability.optional(),
};
const notBoth = (f: { datagrams?: unknown; probability?: unknown }) => f.datagrams === undefined || f.probability === undefined;
const notBothMessage = { message: 'give datagrams or probability, not both' };
const one = (f: { datagrams?: unknown; probability?: unknown }) => f.datagrams !== undefined || f.probability !== undefined;
const oneMessage = { message: 'give datagrams (exact numbers) or probability' };

export const UdpFault = z.union([
  /** Drop the datagram. */
  z.object({ drop: z.object(udpSelection).strict().refine(notBoth, notBothMessage).refine(one, oneMessage) }).strict(),
  /** Hold the datagram this many milliseconds before forwarding it (a declared interval: not scaled). */
  z.object({ delay: z.object({ ...udpSelection, ms: positive }).strict().refine(notBoth, notBothMessage) }).strict(),
  /** Forward the datagram twice. */
  z.object({ duplicate: z.object(udpSelection).strict().refine(notBoth, notBothMessage) }).strict(),
  /** Hold the datagram and forward it right after the next one on the same path. */
  z.object({ reorder: z.object(udpSelection).strict().refine(notBoth, notBothMessage).refine(one, oneMessage) }).strict(),
]);
export type UdpFault = z.infer<typeof UdpFault>;

const tcpSelection = { dir: Dir, connection: positive.optional() };

export const TcpFault = z.union([
  /** Forward the stream in `bytes`-byte segments, `pauseMs` apart (Toxiproxy's slicer). The pause
   *  is a declared interval, not a time limit: --timeout-scale does not change it. */
  z.object({ slice: z.object({ ...tcpSelection, bytes: positive, pauseMs: z.number().int().min(0) }).strict() }).strict(),
  /** Forward each write `ms` milliseconds after it arrived, in order (Toxiproxy's latency). */
  z.object({ delay: z.object({ ...tcpSelection, ms: positive }).strict() }).strict(),
  /** After `afterBytes` bytes in this direction, close both sides gracefully (FIN; Toxiproxy's limit_data). */
  z.object({ close: z.object({ ...tcpSelection, afterBytes: z.number().int().min(0) }).strict() }).strict(),
  /** After `afterBytes` bytes in this direction, reset both sides (RST; Toxiproxy's reset_peer). */
  z.object({ reset: z.object({ ...tcpSelection, afterBytes: z.number().int().min(0) }).strict() }).strict(),
]);
export type TcpFault = z.infer<typeof TcpFault>;

export type Direction = z.infer<typeof Dir>;

/** Every field any fault may have (each kind has its own few). */
export interface FaultFields {
  dir: Direction;
  client?: number | undefined;
  connection?: number | undefined;
  datagrams?: number[] | undefined;
  probability?: number | undefined;
  ms?: number | undefined;
  bytes?: number | undefined;
  pauseMs?: number | undefined;
  afterBytes?: number | undefined;
}

/** A fault as its kind ("drop", "slice", ...) and its fields. */
export function unpack(fault: UdpFault | TcpFault): { kind: string; spec: FaultFields } {
  const [kind, spec] = Object.entries(fault)[0]!;
  return { kind, spec: spec as FaultFields };
}

/** Does a UDP fault hit datagram `n` of client `client` in direction `dir`? Probability faults draw
 *  from `random` exactly once per datagram they could hit, so the draws depend only on the path's
 *  own datagram count, never on what else happens in the run. */
export function hits(spec: { dir: Direction; client?: number; datagrams?: number[]; probability?: number }, dir: Direction, client: number, n: number, random: () => number): boolean {
  if (spec.dir !== dir || (spec.client !== undefined && spec.client !== client)) return false;
  if (spec.datagrams) return spec.datagrams.includes(n);
  if (spec.probability !== undefined) return random() < spec.probability;
  return true;
}
