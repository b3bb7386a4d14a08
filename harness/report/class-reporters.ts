// The class reports, each a reporter fed the one ClassResult (grade and merge write the same
// set; the HTML report plugs in here as one more).
import type { ClassResult } from '../model/class-result.js';
import { writeClassJson } from './class-json.js';
import { writeClassJunit } from './class-junit.js';
import { writeGradesCsv } from './grades-csv.js';
import { writeGradescope } from './gradescope.js';
import { writeClassHtml } from './html/write-class-html.js';

export interface ClassReporter {
  name: string;
  write(outDir: string, result: ClassResult): Promise<void>;
}

export const CLASS_REPORTERS: ClassReporter[] = [
  { name: 'class.json', write: writeClassJson },
  { name: 'grades.csv', write: writeGradesCsv },
  { name: 'junit', write: writeClassJunit },
  { name: 'gradescope', write: writeGradescope },
  { name: 'html', write: writeClassHtml },
];

/** Writes every class report; returns the reasons of those that could not be written. */
export async function writeClassReports(outDir: string, result: ClassResult): Promise<string[]> {
  const problems: string[] = [];
  for (const reporter of CLASS_REPORTERS) {
    try {
      await reporter.write(outDir, result);
    } catch (e) {
      problems.push(`${reporter.name}: ${(e as Error).message}`);
    }
  }
  return problems;
}
