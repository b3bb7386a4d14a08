// One student's page: per lab:role the entry graded (or why none), each scenario's verdict and
// points, and under each scenario not passed what an instructor needs to judge it: the
// requirement, expected/actual (monospace, hex kept), details, the end of the program's output,
// the wire transcript (collapsed) and the command that reruns it.
import path from 'node:path';
import type { ClassResult, LabGrade, StudentGrade } from '../../model/class-result.js';
import type { ScenarioResult } from '../../model/result.js';
import { roundPoints } from '../../grade/points.js';
import { page } from './layout.js';
import { pre, tail, text } from './escape.js';

/** Lines of stdout/stderr shown under a failure (the end, where the error is). */
const OUTPUT_TAIL_LINES = 30;

function entryLine(student: StudentGrade, lab: LabGrade): string {
  if (lab.problem) return `<p class="notice">no program graded: ${text(lab.problem)}</p>`;
  const rel = lab.entry ? path.relative(student.folder, lab.entry) || lab.entry : '';
  const notebook = lab.notebook ? ' <span class="tag">notebook: its code cells were graded as the program</span>' : '';
  return `<p>entry <code>${text(rel)}</code>${notebook}</p>`;
}

function tags(s: { strict: boolean; hidden: boolean }): string {
  return `${s.strict ? '<span class="tag strict">strict</span>' : ''}${s.hidden ? '<span class="tag hidden">hidden</span>' : ''}`;
}

function failureBlock(s: ScenarioResult, hidden: boolean, anchor: string): string {
  const failed = s.checks.filter((c) => !c.passed);
  const checks = failed.map((c) => {
    const rows = [
      `<dt>requirement</dt><dd>${text(c.requirement)} <span class="tag">${text(c.check)}</span>${c.cannotJudge ? ' <span class="tag">cannot judge</span>' : ''}</dd>`,
      c.expected !== undefined ? `<dt>expected</dt><dd>${pre(c.expected, 'expected')}</dd>` : '',
      c.actual !== undefined ? `<dt>actual</dt><dd>${pre(c.actual, 'actual')}</dd>` : '',
      c.details?.length ? `<dt>details</dt><dd>${pre(c.details.join('\n'), 'details')}</dd>` : '',
    ];
    return `<dl>${rows.join('')}</dl>`;
  });
  const output = [
    s.programSummary ? `<dt>program</dt><dd>${text(s.programSummary)}</dd>` : '',
    s.stdout.trim() ? `<dt>stdout (end)</dt><dd>${pre(tail(s.stdout, OUTPUT_TAIL_LINES), 'stdout')}</dd>` : '',
    s.stderr.trim() ? `<dt>stderr (end)</dt><dd>${pre(tail(s.stderr, OUTPUT_TAIL_LINES), 'stderr')}</dd>` : '',
    `<dt>rerun</dt><dd>${pre(s.rerun, 'rerun')}</dd>`,
  ];
  const transcript = s.transcript.trim() ? `<details><summary>wire transcript</summary>${pre(s.transcript, 'transcript')}</details>` : '';
  const calls = s.socketCalls.trim() ? `<details><summary>socket calls</summary>${pre(s.socketCalls, 'socket-calls')}</details>` : '';
  return `<div class="failure st-${s.status}" id="${anchor}">
<h3><span class="verdict ${s.status}">${s.status}</span> ${text(s.id)}${tags({ strict: s.strict, hidden })}</h3>
<p>${text(s.description)}</p>
<p><b>${text(s.message)}</b></p>
${checks.join('\n')}
<dl>${output.join('')}</dl>
${transcript}
${calls}
</div>`;
}

function labSection(student: StudentGrade, lab: LabGrade, labIndex: number): string {
  const results = new Map(lab.run.scenarios.map((s) => [s.id, s]));
  const anchor = (i: number) => `l${labIndex}-s${i}`;
  const rows = lab.scenarios.map((p, i) => {
    const s = results.get(p.id);
    const name = p.id.split('/')[1] ?? p.id;
    const link = p.status === 'passed' || !s ? text(name) : `<a href="#${anchor(i)}">${text(name)}</a>`;
    return `<tr><td class="verdict ${p.status}">${p.status}</td><td>${link}${tags({ strict: s?.strict ?? false, hidden: p.hidden })}</td><td class="num">${roundPoints(p.points)} / ${roundPoints(p.max)}</td><td>${text(s?.message ?? 'not run')}</td></tr>`;
  });
  const failures = lab.scenarios.flatMap((p, i) => {
    const s = results.get(p.id);
    return s && s.status !== 'passed' ? [failureBlock(s, p.hidden, anchor(i))] : [];
  });
  return `<h2>${text(lab.id)}: ${roundPoints(lab.points)} / ${roundPoints(lab.max)} points</h2>
${entryLine(student, lab)}
<p>rerun all: <code>${text(lab.run.command)}</code></p>
${lab.run.interrupted ? `<p class="notice">${text(lab.run.interrupted)}</p>` : ''}
<table class="scenarios"><thead><tr><th>verdict</th><th>scenario</th><th class="num">points</th><th>message</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>
${failures.join('\n')}`;
}

export function studentPage(student: StudentGrade, c: ClassResult): string {
  const body = `<p><a href="../index.html">← ${text(c.title)}</a></p>
<h1>${text(student.name)}</h1>
<p class="meta">${text(`${roundPoints(student.points)} / ${roundPoints(student.max)} points · seed ${c.seed} · labcheck ${c.labcheckVersion}`)}</p>
${student.labs.map((lab, i) => labSection(student, lab, i)).join('\n')}`;
  return page(`${student.name}: ${c.title}`, body);
}
