// The console report: one line per scenario, an actionable block under each failure, a summary.
//
//   ✓ echo:server/graceful-close                               0.05 s
//   ✗ echo:server/echo-bytes                                   0.21 s
//       requirement  every message comes back exactly, in order
//       expected     "hello"            68 65 6c 6c 6f
//       actual       "HELLO"            48 45 4c 4c 4f
//       program      accepted 1 connection, sent 5 bytes, printed 2 lines (see the report)
//       rerun        labcheck test echo:server TCP_echoserver.py --only echo-bytes --seed 81723
//
// The summary line deliberately avoids the form "N passed, N failed": CI tools scrape that form
// from logs (and would take a student's grade report for the harness's own test run).

import { countStatuses, type RunResult, type ScenarioResult, type ScenarioStatus } from '../model/result.js';
import { stripAnsi } from './sanitize.js';

export interface ColorOption {
  color: boolean;
}

export interface RunFormatOptions extends ColorOption {
  verbose: boolean;
}

// ---------------------------------------------------------------------------------------------
// Layout constants

/** Width of the id column (id plus "(strict)" tag), after "  ✓ ". */
const ID_WIDTH = 54;
/** Width of the right-aligned duration column. */
const DURATION_WIDTH = 8;
/** Indentation of the detail block under a scenario line. */
const DETAIL_INDENT = '      ';
/** Width of a detail label ("requirement" plus two spaces). */
const LABEL_WIDTH = 13;
/** At most this many trailing lines of the program's stderr in a failure block. */
const STDERR_TAIL_LINES = 8;
/** Longer stderr lines are cut to this many characters. */
const STDERR_LINE_MAX = 300;
/** At most this many transcript lines in verbose mode. */
const TRANSCRIPT_MAX_LINES = 200;
/** formatBytes shows at most this many bytes. */
const BYTES_SHOWN = 48;
/** formatBytes pads the quoted text to this width before the hex. */
const BYTES_TEXT_WIDTH = 19;

// ---------------------------------------------------------------------------------------------
// Colours (plain ANSI SGR codes)

const SGR = {
  reset: '\u001b[0m',
  bold: '\u001b[1m',
  red: '\u001b[31m',
  green: '\u001b[32m',
  yellow: '\u001b[33m',
  grey: '\u001b[90m',
} as const;

type Colour = Exclude<keyof typeof SGR, 'reset'>;

function paint(text: string, colour: Colour, on: boolean): string {
  return on && text !== '' ? `${SGR[colour]}${text}${SGR.reset}` : text;
}

const MARK: Record<ScenarioStatus, string> = { passed: '✓', failed: '✗', error: '!', skipped: '-' };
const MARK_COLOUR: Record<ScenarioStatus, Colour> = {
  passed: 'green',
  failed: 'red',
  error: 'yellow',
  skipped: 'grey',
};

// ---------------------------------------------------------------------------------------------
// Small helpers

/** "0.21 s" */
export function formatSeconds(ms: number, digits = 2): string {
  const v = Number.isFinite(ms) && ms > 0 ? ms / 1000 : 0;
  return `${v.toFixed(digits)} s`;
}

/** Program-provided text made safe for a terminal: no escape sequences, no control characters
 *  (C1 ones included: some terminals take U+009B as the start of an escape sequence). */
function cleanForTerminal(s: string): string {
  // eslint-disable-next-line no-control-regex
  return stripAnsi(s).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

function splitLines(s: string): string[] {
  const trimmed = s.replace(/\r\n/g, '\n').replace(/\n+$/, '');
  return trimmed === '' ? [] : trimmed.split('\n');
}

/** A labelled value; extra lines of a multi-line value are indented under the value column. */
function labelled(label: string, value: string | string[], opt: ColorOption): string[] {
  // Values may quote the program (a reason naming its exception, an actual output): clean them.
  const lines = (Array.isArray(value) ? value : splitLines(value)).map(cleanForTerminal);
  const head = DETAIL_INDENT + paint(label.padEnd(LABEL_WIDTH), 'grey', opt.color);
  const hang = DETAIL_INDENT + ' '.repeat(LABEL_WIDTH);
  if (lines.length === 0) return [(head + '(empty)').trimEnd()];
  return lines.map((l, i) => (i === 0 ? head + l : hang + l).trimEnd());
}

function hanging(lines: string[]): string[] {
  const hang = DETAIL_INDENT + ' '.repeat(LABEL_WIDTH);
  return lines.map((l) => (hang + cleanForTerminal(l)).trimEnd());
}

// ---------------------------------------------------------------------------------------------
// Bytes

function hex2(b: number): string {
  return b.toString(16).padStart(2, '0');
}

const SIMPLE_ESCAPES: Record<number, string> = {
  0x22: '\\"',
  0x5c: '\\\\',
  0x0a: '\\n',
  0x0d: '\\r',
  0x09: '\\t',
};

/**
 * Decodes UTF-8 as far as it is valid and quotes it JSON-style: `"` and `\` escaped, \n \r \t,
 * other control bytes and bytes that are not valid UTF-8 as \xNN, C1 controls and invisible
 * separators as \uNNNN.
 */
function quoteBytes(buf: Uint8Array): string {
  let out = '';
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    if (b < 0x80) {
      const simple = SIMPLE_ESCAPES[b];
      if (simple) out += simple;
      else if (b < 0x20 || b === 0x7f) out += `\\x${hex2(b)}`;
      else out += String.fromCharCode(b);
      i++;
      continue;
    }
    let n = 0;
    let cp = 0;
    let min = 0;
    if (b >= 0xc2 && b <= 0xdf) [n, cp, min] = [1, b & 0x1f, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [n, cp, min] = [2, b & 0x0f, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [n, cp, min] = [3, b & 0x07, 0x10000];
    let ok = n > 0 && i + n < buf.length;
    if (ok) {
      for (let k = 1; k <= n; k++) {
        const c = buf[i + k];
        if (c === undefined || (c & 0xc0) !== 0x80) {
          ok = false;
          break;
        }
        cp = (cp << 6) | (c & 0x3f);
      }
    }
    if (ok && (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))) ok = false;
    if (!ok) {
      out += `\\x${hex2(b)}`;
      i++;
      continue;
    }
    if ((cp >= 0x80 && cp <= 0x9f) || cp === 0x2028 || cp === 0x2029 || cp === 0xfeff || cp === 0xfffd) {
      out += `\\u${cp.toString(16).padStart(4, '0')}`;
    } else {
      out += String.fromCodePoint(cp);
    }
    i += n + 1;
  }
  return `"${out}"`;
}

/**
 * Bytes as quoted text then hex, for `expected` / `actual` values of checks:
 *
 *     "hello"            68 65 6c 6c 6f
 *
 * Text is decoded as UTF-8 with JSON-like escapes (\n, \r, \t, \", \\; other control bytes and
 * invalid UTF-8 as \xNN). Values over 48 bytes show their first 48 bytes (the text cut at a
 * character boundary, followed by "…") and end with "… (N bytes)".
 */
export function formatBytes(buf: Uint8Array): string {
  const long = buf.length > BYTES_SHOWN;
  const shown = long ? buf.subarray(0, BYTES_SHOWN) : buf;
  let textPart = shown;
  if (long) {
    // Do not cut a UTF-8 sequence in the text: back off to the start of the split character.
    let end = BYTES_SHOWN;
    while (end > 0 && (buf[end]! & 0xc0) === 0x80) end--;
    textPart = buf.subarray(0, end);
  }
  const text = quoteBytes(textPart) + (long ? '…' : '');
  const hex = Array.from(shown, hex2).join(' ');
  const tail = long ? ` … (${buf.length} bytes)` : buf.length === 0 ? '(0 bytes)' : '';
  return `${text.padEnd(BYTES_TEXT_WIDTH - 1)} ${hex}${tail}`.trimEnd();
}

// ---------------------------------------------------------------------------------------------
// Scenario line and failure block

/** `  ✗ echo:server/echo-bytes (strict)                        0.21 s` */
export function formatScenarioLine(s: ScenarioResult, opt: ColorOption): string {
  const mark = paint(MARK[s.status], MARK_COLOUR[s.status], opt.color);
  const tags = [s.strict ? '(strict)' : '', repetitionTag(s)].filter(Boolean);
  const idField = [s.id, ...tags].join(' ').padEnd(ID_WIDTH);
  const dur = formatSeconds(s.durationMs).padStart(DURATION_WIDTH);
  const rest = `${idField} ${dur}`;
  return `  ${mark} ${s.status === 'skipped' ? paint(rest, 'grey', opt.color) : rest}`;
}

/** With --repeat: "(3 runs)", or "(flaky: passed, failed, passed)" when their verdicts differ. */
function repetitionTag(s: ScenarioResult): string {
  if (!s.runs) return '';
  return s.flaky ? `(flaky: ${s.runs.join(', ')})` : `(${s.runs.length} runs)`;
}

function cutLine(line: string, max: number): string {
  return line.length <= max ? line : `${line.slice(0, max)}… (${line.length - max} more characters)`;
}

function stderrTail(stderr: string): string[] {
  // Only the end matters: do not split megabytes of output into lines.
  const end = stderr.length > 64 * 1024 ? stderr.slice(-64 * 1024) : stderr;
  const lines = splitLines(cleanForTerminal(end));
  const cut = end.length < stderr.length;
  const shown = lines.slice(-STDERR_TAIL_LINES).map((l) => cutLine(l, STDERR_LINE_MAX));
  if (!cut && lines.length <= STDERR_TAIL_LINES) return shown;
  const hidden = lines.length - shown.length;
  return [cut ? '… (earlier lines)' : `… (${hidden} earlier line${hidden === 1 ? '' : 's'})`, ...shown];
}

function programLine(s: ScenarioResult): string {
  const summary = s.programSummary.trim();
  const see = s.evidenceFile ? `see ${s.evidenceFile}` : 'see the report';
  return summary === '' ? `(${see})` : `${summary} (${see})`;
}

/**
 * The detail lines under a failed/error scenario (without the scenario line): for each failed
 * check its requirement, expected, actual and details; then program, reason (errors, or a failure
 * without a failed check), the tail of stderr and the rerun command.
 */
export function formatFailureDetails(s: ScenarioResult, opt: ColorOption): string[] {
  const out: string[] = [];
  const failed = s.checks.filter((c) => !c.passed);
  for (const c of failed) {
    out.push(...labelled('requirement', c.requirement || c.check, opt));
    if (c.expected !== undefined) out.push(...labelled('expected', c.expected, opt));
    if (c.actual !== undefined) out.push(...labelled('actual', c.actual, opt));
    if (c.details?.length) out.push(...hanging(c.details.flatMap((d) => splitLines(d))));
  }
  out.push(...labelled('program', programLine(s), opt));
  if (s.status === 'error' || (failed.length === 0 && s.message.trim() !== '')) {
    out.push(...labelled('reason', s.message, opt));
  }
  const tail = stderrTail(s.stderr);
  if (tail.length > 0) out.push(...labelled('stderr', tail, opt));
  out.push(...labelled('rerun', s.rerun, opt));
  return out;
}

/** The scenario line followed by its detail block (see formatFailureDetails). */
export function formatFailure(s: ScenarioResult, opt: ColorOption): string {
  return [formatScenarioLine(s, opt), ...formatFailureDetails(s, opt)].join('\n');
}

function verbosePassed(s: ScenarioResult, opt: ColorOption): string[] {
  return s.checks.map((c) => {
    const mark = c.passed ? paint('✓', 'green', opt.color) : paint('✗', 'red', opt.color);
    return `${DETAIL_INDENT}${mark} ${c.requirement || c.check}`;
  });
}

function verboseTranscript(s: ScenarioResult, opt: ColorOption): string[] {
  const lines = splitLines(cleanForTerminal(s.transcript));
  if (lines.length === 0) return labelled('transcript', '(nothing crossed the wire)', opt);
  if (lines.length > TRANSCRIPT_MAX_LINES) {
    const more = lines.length - TRANSCRIPT_MAX_LINES;
    lines.splice(TRANSCRIPT_MAX_LINES, more, `… (${more} more lines; see the report)`);
  }
  return labelled('transcript', lines, opt);
}

// ---------------------------------------------------------------------------------------------
// The whole run

/** `echo:server  2 passed · 1 failed · 0 errors · 0 skipped  (1.3 s)  seed 81723`; " · 1 flaky" after the counts when some are. */
export function formatSummaryLine(run: RunResult, opt: ColorOption): string {
  const n = countStatuses(run);
  const part = (count: number, text: string, colour: Colour) =>
    paint(`${count} ${text}`, count > 0 ? colour : 'grey', opt.color);
  let counts = [
    part(n.passed, 'passed', 'green'),
    part(n.failed, 'failed', 'red'),
    part(n.error, n.error === 1 ? 'error' : 'errors', 'yellow'),
    part(n.skipped, 'skipped', 'grey'),
  ].join(' · ');
  const flaky = run.scenarios.filter((s) => s.flaky).length;
  if (flaky > 0) counts += ' · ' + paint(`${flaky} flaky`, 'red', opt.color);
  const name = paint(`${run.lab}:${run.role}`, 'bold', opt.color);
  return `${name}  ${counts}  (${formatSeconds(run.durationMs, 1)})  seed ${run.seed}`;
}

/** One scenario as the console shows it (printed as soon as the scenario is judged). */
export function formatScenario(s: ScenarioResult, opt: RunFormatOptions): string[] {
  const lines = [formatScenarioLine(s, opt)];
  if (s.status === 'failed' || s.status === 'error') {
    lines.push(...formatFailureDetails(s, opt));
    if (opt.verbose) lines.push(...verboseTranscript(s, opt));
  } else if (s.status === 'skipped') {
    if (s.message.trim() !== '') lines.push(...labelled('reason', s.message, opt));
  } else if (opt.verbose) {
    lines.push(...verbosePassed(s, opt));
  }
  return lines;
}

/** What this machine could not contain, in yellow under the header (nothing when fully contained). */
export function sandboxLines(run: Pick<RunResult, 'sandbox'>, opt: { color: boolean }): string[] {
  return (run.sandbox?.gaps ?? []).map((g) => paint(`  not contained: ${g}`, 'yellow', opt.color));
}

/**
 * The whole console report of one run: a header, one line per scenario (with the detail block
 * under failed/error ones and the reason under skipped ones), then the summary line.
 * With verbose, passed scenarios list their checks and failed ones show the wire transcript.
 */
export function formatRun(run: RunResult, opt: RunFormatOptions): string {
  const lines: string[] = [];
  lines.push(`${paint(`${run.lab}:${run.role}`, 'bold', opt.color)}  ${run.entry}  (isolation ${run.isolation})`);
  lines.push(...sandboxLines(run, opt));
  for (const s of run.scenarios) lines.push(...formatScenario(s, opt));
  if (run.interrupted) lines.push(paint(`interrupted: ${run.interrupted}`, 'yellow', opt.color));
  lines.push('');
  lines.push(formatSummaryLine(run, opt));
  return lines.join('\n');
}
