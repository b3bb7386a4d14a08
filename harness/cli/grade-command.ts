// `labcheck grade <class-folder> --assignment <file>`: grade every student's folder, write the
// class reports (also when interrupted), exit 0 when the class was graded and reported.
import { existsSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Catalog } from '../scenario/catalog.js';
import { packageRoot } from '../paths.js';
import { defaultSeed } from '../grade/assignment.js';
import { chooseIsolationFor, loadAssignmentFile, parseIsolationFlag, parseSeed, parseTimeoutScale } from './run-options.js';
import { openClassFolder } from '../grade/class-folder.js';
import { inShard, parseShard } from '../grade/shard.js';
import { ProgressStore } from '../grade/progress-store.js';
import { ProgressLine } from '../grade/progress-line.js';
import { gradeClass } from '../grade/grade-class.js';
import { writeClassReports } from '../report/class-reporters.js';
import { classReportLines } from './merge-command.js';
import { UsageError } from './usage.js';
import { launcherWords } from '../run/launcher.js';
import type { Io } from './finish-run.js';

export const DEFAULT_GRADE_OUT = path.join('reports', 'grade');

/**
 * Default --jobs: twice the cores, at most 16. A scenario run is mostly waiting (for the program
 * to start, for answers, for the protocol's own timers), so one run per core leaves cores idle;
 * beyond about two per core the program starts (the CPU-heavy part) queue up and time limits
 * get tight on a busy machine.
 */
export function defaultJobs(): number {
  return Math.min(16, Math.max(2, 2 * os.availableParallelism()));
}

export function labcheckVersion(): string {
  try {
    return (JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

export async function gradeCommand(argv: string[], catalog: Catalog, io: Io & { tty: boolean }): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      assignment: { type: 'string' },
      out: { type: 'string' },
      jobs: { type: 'string' },
      shard: { type: 'string' },
      resume: { type: 'boolean' },
      seed: { type: 'string' },
      python: { type: 'string' },
      isolation: { type: 'string' },
      'timeout-scale': { type: 'string' },
    },
  });
  const classDir = positionals[0];
  if (!classDir) throw new UsageError('missing <class-folder>: the folder with one subfolder per student');
  if (positionals.length > 1) throw new UsageError(`unexpected argument ${positionals[1]}`);
  if (!existsSync(classDir) || !statSync(classDir).isDirectory()) throw new UsageError(`the class folder ${classDir} is not a folder`);
  if (!values.assignment) throw new UsageError('missing --assignment <file>: the YAML file naming the labs, entries and points');
  const jobs = values.jobs !== undefined ? Number(values.jobs) : defaultJobs();
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError(`--jobs takes a whole number (1 or more), got ${values.jobs}`);
  const shard = values.shard !== undefined ? parseShard(values.shard) : undefined;
  if (values.shard !== undefined && !shard) throw new UsageError(`--shard takes i/n with 1 <= i <= n, e.g. 2/4, got ${values.shard}`);
  const isolationFlag = parseIsolationFlag(values.isolation);
  const loaded = await loadAssignmentFile(values.assignment, catalog);
  const timeoutScale = parseTimeoutScale(values['timeout-scale'], loaded.assignment.timeoutScale);
  let seed = parseSeed(values.seed, () => loaded.assignment.seed ?? defaultSeed(loaded.sha256));
  const python = values.python ?? 'python3';
  const outDir = values.out ?? DEFAULT_GRADE_OUT;
  const absClass = path.resolve(classDir);

  const chosen = await chooseIsolationFor(isolationFlag);

  // A resumed run continues the earlier one exactly: same class, assignment, seed and settings.
  let startedAt = new Date().toISOString();
  const earlier = values.resume ? await ProgressStore.header(outDir).catch(() => undefined) : undefined;
  if (earlier) {
    const differs = [
      earlier.classDir !== absClass && `the class folder (${earlier.classDir})`,
      earlier.assignmentSha256 !== loaded.sha256 && 'the assignment file',
      (earlier.shard?.index !== shard?.index || earlier.shard?.count !== shard?.count) && 'the shard',
      values.seed !== undefined && earlier.seed !== seed && 'the seed',
      earlier.python !== python && 'the interpreter',
      earlier.isolation !== chosen.isolation && 'the isolation',
      earlier.timeoutScale !== timeoutScale && 'the timeout scale',
    ].filter(Boolean);
    if (differs.length) throw new UsageError(`--resume: ${differs.join(', ')} differ from the run being resumed in ${outDir}; grade again without --resume`);
    seed = earlier.seed;
    startedAt = earlier.startedAt;
  } else if (values.resume) io.out(`nothing to resume in ${outDir}: grading from the start`);

  const folder = await openClassFolder(absClass);
  for (const note of folder.zipNotes) io.out(`zip ${note}`);
  const students = folder.students.filter((s) => inShard(s, shard));
  const header = { format: 'labcheck-grade-progress/1' as const, classDir: absClass, assignmentSha256: loaded.sha256, seed, timeoutScale, isolation: chosen.isolation, python, ...(shard ? { shard } : {}), startedAt };
  const store = earlier ? ProgressStore.open(outDir) : await ProgressStore.start(outDir, header);
  const done = earlier ? (await store.load()).filter((s) => students.includes(s.name)) : [];

  const labs = loaded.assignment.labs.map((l) => l.id).join(', ');
  io.out(
    `labcheck grade ${loaded.assignment.title}: ${students.length} students${shard ? ` (shard ${shard.index}/${shard.count} of ${folder.students.length})` : ''}, ${labs}  ` +
      `seed ${seed}  jobs ${jobs}  isolation ${chosen.isolation}${chosen.note ? ` (${chosen.note})` : ''}`,
  );
  if (done.length) io.out(`resuming: ${done.length} students already graded`);
  // The live line goes to the terminal (stderr); plain lines are part of the log (stdout).
  const progress = new ProgressLine(students.length, (t) => (io.tty ? process.stderr.write(t) : io.out(t.replace(/\n$/, ''))), io.tty);
  progress.alreadyDone(done);

  const saveProblems = new Set<string>();
  const abort = new AbortController();
  const onSigint = () => {
    if (abort.signal.aborted) process.exit(130);
    io.err('\nlabcheck: interrupted; stopping the running scenarios and writing the reports of the students graded (Ctrl-C again to quit at once)');
    abort.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    const result = await gradeClass({
      catalog,
      classDir: absClass,
      students,
      done,
      assignment: loaded,
      seed,
      timeoutScale,
      isolation: chosen.isolation,
      ...(isolationFlag !== 'auto' ? { isolationFlag } : {}),
      python,
      jobs,
      startedAt,
      labcheckVersion: labcheckVersion(),
      ...(shard ? { shard } : {}),
      signal: abort.signal,
      // A student that cannot be saved is still in this run's reports; only a resume would miss it.
      evidenceDir: path.join(outDir, 'evidence'),
      onEvidenceProblem: (why) => void saveProblems.add(why),
      launcher: launcherWords(),
      save: (s) => store.save(s).catch((e: unknown) => void saveProblems.add(`progress: ${(e as Error).message}`)),
      onStudent: (s) => progress.studentDone(s),
    });
    progress.end();
    const problems = [...saveProblems, ...(await writeClassReports(outDir, result))];
    for (const line of classReportLines(result, outDir, problems)) (problems.length ? io.err : io.out)(line);
    return result.interrupted || problems.length ? 1 : 0;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
