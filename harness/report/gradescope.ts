// Gradescope's autograder results (results/<student>/results.json), as specified at
// https://gradescope-autograders.readthedocs.io/en/latest/specs/ : a top-level `score` (the
// student's total), `output` (text for the whole submission) and `tests`, one per scenario:
// `name` (the scenario id), `score`, `max_score`, `status` ("passed" or "failed": an error or a
// skipped scenario is "failed", it earns 0), `visibility` ("hidden" for the assignment's hidden
// scenarios, else "visible") and `output` (what failed: requirement, expected, actual, rerun).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClassResult, StudentGrade } from '../model/class-result.js';
import { roundPoints } from '../grade/points.js';
import { ensureFolder } from '../fs/ensure-folder.js';
import { failureDetailsText } from './junit.js';
import { stripAnsi } from './sanitize.js';

export interface GradescopeTest {
  name: string;
  score: number;
  max_score: number;
  status: 'passed' | 'failed';
  visibility: 'hidden' | 'visible';
  output: string;
}

export interface GradescopeResults {
  score: number;
  output: string;
  tests: GradescopeTest[];
}

export function gradescopeResults(student: StudentGrade, c: Pick<ClassResult, 'seed' | 'labcheckVersion'>): GradescopeResults {
  const tests: GradescopeTest[] = [];
  const lines = [`Graded by labcheck ${c.labcheckVersion}, seed ${c.seed}.`];
  for (const lab of student.labs) {
    if (lab.problem) lines.push(`${lab.id}: ${lab.problem}`);
    else if (lab.notebook) lines.push(`${lab.id}: your notebook ${path.basename(lab.entry ?? '')} was converted to a program (its code cells, IPython magics left out).`);
    lines.push(`${lab.id}: rerun with  ${lab.run.command}`);
    const byId = new Map(lab.run.scenarios.map((s) => [s.id, s]));
    for (const p of lab.scenarios) {
      const s = byId.get(p.id);
      const output = !s ? 'not run' : s.status === 'passed' ? `passed: ${s.message}`.trim() : `${s.status}\n${failureDetailsText(s)}`;
      tests.push({
        name: p.id,
        score: roundPoints(p.points),
        max_score: roundPoints(p.max),
        status: p.status === 'passed' ? 'passed' : 'failed',
        visibility: p.hidden ? 'hidden' : 'visible',
        output: stripAnsi(output),
      });
    }
  }
  return { score: roundPoints(student.points), output: lines.join('\n'), tests };
}

export async function writeGradescope(outDir: string, c: ClassResult): Promise<void> {
  for (const s of c.students) {
    const dir = path.join(outDir, 'results', s.name);
    await ensureFolder(dir);
    await writeFile(path.join(dir, 'results.json'), JSON.stringify(gradescopeResults(s, c), null, 2) + '\n', 'utf8');
  }
}
