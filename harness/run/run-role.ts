// Runs every selected scenario of one lab:role against one submission and returns the
// RunResult every reporter is fed. Used by `labcheck test` (and later by class grading).
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { unrunEvidence, type Evidence } from '../model/evidence.js';
import type { RunResult, ScenarioResult } from '../model/result.js';
import type { Catalog, ScenarioEntry } from '../scenario/catalog.js';
import { WorkerPool } from '../engine/worker-pool.js';
import type { Isolation, ScenarioJob } from '../engine/job.js';
import { driversDir } from '../paths.js';
import { rerunCommand, type RunRequest } from './rerun.js';
import { newToken } from '../program/env-token-reaper.js';
import { resolvePython } from './resolve-python.js';

export interface RoleRun {
  request: RunRequest;
  isolation: Isolation;
  scenarios: ScenarioEntry[];
  /** Called as each scenario finishes (the console prints it at once). */
  onResult?: (result: ScenarioResult, evidence: Evidence) => void | Promise<void>;
  /** Set to stop before the next scenario (Ctrl-C). */
  signal?: AbortSignal;
  /** Workers to run on; by default a pool for this run alone (closed at its end). Grading many
   *  submissions shares one, so its warm spare workers carry over. */
  pool?: WorkerPool;
}

/** Why the entry cannot be run at all, or undefined. */
export function entryProblem(request: RunRequest): string | undefined {
  const entry = path.resolve(request.entry);
  if (!existsSync(entry)) return `the entry ${request.entry} does not exist`;
  if (!statSync(entry).isFile()) return `the entry ${request.entry} is not a file`;
  if (!request.cmd && !/\.py$/i.test(entry)) return `the entry ${request.entry} is not a Python program (.py); use --cmd "<command> {entry}" to run anything else`;
  return undefined;
}

function budgetMs(entry: ScenarioEntry, scale: number): number {
  return Math.round((20_000 + 5_000 * entry.spec.steps.length) * scale);
}

export async function runRole(catalog: Catalog, run: RoleRun): Promise<RunResult> {
  const { request } = run;
  const started = Date.now();
  const result: RunResult = {
    lab: request.lab,
    role: request.role,
    entry: request.entry,
    seed: request.seed,
    isolation: run.isolation,
    command: rerunCommand(request),
    startedAt: new Date(started).toISOString(),
    durationMs: 0,
    scenarios: [],
  };
  const problem = entryProblem(request);
  const roleSpec = catalog.role(request.lab, request.role)!;
  const ownPool = !problem && !run.pool;
  const pool = problem ? undefined : (run.pool ?? new WorkerPool(run.isolation, process.env));
  // Resolved while the pool's first worker starts up; only Python entries and drivers need it.
  const python = problem || (request.cmd && !roleSpec.driver) ? request.python : await resolvePython(request.python, path.dirname(path.resolve(request.entry)));
  let judging: Promise<typeof import('../judge/judge.js')> | undefined;
  const onAbort = () => pool?.interrupt();
  run.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    for (const [index, entry] of run.scenarios.entries()) {
      if (run.signal?.aborted) {
        result.interrupted = 'interrupted (Ctrl-C) before all scenarios ran';
        break;
      }
      const rerun = rerunCommand(request, entry.name);
      const t0 = Date.now();
      const moreToCome = !ownPool || index < run.scenarios.length - 1;
      let evidence: Evidence;
      let scenario;
      try {
        const running = problem ? undefined : pool!.run(jobFor(catalog, { ...request, python }, run.isolation, entry, roleSpec.driver), budgetMs(entry, request.timeoutScale), moreToCome);
        // The judge (zod and every check, ~0.1 s to load) loads while the first scenario runs.
        judging ??= import('../judge/judge.js');
        evidence = running ? await running : errorEvidence(entry, request, run.isolation, problem!);
        scenario = (await judging).judge(entry, evidence, rerun, Date.now() - t0);
      } catch (err) {
        // A bug in the harness costs this scenario an `error` verdict, never the whole run.
        evidence = errorEvidence(entry, request, run.isolation, `internal error in labcheck: ${(err as Error).stack ?? err}`);
        scenario = (await (judging ??= import('../judge/judge.js'))).judge(entry, evidence, rerun, Date.now() - t0);
      }
      result.scenarios.push(scenario);
      await run.onResult?.(scenario, evidence);
    }
    if (run.signal?.aborted) result.interrupted ??= 'interrupted (Ctrl-C)';
  } finally {
    run.signal?.removeEventListener('abort', onAbort);
    if (ownPool) await pool?.close();
    result.durationMs = Date.now() - started;
  }
  return result;
}

function jobFor(catalog: Catalog, request: RunRequest, isolation: Isolation, entry: ScenarioEntry, driver: string | undefined): ScenarioJob {
  return {
    scenarioId: entry.id,
    spec: entry.spec,
    ports: catalog.labs.get(entry.lab)!.ports,
    entry: path.resolve(request.entry),
    command: request.cmd ? splitCommand(request.cmd) : [request.python, '{entry}'],
    ...(driver ? { driver: path.join(driversDir, driver) } : {}),
    programArgs: request.programArgs,
    python: request.python,
    seed: request.seed,
    isolation,
    timeoutScale: request.timeoutScale,
    token: newToken(),
  };
}

function errorEvidence(entry: ScenarioEntry, request: RunRequest, isolation: Isolation, why: string): Evidence {
  return unrunEvidence({ scenarioId: entry.id, submission: path.resolve(request.entry), seed: request.seed, timeoutScale: request.timeoutScale, isolation, ports: {} }, why);
}

/** Split a command line into words, honouring single and double quotes. */
export function splitCommand(line: string): string[] {
  const words: string[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
  for (const m of line.matchAll(re)) words.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : (m[2] ?? m[3]!));
  return words;
}
