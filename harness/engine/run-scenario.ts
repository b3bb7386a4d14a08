// Runs one scenario in the current process: drive the steps, record everything, tear down.
// Judging happens elsewhere (harness/judge), on the evidence this returns.
import { now } from '../model/clock.js';
import path from 'node:path';
import type { Evidence } from '../model/evidence.js';
import type { Step } from '../scenario/schema.js';
import { ScratchFolder } from '../sandbox/scratch-folder.js';
import { programEnvironment } from '../sandbox/program-env.js';
import type { ScenarioJob } from './job.js';
import type { RunContext, StepOutcome } from './context.js';
import { seededRandom } from './random.js';
import * as programSteps from './steps/program-steps.js';
import * as tcpSteps from './steps/tcp-steps.js';
import * as udpSteps from './steps/udp-steps.js';
import { peer } from './steps/peer-steps.js';

export interface RunOptions {
  /** Ports the lab hard-codes -> ports to use (remap isolation gives fresh ones). */
  ports: Record<string, number>;
  bindHost: string;
  connectHost: string;
  /** Extra environment for programs (the port map under remap). */
  extraEnv: Record<string, string>;
}

export async function runScenario(job: ScenarioJob, options: RunOptions, signal?: AbortSignal): Promise<Evidence> {
  const evidence: Evidence = {
    scenarioId: job.scenarioId,
    submission: job.entry,
    seed: job.seed,
    timeoutScale: job.timeoutScale,
    isolation: job.isolation,
    startedAt: now(),
    endedAt: 0,
    ports: options.ports,
    programs: {},
    connections: [],
    steps: [],
    facts: {},
  };
  let scratch: ScratchFolder;
  try {
    scratch = await ScratchFolder.create(path.dirname(job.entry));
  } catch (err) {
    evidence.runError = `could not copy the submission folder: ${(err as Error).message}`;
    evidence.endedAt = now();
    return evidence;
  }
  const ctx: RunContext = {
    job,
    evidence,
    scratch,
    random: seededRandom(job.seed, job.scenarioId),
    bindHost: options.bindHost,
    connectHost: options.connectHost,
    programEnv: programEnvironment(options.extraEnv),
    programs: new Map(),
    conns: new Map(),
    udps: new Map(),
    peers: new Map(),
    lastSent: new Map(),
    boundPorts: new Map(),
    addressOf(program, kind) {
      const host = this.programs.get(program)?.boundHost(kind);
      return host && /^127\./.test(host) ? host : options.connectHost;
    },
    ms: (base) => Math.round(base * job.timeoutScale),
  };
  if (ctx.programEnv.TZ) evidence.timeZone = ctx.programEnv.TZ;
  const interrupted = new Promise<StepOutcome>((resolve) => {
    const onAbort = () => resolve({ outcome: 'error', note: 'interrupted (Ctrl-C) during this scenario' });
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  try {
    for (const [index, step] of job.spec.steps.entries()) {
      const t0 = now();
      let result: StepOutcome;
      try {
        // An interrupt ends the step at once; teardown below still stops everything.
        result = await Promise.race([runStep(ctx, step), interrupted]);
      } catch (err) {
        result = { outcome: 'error', note: (err as Error).message };
      }
      evidence.steps.push({ index, label: stepLabel(step), t0, t1: now(), outcome: result.outcome, ...(result.note ? { note: result.note } : {}) });
      if (result.outcome === 'error') {
        evidence.runError = result.note;
        break;
      }
      if (result.outcome === 'timeout') break;
    }
  } finally {
    await tearDown(ctx);
  }
  evidence.endedAt = now();
  return evidence;
}

function runStep(ctx: RunContext, step: Step): Promise<StepOutcome> {
  if ('start' in step) return programSteps.start(ctx, step.start);
  if ('await' in step) return programSteps.awaitProgram(ctx, step.await);
  if ('stop' in step) return programSteps.stop(ctx, step.stop);
  if ('peer' in step) return peer(ctx, step.peer);
  if ('connect' in step) return tcpSteps.connect(ctx, step.connect);
  if ('send' in step) return tcpSteps.send(ctx, step.send);
  if ('receive' in step) return tcpSteps.receive(ctx, step.receive);
  if ('exchange' in step) return tcpSteps.exchange(ctx, step.exchange);
  if ('close' in step) return tcpSteps.close(ctx, step.close);
  if ('udp' in step) return udpSteps.udp(ctx, step.udp);
  if ('sendto' in step) return udpSteps.sendto(ctx, step.sendto);
  throw new Error(`scenario error: unknown step ${JSON.stringify(step)}`);
}

export function stepLabel(step: Step): string {
  const [kind, args] = Object.entries(step)[0]!;
  const text = JSON.stringify(args);
  return `${kind} ${text.length > 120 ? text.slice(0, 117) + '...' : text}`;
}

async function tearDown(ctx: RunContext): Promise<void> {
  // Stop programs first so that what they print on the way out is part of the evidence.
  await Promise.all([...ctx.programs.values()].map((p) => p.stop()));
  for (const c of ctx.conns.values()) c.destroy();
  for (const u of ctx.udps.values()) u.close();
  await Promise.all([...ctx.peers.values()].map((p) => p.stop().catch(() => {})));
  for (const [name, p] of ctx.programs) ctx.evidence.programs[name] = p.evidence;
  const files = await ctx.scratch.writtenFiles();
  for (const p of ctx.programs.values()) p.evidence.files = files;
  await ctx.scratch.dispose();
}
