// Each student's grade is saved as soon as it is complete (`<out>/progress/`), so a class run cut
// short (Ctrl-C, a crash, a CI job's time limit) loses only the students under way: `--resume`
// grades the rest with the same seed and settings and writes the same reports as one run.
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { StudentGrade } from '../model/class-result.js';
import { StudentGradeJsonSchema, studentFromJson, studentToJson } from '../report/class-json.js';

/** What a resumed run must agree with. */
export const ProgressHeaderSchema = z.object({
  format: z.literal('labcheck-grade-progress/1'),
  classDir: z.string(),
  assignmentSha256: z.string(),
  seed: z.number().int(),
  timeoutScale: z.number(),
  isolation: z.enum(['netns', 'remap']),
  python: z.string(),
  shard: z.object({ index: z.number().int(), count: z.number().int() }).optional(),
  startedAt: z.string(),
});
export type ProgressHeader = z.infer<typeof ProgressHeaderSchema>;

export class ProgressStore {
  private constructor(private readonly dir: string) {}

  static folder(outDir: string): string {
    return path.join(outDir, 'progress');
  }

  /** A fresh store: an earlier run's progress in this folder is removed. */
  static async start(outDir: string, header: ProgressHeader): Promise<ProgressStore> {
    const dir = ProgressStore.folder(outDir);
    await rm(dir, { recursive: true, force: true });
    await mkdir(path.join(dir, 'students'), { recursive: true });
    await writeFile(path.join(dir, 'run.json'), JSON.stringify(header, null, 2) + '\n');
    return new ProgressStore(dir);
  }

  /** The header of an earlier run in `outDir`, or undefined when there is none. */
  static async header(outDir: string): Promise<ProgressHeader | undefined> {
    const file = path.join(ProgressStore.folder(outDir), 'run.json');
    if (!existsSync(file)) return undefined;
    return ProgressHeaderSchema.parse(JSON.parse(await readFile(file, 'utf8')));
  }

  static open(outDir: string): ProgressStore {
    return new ProgressStore(ProgressStore.folder(outDir));
  }

  /** File names come from a hash-free encoding of the name, so any folder name is safe. */
  private fileOf(name: string): string {
    return path.join(this.dir, 'students', `${encodeURIComponent(name)}.json`);
  }

  /** Written to a temporary name, then renamed: a crash mid-write never leaves half a student. */
  async save(student: StudentGrade): Promise<void> {
    const file = this.fileOf(student.name);
    await writeFile(file + '.tmp', JSON.stringify(studentToJson(student)) + '\n');
    await rename(file + '.tmp', file);
  }

  /** Every student saved so far. */
  async load(): Promise<StudentGrade[]> {
    const dir = path.join(this.dir, 'students');
    const names = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.json'));
    const students: StudentGrade[] = [];
    for (const f of names) students.push(studentFromJson(StudentGradeJsonSchema.parse(JSON.parse(await readFile(path.join(dir, f), 'utf8')))));
    return students;
  }
}
