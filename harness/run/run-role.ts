// Runs every selected scenario of one lab:role against one submission and returns the
// RunResult every reporter is fed. Used by `labcheck test` (and later by class grading).
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { skippedEvidence, unrunEvidence, type Evidence } from '../model/evidence.js';
import type { RunResult, ScenarioResult } from '../model/result.js';
import type { Catalog, ScenarioEntry } from '../scenario/catalog.js';
import { combineRepetitions } from '../judge/repetitions.js';
import { WorkerPool } from '../engine/worker-pool.js';
import type { Isolation, ScenarioJob } from '../engine/job.js';
import { driversDir } from '../paths.js';
import { rerunCommand, type RunRequest } from './rerun.js';
import { newToken } from '../program/env-token-reaper.js';
import { planSandbox, type SandboxPlan } from '../sandbox/sandbox-plan.js';
import { limitsFor } from '../sandbox/limits.js';
import { resolveInterpreter } from './resolve-python.js';
import { notebookProgramName, notebookToPython } from '../program/notebook.js';
import { pythonWithModules } from './python-with-modules.js';
import type { LabSpec } from '../scenario/schema.js';

export interface RoleRun {
  request: RunRequest;
  isolation: Isolation;
  scenarios: ScenarioEntry[];
  /** Called once the sandbox is planned, before the first scenario. */
  onStart?: (sandbox: NonNullable<RunResult['sandbox']>) => void;
  /** Called after each run of a scenario with what it recorded (to save it); may set result.evidenceFile. */
  onEvidence?: (result: ScenarioResult, evidence: Evidence, repetition: number) => void | Promise<void>;
  /** Called as each scenario finishes, all its runs combined (the console prints it at once);
   *  `evidence` is what its last run recorded. */
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
  if (!request.cmd && !/\.(py|ipynb)$/i.test(entry)) return `the entry ${request.entry} is not a Python program (.py) or notebook (.ipynb); use --cmd "<command> {entry}" to run anything else`;
  return undefined;
}

/** A notebook entry's program (its code cells, see harness/program/notebook.ts), or why it has none. */
export function notebookProgram(entry: string): { program?: { name: string; source: string }; problem?: string } {
  if (!/\.ipynb$/i.test(entry)) return {};
  try {
    const source = notebookToPython(readFileSync(entry, 'utf8'));
    const name = notebookProgramName(path.basename(entry), (n) => existsSync(path.join(path.dirname(entry), n)));
    return { program: { name, source } };
  } catch (e) {
    return { problem: `the notebook ${entry} cannot be converted to a program: ${(e as Error).message}` };
  }
}

/** Why this run cannot give the lab the network it declares, or undefined. */
export function labNeedsMissing(lab: LabSpec, isolation: Isolation): string | undefined {
  if (lab.network?.multicast && isolation !== 'netns')
    return 'this lab needs broadcast and multicast on a network of its own (a network namespace per scenario); this run remaps ports on the shared loopback instead (network namespaces unavailable or --isolation remap), where they cannot be tested without disturbing other programs';
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
  const notebook = entryProblem(request) ? {} : notebookProgram(path.resolve(request.entry));
  const problem = entryProblem(request) ?? notebook.problem;
  const roleSpec = catalog.role(request.lab, request.role)!;
  const ownPool = !problem && !run.pool;
  const pool = problem ? undefined : (run.pool ?? new WorkerPool(run.isolation, process.env));
  // Once per run, while the pool's first worker starts up: the interpreter (honouring the
  // submission's .python-version; only Python entries and drivers need it) and the sandbox.
  const labSpec = catalog.labs.get(request.lab)!;
  const runsPython = !problem && !(request.cmd && !roleSpec.driver);
  const choice = runsPython && labSpec.python ? await pythonWithModules(request.python, labSpec.python.modules, path.dirname(path.resolve(request.entry))) : { python: request.python };
  // What this run cannot give the lab: its scenarios are skipped with the reason, never judged.
  const missing = labNeedsMissing(labSpec, run.isolation) ?? choice.problem;
  const interpreter = !runsPython || missing ? { executable: choice.python ?? request.python, paths: [] } : await resolveInterpreter(choice.python!, path.dirname(path.resolve(request.entry)));
  const python = interpreter.executable;
  const plan = planSandbox({ isolation: run.isolation, interpreterPaths: interpreter.paths, allowRead: request.allowRead ?? [] });
  result.sandbox = { mode: plan.mode, summary: plan.summary, gaps: plan.gaps };
  run.onStart?.(result.sandbox);
  let judging: Promise<typeof import('../judge/judge.js')> | undefined;
  const onAbort = () => pool?.interrupt();
  run.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const repeat = request.repeat ?? 1;
    for (const [index, entry] of run.scenarios.entries()) {
      if (run.signal?.aborted) {
        result.interrupted = 'interrupted (Ctrl-C) before all scenarios ran';
        break;
      }
      const rerun = rerunCommand(request, entry.name);
      const repetitions: ScenarioResult[] = [];
      let evidence!: Evidence;
      // Each run of a scenario is a whole independent run, in a fresh (or a clean reused) worker, same seed.
      for (let repetition = 1; repetition <= repeat; repetition++) {
        if (repetition > 1 && run.signal?.aborted) break;
        const t0 = Date.now();
        const moreToCome = !ownPool || index < run.scenarios.length - 1 || repetition < repeat;
        let scenario;
        try {
          if (missing && !problem) {
            evidence = skippedEvidence({ scenarioId: entry.id, submission: path.resolve(request.entry), seed: request.seed, timeoutScale: request.timeoutScale, isolation: run.isolation, ports: {} }, missing);
            scenario = (await (judging ??= import('../judge/judge.js'))).judge(entry, evidence, rerun, 0);
            await run.onEvidence?.(scenario, evidence, repetition);
            repetitions.push(scenario);
            break;
          }
          const running = problem ? undefined : pool!.run(jobFor(catalog, request, run.isolation, entry, roleSpec.driver, python, plan, notebook.program), budgetMs(entry, request.timeoutScale), moreToCome);
          // The judge (zod and every check, ~0.1 s to load) loads while the first scenario runs.
          judging ??= import('../judge/judge.js');
          evidence = running ? await running : errorEvidence(entry, request, run.isolation, problem!);
          scenario = (await judging).judge(entry, evidence, rerun, Date.now() - t0);
        } catch (err) {
          // A bug in the harness costs this scenario an `error` verdict, never the whole run.
          evidence = errorEvidence(entry, request, run.isolation, `internal error in labcheck: ${(err as Error).stack ?? err}`);
          scenario = (await (judging ??= import('../judge/judge.js'))).judge(entry, evidence, rerun, Date.now() - t0);
        }
        // A repeat cut short by Ctrl-C has no verdict of its own: the runs before it stand.
        if (repetition > 1 && run.signal?.aborted) break;
        await run.onEvidence?.(scenario, evidence, repetition);
        repetitions.push(scenario);
      }
      const combined = combineRepetitions(repetitions);
      result.scenarios.push(combined);
      await run.onResult?.(combined, evidence);
    }
    if (run.signal?.aborted) result.interrupted ??= 'interrupted (Ctrl-C)';
  } finally {
    run.signal?.removeEventListener('abort', onAbort);
    if (ownPool) await pool?.close();
    result.durationMs = Date.now() - started;
  }
  return result;
}

function jobFor(
  catalog: Catalog,
  request: RunRequest,
  isolation: Isolation,
  entry: ScenarioEntry,
  driver: string | undefined,
  python: string,
  sandbox: SandboxPlan,
  program: ScenarioJob['program'],
): ScenarioJob {
  return {
    ...(program ? { program } : {}),
    scenarioId: entry.id,
    spec: entry.spec,
    ports: catalog.labs.get(entry.lab)!.ports,
    ...(catalog.labs.get(entry.lab)!.network ? { network: catalog.labs.get(entry.lab)!.network } : {}),
    entry: path.resolve(request.entry),
    command: [python, '{entry}'],
    ...(request.cmd ? { shellLine: request.cmd } : {}),
    ...(driver ? { driver: path.join(driversDir, driver) } : {}),
    programArgs: request.programArgs,
    python,
    seed: request.seed,
    isolation,
    timeoutScale: request.timeoutScale,
    token: newToken(),
    sandbox,
    limits: limitsFor(entry.spec.limits),
  };
}

function errorEvidence(entry: ScenarioEntry, request: RunRequest, isolation: Isolation, why: string): Evidence {
  return unrunEvidence({ scenarioId: entry.id, submission: path.resolve(request.entry), seed: request.seed, timeoutScale: request.timeoutScale, isolation, ports: {} }, why);
}
