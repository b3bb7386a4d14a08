// The scenario worker: a node process that runs exactly one scenario and exits. Under netns
// isolation it is started inside a fresh network namespace (unshare --net), so the program,
// the reference peers and the harness's sockets share a private loopback.
import { execa } from 'execa';
import { runScenario, type RunOptions } from './run-scenario.js';
import type { ScenarioJob } from './job.js';
import { freePorts } from '../sandbox/free-ports.js';
import { killNamespaceMembers, netnsOf } from '../sandbox/namespace-reaper.js';
import type { Evidence } from '../model/evidence.js';

export type WorkerMessage = { type: 'ready'; error?: string } | { type: 'evidence'; evidence: Evidence };
export type ParentMessage = { type: 'run'; job: ScenarioJob };

async function prepare(isolation: string): Promise<string | undefined> {
  if (isolation !== 'netns') return undefined;
  const r = await execa('ip', ['link', 'set', 'lo', 'up'], { reject: false });
  return r.exitCode === 0 ? undefined : `could not bring up loopback in the namespace: ${String(r.stderr).trim()}`;
}

async function options(job: ScenarioJob): Promise<RunOptions> {
  if (job.isolation === 'netns') {
    return { ports: { ...job.ports }, bindHost: '0.0.0.0', connectHost: '127.0.0.1', extraEnv: {} };
  }
  const ports = await freePorts(Object.keys(job.ports));
  const map = Object.entries(job.ports).map(([name, port]) => `${port}=${ports[name]}`).join(',');
  return { ports, bindHost: '127.0.0.1', connectHost: '127.0.0.1', extraEnv: { LABCHECK_PORT_MAP: map, LABCHECK_REMAP_HOSTS: '1' } };
}

function send(message: WorkerMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, undefined, {}, () => resolve()));
}

async function main(): Promise<void> {
  const isolation = process.argv[2] ?? 'remap';
  const error = await prepare(isolation);
  await send(error ? { type: 'ready', error } : { type: 'ready' });
  if (error) process.exit(1);
  process.once('message', async (message: ParentMessage) => {
    const evidence = await runScenario(message.job, await options(message.job));
    await send({ type: 'evidence', evidence });
    if (isolation === 'netns') {
      // Never reap the parent's namespace, whatever happened to unshare.
      const ns = netnsOf('self');
      if (ns && ns !== process.argv[3]) killNamespaceMembers(ns, [process.pid]);
    }
    process.exit(0);
  });
  process.once('disconnect', () => process.exit(1));
}

void main();
