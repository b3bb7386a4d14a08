// The state of one scenario run inside a worker: the sandbox, the programs, the harness's
// sockets and reference peers, and the evidence being recorded.
import type { Evidence } from '../model/evidence.js';
import type { RunningProgram } from '../program/running-program.js';
import type { RecordedTcp } from '../net/recorded-tcp.js';
import type { RecordedUdp } from '../net/recorded-udp.js';
import type { RunningPeer } from '../../reference/peer.js';
import type { Sandbox } from '../sandbox/sandbox.js';
import type { ScenarioJob } from './job.js';

export type StepOutcome =
  | { outcome: 'ok'; note?: string }
  /** The program did not do what the step waited for: stop driving, judge what was recorded. */
  | { outcome: 'timeout'; note: string }
  /** The run cannot be carried out (the program never started or listened): an `error` verdict. */
  | { outcome: 'error'; note: string };

export interface RunContext {
  job: ScenarioJob;
  evidence: Evidence;
  /** Every program launch goes through it; it holds the run's scratch folder. */
  sandbox: Sandbox;
  random: () => number;
  /** Address the harness's own servers bind to, and the address it connects to. */
  bindHost: string;
  connectHost: string;
  /** Environment additions for programs (the port map under remap). */
  extraEnv: Record<string, string>;
  programs: Map<string, RunningProgram>;
  conns: Map<string, RecordedTcp>;
  udps: Map<string, RecordedUdp>;
  peers: Map<string, RunningPeer>;
  /** Last message sent per connection/socket (for `until: echo`). */
  lastSent: Map<string, Buffer>;
  /** Peers a relay stands in front of: peer name -> the port the peer listens on instead of its lab port. */
  peerPorts: Map<string, number>;
  /** Bound port per program, once known. */
  boundPorts: Map<string, { tcp?: number; udp?: number }>;
  /** Where to reach a program's port: its bound address when it bound one loopback address, else connectHost. */
  addressOf(program: string, kind: 'tcp' | 'udp'): string;
  /** Scale a timeout by --timeout-scale. */
  ms(base: number): number;
}
