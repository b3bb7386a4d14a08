// What `labcheck check` prints for one lab:role: a line with its score, then each scenario shown
// (hidden ones never), and under each one not passed a hint of the usual cause, the expected and
// actual values in short and the command that reruns it. A program that did not start is
// explained once (its error line and where), not once per scenario.
import path from 'node:path';
import type { LabGrade } from '../model/class-result.js';
import type { ScenarioResult } from '../model/result.js';
import { roundPoints } from '../grade/points.js';
import { stripAnsi } from '../report/sanitize.js';
import { checkHint, START_HINTS, START_KINDS, type Language } from './hints.js';
import { MESSAGES } from './messages.js';
import { IDLE_NOTE_MARK } from '../engine/idle-programs.js';

const INDENT = '      ';
const SHORT_MAX = 100;

/** One line of program-made text, safe for a terminal and short. */
function short(s: string, max = SHORT_MAX): string {
  // eslint-disable-next-line no-control-regex
  const line = stripAnsi(s).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '').split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/** Columns a label takes in a terminal: Hangul and other wide characters take two. */
function columns(s: string): number {
  return [...s].reduce((n, c) => n + (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/.test(c) ? 2 : 1), 0);
}

function labelled(label: string, value: string, width: number): string {
  return `${INDENT}${label}${' '.repeat(Math.max(0, width - columns(label)))}  ${value}`;
}

/** The error line of a program that stopped, and where (`File "x.py", line 5`), from its stderr. */
export function startError(stderr: string): { error?: string; where?: string } {
  const lines = stripAnsi(stderr).split('\n').map((l) => l.trimEnd()).filter(Boolean);
  const error = [...lines].reverse().find((l) => !l.startsWith(' ') && !l.startsWith('Traceback'));
  const where = [...lines].reverse().find((l) => /^\s*File ".*", line \d+/.test(l))?.trim();
  return { ...(error ? { error: short(error) } : {}), ...(where ? { where: short(where) } : {}) };
}

export interface LabSummaryOptions {
  lang: Language;
  /** Show points (an assignment gave them) rather than only passed/total. */
  points: boolean;
}

/** The lines for one lab:role; the scenarios listed are the visible ones. */
export function labSummary(lab: LabGrade, o: LabSummaryOptions): string[] {
  const m = MESSAGES[o.lang];
  const width = Math.max(...Object.values(m.label).map(columns));
  const shown = lab.scenarios.filter((s) => !s.hidden);
  const results = new Map(lab.run.scenarios.map((s) => [s.id, s]));
  const passed = shown.filter((s) => s.status === 'passed').length;
  const score = o.points
    ? m.points(roundPoints(shown.reduce((a, s) => a + s.points, 0)), roundPoints(shown.reduce((a, s) => a + s.max, 0)), passed, shown.length)
    : m.passedCount(passed, shown.length);
  const entry = lab.entry ? path.relative(process.cwd(), path.resolve(lab.entry)) || lab.entry : '';
  const lines = [[lab.id, entry, score].filter(Boolean).join('  ')];
  if (lab.notebook) lines.push(`  ${m.notebook()}`);
  if (lab.problem) {
    lines.push(`  ! ${m.noEntry(lab.problem)}`);
    return lines;
  }
  // A program that never got going fails every scenario alike: say it once.
  const notStarted = shown.filter((s) => s.status === 'error' && START_KINDS.includes(results.get(s.id)?.errorKind ?? 'harness'));
  if (notStarted.length) {
    const first = results.get(notStarted[0]!.id)!;
    const neverReady = first.errorKind === 'not-listening' || first.errorKind === 'not-bound';
    // A program that never listened printed no error: the reason is labcheck's message.
    const { error, where } = neverReady ? {} : startError(first.stderr.split(`${process.cwd()}${path.sep}`).join(''));
    const names = notStarted.map((s) => s.id.split('/')[1]).join(', ');
    lines.push(`  ! ${neverReady ? m.neverReady(notStarted.length) : m.didNotStart(notStarted.length)}: ${names}`);
    lines.push(labelled(m.label.error, error ?? short(first.message), width));
    if (where) lines.push(labelled(m.label.where, where, width));
    const hint = START_HINTS[first.errorKind!]?.[o.lang];
    if (hint) lines.push(labelled(m.label.hint, hint, width));
    // The whole lab:role's rerun, unless it has hidden scenarios (then that of the first shown).
    const rerun = lab.scenarios.some((s) => s.hidden) ? first.rerun : lab.run.command;
    lines.push(labelled(m.label.rerun, rerun, width));
  }
  for (const p of shown) {
    if (notStarted.includes(p)) continue;
    const s = results.get(p.id);
    const name = `${p.id.split('/')[1] ?? p.id}${s?.strict ? m.strict : ''}`;
    if (p.status === 'passed') {
      lines.push(`  ✓ ${name}`);
      continue;
    }
    lines.push(`  ${p.status === 'skipped' ? '-' : '✗'} ${name}${s ? `: ${short(s.description)}` : ''}`);
    if (s) lines.push(...failureLines(s, o.lang, width));
  }
  return lines;
}

function failureLines(s: ScenarioResult, lang: Language, width: number): string[] {
  const m = MESSAGES[lang];
  const failed = s.checks.find((c) => !c.passed && !c.cannotJudge) ?? s.checks.find((c) => !c.passed);
  const lines: string[] = [];
  if (s.status === 'skipped') lines.push(labelled(m.label.why, `${m.notMeasured}: ${short(s.message)}`, width));
  else if (!failed) lines.push(labelled(m.label.why, short(s.message), width));
  if (failed) {
    const hint = checkHint(failed.check, lang);
    lines.push(labelled(m.label.hint, hint ?? short(failed.requirement), width));
    if (failed.expected !== undefined) lines.push(labelled(m.label.expected, short(failed.expected), width));
    if (failed.actual !== undefined) lines.push(labelled(m.label.actual, short(failed.actual), width));
    // Why nothing (more) came, when the run stopped waiting for a program that went idle: what
    // it was blocked in (other stops are already said by `actual`).
    const stopped = failed.details?.find((d) => d.startsWith('the run stopped early') && d.includes(IDLE_NOTE_MARK));
    if (stopped) lines.push(labelled(m.label.why, short(stopped.replace(/^the run stopped early at step \d+ \(([^)]*)\): /, '$1: '), 2 * SHORT_MAX), width));
  }
  lines.push(labelled(m.label.rerun, s.rerun, width));
  return lines;
}
