// `labcheck test <lab>:<role> <entry>`: run the scenarios, print each verdict as it comes,
// write the JSON and JUnit reports (also when interrupted), exit 0/1/2.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Catalog } from '../scenario/catalog.js';
import type { Evidence } from '../model/evidence.js';
import { countStatuses } from '../model/result.js';
import { chooseIsolation } from '../sandbox/isolation.js';
import { newSeed } from '../engine/random.js';
import { runRole } from '../run/run-role.js';
import type { RunRequest } from '../run/rerun.js';
import { formatScenario, formatSummaryLine } from '../report/console.js';
import { parseTarget, UsageError } from './usage.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  color: boolean;
}

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
      isolation: { type: 'string' },
      'timeout-scale': { type: 'string' },
      verbose: { type: 'boolean' },
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
  const seed = values.seed !== undefined ? Number(values.seed) : newSeed();
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed takes a whole number, got ${values.seed}`);
  const timeoutScale = values['timeout-scale'] !== undefined ? Number(values['timeout-scale']) : 1;
  if (!(timeoutScale > 0)) throw new UsageError(`--timeout-scale takes a positive number, got ${values['timeout-scale']}`);
  const isolationFlag = values.isolation ?? 'auto';
  if (!['auto', 'netns', 'remap'].includes(isolationFlag)) throw new UsageError(`--isolation is auto, netns or remap, got ${isolationFlag}`);
  let chosen;
  try {
    chosen = await chooseIsolation(isolationFlag as 'auto' | 'netns' | 'remap');
  } catch (err) {
    throw new UsageError((err as Error).message);
  }

  const request: RunRequest = {
    lab,
    role,
    entry,
    python: values.python ?? 'python3',
    ...(values.cmd ? { cmd: values.cmd } : {}),
    programArgs,
    seed,
    timeoutScale,
    isolationFlag,
  };
  const base = `${lab}-${role}`;
  const jsonFile = values.json ?? path.join('reports', `${base}.json`);
  const junitFile = values.junit ?? path.join('reports', `${base}.junit.xml`);
  const evidenceDir = path.join(path.dirname(jsonFile), 'evidence', base);

  io.out(`labcheck ${lab}:${role}  ${entry}  seed ${seed}  isolation ${chosen.isolation}${chosen.note ? ` (${chosen.note})` : ''}`);
  const abort = new AbortController();
  const onSigint = () => {
    if (abort.signal.aborted) process.exit(130);
    io.err('\nlabcheck: interrupted; stopping the current scenario and writing the reports (Ctrl-C again to quit at once)');
    abort.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const running = runRole(catalog, {
      request,
      isolation: chosen.isolation,
      scenarios,
      signal: abort.signal,
      onResult: async (result, evidence) => {
        result.evidenceFile = await saveEvidence(evidenceDir, result.scenario, evidence).catch(() => undefined);
        io.out(formatScenario(result, { color: io.color, verbose: Boolean(values.verbose) }).join('\n'));
      },
    });
    // The reporters (junit-report-builder and zod, ~0.1 s to load) load while the scenarios run,
    // once the first worker is starting (runRole starts it before it first waits).
    const reporting = import('../report/reporter.js');
    const run = await running;
    const { jsonReporter, junitReporter } = await reporting;
    for (const r of [jsonReporter(jsonFile), junitReporter(junitFile)]) await r.write([run]);
    io.out(formatSummaryLine(run, io));
    io.out(`reports: ${jsonFile}, ${junitFile}`);
    const counts = countStatuses(run);
    return counts.failed + counts.error > 0 || run.interrupted ? 1 : 0;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** Evidence as JSON, bytes as base64, so a verdict can be re-judged or inspected later. */
async function saveEvidence(dir: string, scenario: string, evidence: Evidence): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${scenario}.json`);
  const text = JSON.stringify(evidence, (key, value) => (value && value.type === 'Buffer' && Array.isArray(value.data) ? { base64: Buffer.from(value.data).toString('base64') } : value), 1);
  await writeFile(file, text);
  return file;
}
