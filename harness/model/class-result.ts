// The result model of grading a class, fed to every class reporter (grades.csv, JUnit, Gradescope
// results.json, class.json, and the HTML report). Each lab:role of a student keeps the RunResult of
// `labcheck test` as is; points and the entry's resolution are added around it.
import type { Assignment } from '../grade/assignment.js';
import type { RunResult, ScenarioStatus } from './result.js';

export interface ScenarioPoints {
  /** Full id, e.g. echo:server/abrupt-reset. */
  id: string;
  status: ScenarioStatus;
  /** Earned and possible points (possible 0: not counted). */
  points: number;
  max: number;
  /** Never shown to the student. */
  hidden: boolean;
}

export interface LabGrade {
  /** lab:role */
  id: string;
  /** The graded file (absolute), when one was found. */
  entry?: string;
  /** The entry is a notebook: its code cells were graded as the program. */
  notebook?: boolean;
  /** Why no program could be graded (no file matches, several do): every scenario is then `error`. */
  problem?: string;
  run: RunResult;
  scenarios: ScenarioPoints[];
  points: number;
  max: number;
}

export interface StudentGrade {
  /** The student's folder name. */
  name: string;
  /** The folder graded (absolute). */
  folder: string;
  /** One per lab:role of the assignment, in its order. */
  labs: LabGrade[];
  points: number;
  max: number;
}

export interface ClassResult {
  title: string;
  seed: number;
  assignment: { file: string; sha256: string; spec: Assignment };
  timeoutScale: number;
  isolation: 'netns' | 'remap';
  labcheckVersion: string;
  startedAt: string;
  durationMs: number;
  /** Set when the run was cut short: students not graded then are missing. */
  interrupted?: string;
  /** Set on one shard's result (`--shard i/n`); absent on a whole class or a merge. */
  shard?: { index: number; count: number };
  /** Sorted by name. */
  students: StudentGrade[];
}

/** Things an instructor should look at for a student, one line each (grades.csv's notes). */
export function studentNotes(student: StudentGrade): string[] {
  const notes: string[] = [];
  for (const lab of student.labs) {
    if (lab.problem) notes.push(`${lab.id}: ${lab.problem}`);
    if (lab.notebook) notes.push(`${lab.id}: converted from a notebook`);
    const skipped = lab.scenarios.filter((s) => s.status === 'skipped').map((s) => s.id);
    if (skipped.length) notes.push(`not measured (skipped, 0 points): ${skipped.join(', ')}`);
    if (lab.run.interrupted) notes.push(`${lab.id}: ${lab.run.interrupted}`);
  }
  return notes;
}

/** A student with a scenario not passed. */
export function hasFailures(student: StudentGrade): boolean {
  return student.labs.some((l) => l.scenarios.some((s) => s.status !== 'passed'));
}
