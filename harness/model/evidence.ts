// Evidence: everything a scenario run recorded. Checks are pure functions of this object,
// so every verdict can be recomputed (and unit-tested) from a saved evidence file.
// All times are epoch milliseconds (Date.now() in the harness, time.time()*1000 in the shim).

/** One socket call the program made, as reported by the Python start-up shim. */
export interface SocketCall {
  t: number;
  pid: number;
  /** bind, listen, accept, connect, send, sendall, sendto, recv, recvfrom, setsockopt, close, shutdown, sendfile, ... */
  call: string;
  /** The socket's file descriptor (-1 once closed). */
  fd: number;
  /** 'tcp' | 'udp' | 'other' */
  kind: string;
  /** Addresses as "host:port". `addr` is the argument (bind/connect/sendto) or the peer (accept/recvfrom). */
  addr?: string;
  /** The port the call asked for before any remapping (remap isolation only). */
  requestedPort?: number;
  /** Local address after the call, when known (bind/listen/connect). */
  local?: string;
  /** Bytes sent or received. */
  size?: number;
  /** First bytes of the payload, hex, for the report. */
  head?: string;
  /** Option name and value for setsockopt, backlog for listen, how for shutdown. */
  detail?: string;
  /** Exception class and message when the call raised. */
  error?: string;
  /** Characters the program had written to sys.stdout when the call returned (so what it printed
   *  after this call is stdout from there on). */
  printedBefore?: number;
}

/**
 * What a device stand-in (harness/shim/devices/) was given or did: a frame shown (display), written
 * (writer) or read (camera), audio played or recorded. Frames are kept as their shape, dtype and the
 * sha256 of their C-order bytes; `k` is the frame number read from the first 8 bytes (a hint for
 * messages: equality is judged by the hash).
 */
export interface DeviceEvent {
  t: number;
  pid: number;
  /** display | writer | camera | audio-out | audio-in */
  device: string;
  /** show, key, destroy (display); open, write, release (writer); open, read, release (camera); ... */
  op: string;
  window?: string;
  file?: string;
  shape?: number[];
  dtype?: string;
  sha256?: string;
  k?: number;
  /** Number of the frame for that writer (1, 2, ...). */
  n?: number;
  ok?: boolean;
  /** Byte count (audio). */
  bytes?: number;
  error?: string;
  /** Any other fields the stand-in reported, as given. */
  extra?: Record<string, unknown>;
}

/** One read of standard input by the program (input() or sys.stdin.readline()). */
export interface InputRead {
  t: number;
  prompt: string;
  /** The line the harness typed, or null when it closed stdin instead (end of file). */
  answer: string | null;
}

export interface OutputChunk {
  t: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface WrittenFile {
  /** Path relative to the program's working directory, with '/' separators. */
  path: string;
  size: number;
  sha256: string;
  /** The file's bytes (kept for files up to 64 MiB, so a mismatch can be shown). */
  data?: Buffer;
}

export interface ProgramEvidence {
  /** The scenario's name for this program instance ("program" unless several run). */
  name: string;
  command: string[];
  cwd: string;
  startedAt: number;
  pid?: number;
  /** Set when the program ended by itself or was stopped. */
  exit?: { t: number; code: number | null; signal: string | null; stoppedByHarness: boolean };
  /** Whole stdout/stderr (capped; see `truncated`). */
  stdout: string;
  stderr: string;
  truncated: { stdout: number; stderr: number };
  output: OutputChunk[];
  socketCalls: SocketCall[];
  /** What the device stand-ins (camera, display, writer, audio) recorded, in order. */
  devices: DeviceEvent[];
  /** False when the program does not run under the Python shim (socket calls unknown). */
  traced: boolean;
  inputs: InputRead[];
  files: WrittenFile[];
  /** Failed to start at all (missing interpreter, ...). */
  spawnError?: string;
  /** Why the harness stopped it before the scenario's end (a limit it went past). */
  stoppedFor?: string;
  /** How it was contained: the sandbox mode, the uid it ran as, its resource limits. */
  sandbox?: { mode: 'bwrap' | 'limits-only' | 'none'; uid?: number; limits: import('../sandbox/limits.js').Limits };
}

export type Direction = 'to-program' | 'from-program';

/** Bytes that crossed the wire on one harness-side socket. */
export interface WireChunk {
  t: number;
  dir: Direction;
  /** For UDP: the remote address of the datagram. */
  remote?: string;
  data: Buffer;
}

export type ConnectionEventKind =
  | 'connected' // TCP connect succeeded / UDP socket bound
  | 'accepted' // a reference server accepted the program's connection
  | 'connect-failed'
  | 'program-closed' // FIN from the program (end of stream)
  | 'program-reset' // ECONNRESET / EPIPE seen on our side
  | 'harness-closed' // we sent FIN
  | 'harness-reset' // we sent RST
  | 'error';

export interface ConnectionEvent {
  t: number;
  kind: ConnectionEventKind;
  detail?: string;
}

/** One socket on the harness side: a driver connection or a reference peer's connection. */
export interface ConnectionRecord {
  name: string;
  transport: 'tcp' | 'udp';
  /** Who owned the socket: 'driver' or the reference peer, e.g. 'reference echo:server'. */
  owner: string;
  local?: string;
  remote?: string;
  events: ConnectionEvent[];
  chunks: WireChunk[];
}

export interface StepRecord {
  index: number;
  /** The step as written in the scenario, in short. */
  label: string;
  t0: number;
  t1: number;
  outcome: 'ok' | 'timeout' | 'error';
  note?: string;
}

export interface Evidence {
  scenarioId: string;
  /** Absolute path of the entry file as given (its folder was copied to the scratch folder). */
  submission: string;
  seed: number;
  isolation: 'netns' | 'remap';
  /** --timeout-scale: every time limit of the run (steps and checks' `...Ms` arguments) is multiplied by it. */
  timeoutScale: number;
  startedAt: number;
  endedAt: number;
  /** The time zone programs run in (their TZ), for checks of the clock; UTC when not recorded. */
  timeZone?: string;
  /** Ports the lab hard-codes -> ports actually used (equal under netns). */
  ports: Record<string, number>;
  programs: Record<string, ProgramEvidence>;
  connections: ConnectionRecord[];
  steps: StepRecord[];
  /** Values a scenario step computed and later checks use (e.g. the fake time a server sent). */
  facts: Record<string, unknown>;
  /** Faults the harness injected (relays, lossy reference peers), in the order applied. */
  faults?: import('../faults/applied-fault.js').AppliedFault[];
  /** Set when the run could not be carried out (the reason becomes an `error` verdict). */
  runError?: string;
  /** Set when the scenario was not run because this machine or run cannot give it what it needs (no
   *  network namespace for multicast, no numpy): the reason becomes a `skipped` verdict. */
  skipped?: string;
  /** The scenario worker that ran it: its pid, and which of its scenarios this was (1: a fresh
   *  worker; more: a worker reused after it was found clean, see engine/clean-namespace.ts). */
  worker?: { pid: number; scenario: number };
}

/** The evidence of a scenario that could not be run at all (no worker, no entry, ...): only the reason. */
export function unrunEvidence(
  run: Pick<Evidence, 'scenarioId' | 'submission' | 'seed' | 'timeoutScale' | 'isolation' | 'ports'>,
  why: string,
): Evidence {
  const t = Date.now();
  return { ...run, startedAt: t, endedAt: t, programs: {}, connections: [], steps: [], facts: {}, runError: why };
}

/** The evidence of a scenario not run because what it needs is missing here: only the reason. */
export function skippedEvidence(
  run: Pick<Evidence, 'scenarioId' | 'submission' | 'seed' | 'timeoutScale' | 'isolation' | 'ports'>,
  why: string,
): Evidence {
  const t = Date.now();
  return { ...run, startedAt: t, endedAt: t, programs: {}, connections: [], steps: [], facts: {}, skipped: why };
}
