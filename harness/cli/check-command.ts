// `labcheck check [--assignment <file>] [--lang ko|en]`: a student checks their own folder (the
// current one) before handing in. With the assignment file it is graded as `labcheck grade` would
// (same entry patterns, points and seed) but hidden scenarios are neither shown nor mentioned, and
// no class report is written; without one the programs are found by the course's file names.
// Exit 0 when every scenario shown passed, 1 otherwise (or when nothing could be checked).
import { parseArgs } from 'node:util';
import type { Catalog } from '../scenario/catalog.js';
import { newSeed } from '../engine/random.js';
import { WorkerPool } from '../engine/worker-pool.js';
import { defaultSeed, type AssignmentLab } from '../grade/assignment.js';
import { chooseIsolationFor, loadAssignmentFile, parseIsolationFlag, parseSeed, parseTimeoutScale } from './run-options.js';
import { filesUnder } from '../grade/find-entry.js';
import { gradeLab } from '../grade/grade-class.js';
import { chooseLanguage } from '../check/language.js';
import { findPrograms, seedNames } from '../check/find-programs.js';
import { labSummary } from '../check/summary.js';
import { MESSAGES } from '../check/messages.js';
import { UsageError } from './usage.js';
import type { Io } from './finish-run.js';
import { launcherWords } from '../run/launcher.js';

export async function checkCommand(argv: string[], catalog: Catalog, io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      assignment: { type: 'string' },
      lang: { type: 'string' },
      seed: { type: 'string' },
      python: { type: 'string' },
      isolation: { type: 'string' },
      'timeout-scale': { type: 'string' },
    },
  });
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]} (labcheck check checks the current folder; to test one file: labcheck test <lab>:<role> <file>)`);
  const lang = chooseLanguage(values.lang, process.env);
  if (!lang) throw new UsageError(`--lang is ko or en, got ${values.lang}`);
  const m = MESSAGES[lang];
  const isolationFlag = parseIsolationFlag(values.isolation);
  const loaded = values.assignment ? await loadAssignmentFile(values.assignment, catalog) : undefined;
  const timeoutScale = parseTimeoutScale(values['timeout-scale'], loaded?.assignment.timeoutScale ?? 1);
  // The class's seed when there is an assignment, so the student meets the probes grading will use.
  const seed = parseSeed(values.seed, () => (loaded ? (loaded.assignment.seed ?? defaultSeed(loaded.sha256)) : newSeed()));

  const files = await filesUnder('.');
  let labs: AssignmentLab[];
  io.out(m.header(seed, loaded?.assignment.title));
  if (loaded) labs = loaded.assignment.labs;
  else {
    const { found, problems } = findPrograms(catalog, files);
    for (const p of problems) io.out(m.sameNameTwice(p));
    if (!found.length) {
      io.out(m.nothingFound());
      for (const { id, seeds } of seedNames(catalog)) io.out(`  ${id.padEnd(22)} ${seeds.join(', ')}`);
      io.out(m.namesToUse());
      io.out(m.orAssignment());
      return 1;
    }
    for (const f of found) io.out(m.found(f.lab.id, f.file));
    labs = found.map((f) => f.lab);
  }
  const chosen = await chooseIsolationFor(isolationFlag);

  const abort = new AbortController();
  const onSigint = () => {
    if (abort.signal.aborted) process.exit(130);
    abort.abort();
  };
  process.on('SIGINT', onSigint);
  const pool = new WorkerPool(chosen.isolation, process.env);
  let shown = 0;
  let notPassed = 0;
  try {
    for (const lab of labs) {
      // The folder is the current one: entries and rerun commands are relative to it.
      const grade = await gradeLab({ catalog, classDir: '.', seed, timeoutScale, isolation: chosen.isolation, ...(isolationFlag !== 'auto' ? { isolationFlag } : {}), python: values.python ?? 'python3', signal: abort.signal, launcher: launcherWords() }, '', lab, pool);
      io.out('');
      for (const line of labSummary(grade, { lang, points: Boolean(loaded) })) io.out(line);
      const visible = grade.scenarios.filter((s) => !s.hidden);
      shown += visible.length;
      notPassed += visible.filter((s) => s.status !== 'passed').length;
      if (abort.signal.aborted) break;
    }
  } finally {
    process.off('SIGINT', onSigint);
    await pool.close();
  }
  io.out('');
  io.out(notPassed ? m.someFailed(notPassed, shown) : m.allPassed(shown));
  return notPassed || abort.signal.aborted ? 1 : 0;
}
