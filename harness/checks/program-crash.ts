// "The program raised X at file, line N" for a failure whose cause is that the program died first
// (e.g. the seed audio_server.py's NameError right after listen()): the student should see their
// own error and its line in the failure itself, not only in the stderr below it.
import path from 'node:path';
import type { ProgramEvidence } from '../model/evidence.js';
import { startError } from '../check/summary.js';

export function programCrash(p: ProgramEvidence | undefined): string | undefined {
  if (!p) return undefined;
  const raised = p.socketCalls.find((c) => c.call === 'exception')?.error;
  if (!raised && !p.stderr.includes('Traceback (most recent call last)')) return undefined;
  const { error, where } = startError(p.stderr);
  // Tracebacks name the scratch copy: the file's own name is what the student knows.
  const place = where?.replace(/File "([^"]*)"/, (_m, file: string) => `${path.basename(file)}`);
  const lines = p.stderr.split('\n');
  const at = where ? lines.findIndex((l) => l.trim() === where) : -1;
  const source = at >= 0 ? lines[at + 1]?.trim() : undefined;
  const what = raised ?? error ?? 'an exception';
  return `the program raised ${what}${place ? ` (${place}${source && !source.startsWith('File ') ? `: ${source}` : ''})` : ''}`;
}
