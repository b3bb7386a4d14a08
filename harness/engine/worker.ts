// The scenario worker: a node process that runs scenarios, one at a time. Under netns isolation it
// is started inside a fresh network namespace (unshare --net), so the program, the reference
// peers and the harness's sockets share a private loopback. After each scenario it kills
// everything left in its namespace; under netns, when it is then as clean as a fresh worker
// (clean-namespace.ts) it tells the parent it is idle and may be given the next scenario of the
// same lab network; otherwise (and always under remap) it exits.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { runScenario, type RunOptions } from './run-scenario.js';
import type { ScenarioJob } from './job.js';
import { freePorts } from '../sandbox/free-ports.js';
import { killNamespaceMembers, netnsOf } from '../sandbox/namespace-reaper.js';
import { unrunEvidence, type Evidence } from '../model/evidence.js';
import { killByToken } from '../program/env-token-reaper.js';
import { makeLabNetwork } from '../sandbox/lab-network.js';
import { holdsTooMuchMemory, ownResources, waitUntilClean } from './clean-namespace.js';
import { activeSpawnHelper, helperPython, SpawnHelper, useSpawnHelper } from '../program/spawn-helper.js';

/** How long a worker waits for the kernel to finish closing its scenario's sockets before it gives up being reused. */
const CLEAN_WAIT_MS = 1000;

export type WorkerMessage =
  | { type: 'ready'; error?: string }
  | { type: 'evidence'; evidence: Evidence }
  /** Clean after its scenario: it waits for the next one. */
  | { type: 'idle' }
  /** Not clean after its scenario (why): it exits. */
  | { type: 'retiring'; why: string };
export type ParentMessage = { type: 'run'; job: ScenarioJob } | { type: 'abort' };

async function prepare(isolation: string): Promise<string | undefined> {
  if (isolation !== 'netns') return undefined;
  const r = spawnSync('ip', ['link', 'set', 'lo', 'up'], { encoding: 'utf8' });
  if (r.status !== 0) return `could not bring up loopback in the namespace: ${(r.stderr || r.error?.message || '').trim()}`;
  // No TIME_WAIT in the scenario's namespace: a scenario may start a one-shot server several times
  // on its hard-coded port, and a copy that closed first must not make the next one's bind() fail.
  // (Best effort: the setting is per namespace on current kernels; nothing else depends on it.)
  try {
    writeFileSync('/proc/sys/net/ipv4/tcp_max_tw_buckets', '0\n', { flag: 'r+' });
  } catch {
    /* an older kernel or a read-only /proc/sys: TIME_WAIT stays possible */
  }
  // Ports below 1024 (Modbus's 502) are the program's to bind in its own namespace, though it runs
  // as an unprivileged uid: as written, it binds 502 as it would as root on its own machine.
  try {
    writeFileSync('/proc/sys/net/ipv4/ip_unprivileged_port_start', '0\n', { flag: 'r+' });
  } catch {
    /* a kernel before 4.11: a port below 1024 needs root */
  }
  return undefined;
}

async function options(job: ScenarioJob): Promise<RunOptions> {
  if (job.isolation === 'netns') {
    return { ports: { ...job.ports }, bindHost: '0.0.0.0', connectHost: '127.0.0.1', extraEnv: {} };
  }
  const ports = await freePorts(Object.keys(job.ports));
  const map = Object.entries(job.ports).map(([name, port]) => `${port}=${ports[name]}`).join(',');
  return { ports, bindHost: '127.0.0.1', connectHost: '127.0.0.1', extraEnv: { LABCHECK_PORT_MAP: map, LABCHECK_REMAP_HOSTS: '1' } };
}

function networkFailure(job: ScenarioJob, why: string): Evidence {
  return unrunEvidence({ scenarioId: job.scenarioId, submission: job.entry, seed: job.seed, timeoutScale: job.timeoutScale, isolation: job.isolation, ports: job.ports }, why);
}

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, undefined, {}, () => resolve()));
}

/** Kill everything the scenario left. Under netns every process a program started under bwrap is
 *  in the worker's network namespace (it runs unprivileged and cannot leave): killing the
 *  namespace's members is enough, and the clean check that follows confirms it. Otherwise (or a
 *  program running as root, which could leave) its processes are also found by its token. */
function reap(isolation: string, job: Pick<ScenarioJob, 'token' | 'sandbox'> | undefined): void {
  // Never reap the parent's namespace, whatever happened to unshare.
  const ns = isolation === 'netns' ? netnsOf('self') : undefined;
  const inNamespace = ns !== undefined && ns !== process.argv[3];
  if (inNamespace) killNamespaceMembers(ns, ownPids());
  if (job && !(inNamespace && job.sandbox.mode === 'bwrap')) killByToken(job.token);
}

/** The worker's own processes: itself and its spawn helper. */
function ownPids(): number[] {
  const helper = activeSpawnHelper()?.pid;
  return helper ? [process.pid, helper] : [process.pid];
}

/** Programs start through a spawn helper (program/spawn-helper.ts) unless LABCHECK_SPAWN=direct. */
async function startSpawnHelper(): Promise<void> {
  if (process.env.LABCHECK_SPAWN === 'direct') return;
  // The helper ending on its own takes the running programs with it: this worker's scenario can
  // no longer be judged, and the parent reports it as a worker that ended.
  useSpawnHelper(await SpawnHelper.start(helperPython(), () => process.exit(1)));
}

async function main(): Promise<void> {
  const isolation = process.argv[2] ?? 'remap';
  let running: ScenarioJob | undefined;
  // The parent went away (killed, or quit at a second Ctrl-C): leave nothing running. A worker
  // whose parent went while it started up must not stay either (its spawn helper would keep it
  // alive): the channel may have closed before this listener, so it is also looked at.
  const orphaned = () => {
    reap(isolation, running);
    process.exit(1);
  };
  process.once('disconnect', orphaned);
  const error = await prepare(isolation);
  if (!error) await startSpawnHelper();
  if (!process.connected) orphaned();
  await send(error ? { type: 'ready', error } : { type: 'ready' });
  if (error) process.exit(1);
  // Ctrl-C reaches the whole terminal process group; the parent decides what happens.
  process.on('SIGINT', () => {});
  let abort = new AbortController();
  /** The lab network made in this namespace (by the first scenario), as JSON. */
  let network: string | undefined;
  let scenarios = 0;
  process.on('message', async (message: ParentMessage) => {
    if (message.type === 'abort') abort.abort();
    if (message.type !== 'run') return;
    const { job } = message;
    abort = new AbortController();
    running = job;
    // Under remap the run has no namespace of its own: run-role skips labs that declare a network.
    let networkError: string | undefined;
    if (isolation === 'netns') {
      const wanted = JSON.stringify(job.network ?? null);
      if (network === undefined) {
        networkError = makeLabNetwork(job.network);
        network = wanted;
      } else if (network !== wanted) networkError = 'internal error in labcheck: a scenario worker was given a lab with another network';
    }
    const evidence = networkError ? networkFailure(job, networkError) : await runScenario(job, await options(job), abort.signal);
    evidence.worker = { pid: process.pid, scenario: ++scenarios };
    await send({ type: 'evidence', evidence });
    reap(isolation, running);
    running = undefined;
    let why: string | undefined;
    if (isolation !== 'netns') why = 'a worker is reused under netns isolation only';
    else if (networkError) why = `its lab network may be half made (${networkError})`;
    else why = (await waitUntilClean(own, CLEAN_WAIT_MS)) ?? holdsTooMuchMemory();
    if (why) {
      await send({ type: 'retiring', why });
      process.exit(0);
    }
    await send({ type: 'idle' });
  });
  // What the worker holds of its own (the channel to the parent, now listened to, and its helper).
  const own = ownResources(ownPids());
}

void main();
