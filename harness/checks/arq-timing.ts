// What the ARQ client checks measure: the datagrams a client sent to the reference server, with
// the best send times the evidence has. The program's own send/sendto calls (time.time() in the
// shim, taken as the call returns) are accurate even when the harness's event loop is busy; the
// reference's receive times are the fallback when the program is not traced (or the two disagree
// in number). Tolerance: packetdrill's 4 ms + 12.5 %, the absolute part widened by --timeout-scale.
import type { Evidence, WireChunk } from '../model/evidence.js';
import { chunks, peerConnections, program } from './queries.js';

export interface SentDatagram {
  /** Send time (ms): the program's call when traced, else the reference's receive time. */
  t: number;
  /** When the reference received it (ms). */
  arrived: number;
  data: Buffer;
}

export interface ClientSends {
  datagrams: SentDatagram[];
  /** The replies the reference sent, in order. */
  replies: WireChunk[];
  /** Where the send times came from, for the check's details. */
  source: string;
}

const SENDS = new Set(['send', 'sendto', 'sendall']);

export function clientSends(e: Evidence, peer: string): ClientSends {
  const conns = peerConnections(e, peer);
  const received = conns.flatMap((c) => chunks(c, 'from-program')).sort((a, b) => a.t - b.t);
  const replies = conns.flatMap((c) => chunks(c, 'to-program')).sort((a, b) => a.t - b.t);
  const p = program(e);
  const calls = p?.traced ? p.socketCalls.filter((c) => c.kind === 'udp' && SENDS.has(c.call) && !c.error) : [];
  if (p?.traced && calls.length === received.length) {
    return { datagrams: received.map((d, i) => ({ t: calls[i]!.t, arrived: d.t, data: d.data })), replies, source: "times of the program's own send calls" };
  }
  const why = !p?.traced ? 'the program is not traced' : `the program made ${calls.length} UDP send calls, the server received ${received.length} datagrams`;
  return { datagrams: received.map((d) => ({ t: d.t, arrived: d.t, data: d.data })), replies, source: `times the reference server received the datagrams (${why})` };
}

/** The tolerance (seconds) around an expected interval of `expectedS` seconds. */
export function toleranceS(expectedS: number, timeoutScale: number): number {
  return 0.004 * timeoutScale + 0.125 * expectedS;
}

export const TOLERANCE_TEXT = '± 4 ms + 12.5 %';

export function withinTolerance(gapS: number, expectedS: number, timeoutScale: number): boolean {
  return Math.abs(gapS - expectedS) <= toleranceS(expectedS, timeoutScale);
}

/** "gaps 0.100 0.200 s; expected 0.1 0.2 0.4 s (± 4 ms + 12.5 %)" */
export function gapsLine(gapsS: number[], expectedS: number[], scale: number): string {
  const tol = scale === 1 ? TOLERANCE_TEXT : `± ${(4 * scale).toFixed(0)} ms + 12.5 %, --timeout-scale ${scale}`;
  return `gaps ${gapsS.length ? gapsS.map((g) => g.toFixed(3)).join(' ') : '(none)'} s; expected ${expectedS.join(' ')} s (${tol})`;
}

/**
 * A reply of the reference that left only after the client's wait for it was over (measured from
 * the program's own send time): the client was right to resend, and what follows is not what the
 * scenario meant to test. Undefined when every reply left in time, or when send times are the
 * reference's own (untraced: lateness cannot be seen).
 */
export function lateReply(sends: ClientSends, waitS: number, timeoutScale: number): { datagram: number; ms: number } | undefined {
  const limitMs = (waitS - toleranceS(waitS, timeoutScale)) * 1000;
  for (const r of sends.replies) {
    let j = -1;
    sends.datagrams.forEach((d, i) => (d.arrived <= r.t ? (j = i) : undefined));
    const d = sends.datagrams[j];
    if (d && d.t !== d.arrived && r.t - d.t > limitMs) return { datagram: j + 1, ms: r.t - d.t };
  }
  return undefined;
}

export function lateText(late: { datagram: number; ms: number }): string {
  return `the reference server's reply to datagram #${late.datagram} left ${late.ms.toFixed(0)} ms after the program sent it, past its wait: the machine was too busy to test the timeout (rerun it)`;
}
