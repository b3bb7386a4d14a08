// Runs one scenario in the current process: drive the steps, record everything, tear down.
// Judging happens elsewhere (harness/judge), on the evidence this returns.
import { now } from '../model/clock.js';
import path from 'node:path';
import type { Evidence } from '../model/evidence.js';
import type { Step } from '../scenario/schema.js';
import os from 'node:os';
import { mkdtemp } from 'node:fs/promises';
import { Sandbox } from '../sandbox/sandbox.js';
import { PROGRAM_TIME_ZONE } from '../sandbox/program-env.js';
import type { ScenarioJob } from './job.js';
import type { RunContext, StepOutcome } from './context.js';
import { seededRandom } from './random.js';
import { STEPS } from './steps/registry.js';

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
  let sandbox: Sandbox;
  try {
    // The pool gives every job a work folder it removes afterwards; a run without one (tests) makes its own.
    const workDir = job.workDir ?? (await mkdtemp(path.join(os.tmpdir(), 'labcheck-run-')));
    sandbox = await Sandbox.create({ plan: job.sandbox, workDir, uid: job.uid ?? 0 }, path.dirname(job.entry));
    if (job.program) await sandbox.scratch.place(job.program.name, Buffer.from(job.program.source, 'utf8'));
  } catch (err) {
    evidence.runError = `could not copy the submission folder: ${(err as Error).message}`;
    evidence.endedAt = now();
    return evidence;
  }
  const ctx: RunContext = {
    job,
    evidence,
    sandbox,
    random: seededRandom(job.seed, job.scenarioId),
    bindHost: options.bindHost,
    connectHost: options.connectHost,
    extraEnv: options.extraEnv,
    programs: new Map(),
    conns: new Map(),
    udps: new Map(),
    peers: new Map(),
    lastSent: new Map(),
    boundPorts: new Map(),
    peerPorts: new Map(),
    addressOf(program, kind) {
      const host = this.programs.get(program)?.boundHost(kind);
      return host && /^127\./.test(host) ? host : options.connectHost;
    },
    ms: (base) => Math.round(base * job.timeoutScale),
  };
  evidence.timeZone = PROGRAM_TIME_ZONE;
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
  const [kind, args] = Object.entries(step)[0]!;
  const run = STEPS[kind];
  if (!run) throw new Error(`scenario error: unknown step ${kind}`);
  return run(ctx, args);
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
  const files = await ctx.sandbox.scratch.writtenFiles();
  for (const p of ctx.programs.values()) p.evidence.files = files;
  await ctx.sandbox.dispose();
  await Promise.all([...ctx.programs.values()].map((p) => p.release()));
}
