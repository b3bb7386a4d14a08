// The class's JUnit XML: junit/<student>.xml per student and one class.junit.xml with every
// student's suites. A suite is named "<student> <lab:role>", so forty students' suites never
// collide in a CI test-report view. Built by the JUnit reporter of one run (junit.ts).
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClassResult, StudentGrade } from '../model/class-result.js';
import type { RunResult } from '../model/result.js';
import { ensureFolder } from '../fs/ensure-folder.js';
import { junitXml } from './junit.js';

function suites(students: readonly StudentGrade[]): { runs: RunResult[]; names: string[] } {
  const runs: RunResult[] = [];
  const names: string[] = [];
  for (const s of students) {
    for (const lab of s.labs) {
      runs.push(lab.run);
      names.push(`${s.name} ${lab.id}`);
    }
  }
  return { runs, names };
}

export function studentJunitXml(student: StudentGrade): string {
  const { runs, names } = suites([student]);
  return junitXml(runs, { suiteName: (_, i) => names[i]! });
}

export function classJunitXml(c: ClassResult): string {
  const { runs, names } = suites(c.students);
  return junitXml(runs, { suiteName: (_, i) => names[i]! });
}

export async function writeClassJunit(outDir: string, c: ClassResult): Promise<void> {
  await ensureFolder(path.join(outDir, 'junit'));
  for (const s of c.students) await writeFile(path.join(outDir, 'junit', `${s.name}.xml`), studentJunitXml(s), 'utf8');
  await writeFile(path.join(outDir, 'class.junit.xml'), classJunitXml(c), 'utf8');
}
