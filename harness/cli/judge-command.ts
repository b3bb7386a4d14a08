// `labcheck judge <evidence folder or file>`: judge saved evidence again with today's checks and
// write the same console, JSON and JUnit reports as `labcheck test`, running nothing.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Catalog } from '../scenario/catalog.js';
import { EvidenceError, loadEvidenceFile, loadManifest, loadRunFolder, type LoadedScenarioRun, type RunManifest } from '../evidence/store.js';
import { judgeSavedRun } from '../judge/judge-saved.js';
import { sandboxLines, formatScenario } from '../report/console.js';
import { finishRun, reportFiles, type Io } from './finish-run.js';
import { UsageError } from './usage.js';

export async function judgeCommand(argv: string[], catalog: Catalog, io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      junit: { type: 'string' },
      json: { type: 'string' },
      verbose: { type: 'boolean' },
    },
  });
  const target = positionals[0];
  if (!target) throw new UsageError('missing <evidence>: a run\'s evidence folder (e.g. reports/evidence/echo-server) or one evidence file');
  if (positionals.length > 1) throw new UsageError(`unexpected argument ${positionals[1]}`);

  let runs: LoadedScenarioRun[];
  let manifest: RunManifest | undefined;
  try {
    const info = await stat(target).catch(() => undefined);
    if (!info) throw new EvidenceError(`${target} does not exist`);
    if (info.isDirectory()) {
      ({ manifest, runs } = await loadRunFolder(target));
    } else {
      // One scenario run; the run's manifest beside it (when there) gives the run's own fields.
      runs = [await loadEvidenceFile(target)];
      manifest = await loadManifest(path.dirname(target));
    }
  } catch (e) {
    if (e instanceof EvidenceError) throw new UsageError(e.message);
    throw e;
  }
  if (runs.length === 0) throw new UsageError(`${target} holds no scenario evidence`);

  const run = judgeSavedRun(catalog, runs, manifest);
  io.out(`labcheck judge ${run.lab}:${run.role}  ${run.entry}  seed ${run.seed}  evidence of ${run.startedAt}`);
  if (run.sandbox) {
    io.out(`sandbox ${run.sandbox.summary}`);
    for (const line of sandboxLines(run, io)) io.out(line);
  }
  for (const s of run.scenarios) io.out(formatScenario(s, { color: io.color, verbose: Boolean(values.verbose) }).join('\n'));
  return finishRun(run, reportFiles(run.lab, run.role, values), io);
}
