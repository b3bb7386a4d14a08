// The HTML report in a real browser (Debian's chromium driven by playwright-core): a small class
// graded through the real CLI, index.html opened from file://, no console or page error, no
// request leaving the report's folder, and every student's page reachable from the overview with
// the student's name and their failures. Skipped only where chromium is absent (CI installs it).
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, test } from 'vitest';
import { labcheck, root } from './support/cli.js';
import { testTimeoutMs, testTimeoutScale } from './support/time-limits.js';

const CHROMIUM = process.env.LABCHECK_CHROMIUM ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
// A skipped file's titles are not printed: say why here too.
if (!haveChromium) console.warn(`test/html-report.test.ts skipped: no chromium at ${CHROMIUM} (apt-get install chromium, or set LABCHECK_CHROMIUM)`);
const fixtures = path.join(root, 'fixtures', 'echo', 'server');
const scale = testTimeoutScale === 1 ? [] : ['--timeout-scale', String(testTimeoutScale)];

/** The name of a student whose folder name and output try to break the page. */
const HOSTILE = `Pat <O'Brien> & "김"`;

async function gradedClass(): Promise<{ out: string; classDir: string }> {
  const base = await mkdtemp(path.join(os.tmpdir(), 'labcheck-html-'));
  const classDir = path.join(base, 'class');
  const add = async (name: string, fixture: string) => {
    await mkdir(path.join(classDir, name), { recursive: true });
    await cp(path.join(fixtures, fixture, 'TCP_echoserver.py'), path.join(classDir, name, 'TCP_echoserver.py'));
  };
  await add('alice', 'ok-threads');
  await add('김민수', 'bad-syntax');
  await mkdir(path.join(classDir, 'dave'));
  // Upper-cases the echo and prints markup, a terminal escape and a bell into its output.
  const upper = await readFile(path.join(fixtures, 'bad-upper', 'TCP_echoserver.py'), 'utf8');
  await mkdir(path.join(classDir, HOSTILE));
  await writeFile(path.join(classDir, HOSTILE, 'TCP_echoserver.py'), `print("<script>alert('x')</script>\\x1b[31m<img src=x onerror=alert(1)>\\x07")\n${upper}`);
  const assignment = path.join(base, 'hw.yaml');
  await writeFile(assignment, `title: "과제 <1>"\nlabs:\n  - id: echo:server\n    entry: TCP_echoserver.py\n    points: 9\n    hidden: [abrupt-reset]\n`);
  const out = path.join(base, 'out');
  const run = await labcheck(['grade', classDir, '--assignment', assignment, '--out', out, '--jobs', '2', ...scale], { timeoutMs: 3 * testTimeoutMs });
  expect(run.exitCode, run.stderr).toBe(0);
  return { out, classDir };
}

interface ClassJson {
  students: { name: string; labs: { scenarios: { id: string; status: string }[] }[] }[];
}

describe.skipIf(!haveChromium)(`the HTML report in chromium${haveChromium ? '' : ` (skipped: no chromium at ${CHROMIUM}; apt-get install chromium)`}`, () => {
  test('loads from file:// with no error; every student page is reachable and shows the name and the failures', async () => {
    const { out } = await gradedClass();
    const cls = JSON.parse(await readFile(path.join(out, 'class.json'), 'utf8')) as ClassJson;
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('dialog', (d) => {
        problems.push(`a script ran: ${d.message()}`);
        void d.dismiss();
      });
      const htmlDir = path.join(out, 'html');
      page.on('request', (r) => !r.url().startsWith(pathToFileURL(htmlDir).href) && problems.push(`request outside the report: ${r.url()}`));

      await page.goto(pathToFileURL(path.join(htmlDir, 'index.html')).href);
      expect(await page.locator('h1').textContent()).toBe('과제 <1>');
      expect(await page.locator('table.rates tbody tr').count()).toBe(3);
      expect(await page.locator('svg.histogram rect').count()).toBe(10);
      const links = await page.locator('table.students a').evaluateAll((as) => as.map((a) => ({ name: a.textContent, href: (a as HTMLAnchorElement).href })));
      expect(links.map((l) => l.name)).toEqual(cls.students.map((s) => s.name));

      for (const link of links) {
        const student = cls.students.find((s) => s.name === link.name)!;
        await page.goto(link.href);
        expect(await page.locator('h1').textContent()).toBe(student.name);
        const notPassed = student.labs.flatMap((l) => l.scenarios).filter((s) => s.status !== 'passed');
        const blocks = await page.locator('div.failure h3').allTextContents();
        expect(blocks.map((b) => b.replace(/^(failed|error|skipped) /, '').replace(/(strict|hidden)+$/, ''))).toEqual(notPassed.map((s) => s.id));
        if (notPassed.length) expect(await page.locator('div.failure pre.rerun').first().textContent()).toMatch(/^(?:labcheck|node \S*labcheck\.js) test echo:server .* --only \S+ --seed \d+/);
        // The link back to the overview works too.
        await page.locator('a[href="../index.html"]').click();
        expect(await page.locator('h1').textContent()).toBe('과제 <1>');
      }
      // The hostile student's output is on their page as text.
      await page.goto(links.find((l) => l.name === HOSTILE)!.href);
      expect(await page.locator('pre.stdout').first().textContent()).toContain(`<script>alert('x')</script><img src=x onerror=alert(1)>`);
      expect(await page.locator('pre.actual').first().textContent()).toMatch(/[0-9a-f]{2}( [0-9a-f]{2})+/); // hex kept
      expect(await page.locator('script, img').count()).toBe(0);
      await page.goto(links.find((l) => l.name === '김민수')!.href);
      expect(await page.locator('body').textContent()).toContain('SyntaxError');
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 5 * testTimeoutMs);
});
