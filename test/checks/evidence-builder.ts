// A small builder for Evidence objects, so check tests read like the run they describe:
//
//   evidence()
//     .conn('c1', (c) => c.sent('hello').received('hello').harnessClosed().programClosed())
//     .program('program', (p) => p.stdout('ok\n').exit(0))
//     .fact('c1.expectedReplies', [{ message: 0, reply: 'one' }])
//     .build();
//
// Every recorded thing gets the next tick of one shared clock, so timestamps are strictly
// increasing in the order the builder calls are written; `wait(ms)` moves the clock on.
// Conventions of the real recorder: chunk dir 'to-program' = the harness sent it,
// 'from-program' = the program sent it; reference peers' connections are "<peer>#<n>" with
// owner "reference <ref>".
import type {
  ConnectionEventKind,
  ConnectionRecord,
  DeviceEvent,
  Evidence,
  ProgramEvidence,
  SocketCall,
  StepRecord,
  WireChunk,
} from '../../harness/model/evidence.js';

/** A fixed, arbitrary start: 2022-02-02 14:24:35 UTC (a Wednesday). */
export const T0 = Date.UTC(2022, 1, 2, 14, 24, 35);
/** The clock advances by this many milliseconds per recorded thing. */
export const TICK = 10;

class Clock {
  constructor(public now: number) {}
  tick(): number {
    this.now += TICK;
    return this.now;
  }
  wait(ms: number): void {
    this.now += ms;
  }
}

const toBuffer = (data: string | Buffer): Buffer => (typeof data === 'string' ? Buffer.from(data, 'utf8') : data);

export class ConnBuilder {
  constructor(
    private readonly clock: Clock,
    readonly record: ConnectionRecord,
  ) {}

  /** The harness (driver or reference peer) sent these bytes to the program. */
  sent(data: string | Buffer, remote?: string): this {
    return this.chunk('to-program', data, remote);
  }

  /** The program sent these bytes (one TCP read / one datagram on the harness side). */
  received(data: string | Buffer, remote?: string): this {
    return this.chunk('from-program', data, remote);
  }

  event(kind: ConnectionEventKind, detail?: string): this {
    this.record.events.push({ t: this.clock.tick(), kind, ...(detail !== undefined ? { detail } : {}) });
    return this;
  }

  connected(): this {
    return this.event('connected');
  }
  connectFailed(detail = 'ECONNREFUSED'): this {
    return this.event('connect-failed', detail);
  }
  harnessClosed(): this {
    return this.event('harness-closed');
  }
  harnessReset(): this {
    return this.event('harness-reset');
  }
  programClosed(): this {
    return this.event('program-closed');
  }
  programReset(): this {
    return this.event('program-reset');
  }

  /** Let `ms` milliseconds pass (on the shared clock). */
  wait(ms: number): this {
    this.clock.wait(ms);
    return this;
  }

  /** The time of the last thing recorded anywhere. */
  get now(): number {
    return this.clock.now;
  }

  private chunk(dir: WireChunk['dir'], data: string | Buffer, remote?: string): this {
    this.record.chunks.push({ t: this.clock.tick(), dir, data: toBuffer(data), ...(remote !== undefined ? { remote } : {}) });
    return this;
  }
}

export type CallSpec = Partial<SocketCall> & { call: string };

export class ProgramBuilder {
  constructor(
    private readonly clock: Clock,
    readonly record: ProgramEvidence,
  ) {}

  stdout(text: string): this {
    this.record.stdout += text;
    this.record.output.push({ t: this.clock.tick(), stream: 'stdout', text });
    return this;
  }

  stderr(text: string): this {
    this.record.stderr += text;
    this.record.output.push({ t: this.clock.tick(), stream: 'stderr', text });
    return this;
  }

  /** The program ended by itself with this exit code. */
  exit(code: number | null, signal: string | null = null): this {
    this.record.exit = { t: this.clock.tick(), code, signal, stoppedByHarness: false };
    return this;
  }

  /** The harness had to stop it (SIGTERM). */
  stoppedByHarness(): this {
    this.record.exit = { t: this.clock.tick(), code: null, signal: 'SIGTERM', stoppedByHarness: true };
    return this;
  }

  /** One socket call reported by the shim; fd 3, kind tcp and the program's pid unless given. */
  socketCall(spec: CallSpec): this {
    this.record.socketCalls.push({ t: this.clock.tick(), pid: this.record.pid ?? 4242, fd: 3, kind: 'tcp', ...spec });
    return this;
  }

  /** `n` calls of the same kind in a row (e.g. a busy loop of recv returning b''). */
  calls(n: number, call: string, spec: Partial<SocketCall> = {}): this {
    for (let i = 0; i < n; i++) this.socketCall({ ...spec, call });
    return this;
  }

  /** One device stand-in event (a frame shown, audio written, ...); the program's pid unless given. */
  device(device: string, op: string, fields: Partial<DeviceEvent> = {}): this {
    this.record.devices.push({ t: this.clock.tick(), pid: this.record.pid ?? 4242, device, op, ...fields });
    return this;
  }

  /** The program read stdin with this prompt; `answer` null = the harness gave end of file / nothing. */
  input(prompt: string, answer: string | null): this {
    this.record.inputs.push({ t: this.clock.tick(), prompt, answer });
    return this;
  }

  traced(on: boolean): this {
    this.record.traced = on;
    return this;
  }

  spawnError(message: string): this {
    this.record.spawnError = message;
    return this;
  }

  wait(ms: number): this {
    this.clock.wait(ms);
    return this;
  }

  get now(): number {
    return this.clock.now;
  }
}

export interface ConnOptions {
  /** 'driver' (default) or the reference peer, e.g. 'reference echo:server'. */
  owner?: string;
  transport?: 'tcp' | 'udp';
  local?: string;
  remote?: string;
  /** Record the opening event ('connected', or 'accepted' for a reference peer). Default true. */
  opened?: boolean;
}

export class EvidenceBuilder {
  private readonly clock: Clock;
  private readonly e: Evidence;
  private readonly peerCounts = new Map<string, number>();

  constructor(startedAt = T0) {
    this.clock = new Clock(startedAt);
    this.e = {
      scenarioId: 'test:server/scenario',
      submission: '/home/student/lab/server.py',
      seed: 1,
      isolation: 'netns',
      timeoutScale: 1,
      startedAt,
      endedAt: startedAt,
      ports: { echo: 2500 },
      programs: {},
      connections: [],
      steps: [],
      facts: {},
    };
  }

  /**
   * A harness-side socket named `name`: created (with its opening event) on first use,
   * continued on later calls so conversations can interleave with program events.
   */
  conn(name: string, fill: (c: ConnBuilder) => unknown = () => {}, opts: ConnOptions = {}): this {
    let record = this.e.connections.find((c) => c.name === name);
    if (!record) {
      const owner = opts.owner ?? 'driver';
      const transport = opts.transport ?? 'tcp';
      record = {
        name,
        transport,
        owner,
        local: opts.local ?? (owner === 'driver' ? `127.0.0.1:${40000 + this.e.connections.length}` : '127.0.0.1:2500'),
        remote: opts.remote ?? (owner === 'driver' ? '127.0.0.1:2500' : `127.0.0.1:${50000 + this.e.connections.length}`),
        events: [],
        chunks: [],
      };
      this.e.connections.push(record);
      if (opts.opened !== false) record.events.push({ t: this.clock.tick(), kind: owner === 'driver' || transport === 'udp' ? 'connected' : 'accepted' });
    }
    fill(new ConnBuilder(this.clock, record));
    return this;
  }

  /** A harness UDP socket (bound; datagrams to/from the program). */
  udp(name: string, fill: (c: ConnBuilder) => unknown = () => {}, opts: ConnOptions = {}): this {
    return this.conn(name, fill, { transport: 'udp', ...opts });
  }

  /** The next connection of reference peer `peer` (named "<peer>#<n>", owner "reference <ref>"). */
  peerConn(peer: string, fill: (c: ConnBuilder) => unknown = () => {}, ref = 'echo:server', opts: ConnOptions = {}): this {
    const n = (this.peerCounts.get(peer) ?? 0) + 1;
    this.peerCounts.set(peer, n);
    return this.conn(`${peer}#${n}`, fill, { owner: `reference ${ref}`, ...opts });
  }

  /** The program `name` ("program" by default): created on first use, continued afterwards. */
  program(name: string, fill: (p: ProgramBuilder) => unknown = () => {}, opts: { traced?: boolean; command?: string[] } = {}): this {
    let record = this.e.programs[name];
    if (!record) {
      record = {
        name,
        command: opts.command ?? ['python3', 'student.py'],
        cwd: '/tmp/labcheck-test',
        startedAt: this.clock.tick(),
        pid: 4242,
        stdout: '',
        stderr: '',
        truncated: { stdout: 0, stderr: 0 },
        output: [],
        socketCalls: [],
        devices: [],
        traced: opts.traced ?? true,
        inputs: [],
        files: [],
      };
      this.e.programs[name] = record;
    }
    fill(new ProgramBuilder(this.clock, record));
    return this;
  }

  fact(key: string, value: unknown): this {
    this.e.facts[key] = value;
    return this;
  }

  /** A scenario step record (for the judge's "stopped early" notes). */
  step(label: string, outcome: StepRecord['outcome'] = 'ok', note?: string): this {
    const t0 = this.clock.tick();
    this.e.steps.push({ index: this.e.steps.length, label, t0, t1: this.clock.tick(), outcome, ...(note !== undefined ? { note } : {}) });
    return this;
  }

  runError(message: string): this {
    this.e.runError = message;
    return this;
  }

  wait(ms: number): this {
    this.clock.wait(ms);
    return this;
  }

  get now(): number {
    return this.clock.now;
  }

  build(): Evidence {
    this.e.endedAt = this.clock.tick();
    return this.e;
  }
}

export function evidence(startedAt = T0): EvidenceBuilder {
  return new EvidenceBuilder(startedAt);
}
