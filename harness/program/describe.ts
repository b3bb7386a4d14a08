// Short human descriptions of a program's state, for messages.
import type { ProgramEvidence } from '../model/evidence.js';

export function describeExit(p: ProgramEvidence): string {
  if (!p.exit) return 'still running';
  if (p.stoppedFor) return `stopped by the harness: ${p.stoppedFor}`;
  if (p.exit.stoppedByHarness) return 'stopped by the harness';
  if (p.exit.signal) return `killed by ${p.exit.signal}${limitNote(p, p.exit.signal)}`;
  return `exit code ${p.exit.code}`;
}

/** Signals the kernel sends when a resource limit runs out. */
function limitNote(p: ProgramEvidence, signal: string): string {
  const limits = p.sandbox?.limits;
  if (signal === 'SIGXCPU') return ` (its CPU time limit${limits ? ` of ${limits.cpuSeconds} s` : ''} ran out)`;
  if (signal === 'SIGXFSZ') return ` (it wrote past the file size limit${limits ? ` of ${limits.fileSizeMiB} MiB` : ''})`;
  return '';
}

/** Longest error line quoted in a reason (a program may print megabytes on one line). */
const ERROR_LINE_MAX = 300;

/** The last line of a traceback, e.g. "SyntaxError: invalid syntax", if the program printed one. */
export function lastErrorLine(p: ProgramEvidence): string | undefined {
  const line = findErrorLine(p);
  return line && line.length > ERROR_LINE_MAX ? `${line.slice(0, ERROR_LINE_MAX)}…` : line;
}

function findErrorLine(p: ProgramEvidence): string | undefined {
  const lines = p.stderr.split('\n').map((l) => l.trimEnd()).filter(Boolean);
  if (!lines.length) return undefined;
  const i = lines.map((l) => l.startsWith('Traceback (most recent call last)')).lastIndexOf(true);
  if (i < 0) return lines[lines.length - 1];
  const after = lines.slice(i + 1).filter((l) => !l.startsWith(' '));
  return after[after.length - 1] ?? lines[lines.length - 1];
}

export function stderrTail(p: ProgramEvidence): string {
  const line = lastErrorLine(p);
  return line ? `: ${line}` : '';
}

export function hasTraceback(text: string): boolean {
  return text.includes('Traceback (most recent call last)');
}
