// What a fault the harness injected looks like in the evidence, and where its random choices come
// from. Faults are declared in scenario data (a relay step, or a reference peer's options); every
// fault actually applied is recorded, so a verdict can list the faults it was judged under.
import type { Direction } from '../model/evidence.js';
import { seededRandom } from '../engine/random.js';

export type FaultKind = 'drop' | 'delay' | 'duplicate' | 'reorder' | 'slice' | 'close' | 'reset' | 'withhold' | 'nak';

export interface AppliedFault {
  t: number;
  /** The relay or peer that applied it, by its name in the scenario (e.g. "relay", "server"). */
  at: string;
  dir: Direction;
  kind: FaultKind;
  /** 1-based number of the datagram (UDP) or write (TCP) on that path and direction. */
  index?: number;
  /** Anything else a reader needs: "held 200 ms", "1-byte segments, 10 ms apart". */
  detail?: string;
}

/**
 * The random stream one fault source draws from. It is its own stream (seed + scenario + source),
 * so adding a step or another random choice elsewhere never changes which datagram is dropped.
 */
export function faultRandom(seed: number, scenarioId: string, source: string): () => number {
  return seededRandom(seed, `faults:${scenarioId}:${source}`);
}

const DIRECTION: Record<Direction, string> = { 'from-program': 'from the program', 'to-program': 'to the program' };

/** "drop of datagram #3 from the program (at relay, +0.52 s): …" */
export function describeFault(f: AppliedFault, startedAt: number): string {
  const what = f.index !== undefined ? `${f.kind} of #${f.index}` : f.kind;
  const when = `+${((f.t - startedAt) / 1000).toFixed(3)} s`;
  return `${what} ${DIRECTION[f.dir]} (at ${f.at}, ${when})${f.detail ? `: ${f.detail}` : ''}`;
}

/** At most `limit` lines describing the run's faults, for a failure's details. */
export function faultLines(faults: AppliedFault[] | undefined, startedAt: number, limit = 20): string[] {
  if (!faults || faults.length === 0) return [];
  const lines = faults.slice(0, limit).map((f) => `fault injected: ${describeFault(f, startedAt)}`);
  if (faults.length > limit) lines.push(`… and ${faults.length - limit} more faults (see the evidence file)`);
  return lines;
}
