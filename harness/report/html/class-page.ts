// The class overview (index.html): what the class got wrong (each scenario's pass rate, strict and
// hidden marked), how the totals are spread (a histogram), and every student with a link to their page.
import { studentNotes, type ClassResult } from '../../model/class-result.js';
import { roundPoints } from '../../grade/points.js';
import { page } from './layout.js';
import { text } from './escape.js';
import { totalsHistogram } from './histogram.js';

interface ScenarioRate {
  id: string;
  strict: boolean;
  hidden: boolean;
  counts: Record<'passed' | 'failed' | 'error' | 'skipped', number>;
  graded: number;
}

/** Per lab:role of the assignment, its scenarios in order with how the class did on each. */
export function scenarioRates(c: ClassResult): Map<string, ScenarioRate[]> {
  const byLab = new Map<string, Map<string, ScenarioRate>>();
  for (const lab of c.assignment.spec.labs) byLab.set(lab.id, new Map());
  for (const student of c.students) {
    for (const lab of student.labs) {
      const rates = byLab.get(lab.id) ?? byLab.set(lab.id, new Map()).get(lab.id)!;
      const strict = new Map(lab.run.scenarios.map((s) => [s.id, s.strict]));
      for (const s of lab.scenarios) {
        const rate = rates.get(s.id) ?? { id: s.id, strict: strict.get(s.id) ?? false, hidden: s.hidden, counts: { passed: 0, failed: 0, error: 0, skipped: 0 }, graded: 0 };
        rate.counts[s.status]++;
        rate.graded++;
        rates.set(s.id, rate);
      }
    }
  }
  return new Map([...byLab].map(([id, rates]) => [id, [...rates.values()]]));
}

function percent(part: number, whole: number): string {
  return whole ? `${Math.round((100 * part) / whole)}%` : '–';
}

function rateTable(rates: ScenarioRate[]): string {
  const rows = rates.map((r) => {
    const tags = `${r.strict ? '<span class="tag strict">strict</span>' : ''}${r.hidden ? '<span class="tag hidden">hidden</span>' : ''}`;
    const width = r.graded ? (100 * r.counts.passed) / r.graded : 0;
    return `<tr><td>${text(r.id.split('/')[1] ?? r.id)}${tags}</td>
<td class="num">${percent(r.counts.passed, r.graded)}</td><td><span class="bar" title="${text(`${r.counts.passed} of ${r.graded} passed`)}"><span style="width:${width.toFixed(1)}%"></span></span></td>
<td class="num passed">${r.counts.passed}</td><td class="num failed">${r.counts.failed}</td><td class="num error">${r.counts.error}</td><td class="num skipped">${r.counts.skipped}</td></tr>`;
  });
  return `<table class="rates"><thead><tr><th>scenario</th><th class="num">pass rate</th><th></th><th class="num">passed</th><th class="num">failed</th><th class="num">error</th><th class="num">skipped</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}

export function classPage(c: ClassResult, files: Map<string, string>): string {
  const labs = c.assignment.spec.labs.map((l) => l.id);
  const max = c.students[0]?.max ?? 0;
  const meta = [`${c.students.length} students`, `seed ${c.seed}`, `isolation ${c.isolation}`, `timeout scale ${c.timeoutScale}`, `labcheck ${c.labcheckVersion}`, `started ${c.startedAt}`].map(text).join(' · ');
  const notices = [c.interrupted, c.shard && `shard ${c.shard.index}/${c.shard.count}: only this shard's students`].filter(Boolean).map((n) => `<p class="notice">${text(n as string)}</p>`);
  const rates = [...scenarioRates(c)].map(([lab, r]) => `<h3>${text(lab)}</h3>\n${rateTable(r)}`);
  const head = `<tr><th>student</th>${labs.map((l) => `<th class="num">${text(l)}</th>`).join('')}<th class="num">total</th><th class="num">max</th><th>notes</th></tr>`;
  const rows = c.students.map((s) => {
    const points = labs.map((id) => {
      const lab = s.labs.find((l) => l.id === id);
      return `<td class="num">${lab ? roundPoints(lab.points) : '–'}</td>`;
    });
    const notes = studentNotes(s).map(text).join('<br>');
    return `<tr><td><a href="students/${encodeURIComponent(files.get(s.name)!)}">${text(s.name)}</a></td>${points.join('')}<td class="num">${roundPoints(s.points)}</td><td class="num">${roundPoints(s.max)}</td><td>${notes}</td></tr>`;
  });
  const body = `<h1>${text(c.title)}</h1>
<p class="meta">${meta}</p>
${notices.join('\n')}
<h2>Scenarios: what the class passed</h2>
${rates.join('\n')}
<h2>Totals</h2>
${totalsHistogram(c.students.map((s) => s.points), max)}
<h2>Students</h2>
<table class="students"><thead>${head}</thead><tbody>
${rows.join('\n')}
</tbody></table>`;
  return page(`${c.title}: class report`, body);
}
