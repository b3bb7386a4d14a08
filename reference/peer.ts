// What a reference peer is: a real implementation of one side of a lab's protocol, written in
// TypeScript. The harness starts peers inside a scenario run (their connections become evidence);
// `labcheck ref <lab>:<role>` runs the same code standalone for a student to try by hand.
import type { Readable, Writable } from 'node:stream';
import type { ZodType } from 'zod';
import type { ConnectionRecord } from '../harness/model/evidence.js';
import type { AppliedFault } from '../harness/faults/applied-fault.js';

export interface PeerContext {
  /** Address to listen on (servers) or connect to (clients). */
  host: string;
  port: number;
  /** Every socket the peer opens is recorded here (the wire transcript). */
  record(connection: ConnectionRecord): void;
  /** A value checks need later, e.g. the time string a server sent. */
  fact(key: string, value: unknown): void;
  /** Seeded random numbers in [0, 1). */
  random(): number;
  /** Record a fault this peer injected (a datagram it dropped on purpose, a reply it withheld). */
  fault(f: Omit<AppliedFault, 't' | 'at'> & { t?: number }): void;
  /** The peer's own seeded stream for fault decisions (see harness/faults/applied-fault.ts). */
  faultRandom(): () => number;
  /**
   * In a scenario whose program is traced: resolves true once the program's receive calls (recv*,
   * all sockets) have returned `total` bytes in all, false after `timeoutMs` (scaled by
   * --timeout-scale) or when it ended. Absent, or false at once, where no traced program runs
   * (standalone, a reference as the program under test). Lets a peer send a piece only after the
   * previous one was read, so the pieces really arrive in separate recv() calls.
   */
  awaitProgramReceived?(total: number, timeoutMs: number): Promise<boolean>;
  /** Human-readable progress (printed standalone, kept in the evidence in scenarios). */
  log(line: string): void;
  /** Standalone clients read typed lines here and print what they receive there. */
  stdin?: Readable;
  stdout?: Writable;
}

export interface RunningPeer {
  /** Resolves once a server listens (or a client connected). */
  ready: Promise<void>;
  /** Resolves when a client has finished its conversation (servers: when stopped). */
  done: Promise<void>;
  stop(): Promise<void>;
}

export interface ReferencePeer<Options = Record<string, unknown>> {
  /** "<lab>:<role>" */
  id: string;
  summary: string;
  /** The name of the lab port it listens on or connects to (scenarios/<lab>.yaml `ports`). */
  port: string;
  options: ZodType<Options>;
  start(ctx: PeerContext, options: Options): RunningPeer;
}
