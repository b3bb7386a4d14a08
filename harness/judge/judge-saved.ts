// Judging saved evidence again (`labcheck judge`): the same checks as a live run, on what the run
// recorded, so a corrected check re-grades without re-running anything.
import type { LoadedScenarioRun, RunManifest } from '../evidence/store.js';
import type { RunResult, ScenarioResult } from '../model/result.js';
import type { Catalog, ScenarioEntry } from '../scenario/catalog.js';
import { judge } from './judge.js';
import { combineRepetitions } from './repetitions.js';

function findEntry(catalog: Catalog, id: string): ScenarioEntry | undefined {
  const m = /^([^:]+):([^/]+)\/(.+)$/.exec(id);
  return m ? catalog.scenarios(m[1]!, m[2]!).find((s) => s.name === m[3]) : undefined;
}

/** The result of one saved scenario run, judged with today's scenario files and checks. */
export function judgeSaved(catalog: Catalog, saved: LoadedScenarioRun): ScenarioResult {
  const { scenario, evidence } = saved;
  const entry = findEntry(catalog, scenario.id);
  if (!entry) return unknownScenario(saved);
  return { ...judge(entry, evidence, scenario.rerun, scenario.durationMs), evidenceFile: saved.path };
}

/**
 * The RunResult of saved scenario runs: the runs of one scenario (--repeat) are combined as in a
 * live run. With the run's manifest the run's own fields come from it; a lone evidence file
 * (no manifest beside it) gives them from its evidence.
 */
export function judgeSavedRun(catalog: Catalog, runs: readonly LoadedScenarioRun[], manifest?: RunManifest): RunResult {
  const byScenario = new Map<string, ScenarioResult[]>();
  for (const saved of runs) {
    const list = byScenario.get(saved.scenario.id) ?? [];
    list.push(judgeSaved(catalog, saved));
    byScenario.set(saved.scenario.id, list);
  }
  const scenarios = [...byScenario.values()].map(combineRepetitions);
  if (manifest) {
    const { request } = manifest;
    return {
      lab: request.lab,
      role: request.role,
      entry: request.entry,
      seed: request.seed,
      isolation: manifest.isolation,
      command: manifest.command,
      startedAt: manifest.startedAt,
      durationMs: manifest.durationMs,
      scenarios,
      ...(manifest.interrupted ? { interrupted: manifest.interrupted } : {}),
      ...(manifest.sandbox ? { sandbox: manifest.sandbox } : {}),
    };
  }
  const first = runs[0]!;
  const [lab, role] = first.scenario.id.split('/')[0]!.split(':') as [string, string];
  return {
    lab,
    role,
    entry: first.evidence.submission,
    seed: first.evidence.seed,
    isolation: first.evidence.isolation,
    command: first.scenario.rerun,
    startedAt: new Date(first.evidence.startedAt).toISOString(),
    durationMs: runs.reduce((sum, r) => sum + r.scenario.durationMs, 0),
    scenarios,
  };
}

function unknownScenario(saved: LoadedScenarioRun): ScenarioResult {
  const { scenario, evidence } = saved;
  const [labRole, name] = scenario.id.split('/') as [string, string];
  const [lab, role] = labRole.split(':') as [string, string];
  return {
    id: scenario.id,
    lab,
    role,
    scenario: name,
    description: '',
    strict: false,
    status: 'error',
    message: `the scenario ${scenario.id} is no longer in the scenario files; its evidence cannot be judged`,
    durationMs: scenario.durationMs,
    seed: evidence.seed,
    rerun: scenario.rerun,
    checks: [],
    programSummary: '',
    stdout: '',
    stderr: '',
    transcript: '',
    socketCalls: '',
    evidenceFile: saved.path,
  };
}
