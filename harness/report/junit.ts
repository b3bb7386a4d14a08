// The JUnit XML report (Jenkins / GitLab / GitHub test-report flavour), valid against the Jenkins
// JUnit XSD kept in test/schemas/jenkins-junit.xsd.
//
//   <testsuites>
//     <testsuite name="echo:server" timestamp=".." time="1.3" tests failures errors>
//       <properties> seed, isolation, entry, command (, interrupted) </properties>
//       <testcase name="echo:server/echo-bytes" classname="echo:server" time="0.21">
//         <failure message="one line" type="check name"> details: requirement/expected/actual, rerun </failure>
//           or <error message type> details </error>   or <skipped>reason</skipped>
//         <system-out> stdout, "--- wire transcript ---", "--- socket calls ---" </system-out>
//         <system-err> stderr </system-err>
//
// Built with junit-report-builder, then post-processed for two things its output gets wrong
// against the XSD (see postProcess below). Every text block goes through sanitizeForXml, capped
// at about 1 MB per block; the JSON report keeps the full text.

import { writeFile } from 'node:fs/promises';
import { ensureFolder } from '../fs/ensure-folder.js';
import { dirname } from 'node:path';
import jrb from 'junit-report-builder';
import type { Builder } from 'junit-report-builder';
import type { RunResult, ScenarioResult } from '../model/result.js';
import { formatFailureDetails } from './console.js';
import { DEFAULT_MAX_BYTES, sanitizeForXml } from './sanitize.js';

// The package's typings say `export default builder`, but dist/index.js (the CommonJS entry
// Node loads; there is no "exports" map) does `module.exports = builder`. Under NodeNext the
// default import IS module.exports, so TypeScript's view (`.default`) and the runtime disagree.
// Accept either shape.
const rootBuilder: Builder = ((jrb as unknown as { default?: Builder }).default ??
  (jrb as unknown as Builder)) as Builder;

/** Cap for each text block (stdout, transcript, socket calls, stderr, failure details). */
export const JUNIT_BLOCK_MAX_BYTES = DEFAULT_MAX_BYTES;
/** Cap for attribute values (failure/error message, property values). */
const ATTR_MAX_BYTES = 8 * 1024;

export const TRANSCRIPT_HEADER = '--- wire transcript ---';
export const SOCKET_CALLS_HEADER = '--- socket calls ---';

function seconds(ms: number): number {
  return Number.isFinite(ms) && ms > 0 ? Math.round(ms) / 1000 : 0;
}

function attr(s: string): string {
  return sanitizeForXml(s, ATTR_MAX_BYTES);
}

function block(s: string): string {
  return sanitizeForXml(s, JUNIT_BLOCK_MAX_BYTES);
}

/** `<system-out>`: the program's stdout, then the wire transcript, then the socket calls. */
export function systemOutText(s: ScenarioResult): string {
  const part = (text: string, empty: string) => {
    const t = text === '' ? empty : block(text);
    return t.endsWith('\n') ? t : t + '\n';
  };
  return (
    part(s.stdout, '(the program printed nothing)') +
    TRANSCRIPT_HEADER +
    '\n' +
    part(s.transcript, '(nothing crossed the wire)') +
    SOCKET_CALLS_HEADER +
    '\n' +
    part(s.socketCalls, '(no socket calls recorded)')
  );
}

/** The body of `<failure>` / `<error>`: what a student needs to act on, as plain text. */
export function failureDetailsText(s: ScenarioResult): string {
  const head = [`${s.id}${s.strict ? ' (strict)' : ''}: ${s.description}`.trimEnd()];
  if (s.message.trim() !== '') head.push(s.message);
  const details = formatFailureDetails(s, { color: false }).map((l) => l.replace(/^ {6}/, ''));
  return block([...head, '', ...details].join('\n') + '\n');
}

function failureType(s: ScenarioResult): string {
  const first = s.checks.find((c) => !c.passed);
  return first ? first.check : 'failed';
}

function escapeText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * Fixes junit-report-builder 5.1.2 output for the Jenkins XSD:
 *  1. It writes `skipped="N"` on the root `<testsuites>`, an attribute the XSD does not allow
 *     there (it is fine on `<testsuite>`): removed.
 *  2. Its `<skipped/>` cannot carry a reason, and the XSD types `skipped` as xs:string (text
 *     only, so `message="…"` is not allowed either): each `<skipped/>` outside CDATA becomes
 *     `<skipped>reason</skipped>`, in document order.
 * CDATA sections are left alone, so program output that happens to contain "<skipped/>" is safe
 * (attribute values cannot contain "<": xmlbuilder escapes it).
 */
function postProcess(xml: string, skippedReasons: readonly string[]): string {
  const root = /<testsuites\b[^>]*>/.exec(xml);
  if (root) {
    const fixed = root[0].replace(/\sskipped="\d+"/, '');
    xml = xml.slice(0, root.index) + fixed + xml.slice(root.index + root[0].length);
  }
  const parts = xml.split(/(<!\[CDATA\[[\s\S]*?\]\]>)/);
  let k = 0;
  for (let i = 0; i < parts.length; i += 2) {
    parts[i] = parts[i]!.replace(/<skipped\/>/g, () => {
      const reason = skippedReasons[k++] ?? '';
      return reason === '' ? '<skipped/>' : `<skipped>${escapeText(attr(reason))}</skipped>`;
    });
  }
  if (k !== skippedReasons.length) {
    throw new Error(`junit report: found ${k} <skipped/> elements for ${skippedReasons.length} skipped scenarios`);
  }
  return parts.join('');
}

/** The JUnit XML of some runs: one `<testsuite>` per run (lab:role), one `<testcase>` per scenario.
 *  `suiteName` names a run's suite (and its testcases' classname) otherwise, e.g. after a student. */
export function junitXml(runs: readonly RunResult[], options: { suiteName?: (run: RunResult, index: number) => string } = {}): string {
  const b = rootBuilder.newBuilder();
  const skippedReasons: string[] = [];
  for (const [index, run] of runs.entries()) {
    const suiteName = options.suiteName?.(run, index) ?? `${run.lab}:${run.role}`;
    const suite = b
      .testSuite()
      .name(attr(suiteName))
      .timestamp(attr(run.startedAt))
      .time(seconds(run.durationMs))
      .property('seed', String(run.seed))
      .property('isolation', run.isolation)
      .property('entry', attr(run.entry))
      .property('command', attr(run.command));
    if (run.interrupted) suite.property('interrupted', attr(run.interrupted));
    if (run.sandbox) suite.property('sandbox', attr([run.sandbox.summary, ...run.sandbox.gaps.map((g) => `not contained: ${g}`)].join('; ')));
    for (const s of run.scenarios) {
      const tc = suite.testCase().className(attr(suiteName)).name(attr(s.id)).time(seconds(s.durationMs));
      switch (s.status) {
        case 'failed':
          // failure(message, type) sets the attributes; stacktrace() is the only way to give
          // <failure> a body (CDATA).
          tc.failure(attr(s.message || 'failed'), attr(failureType(s))).stacktrace(failureDetailsText(s));
          break;
        case 'error':
          tc.error(attr(s.message || 'error'), 'error', failureDetailsText(s));
          break;
        case 'skipped':
          tc.skipped();
          skippedReasons.push(s.message);
          break;
        case 'passed':
          break;
      }
      const ran = s.status !== 'skipped' || s.stdout !== '' || s.transcript !== '' || s.socketCalls !== '';
      if (ran) tc.standardOutput(systemOutText(s));
      if (s.stderr !== '') tc.standardError(block(s.stderr));
    }
  }
  return postProcess(b.build(), skippedReasons) + '\n';
}

/** Writes junitXml(runs) to `file`, creating its folder if needed. */
export async function writeJunit(file: string, runs: readonly RunResult[]): Promise<void> {
  await ensureFolder(dirname(file));
  await writeFile(file, junitXml(runs), 'utf8');
}
