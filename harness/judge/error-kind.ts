// Why a scenario could not be run, as a small stable set of kinds (for reports and for the
// fixtures' expected verdicts, e.g. "error:syntax-error"). Read from the evidence alone.
import type { Evidence, ProgramEvidence } from '../model/evidence.js';
import { lastErrorLine } from '../program/describe.js';

export const ERROR_KINDS = [
  'cannot-start', // the interpreter or command could not be spawned
  'syntax-error', // SyntaxError, IndentationError, TabError: the file never ran
  'import-error', // a module it needs could not be imported
  'crashed-at-start', // it ended before it served (or used the network at all)
  'not-listening', // it kept running but never listened on a TCP port
  'not-bound', // it kept running but never bound a UDP port
  'interrupted', // Ctrl-C
  'harness', // labcheck itself could not run the scenario
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

export function errorKind(e: Evidence): ErrorKind {
  const programs = Object.values(e.programs);
  if (programs.some((p) => p.spawnError)) return 'cannot-start';
  if (e.runError?.startsWith('interrupted')) return 'interrupted';
  const ended = programs.find((p) => p.exit && !p.exit.stoppedByHarness && p.exit.code !== 0);
  if (ended) return crashKind(ended);
  const failedStart = e.steps.find((s) => s.outcome === 'error' && s.label.startsWith('start '));
  if (failedStart) {
    const exited = programs.find((p) => p.exit && !p.exit.stoppedByHarness);
    if (exited) return crashKind(exited);
    return failedStart.label.includes('udp-bound') ? 'not-bound' : 'not-listening';
  }
  return 'harness';
}

function crashKind(p: ProgramEvidence): ErrorKind {
  const line = lastErrorLine(p) ?? '';
  if (/^(SyntaxError|IndentationError|TabError)\b/.test(line)) return 'syntax-error';
  if (/^(ModuleNotFoundError|ImportError)\b/.test(line)) return 'import-error';
  return 'crashed-at-start';
}
