// Parent side of the workers: start workers (each inside a fresh network namespace under netns
// isolation), hand each a job, collect the evidence, and stay in control: a worker that overruns
// its budget is killed together with everything in its namespace. Under netns a worker that
// finds itself clean after its scenario (engine/clean-namespace.ts: no process, socket or handle
// left) reports idle and runs a later scenario of the same lab network, which saves the start-up
// of a worker (about 0.5 s of CPU); one that is not clean exits and is replaced by a fresh one.
import { spawn, type ChildProcess } from 'node:child_process';
import { unrunEvidence, type Evidence } from '../model/evidence.js';
import { workerScript } from '../paths.js';
import { unshareArgs } from '../sandbox/isolation.js';
import { killNamespaceMembers, netnsOf } from '../sandbox/namespace-reaper.js';
import { killByToken } from '../program/env-token-reaper.js';
import type { Isolation, ScenarioJob } from './job.js';
import type { ParentMessage, WorkerMessage } from './worker.js';
import { makeWorkDir, removeWorkDir, sweepStaleWorkDirs } from '../sandbox/work-dirs.js';
import { SANDBOX_UID_BASE, SANDBOX_UID_COUNT } from '../sandbox/sandbox-plan.js';
import { randomInt } from 'node:crypto';

interface Worker {
  child: ChildProcess;
  ready: Promise<string | undefined>;
  ns?: string;
  /** The token of the job it runs, to find that job's processes if the worker must be killed. */
  token?: string;
  /** It sent its evidence: it now empties its namespace, then reports idle or exits by itself. */
  delivered?: boolean;
  /** After its evidence: true once it reported idle (clean), false once it exited or is retiring. */
  back?: Promise<boolean>;
  /** Taken for a next scenario while it was still cleaning up. */
  claimed?: boolean;
  /** Clean and waiting for a next scenario: nothing of a job runs in it. */
  idle?: boolean;
  /** The lab network its namespace has (JSON), set by its first scenario. */
  network?: string;
  /** Scenarios it has run. */
  runs: number;
}

let swept = false;

/** How long an interrupted worker gets to tear down and report before it is killed. */
const ABORT_GRACE_MS = 3000;
/** How long a worker that delivered its evidence gets to clean up and exit before it is killed. */
const EXIT_GRACE_MS = 5000;
/** A worker that is not ready by then is not going to be (a broken node, a hung unshare). */
const START_TIMEOUT_MS = 30_000;
/** A worker runs at most this many scenarios. What a scenario might leave unnoticed in the worker's
 *  memory is bounded by the worker itself (worker.ts retires one that holds too much); this bounds
 *  anything else. A worker's start-up costs about 0.5 s of CPU, so a class grades faster the fewer
 *  are started. */
const MAX_RUNS_PER_WORKER = 500;

export class WorkerPool {
  /** One worker started ahead, so its start-up overlaps the previous scenario. */
  private spare: Worker | undefined;
  private readonly live = new Set<Worker>();
  /** Workers that sent their evidence and are cleaning up or idle, ready to be reused. */
  private readonly returning = new Set<Worker>();
  private closed = false;

  constructor(
    private readonly isolation: Isolation,
    private readonly env: NodeJS.ProcessEnv,
  ) {
    if (!swept) {
      swept = true;
      sweepStaleWorkDirs();
    }
    this.spare = this.startWorker();
  }

  private startWorker(): Worker {
    const parentNs = netnsOf('self') ?? '';
    const nodeArgs = [workerScript, this.isolation, parentNs];
    const child =
      this.isolation === 'netns'
        ? spawn('unshare', [...unshareArgs(), '--', process.execPath, ...nodeArgs], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced', env: this.env })
        : spawn(process.execPath, nodeArgs, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced', env: this.env });
    const worker: Worker = { child, ready: Promise.resolve(undefined), runs: 0 };
    worker.ready = new Promise((resolve) => {
      child.once('message', (m: WorkerMessage) => {
        if (m.type === 'ready') {
          if (child.pid) worker.ns = netnsOf(child.pid);
          resolve(m.error);
        }
      });
      child.once('exit', (code) => resolve(`the scenario worker exited during start-up (code ${code})`));
      setTimeout(() => resolve(`the scenario worker did not start within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS).unref();
      child.once('error', (err) => resolve(`could not start the scenario worker: ${err.message}`));
    });
    this.live.add(worker);
    child.once('exit', () => {
      this.live.delete(worker);
      this.returning.delete(worker);
    });
    return worker;
  }

  /** A worker for a job on lab network `network`: one that ran an earlier scenario of that network
   *  and came back clean, else the spare started ahead, else a new one. */
  private async take(network: string, moreToCome: boolean): Promise<Worker> {
    for (const w of [...this.returning]) {
      if (w.claimed || w.network !== network) continue;
      w.claimed = true;
      const clean = await w.back;
      this.returning.delete(w);
      if (clean && !this.closed && w.child.exitCode === null && w.child.signalCode === null) {
        w.claimed = false;
        w.delivered = false;
        w.idle = false;
        return w;
      }
    }
    const w = this.spare ?? this.startWorker();
    // Under netns the worker comes back for the next scenario: no spare is needed then.
    this.spare = this.closed || !moreToCome || this.isolation === 'netns' ? undefined : this.startWorker();
    return w;
  }

  /** After its evidence: wait for the worker to report idle (kept for a next scenario) or to exit. */
  private comeBack(worker: Worker, network: string): void {
    worker.network = network;
    worker.back = new Promise<boolean>((resolve) => {
      const onExit = () => {
        worker.child.off('message', onMessage);
        resolve(false);
      };
      const onMessage = (m: WorkerMessage) => {
        if (m.type !== 'idle' && m.type !== 'retiring') return;
        worker.child.off('message', onMessage);
        worker.child.off('exit', onExit);
        worker.idle = m.type === 'idle';
        const keep = worker.idle && !this.closed && worker.runs < MAX_RUNS_PER_WORKER;
        // An idle worker not kept has an empty namespace and nothing running: a plain kill ends it.
        if (worker.idle && !keep) worker.child.kill('SIGKILL');
        resolve(keep);
      };
      worker.child.on('message', onMessage);
      worker.child.once('exit', onExit);
    });
    this.returning.add(worker);
  }

  /** Run one scenario; never rejects: problems come back as evidence with runError.
   *  moreToCome false (the last scenario of a run) starts no spare worker for a next one. */
  async run(job: ScenarioJob, budgetMs: number, moreToCome = true): Promise<Evidence> {
    // The parent owns the run's folder: removed below whether the worker finished, died or was killed.
    const workDir = makeWorkDir();
    try {
      // A uid of its own per run: its process limit is its own, and nothing else runs as it.
      return await this.runIn({ ...job, workDir, uid: SANDBOX_UID_BASE + randomInt(SANDBOX_UID_COUNT) }, budgetMs, moreToCome);
    } finally {
      removeWorkDir(workDir);
    }
  }

  private async runIn(job: ScenarioJob, budgetMs: number, moreToCome: boolean): Promise<Evidence> {
    const network = JSON.stringify(job.network ?? null);
    const worker = await this.take(network, moreToCome);
    worker.runs++;
    const failed = (why: string): Evidence =>
      unrunEvidence({ scenarioId: job.scenarioId, submission: job.entry, seed: job.seed, timeoutScale: job.timeoutScale, isolation: job.isolation, ports: job.ports }, why);
    worker.token = job.token;
    const startError = await worker.ready;
    if (startError) {
      this.kill(worker);
      return failed(startError);
    }
    return new Promise<Evidence>((resolve) => {
      const timer = setTimeout(() => {
        this.kill(worker);
        resolve(failed(`the scenario did not finish within ${(budgetMs / 1000).toFixed(0)} s; the harness stopped it`));
      }, budgetMs);
      let delivered = false;
      const onMessage = (m: WorkerMessage) => {
        if (m.type !== 'evidence') return;
        delivered = true;
        worker.delivered = true;
        clearTimeout(timer);
        worker.child.off('message', onMessage);
        worker.child.off('exit', onExit);
        this.comeBack(worker, network);
        resolve(reviveBuffers(m.evidence));
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        clearTimeout(timer);
        worker.child.off('message', onMessage);
        // After its evidence a worker reaps its own namespace; otherwise reap what it left.
        if (!delivered) this.kill(worker);
        resolve(failed(`the scenario worker ended unexpectedly (${signal ?? `code ${code}`})`));
      };
      worker.child.on('message', onMessage);
      worker.child.once('exit', onExit);
      worker.child.send({ type: 'run', job } satisfies ParentMessage);
    });
  }

  private kill(worker: Worker): void {
    const alive = worker.child.exitCode === null && worker.child.signalCode === null;
    // Empty its namespace while the worker still holds it: once a namespace is gone its inode
    // number can be reused by a new worker's namespace, which must never be touched.
    if (alive && worker.ns && worker.ns !== netnsOf('self') && worker.child.pid) killNamespaceMembers(worker.ns, [worker.child.pid]);
    try {
      worker.child.kill('SIGKILL');
    } catch {
      /* gone */
    }
    // The job's processes carry its token, wherever they went.
    if (worker.token) killByToken(worker.token);
  }

  /** Ctrl-C: ask running workers to stop their scenario and report; kill those that do not. */
  interrupt(): void {
    this.closed = true;
    for (const w of this.live) {
      if (w === this.spare) continue;
      if (w.idle) {
        w.child.kill('SIGKILL'); // nothing of a job runs in it
        continue;
      }
      try {
        w.child.send({ type: 'abort' } satisfies ParentMessage);
      } catch {
        /* not connected */
      }
      setTimeout(() => this.kill(w), ABORT_GRACE_MS).unref();
    }
    if (this.spare) this.kill(this.spare);
    this.spare = undefined;
  }

  /** Stop every worker (end of run, or Ctrl-C). One that delivered its evidence is cleaning up
   *  after its scenario: it is left to finish (killing it would cut that short and cost a second
   *  search of every process), and killed only if it has not exited within EXIT_GRACE_MS. An idle
   *  one is simply killed: its namespace is empty. */
  async close(): Promise<void> {
    this.closed = true;
    this.spare = undefined;
    const finishing: Promise<void>[] = [];
    for (const w of [...this.live]) {
      if (w.idle) w.child.kill('SIGKILL');
      else if (!w.delivered) this.kill(w);
      else finishing.push(this.exitOrKill(w));
    }
    await Promise.all(finishing);
  }

  private exitOrKill(worker: Worker): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.kill(worker);
        resolve();
      }, EXIT_GRACE_MS);
      worker.child.once('exit', (code) => {
        clearTimeout(timer);
        // It did not finish its clean-up: what it started still carries the job's token.
        if (code !== 0 && !worker.idle && worker.token) killByToken(worker.token);
        resolve();
      });
      if (worker.child.exitCode !== null || worker.child.signalCode !== null) {
        clearTimeout(timer);
        resolve();
      }
    });
  }
}

/** The advanced serialization turns Buffers into Uint8Arrays; make them Buffers again. */
function reviveBuffers(evidence: Evidence): Evidence {
  const revive = (d: Uint8Array) => Buffer.from(d.buffer, d.byteOffset, d.byteLength);
  for (const c of evidence.connections) for (const chunk of c.chunks) chunk.data = revive(chunk.data);
  for (const p of Object.values(evidence.programs)) for (const f of p.files) if (f.data) f.data = revive(f.data);
  return evidence;
}
