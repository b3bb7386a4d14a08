// Grades a class: every student's folder against every lab:role of the assignment, `jobs` runs of
// `labcheck test` at once on one shared pool of scenario workers, one seed for all. Each student
// is saved as soon as all their lab:roles are done (see progress-store.ts); the result is the one
// ClassResult every class reporter is fed.
import path from 'node:path';
import type { Catalog, ScenarioEntry } from '../scenario/catalog-view.js';
import type { Isolation } from '../engine/job.js';
import { WorkerPool } from '../engine/worker-pool.js';
import { runRole } from '../run/run-role.js';
import { rerunCommand, type RunRequest } from '../run/rerun.js';
import { unrunEvidence } from '../model/evidence.js';
import type { RunResult, ScenarioResult } from '../model/result.js';
import type { ClassResult, LabGrade, StudentGrade } from '../model/class-result.js';
import type { AssignmentLab, LoadedAssignment } from './assignment.js';
import { filesUnder, resolveEntry } from './find-entry.js';
import { earned, scenarioWorth } from './points.js';
import { compareNames } from './class-folder.js';
import { EvidenceFolder } from '../evidence/store.js';
import type { Evidence } from '../model/evidence.js';

export interface GradeClassOptions {
  catalog: Catalog;
  classDir: string;
  /** The students to grade (this shard's), and those already graded (a resumed run). */
  students: string[];
  done: StudentGrade[];
  assignment: LoadedAssignment;
  seed: number;
  timeoutScale: number;
  isolation: Isolation;
  /** Only when the user forced a mode: reruns use the same one. */
  isolationFlag?: string;
  python: string;
  jobs: number;
  startedAt: string;
  labcheckVersion: string;
  shard?: { index: number; count: number };
  signal: AbortSignal;
  /** A student finished (already saved by `save`). */
  onStudent?: (student: StudentGrade) => void;
  save: (student: StudentGrade) => Promise<void>;
  /** Where each student's evidence goes, as `labcheck test` saves it:
   *  `<evidenceDir>/<student>/<lab>-<role>/`, so `labcheck judge` re-judges one student. */
  evidenceDir?: string;
  /** Evidence that could not be saved (the grading goes on). */
  onEvidenceProblem?: (why: string) => void;
  /** How the user started labcheck (see run/launcher.ts), for the rerun commands. */
  launcher?: string[];
}

export async function gradeClass(o: GradeClassOptions): Promise<ClassResult> {
  const started = Date.now();
  const finished = new Map(o.done.map((s) => [s.name, s]));
  const todo = o.students.filter((name) => !finished.has(name));
  const pool = todo.length ? new WorkerPool(o.isolation, process.env) : undefined;
  // One unit of work is one student's lab:role; a student's units run in order of the queue, so
  // students finish (and are saved) one after another rather than all at the end.
  const queue = todo.flatMap((name) => o.assignment.assignment.labs.map((lab, index) => ({ name, lab, index })));
  const partial = new Map<string, (LabGrade | undefined)[]>();
  const worker = async () => {
    for (let unit = queue.shift(); unit; unit = queue.shift()) {
      if (o.signal.aborted) return;
      const grade = await gradeLab(o, unit.name, unit.lab, pool!);
      if (grade.run.interrupted) return; // this student is not complete: not saved, graded again on --resume
      const labs = partial.get(unit.name) ?? new Array<LabGrade | undefined>(o.assignment.assignment.labs.length).fill(undefined);
      labs[unit.index] = grade;
      partial.set(unit.name, labs);
      if (labs.every((l) => l !== undefined)) {
        const student = studentGrade(unit.name, path.join(o.classDir, unit.name), labs as LabGrade[]);
        await o.save(student);
        finished.set(student.name, student);
        o.onStudent?.(student);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(o.jobs, Math.max(1, queue.length)) }, worker));
  } finally {
    await pool?.close();
  }
  const students = o.students.filter((n) => finished.has(n)).map((n) => finished.get(n)!).sort((a, b) => compareNames(a.name, b.name));
  const missing = o.students.length - students.length;
  return {
    title: o.assignment.assignment.title,
    seed: o.seed,
    assignment: { file: o.assignment.file, sha256: o.assignment.sha256, spec: o.assignment.assignment },
    timeoutScale: o.timeoutScale,
    isolation: o.isolation,
    labcheckVersion: o.labcheckVersion,
    startedAt: o.startedAt,
    durationMs: Date.now() - started,
    ...(missing > 0 ? { interrupted: `interrupted (Ctrl-C): ${missing} of ${o.students.length} students not graded; --resume grades them` } : {}),
    ...(o.shard ? { shard: o.shard } : {}),
    students,
  };
}

function studentGrade(name: string, folder: string, labs: LabGrade[]): StudentGrade {
  return { name, folder, labs, points: labs.reduce((s, l) => s + l.points, 0), max: labs.reduce((s, l) => s + l.max, 0) };
}

/** What grading one lab:role of one student needs (`labcheck check` grades a lone folder with it). */
export type LabGradeOptions = Pick<GradeClassOptions, 'catalog' | 'classDir' | 'seed' | 'timeoutScale' | 'isolation' | 'isolationFlag' | 'python' | 'signal' | 'launcher' | 'evidenceDir' | 'onEvidenceProblem'>;

/** One student's lab:role, as `grade` grades it: the entry found by the patterns, run, pointed. */
export async function gradeLab(o: LabGradeOptions, name: string, lab: AssignmentLab, pool: WorkerPool): Promise<LabGrade> {
  const [labId, role] = lab.id.split(':') as [string, string];
  const folder = path.join(o.classDir, name);
  const scenarios = o.catalog.scenarios(labId, role);
  const resolution = resolveEntry(await filesUnder(folder), lab.entry);
  const entry = 'entry' in resolution ? path.join(folder, resolution.entry) : path.join(folder, lab.entry[0]!);
  const request: RunRequest = {
    lab: labId,
    role,
    entry,
    python: o.python,
    programArgs: lab.args,
    seed: o.seed,
    timeoutScale: o.timeoutScale,
    ...(o.isolationFlag ? { isolationFlag: o.isolationFlag } : {}),
    ...(o.launcher ? { launcher: o.launcher } : {}),
  };
  const evidence = await openEvidence(o, path.join(name, `${labId}-${role}`));
  const saveEvidence = async (result: ScenarioResult, recorded: Evidence, repetition: number) => {
    // Not named in the result (evidenceFile): the place is fixed by the student's name, and a
    // merged class keeps the same reports whichever shard folder the evidence was first saved in.
    try {
      await evidence?.save({ id: result.id, repetition, durationMs: result.durationMs, rerun: result.rerun }, recorded);
    } catch (e) {
      o.onEvidenceProblem?.(`evidence of ${name}: ${(e as Error).message}`);
    }
  };
  let run: RunResult;
  if ('problem' in resolution) {
    run = await unrunnable(o, request, scenarios, resolution.problem, saveEvidence);
  } else {
    try {
      run = await runRole(o.catalog, { request, isolation: o.isolation, scenarios, signal: o.signal, pool, onEvidence: saveEvidence });
    } catch (e) {
      // A bug in labcheck costs this student's lab:role `error` verdicts, never the class run.
      run = await unrunnable(o, request, scenarios, `internal error in labcheck: ${(e as Error).message}`, saveEvidence);
    }
  }
  await evidence?.writeManifest(request, run).catch((e: unknown) => o.onEvidenceProblem?.(`evidence of ${name}: ${(e as Error).message}`));
  const worth = scenarioWorth(lab, scenarios.map((s) => ({ name: s.name, strict: s.spec.strict })));
  const byId = new Map(run.scenarios.map((s) => [s.id, s]));
  const points = scenarios.map((s, i) => {
    const status = byId.get(s.id)?.status ?? 'error';
    return { id: s.id, status, points: earned(status, worth[i]!.max), max: worth[i]!.max, hidden: lab.hidden.includes(s.name) };
  });
  return {
    id: lab.id,
    ...('entry' in resolution ? { entry } : { problem: resolution.problem }),
    ...('entry' in resolution && /\.ipynb$/i.test(entry) ? { notebook: true } : {}),
    run,
    scenarios: points,
    points: points.reduce((s, p) => s + p.points, 0),
    max: points.reduce((s, p) => s + p.max, 0),
  };
}

/** The evidence folder of one student's lab:role (emptied of an earlier run's files), if kept. */
async function openEvidence(o: LabGradeOptions, relative: string): Promise<EvidenceFolder | undefined> {
  if (!o.evidenceDir) return undefined;
  try {
    return await EvidenceFolder.open(path.join(o.evidenceDir, relative));
  } catch (e) {
    o.onEvidenceProblem?.(`evidence ${relative}: ${(e as Error).message}`);
    return undefined;
  }
}

/** The run of a lab:role that has no program to run: every scenario `error`, with the reason.
 *  Its evidence is saved too, so every lab:role of every student can be judged again. */
async function unrunnable(
  o: LabGradeOptions,
  request: RunRequest,
  scenarios: ScenarioEntry[],
  why: string,
  onEvidence: (result: ScenarioResult, evidence: Evidence, repetition: number) => Promise<void>,
): Promise<RunResult> {
  const { judge } = await import('../judge/judge.js');
  const results: ScenarioResult[] = [];
  for (const s of scenarios) {
    const evidence = unrunEvidence({ scenarioId: s.id, submission: request.entry, seed: request.seed, timeoutScale: request.timeoutScale, isolation: o.isolation, ports: {} }, why);
    const result = judge(s, evidence, rerunCommand(request, s.name), 0);
    await onEvidence(result, evidence, 1);
    results.push(result);
  }
  return {
    lab: request.lab,
    role: request.role,
    entry: request.entry,
    seed: request.seed,
    isolation: o.isolation,
    command: rerunCommand(request),
    startedAt: new Date().toISOString(),
    durationMs: 0,
    scenarios: results,
  };
}
