// The HTML report of a class, in <out>/html/: index.html (the class overview) and
// students/<safe name>.html (one page per student). Written afresh each time, so a student no
// longer in the class leaves no stale page.
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClassResult } from '../../model/class-result.js';
import { ensureFolder } from '../../fs/ensure-folder.js';
import { classPage } from './class-page.js';
import { studentFileNames } from './file-names.js';
import { studentPage } from './student-page.js';

export async function writeClassHtml(outDir: string, c: ClassResult): Promise<void> {
  const dir = path.join(outDir, 'html');
  await rm(dir, { recursive: true, force: true });
  await ensureFolder(path.join(dir, 'students'));
  const files = studentFileNames(c.students.map((s) => s.name));
  await writeFile(path.join(dir, 'index.html'), classPage(c, files), 'utf8');
  for (const student of c.students) await writeFile(path.join(dir, 'students', files.get(student.name)!), studentPage(student, c), 'utf8');
}
