// grades.csv: one row per student: points per lab:role, total, max, and notes (what the instructor
// should look at: no entry found, a notebook converted, scenarios skipped, i.e. not measured and
// earning 0). RFC 4180 (CRLF line ends, fields with a comma, quote or line break quoted, quotes
// doubled), UTF-8 with a byte-order mark so Excel shows Korean names.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { studentNotes, type ClassResult } from '../model/class-result.js';
import { roundPoints } from '../grade/points.js';
import { ensureFolder } from '../fs/ensure-folder.js';

export function csvField(value: string | number): string {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function gradesCsv(c: ClassResult): string {
  const labs = c.assignment.spec.labs.map((l) => l.id);
  const rows: (string | number)[][] = [['student', ...labs, 'total', 'max', 'notes']];
  for (const s of c.students) {
    const byLab = new Map(s.labs.map((l) => [l.id, l]));
    rows.push([s.name, ...labs.map((id) => roundPoints(byLab.get(id)?.points ?? 0)), roundPoints(s.points), roundPoints(s.max), studentNotes(s).join('; ')]);
  }
  return '\ufeff' + rows.map((r) => r.map(csvField).join(',') + '\r\n').join('');
}

export async function writeGradesCsv(outDir: string, c: ClassResult): Promise<void> {
  await ensureFolder(outDir);
  await writeFile(path.join(outDir, 'grades.csv'), gradesCsv(c), 'utf8');
}
