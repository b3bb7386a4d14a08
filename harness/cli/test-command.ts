// `labcheck test <lab>:<role> <entry>`: run the scenarios, print each verdict as it comes,
// write the JSON and JUnit reports (also when interrupted), exit 0/1/2.
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Catalog } from '../scenario/catalog.js';
import { chooseIsolationFor, parseIsolationFlag, parseSeed, parseTimeoutScale } from './run-options.js';
import { newSeed } from '../engine/random.js';
import { runRole } from '../run/run-role.js';
import { rerunCommand, type RunRequest } from '../run/rerun.js';
import { launcherWords } from '../run/launcher.js';
import { EvidenceFolder } from '../evidence/store.js';
import { formatScenario, sandboxLines } from '../report/console.js';
import { finishRun, reason, reportFiles, type Io } from './finish-run.js';
import { parseTarget, UsageError } from './usage.js';

export type { Io } from './finish-run.js';

export async function testCommand(argv: string[], catalog: Catalog, io: Io): Promise<number> {
  const dash = argv.indexOf('--');
  const programArgs = dash >= 0 ? argv.slice(dash + 1) : [];
  const { values, positionals } = parseArgs({
    args: dash >= 0 ? argv.slice(0, dash) : argv,
    allowPositionals: true,
    strict: true,
    options: {
      only: { type: 'string', multiple: true },
      python: { type: 'string' },
      cmd: { type: 'string' },
      junit: { type: 'string' },
      json: { type: 'string' },
      seed: { type: 'string' },
      repeat: { type: 'string' },
      isolation: { type: 'string' },
      'timeout-scale': { type: 'string' },
      verbose: { type: 'boolean' },
      'allow-read': { type: 'string', multiple: true },
    },
  });
  const { lab, role } = parseTarget(positionals[0]);
  const entry = positionals[1];
  if (!entry) throw new UsageError('missing <entry>: the program file to test, e.g. TCP_echoserver.py');
  if (positionals.length > 2) throw new UsageError(`unexpected argument ${positionals[2]} (program arguments go after --)`);
  if (!catalog.labs.has(lab)) throw new UsageError(`unknown lab ${lab} (labs: ${[...catalog.labs.keys()].join(', ')})`);
  if (!catalog.role(lab, role)) throw new UsageError(`lab ${lab} has no role ${role} (roles: ${Object.keys(catalog.labs.get(lab)!.roles).join(', ')})`);
  const all = catalog.scenarios(lab, role);
  const only = values.only ?? [];
  for (const name of only) {
    if (!all.some((s) => s.name === name || s.id === name)) throw new UsageError(`${lab}:${role} has no scenario ${name} (scenarios: ${all.map((s) => s.name).join(', ')})`);
  }
  const scenarios = only.length ? all.filter((s) => only.includes(s.name) || only.includes(s.id)) : all;
  const seed = parseSeed(values.seed, newSeed);
  const timeoutScale = parseTimeoutScale(values['timeout-scale'], 1);
  const repeat = values.repeat !== undefined ? Number(values.repeat) : 1;
  if (!Number.isInteger(repeat) || repeat < 1) throw new UsageError(`--repeat takes a whole number of runs (1 or more), got ${values.repeat}`);
  const isolationFlag = parseIsolationFlag(values.isolation);
  const chosen = await chooseIsolationFor(isolationFlag);

  const request: RunRequest = {
    lab,
    role,
    entry,
    python: values.python ?? 'python3',
    ...(values.cmd ? { cmd: values.cmd } : {}),
    programArgs,
    seed,
    timeoutScale,
    ...(repeat > 1 ? { repeat } : {}),
    isolationFlag,
    ...(values['allow-read']?.length ? { allowRead: values['allow-read'].map((p) => path.resolve(p)) } : {}),
    launcher: launcherWords(),
  };
  const files = reportFiles(lab, role, values);
  const evidenceDir = path.join(path.dirname(files.json), 'evidence', `${lab}-${role}`);
  // Evidence that cannot be saved does not stop the run: it is said once, after the verdicts.
  const problems: string[] = [];
  const evidence = await EvidenceFolder.open(evidenceDir).catch((e: unknown) => void problems.push(reason(e)));

  io.out(`labcheck ${lab}:${role}  ${entry}  seed ${seed}  isolation ${chosen.isolation}${chosen.note ? ` (${chosen.note})` : ''}`);
  if (/\.ipynb$/i.test(entry)) io.out('a notebook: its code cells (IPython magics left out) are run as the program');
  const abort = new AbortController();
  const onSigint = () => {
    if (abort.signal.aborted) process.exit(130);
    io.err('\nlabcheck: interrupted; stopping the current scenario and writing the reports (Ctrl-C again to quit at once)');
    abort.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const startedAt = new Date().toISOString();
    const running = runRole(catalog, {
      request,
      isolation: chosen.isolation,
      scenarios,
      signal: abort.signal,
      onStart: (sandbox) => {
        io.out(`sandbox ${sandbox.summary}`);
        for (const line of sandboxLines({ sandbox }, io)) io.out(line);
      },
      onEvidence: async (result, recorded, repetition) => {
        if (!evidence) return;
        try {
          const file = await evidence.save({ id: result.id, repetition, durationMs: result.durationMs, rerun: result.rerun }, recorded);
          result.evidenceFile = file;
          await evidence.writeManifest(request, { isolation: chosen.isolation, command: rerunCommand(request), startedAt, durationMs: 0 });
        } catch (e) {
          problems.push(reason(e));
        }
      },
      onResult: (result) => {
        io.out(formatScenario(result, { color: io.color, verbose: Boolean(values.verbose) }).join('\n'));
      },
    });
    const run = await running;
    // The manifest's final form: the run's own start, duration and interruption.
    await evidence?.writeManifest(request, run).catch((e: unknown) => void problems.push(reason(e)));
    return await finishRun(run, files, io, problems);
  } finally {
    process.off('SIGINT', onSigint);
  }
}
