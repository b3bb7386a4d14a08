// Starting programs through a small helper process (spawner/spawner.py) instead of node's own
// spawn. Node starts a child by fork(): a scenario worker holds about 100 MiB, so each program's
// start copied its page tables and made each page it wrote afterwards fault once, several ms of
// CPU per program (measured: 6-7 ms at 120 MiB, twice that on a busy machine). The helper is a
// Python process of a few MiB started once per worker, which starts programs with posix_spawn
// (vfork and exec: it copies nothing). Linux only (it hands over the pipes through /proc);
// elsewhere, and with LABCHECK_SPAWN=direct, programs start with node's spawn.
import { spawn, type ChildProcess } from 'node:child_process';
import { constants, openSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { packageRoot } from '../paths.js';
import { LineSplitter } from './shim-events.js';
import { signalName } from './signal-name.js';
import { findExecutable } from './find-executable.js';
import { DEFAULT_PYTHON, FALLBACK_PYTHONS } from '../run/python-with-modules.js';

const spawnerScript = path.join(packageRoot, 'harness', 'program', 'spawner', 'spawner.py');

export interface StartRequest {
  command: string[];
  cwd: string;
  env: Record<string, string>;
}

/** A started program: its pid (also its process group and session) and the harness's ends of its
 *  stdin, stdout, stderr and the shim's events pipe (fd 3). */
export interface StartedProcess {
  pid: number;
  stdin: Writable;
  stdout: Readable;
  stderr: Readable;
  events: Readable;
}

/** Started, or why not ("ENOENT: spawn bwrap ENOENT", as node words it). */
export type StartResult = StartedProcess | { error: string };
export type OnExit = (code: number | null, signal: NodeJS.Signals | null) => void;

type Started = { id: number; pid?: number; fds?: number[]; error?: string; message?: string };
type Reply = Started | { exit: number; code: number | null; signal: number | null } | { ready: true };

/** A helper that has not said it is ready by then is not going to be. */
const READY_TIMEOUT_MS = 10_000;

/** What a start asked of a helper that has ended gets. */
const HELPER_ENDED = { error: 'EPIPE', message: "labcheck's spawn helper ended" };

export class SpawnHelper {
  private nextId = 1;
  private readonly waiting = new Map<number, (reply: Started) => void>();
  private readonly exits = new Map<number, OnExit>();
  private ended = false;

  private constructor(
    private readonly child: ChildProcess,
    ready: (ok: boolean) => void,
    onEnd: () => void,
  ) {
    const lines = new LineSplitter();
    child.stdout!.setEncoding('utf8');
    let running = false;
    child.stdout!.on('data', (text: string) => {
      for (const line of lines.push(text)) {
        const reply = JSON.parse(line) as Reply;
        if ('ready' in reply) {
          running = true;
          ready(true);
        } else this.receive(reply);
      }
    });
    child.stdin!.on('error', () => {});
    const end = () => {
      if (this.ended) return;
      this.ended = true;
      ready(false);
      for (const resolve of this.waiting.values()) resolve({ id: 0, ...HELPER_ENDED });
      this.waiting.clear();
      if (running) onEnd(); // one that never started is simply not used
    };
    child.once('exit', end);
    child.once('error', end);
  }

  /** Start the helper with `python`; undefined where it cannot work (not Linux) or did not start.
   *  `onEnd` runs if it ends before close(): the programs it started are then gone with it. */
  static async start(python: string, onEnd: () => void): Promise<SpawnHelper | undefined> {
    if (process.platform !== 'linux') return undefined;
    // -I -S: the helper needs only the standard library, and nothing of the environment's Python
    // setup (PYTHONPATH, site-packages' start-up hooks) runs in it.
    const child = spawn(python, ['-I', '-S', spawnerScript], { stdio: ['pipe', 'pipe', 'inherit'] });
    let timer: NodeJS.Timeout | undefined;
    let helper: SpawnHelper | undefined;
    const ok = await new Promise<boolean>((resolve) => {
      helper = new SpawnHelper(child, resolve, onEnd);
      timer = setTimeout(() => resolve(false), READY_TIMEOUT_MS);
    });
    clearTimeout(timer);
    if (ok) return helper;
    child.kill('SIGKILL');
    return undefined;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Start a program in a new session; `onExit` runs when it ends. */
  start(request: StartRequest, onExit: OnExit): Promise<StartResult> {
    const id = this.nextId++;
    return new Promise<StartResult>((resolve) => {
      const failed = (reply: Omit<Started, 'id'>) => resolve({ error: `${reply.error ?? 'EIO'}: ${reply.message ?? 'spawn failed'}` });
      if (this.ended) return failed(HELPER_ENDED);
      this.waiting.set(id, (reply) => {
        if (reply.error !== undefined || reply.pid === undefined || !reply.fds) return failed(reply);
        this.exits.set(reply.pid, onExit);
        resolve(this.takePipes(reply.pid, reply.fds));
      });
      this.send({ id, argv: request.command, cwd: request.cwd, env: request.env });
    });
  }

  /** Open the helper's ends of the new program's pipes through /proc, then let it close its own.
   *  (Opening a pipe through /proc works whether or not its program still runs: an exited program's
   *  output is read to its end, and a write to its stdin fails with EPIPE, as with node's spawn.) */
  private takePipes(pid: number, fds: number[]): StartResult {
    const open = (fd: number, mode: number) => openSync(`/proc/${this.child.pid}/fd/${fd}`, mode | constants.O_NONBLOCK); // node opens close-on-exec
    let opened: number[];
    try {
      opened = [open(fds[0]!, constants.O_WRONLY), open(fds[1]!, constants.O_RDONLY), open(fds[2]!, constants.O_RDONLY), open(fds[3]!, constants.O_RDONLY)];
    } catch (err) {
      // Not expected (the helper holds each pipe until told to close it); never thrown into its
      // reader. The program cannot be run without its pipes.
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        /* gone */
      }
      return { error: `${(err as NodeJS.ErrnoException).code ?? 'EIO'}: could not take the pipes of program ${pid} from labcheck's spawn helper` };
    } finally {
      this.send({ close: fds });
    }
    const [stdinFd, stdoutFd, stderrFd, eventsFd] = opened as [number, number, number, number];
    const reader = (fd: number) => new net.Socket({ fd, readable: true, writable: false });
    return { pid, stdin: new net.Socket({ fd: stdinFd, readable: false, writable: true }), stdout: reader(stdoutFd), stderr: reader(stderrFd), events: reader(eventsFd) };
  }

  private receive(reply: Exclude<Reply, { ready: true }>): void {
    if ('exit' in reply) {
      const onExit = this.exits.get(reply.exit);
      this.exits.delete(reply.exit);
      onExit?.(reply.code, reply.signal === null ? null : (signalName(reply.signal) ?? null));
      return;
    }
    const resolve = this.waiting.get(reply.id);
    this.waiting.delete(reply.id);
    resolve?.(reply);
  }

  private send(message: object): void {
    this.child.stdin!.write(JSON.stringify(message) + '\n');
  }

  /** End the helper: at end of its input it kills what it started that still runs, and exits. */
  close(): void {
    this.ended = true;
    this.child.stdin!.end();
  }
}

/** The interpreter the helper runs with: the system's Python 3 if there is one (it starts fastest,
 *  with no version manager's wrapper in front), else python3 on the PATH. */
export function helperPython(): string {
  return FALLBACK_PYTHONS.find((candidate) => findExecutable(candidate, '')) ?? DEFAULT_PYTHON;
}

/** The helper programs of this process start through (set by the scenario worker), if any. */
let active: SpawnHelper | undefined;
export function useSpawnHelper(helper: SpawnHelper | undefined): void {
  active = helper;
}
export function activeSpawnHelper(): SpawnHelper | undefined {
  return active;
}
