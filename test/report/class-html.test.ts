// The HTML class report on synthetic class results: safe file names, escaping of untrusted
// program output, the pass rates and the histogram. (Its browser test: test/html-report.test.ts.)
import { describe, expect, test } from 'vitest';
import { studentFileNames } from '../../harness/report/html/file-names.js';
import { cleanText, escapeHtml } from '../../harness/report/html/escape.js';
import { classPage, scenarioRates } from '../../harness/report/html/class-page.js';
import { studentPage } from '../../harness/report/html/student-page.js';
import { binTotals } from '../../harness/report/html/histogram.js';
import { AssignmentSchema } from '../../harness/grade/assignment.js';
import { earned } from '../../harness/grade/points.js';
import type { ClassResult, StudentGrade } from '../../harness/model/class-result.js';
import type { ScenarioResult, ScenarioStatus } from '../../harness/model/result.js';
import { sampleRun, scenario } from './sample-run.js';

const spec = AssignmentSchema.parse({ title: '과제 3 <i>', labs: [{ id: 'echo:server', entry: 'TCP_echoserver.py', points: 9, hidden: ['abrupt-reset'] }] });
const NAMES = ['echo-bytes', 'graceful-close', 'abrupt-reset'];

function student(name: string, statuses: ScenarioStatus[], over: Partial<ScenarioResult> = {}): StudentGrade {
  const run = sampleRun({
    entry: `/class/${name}/hw/TCP_echoserver.py`,
    scenarios: NAMES.map((n, i) =>
      scenario(n, {
        status: statuses[i]!,
        strict: n === 'graceful-close',
        message: statuses[i] === 'passed' ? '2 checks passed' : `${n} ${statuses[i]}`,
        checks: statuses[i] === 'passed' ? [] : [{ check: 'echoes', passed: false, requirement: 'every message comes back exactly', expected: '"hello"  68 65 6c 6c 6f', actual: '"HELLO"  48 45 4c 4c 4f' }],
        transcript: '→ 5 B "hello"\n← 5 B "HELLO"\n',
        ...over,
      }),
    ),
  });
  const scenarios = NAMES.map((n, i) => ({ id: `echo:server/${n}`, status: statuses[i]!, points: earned(statuses[i]!, 3), max: 3, hidden: n === 'abrupt-reset' }));
  const points = scenarios.reduce((s, p) => s + p.points, 0);
  return { name, folder: `/class/${name}`, labs: [{ id: 'echo:server', entry: run.entry, run, scenarios, points, max: 9 }], points, max: 9 };
}

function classOf(students: StudentGrade[]): ClassResult {
  return { title: spec.title, seed: 7, assignment: { file: 'hw3.yaml', sha256: 'abc', spec }, timeoutScale: 1, isolation: 'netns', labcheckVersion: '0.1.0', startedAt: '2026-12-01T00:00:00.000Z', durationMs: 10, students };
}

describe('student file names', () => {
  const names = ['김민수', 'Pat O\'Brien', 'a b  c', '../../etc/passwd', '..', '.', 'a/b', 'a\\b', '', 'CON', '김민수'.normalize('NFD'), 'x'.repeat(300), '<script>', 'Émile'];
  const files = studentFileNames(names);
  test('safe: ASCII letters, digits and dashes, one flat .html file each, never hidden or a path', () => {
    for (const name of names) {
      const file = files.get(name)!;
      expect(file).toMatch(/^[A-Za-z0-9][A-Za-z0-9-]*\.html$/);
      expect(file.length).toBeLessThan(80);
    }
    expect(files.get('../../etc/passwd')).toMatch(/^etc-passwd-[0-9a-f]{10}\.html$/);
    expect(files.get('김민수')).toMatch(/^student-[0-9a-f]{10}\.html$/);
    expect(files.get('Émile')).toMatch(/^Emile-/);
  });
  test('distinct for distinct names (an NFC and an NFD folder name are two folders), stable run to run', () => {
    expect(new Set(files.values()).size).toBe(names.length);
    expect(studentFileNames(['../../etc/passwd']).get('../../etc/passwd')).toBe(files.get('../../etc/passwd'));
  });
});

describe('escaping', () => {
  test('HTML special characters, terminal escape codes and control characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(cleanText('\u001b[31mred\u001b[0m\u0007\u0000 ok\r\n\ttab\u009b')).toBe('red ok\n\ttab');
  });

  test("a program's output with <script> and escape codes is shown as text, never as markup", () => {
    const hostile = '<script>alert(1)</script>\u001b[2J\u001b]0;title\u0007<img src=x onerror=alert(2)>';
    const s = student('<b>evil</b>', ['failed', 'passed', 'passed'], { stdout: hostile, stderr: hostile, transcript: hostile, message: hostile });
    const html = studentPage(s, classOf([s]));
    const index = classPage(classOf([s]), studentFileNames([s.name]));
    for (const page of [html, index]) {
      expect(page).not.toMatch(/<script|<img|<b>evil/i);
      expect(page).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
    }
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;evil&lt;/b&gt;');
    expect(html).toContain("Content-Security-Policy\" content=\"default-src 'none'");
  });
});

describe('class overview', () => {
  const c = classOf([student('alice', ['passed', 'passed', 'passed']), student('bob', ['failed', 'passed', 'error']), student('김민수', ['failed', 'skipped', 'passed'])]);

  test('pass rate of each scenario, strict and hidden marked', () => {
    const rates = scenarioRates(c).get('echo:server')!;
    expect(rates.map((r) => [r.id, r.counts.passed, r.graded, r.strict, r.hidden])).toEqual([
      ['echo:server/echo-bytes', 1, 3, false, false],
      ['echo:server/graceful-close', 2, 3, true, false],
      ['echo:server/abrupt-reset', 2, 3, false, true],
    ]);
    const html = classPage(c, studentFileNames(c.students.map((s) => s.name)));
    expect(html).toMatch(/echo-bytes<\/td>\s*<td class="num">33%/);
    expect(html).toMatch(/graceful-close<span class="tag strict">strict<\/span><\/td>\s*<td class="num">67%/);
    expect(html).toMatch(/abrupt-reset<span class="tag hidden">hidden<\/span>/);
  });

  test('a row and a link per student, with points and notes', () => {
    const files = studentFileNames(c.students.map((s) => s.name));
    const html = classPage(c, files);
    for (const s of c.students) expect(html).toContain(`<a href="students/${files.get(s.name)}">${s.name}</a>`);
    expect(html).toMatch(/>bob<\/a><\/td><td class="num">3<\/td><td class="num">3<\/td><td class="num">9<\/td>/);
    expect(html).toContain('not measured (skipped, 0 points): echo:server/graceful-close');
  });

  test('histogram of totals: ten ranges of 0..max, the last one includes max', () => {
    const bins = binTotals([0, 3, 3, 9, 10, 4.5], 10);
    expect(bins.map((b) => b.count)).toEqual([1, 0, 0, 2, 1, 0, 0, 0, 0, 2]);
    expect(bins[9]).toMatchObject({ from: 9, to: 10 });
    expect(binTotals([0, 0], 0)).toEqual([{ from: 0, to: 0, count: 2 }]);
  });
});

describe('student page', () => {
  const s = student('bob', ['failed', 'passed', 'error'], { stderr: 'line 1\nTraceback (most recent call last):\nOSError: boom\n' });
  const html = studentPage(s, classOf([s]));
  test('entry, verdicts and points, a block per scenario not passed with expected/actual, output, transcript and rerun', () => {
    expect(html).toContain('entry <code>hw/TCP_echoserver.py</code>');
    expect(html).toMatch(/<h2>echo:server: 3 \/ 9 points<\/h2>/);
    expect(html.match(/<div class="failure /g)).toHaveLength(2);
    expect(html).toContain('<pre class="expected">&quot;hello&quot;  68 65 6c 6c 6f</pre>');
    expect(html).toContain('<pre class="actual">&quot;HELLO&quot;  48 45 4c 4c 4f</pre>');
    expect(html).toContain('OSError: boom');
    expect(html).toMatch(/<details><summary>wire transcript<\/summary><pre class="transcript">/);
    expect(html).toContain('labcheck test echo:server TCP_echoserver.py --only abrupt-reset --seed 81723');
    expect(html).toContain('<a href="../index.html">');
  });
  test('a student with no program says why', () => {
    const none = { ...s, labs: [{ ...s.labs[0]!, entry: undefined, problem: 'no file matches the entry patterns TCP_echoserver.py' }] } as StudentGrade;
    expect(studentPage(none, classOf([none]))).toContain('no program graded: no file matches the entry patterns TCP_echoserver.py');
  });
});
