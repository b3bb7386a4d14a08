// Judging saved scenario runs builds the RunResult a live run would have given.
import { describe, expect, test } from 'vitest';
import { EVIDENCE_FORMAT, RUN_MANIFEST_FORMAT, type LoadedScenarioRun, type RunManifest } from '../../harness/evidence/store.js';
import { judgeSavedRun } from '../../harness/judge/judge-saved.js';
import { loadCatalog } from '../../harness/scenario/catalog.js';
import { evidence } from '../checks/evidence-builder.js';

const catalog = loadCatalog();

function saved(id: string, repetition: number, echoed: string): LoadedScenarioRun {
  const e = evidence()
    .step('start program')
    .program('program', (p) => p.socketCall({ call: 'bind', addr: '0.0.0.0:2500' }).socketCall({ call: 'listen' }).socketCall({ call: 'accept', fd: 4 }))
    .conn('c1', (c) => c.sent('hello').received(echoed).harnessClosed().programClosed())
    // The program closed during the scenario's steps, before the harness stopped it at the end.
    .step('receive {"conn":"c1","until":"close"}')
    .program('program', (p) => p.stoppedByHarness())
    .build();
  return { format: EVIDENCE_FORMAT, scenario: { id, repetition, durationMs: 100 * repetition, rerun: `rerun ${id}` }, evidence: { ...e, scenarioId: id, seed: 9 }, path: `ev/${id}.${repetition}.json` };
}

describe('judgeSavedRun', () => {
  test('a lone file gives the run fields from its evidence; repetitions of a scenario are combined', () => {
    const run = judgeSavedRun(catalog, [saved('echo:server/graceful-close', 1, 'hello'), saved('echo:server/graceful-close', 2, 'hello')]);
    expect(run).toMatchObject({ lab: 'echo', role: 'server', entry: '/home/student/lab/server.py', seed: 9, isolation: 'netns', command: 'rerun echo:server/graceful-close', durationMs: 300 });
    expect(run.scenarios).toHaveLength(1);
    expect(run.scenarios[0]).toMatchObject({ id: 'echo:server/graceful-close', runs: ['passed', 'passed'], flaky: false, evidenceFile: 'ev/echo:server/graceful-close.1.json' });
  });

  test('the manifest gives the run fields when there is one', () => {
    const manifest: RunManifest = {
      format: RUN_MANIFEST_FORMAT,
      request: { lab: 'echo', role: 'server', entry: 'server.py', python: 'python3', programArgs: [], seed: 9, timeoutScale: 1 },
      isolation: 'remap',
      command: 'labcheck test echo:server server.py --seed 9',
      startedAt: '2026-12-01T10:00:00.000Z',
      durationMs: 1234,
      interrupted: 'interrupted (Ctrl-C)',
      files: [],
    };
    const run = judgeSavedRun(catalog, [saved('echo:server/graceful-close', 1, 'hello')], manifest);
    expect(run).toMatchObject({ entry: 'server.py', isolation: 'remap', command: manifest.command, startedAt: manifest.startedAt, durationMs: 1234, interrupted: manifest.interrupted });
  });

  test('evidence of a scenario no longer in the scenario files is an error saying so', () => {
    const run = judgeSavedRun(catalog, [saved('echo:server/retired-scenario', 1, 'hello')]);
    expect(run.scenarios[0]).toMatchObject({
      id: 'echo:server/retired-scenario',
      status: 'error',
      message: 'the scenario echo:server/retired-scenario is no longer in the scenario files; its evidence cannot be judged',
    });
  });
});
