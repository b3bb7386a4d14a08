// A student program (or a driver around it) running under the harness: spawned in its own
// process group with scripted stdin, its output and socket calls recorded as they happen.
import { now } from '../model/clock.js';
import { EventEmitter } from 'node:events';
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import type { DeviceEvent, ProgramEvidence, SocketCall } from '../model/evidence.js';
import type { StdinScript } from '../scenario/schema.js';
import { LineSplitter, parseShimLine, portOf } from './shim-events.js';
import { StdinFeeder } from './stdin-feeder.js';
import { killProcessGroup } from './process-tree.js';
import { killByToken, TOKEN_VARIABLE } from './env-token-reaper.js';
import { waitFor } from '../net/wait.js';
import { favourSession } from './scheduling.js';
import { boundPorts } from '../net/proc-net.js';
import { sampleProgramThreads, type ProcessFacts, type ThreadSample } from './idle-probe.js';
import type { SpawnHelper, StartedProcess } from './spawn-helper.js';
import { startProcess } from './start-process.js';
import { signalName } from './signal-name.js';

/** Bytes of each output stream kept in the evidence; the rest is counted, not stored. */
export const OUTPUT_CAP = 1 << 20;
/** How long a program that reported its uncaught exception gets to end by itself before a stop. */
const DYING_GRACE_MS = 1000;

export interface LaunchSpec {
  name: string;
  command: string[];
  cwd: string;
  env: Record<string, string>;
  /** True when the program runs under the Python shim (socket calls and input() are reported). */
  traced: boolean;
  stdin?: StdinScript;
  /** Environment token shared by everything this program starts (see env-token-reaper). */
  token: string;
  /** stdout + stderr bytes after which the harness stops the program. */
  outputLimitBytes?: number;
  /** The command is a wrapper (bwrap) that reports a program killed by signal n as exit status 128 + n. */
  exitStatusViaWrapper?: boolean;
  /** How it is contained, for the evidence. */
  sandbox?: ProgramEvidence['sandbox'];
  /** Start it through this spawn helper (else with node's spawn). */
  helper?: SpawnHelper;
}

export class RunningProgram {
  readonly evidence: ProgramEvidence;
  /** Emits 'change' on every output chunk, socket call, input and exit. */
  readonly changes = new EventEmitter();
  /** Its pid and pipes, once started. */
  private process: StartedProcess | undefined;
  /** Resolves once it started or could not be. */
  private readonly started: Promise<void>;
  /** Resolves when stdout and stderr have ended (everything printed is captured). */
  private outputDone: Promise<unknown> = Promise.resolve();
  private feeder: StdinFeeder | undefined;
  private exited = false;
  private readonly token: string;
  private readonly spec: LaunchSpec;
  private outputBytes = 0;

  constructor(spec: LaunchSpec) {
    this.spec = spec;
    this.changes.setMaxListeners(0);
    this.token = spec.token;
    this.evidence = {
      name: spec.name,
      command: spec.command,
      cwd: spec.cwd,
      startedAt: now(),
      stdout: '',
      stderr: '',
      truncated: { stdout: 0, stderr: 0 },
      output: [],
      socketCalls: [],
      devices: [],
      traced: spec.traced,
      inputs: [],
      files: [],
      ...(spec.sandbox ? { sandbox: spec.sandbox } : {}),
    };
    this.started = startProcess({ command: spec.command, cwd: spec.cwd, env: { ...spec.env, [TOKEN_VARIABLE]: this.token } }, spec.helper, (code, signal) =>
      this.markExited(code, signal),
    ).then((started) => {
      if ('error' in started) {
        // Could not be started at all (ENOENT, EACCES): there will be no exit.
        this.evidence.spawnError = started.error;
        this.markExited(null, null);
      } else this.attach(started);
    });
  }

  private attach(started: StartedProcess): void {
    this.process = started;
    this.evidence.pid = started.pid;
    if (!this.spec.traced) favourSession(started.pid); // its waits are judged to a few ms (harness/program/scheduling.ts)
    started.stdin.on('error', () => {}); // the program may close stdin or exit before we write
    this.feeder = new StdinFeeder(started.stdin, this.spec.stdin, (read) => {
      this.evidence.inputs.push(read);
      this.changed();
    });
    this.outputDone = Promise.all([this.captureOutput(started.stdout, 'stdout'), this.captureOutput(started.stderr, 'stderr')]);
    this.captureShimEvents(started.events);
    if (!this.spec.traced) this.feeder.feedAllNow();
    this.changed();
  }

  private markExited(code: number | null, signal: NodeJS.Signals | null): void {
    if (this.exited) return;
    this.exited = true;
    if (this.spec.exitStatusViaWrapper && code !== null && code > 128 && code < 128 + 65) {
      signal = signalName(code - 128) ?? signal;
      if (signal) code = null;
    }
    this.evidence.exit = { t: now(), code, signal, stoppedByHarness: this.stopping };
    this.changed();
  }

  /** Wait (briefly) until everything the program printed has been read. */
  async drainOutput(timeoutMs = 500): Promise<void> {
    await this.started;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.outputDone, new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer); // a worker is reused only once it holds no timer of its scenario
  }

  /** Close the harness's ends of the program's pipes, once it and what it started are gone (after
   *  stop()): the events pipe after its last event (briefly waited for), then stdin. A reused worker
   *  must hold nothing of an earlier scenario (engine/clean-namespace.ts). */
  async release(timeoutMs = 500): Promise<void> {
    await this.started;
    if (!this.process) return;
    const { events } = this.process;
    if (!events.readableEnded && !events.destroyed) {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        new Promise((r) => {
          events.once('end', r);
          events.once('close', r);
        }),
        new Promise((r) => (timer = setTimeout(r, timeoutMs))),
      ]);
      clearTimeout(timer);
    }
    for (const stream of [this.process.stdin, this.process.stdout, this.process.stderr, events]) stream.destroy();
  }

  private stopping = false;
  /** It armed a timer that can wake it from a blocking wait: alarm()/setitimer(), or a socket's
   *  SO_RCVTIMEO/SO_SNDTIMEO. */
  private ownTimer = false;
  /** The pids (inside its PID namespace) the shim reported from: its traced processes. */
  private readonly tracedPids = new Set<number>();
  /** What idleSample() read of its processes that does not change. */
  private readonly processFacts: ProcessFacts = new Map();

  get pid(): number | undefined {
    return this.process?.pid;
  }
  get hasExited(): boolean {
    return this.exited;
  }

  /** It read stdin after its script ran out (a read answered with nothing, seen through the shim):
   *  a client looping on input() is then done with every typed line. */
  get askedBeyondScript(): boolean {
    return this.evidence.inputs.some((read) => read.answer === null);
  }

  /**
   * Its threads as the kernel sees them (idle-probe.ts), or undefined when they cannot tell that it
   * waits with no timer: a program the shim does not trace (its receive timeouts and signal timers
   * are unknown) or that started a process the shim does not report from, one outside a PID
   * namespace of its own (its processes cannot all be found), one that set a receive timeout on a
   * socket or armed a signal timer.
   */
  idleSample(): ThreadSample[] | undefined {
    const pid = this.process?.pid;
    if (process.platform !== 'linux' || !this.spec.traced || this.spec.sandbox?.mode !== 'bwrap' || !pid || this.exited) return undefined;
    if (this.ownTimer) return undefined;
    const threads = sampleProgramThreads(pid, this.processFacts);
    return threads?.every((t) => this.tracedPids.has(t.nsPid)) ? threads : undefined;
  }

  /** Resolves true once the program has exited, false after the timeout. */
  waitForExit(timeoutMs: number): Promise<boolean> {
    return waitFor(this.changes, 'change', () => this.exited, timeoutMs);
  }

  waitForOutput(pattern: RegExp, timeoutMs: number): Promise<boolean> {
    return waitFor(this.changes, 'change', () => pattern.test(this.evidence.stdout) || this.exited, timeoutMs).then(() => pattern.test(this.evidence.stdout));
  }

  /** Wait until the program closes a socket (or exits). */
  waitForSocketClose(fromIndex: number, timeoutMs: number): Promise<boolean> {
    return waitFor(this.changes, 'change', () => this.exited || this.evidence.socketCalls.slice(fromIndex).some((c) => c.call === 'close' || c.call === 'shutdown'), timeoutMs);
  }

  /**
   * Wait until the program listens on a TCP port (or binds a UDP port). Resolves with the port,
   * or undefined when it exited first or the timeout passed.
   */
  async waitUntilBound(kind: 'tcp' | 'udp', timeoutMs: number, signal?: AbortSignal): Promise<number | undefined> {
    const fromShim = (): number | undefined => {
      const call = this.boundCall(kind);
      return call ? portOf(call.local ?? call.addr) : undefined;
    };
    if (this.evidence.traced) {
      await waitFor(this.changes, 'change', () => fromShim() !== undefined || this.exited, timeoutMs, signal);
      return fromShim();
    }
    // Not traced: look at /proc (Linux) every few milliseconds; never connect, which would use up an accept().
    const deadline = now() + timeoutMs;
    while (!this.exited && now() < deadline) {
      const ports = this.pid ? boundPorts(this.pid, kind) : [];
      if (ports.length > 0) return ports[0];
      await waitFor(this.changes, 'change', () => this.exited, 10);
    }
    return undefined;
  }

  /** The address the program bound (for a server bound to one address such as 127.0.1.1). */
  boundHost(kind: 'tcp' | 'udp'): string | undefined {
    const call = this.boundCall(kind);
    const m = /^\[?([^\]]*)\]?:\d+$/.exec(call?.local ?? call?.addr ?? '');
    return m?.[1];
  }

  private boundCall(kind: 'tcp' | 'udp'): SocketCall | undefined {
    return this.evidence.socketCalls.find((c) => c.kind === kind && !c.error && (kind === 'tcp' ? c.call === 'listen' : c.call === 'bind'));
  }

  /** Stop the program and everything it started: SIGTERM to the group, then SIGKILL. */
  async stop(graceMs = 200): Promise<void> {
    await this.started;
    const pid = this.pid;
    if (this.exited) {
      if (pid) killProcessGroup(pid, 'SIGKILL'); // children it left behind
      this.killEscaped();
      await this.drainOutput();
      return;
    }
    // A program whose uncaught exception is already reported is ending by itself (the interpreter
    // tears down in some tens of ms): let it, so its exit is its own, not "stopped by the harness".
    if (this.evidence.socketCalls.some((c) => c.call === 'exception' && !c.detail) && (await this.waitForExit(DYING_GRACE_MS))) return this.stop();
    this.stopping = true;
    if (pid) killProcessGroup(pid, 'SIGTERM');
    if (!(await this.waitForExit(graceMs)) && pid) {
      killProcessGroup(pid, 'SIGKILL');
      await this.waitForExit(2000);
    }
    if (pid) killProcessGroup(pid, 'SIGKILL');
    this.killEscaped();
    await this.drainOutput();
  }

  /** Kill what it started outside its process group (setsid, double fork). Under bwrap every such
   *  process is in the program's own PID namespace, whose init is in the group just killed: the
   *  kernel kills the whole namespace with it, and a search of every process would find nothing. */
  private killEscaped(): void {
    if (this.spec.sandbox?.mode !== 'bwrap') killByToken(this.token);
  }

  private changed(): void {
    this.changes.emit('change');
  }

  private captureOutput(stream: Readable, which: 'stdout' | 'stderr'): Promise<void> {
    const done = new Promise<void>((resolve) => {
      stream.once('end', resolve);
      stream.once('close', resolve);
    });
    const decoder = new StringDecoder('utf8');
    let kept = 0;
    stream.on('data', (chunk: Buffer) => {
      this.outputBytes += chunk.length;
      const limit = this.spec.outputLimitBytes;
      if (limit !== undefined && this.outputBytes > limit && !this.evidence.stoppedFor) {
        this.evidence.stoppedFor = `it printed more than ${Math.round(limit / (1024 * 1024))} MiB of output`;
        void this.stop(0);
      }
      const room = Math.max(0, OUTPUT_CAP - kept);
      const keep = chunk.subarray(0, room);
      this.evidence.truncated[which] += chunk.length - keep.length;
      kept += keep.length;
      if (keep.length === 0) return;
      const text = decoder.write(keep);
      this.evidence[which] += text;
      this.evidence.output.push({ t: now(), stream: which, text });
      this.changed();
    });
    stream.on('error', () => {});
    return done;
  }

  private captureShimEvents(stream: Readable): void {
    const splitter = new LineSplitter();
    const decoder = new StringDecoder('utf8');
    stream.on('data', (chunk: Buffer) => {
      for (const line of splitter.push(decoder.write(chunk))) {
        const event = parseShimLine(line);
        if (!event) continue;
        this.tracedPids.add(event.type === 'socket' ? event.call.pid : event.type === 'device' ? event.event.pid : event.pid);
        if (event.type === 'socket') this.recordCall(event.call);
        else if (event.type === 'input') this.feeder?.answer(event.prompt, event.t, event.detail, event.printed, event.since);
        else if (event.type === 'device') this.recordDevice(event.event);
        else if (event.type === 'other' && event.call === 'timer') this.ownTimer = true;
        else if (event.type === 'exception') this.evidence.socketCalls.push({ t: event.t, pid: event.pid, call: 'exception', fd: -1, kind: 'other', error: event.error, ...(event.detail ? { detail: event.detail } : {}) });
        this.changed();
      }
    });
    stream.on('error', () => {});
  }

  private recordDevice(event: DeviceEvent): void {
    if (this.evidence.devices.length < 200_000) this.evidence.devices.push(event);
  }

  private recordCall(call: SocketCall): void {
    if (call.call === 'setsockopt' && /SO_(RCV|SND)TIMEO/.test(call.detail ?? '')) this.ownTimer = true;
    // A traced program is favoured from its first socket call: its start-up (imports) then does
    // not take the CPU the harness needs at that moment.
    if (this.evidence.socketCalls.length === 0) favourSession(this.pid);
    // Keep the evidence bounded even for a program that busy-loops on a dead socket.
    if (this.evidence.socketCalls.length < 200_000) this.evidence.socketCalls.push(call);
  }
}
