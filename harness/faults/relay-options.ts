// What a relay (UDP or TCP) needs from whoever starts it: where to listen, where to forward, which
// side the program is on, and where its records and faults go. The relay step fills it from the
// scenario run; tests fill it with plain loopback sockets.
import type { ConnectionRecord } from '../model/evidence.js';
import type { AppliedFault } from './applied-fault.js';

export interface RelayOptions<Fault> {
  /** The relay's name in the scenario (records are "<name>#k", the far side "<name>-upstream#k"). */
  name: string;
  listenHost: string;
  listenPort: number;
  targetHost: string;
  targetPort: number;
  /** Who connects to the relay: the program (`client`, the relay stands in for a peer the program
   *  talks to) or the harness's own sockets (`target`: the relay stands in for the program). */
  programSide: 'client' | 'target';
  faults: Fault[];
  /** A seeded random stream per path ("to-program:client1:fault0"): one path's draws never depend on
   *  how another path's datagrams interleave with it in time. */
  random(path: string): () => number;
  record(c: ConnectionRecord): void;
  fault(f: Omit<AppliedFault, 't' | 'at'>): void;
}

export interface Relay {
  /** The port it listens on (the lab port, or a fresh one). */
  readonly port: number;
  stop(): Promise<void>;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
