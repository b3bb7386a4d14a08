import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { memoryPages, validateXML } from 'xmllint-wasm';
import type { RunResult } from '../../harness/model/result.js';
import { junitXml, writeJunit } from '../../harness/report/junit.js';
import { junitReporter } from '../../harness/report/reporter.js';
import { combineRepetitions } from '../../harness/judge/repetitions.js';
import { echoBytesCheck, sampleRun, scenario } from './sample-run.js';

const XSD = readFileSync(fileURLToPath(new URL('../schemas/jenkins-junit.xsd', import.meta.url)), 'utf8');

async function expectValid(xml: string): Promise<void> {
  const result = await validateXML({
    xml: [{ fileName: 'report.xml', contents: xml }],
    schema: [{ fileName: 'jenkins-junit.xsd', contents: XSD }],
    maxMemoryPages: 512 * memoryPages.MiB,
  });
  expect(result.errors.map((e) => e.rawMessage)).toEqual([]);
  expect(result.valid).toBe(true);
}

// --- a tiny reader for what junitXml writes (no DOM needed) ---------------------------------

function unescapeXml(s: string): string {
  return s
    .replace(/&#x([0-9a-fA-F]+);/g, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(parseInt(d, 10)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

function attrs(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:-]+)="([^"]*)"/g)) out[m[1]!] = unescapeXml(m[2]!);
  return out;
}

/** Attributes of a start tag (values may contain '>', which XML allows unescaped). */
const ATTRS = '((?:\\s+[\\w:-]+="[^"]*")*)\\s*';

interface Case {
  attrs: Record<string, string>;
  body: string;
}

/** Splits the document into testcases; CDATA sections are skipped over while scanning. */
function testcases(xml: string): Case[] {
  const cases: Case[] = [];
  const re = new RegExp(`<testcase${ATTRS}(/>|>)`, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) {
    if (m[2] === '/>') {
      cases.push({ attrs: attrs(m[1]!), body: '' });
      continue;
    }
    // Find the matching </testcase>, jumping over CDATA sections.
    let i = re.lastIndex;
    for (;;) {
      const cdata = xml.indexOf('<![CDATA[', i);
      const close = xml.indexOf('</testcase>', i);
      if (cdata !== -1 && cdata < close) i = xml.indexOf(']]>', cdata) + 3;
      else {
        cases.push({ attrs: attrs(m[1]!), body: xml.slice(re.lastIndex, close) });
        re.lastIndex = close;
        break;
      }
    }
  }
  return cases;
}

/** The text of element `name` inside `body` (CDATA sections joined, text unescaped). */
function elementText(body: string, name: string): string | undefined {
  const start = new RegExp(`<${name}${ATTRS}(/>|>)`).exec(body);
  if (!start) return undefined;
  if (start[2] === '/>') return '';
  let i = start.index + start[0].length;
  let text = '';
  for (;;) {
    const cdata = body.indexOf('<![CDATA[', i);
    const close = body.indexOf(`</${name}>`, i);
    if (cdata !== -1 && cdata < close) {
      text += unescapeXml(body.slice(i, cdata));
      const end = body.indexOf(']]>', cdata);
      text += body.slice(cdata + 9, end);
      i = end + 3;
    } else {
      return text + unescapeXml(body.slice(i, close));
    }
  }
}

function elementAttrs(body: string, name: string): Record<string, string> | undefined {
  const m = new RegExp(`<${name}${ATTRS}/?>`).exec(body);
  return m ? attrs(m[1]!) : undefined;
}

function byName(xml: string, name: string): Case {
  const c = testcases(xml).find((t) => t.attrs.name === name);
  if (!c) throw new Error(`no testcase ${name}`);
  return c;
}

// ---------------------------------------------------------------------------------------------

const tmpDirs: string[] = [];
afterAll(async () => {
  for (const d of tmpDirs) await rm(d, { recursive: true, force: true });
});

describe('junitXml', () => {
  it('writes passed, failed, error and skipped scenarios as valid Jenkins JUnit XML', async () => {
    const xml = junitXml([sampleRun()]);
    await expectValid(xml);

    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const root = /<testsuites\b[^>]*>/.exec(xml)![0];
    expect(attrs(root)).toEqual({ tests: '4', failures: '1', errors: '1' });

    const suites = [...xml.matchAll(/<testsuite\b([^>]*)>/g)].map((m) => attrs(m[1]!));
    expect(suites).toHaveLength(1);
    expect(suites[0]).toMatchObject({
      name: 'echo:server',
      tests: '4',
      failures: '1',
      errors: '1',
      skipped: '1',
      time: '1.3',
      timestamp: '2025-03-04T05:06:07.000Z',
    });
    const props = Object.fromEntries(
      [...xml.matchAll(/<property\b([^>]*)\/>/g)].map((m) => {
        const a = attrs(m[1]!);
        return [a.name!, a.value!];
      }),
    );
    expect(props).toMatchObject({ seed: '81723', isolation: 'netns', entry: 'TCP_echoserver.py' });

    const cases = testcases(xml);
    expect(cases.map((c) => c.attrs.name)).toEqual([
      'echo:server/echo-bytes',
      'echo:server/graceful-close',
      'echo:server/abrupt-reset',
      'echo:server/split-message',
    ]);
    for (const c of cases) expect(c.attrs.classname).toBe('echo:server');

    const failed = byName(xml, 'echo:server/echo-bytes');
    expect(failed.attrs.time).toBe('0.21');
    expect(elementAttrs(failed.body, 'failure')).toEqual({
      message: 'message 1 came back different',
      type: 'echo-exact',
    });
    const details = elementText(failed.body, 'failure')!;
    expect(details).toContain('requirement  every message comes back exactly, in order');
    expect(details).toContain('expected     "hello"            68 65 6c 6c 6f');
    expect(details).toContain('actual       "HELLO"            48 45 4c 4c 4f');
    expect(details).toContain('rerun        labcheck test echo:server TCP_echoserver.py --only echo-bytes --seed 81723');
    expect(details).not.toContain('the server accepts a connection'); // passed checks are not listed
    expect(elementText(failed.body, 'system-out')).toBe(
      'Server started\nreceived: hello\n' +
        '--- wire transcript ---\n' +
        '→ 5 B  "hello"            68 65 6c 6c 6f\n← 5 B  "HELLO"            48 45 4c 4c 4f\n' +
        '--- socket calls ---\n' +
        'bind 0.0.0.0:5000\nlisten 1\naccept 127.0.0.1:40000\n',
    );
    expect(elementText(failed.body, 'system-err')).toBeUndefined();

    const passed = byName(xml, 'echo:server/graceful-close');
    expect(elementText(passed.body, 'failure')).toBeUndefined();
    expect(elementText(passed.body, 'system-out')).toContain('Server started\n--- wire transcript ---\n');

    const errored = byName(xml, 'echo:server/abrupt-reset');
    expect(elementAttrs(errored.body, 'error')).toEqual({
      message: 'the program exited before listening (exit code 1)',
      type: 'error',
    });
    expect(elementText(errored.body, 'error')).toContain('reason       the program exited before listening');
    expect(elementText(errored.body, 'system-err')).toContain('OSError: [Errno 98] Address already in use');

    const skipped = byName(xml, 'echo:server/split-message');
    expect(elementText(skipped.body, 'skipped')).toBe('not applicable to this entry');
    expect(elementText(skipped.body, 'system-out')).toBeUndefined();
  });

  it('keeps hostile program output valid: ANSI, NUL, invalid characters, lone surrogates, "]]>", Korean', async () => {
    const nasty =
      '\u001b[31mred\u001b[0m NUL\u0000 bell\u0007 vt\u000b ff\u000c fffe\uFFFE lone\uD800 low\uDC01 ' +
      'cdata]]> twice]]>]]> 안녕하세요 😀 <skipped/> </system-out> & "quotes"\n';
    const run = sampleRun({
      scenarios: [
        scenario('echo-bytes', {
          status: 'failed',
          message: 'got "<b>" & ]]> \u0000\uD800 안녕\nsecond line',
          checks: [{ ...echoBytesCheck, actual: nasty }],
          stdout: nasty,
          stderr: nasty,
          transcript: nasty,
          socketCalls: nasty,
        }),
        scenario('unknown', { status: 'skipped', message: 'reason with <tags> & ]]> and 한국어\u0000' }),
        scenario('abrupt-reset', { status: 'error', message: '\u001b[1mboom\u001b[0m ]]>', stderr: nasty }),
      ],
    });
    const xml = junitXml([run]);
    await expectValid(xml);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\uFFFE\uFFFF]/);
    expect(xml).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);

    const expected = 'red NUL bell vt ff fffe lone low cdata]] > twice]] >]] > 안녕하세요 😀 <skipped/> </system-out> & "quotes"\n';
    const failed = byName(xml, 'echo:server/echo-bytes');
    const out = elementText(failed.body, 'system-out')!;
    expect(out).toBe(
      expected + '--- wire transcript ---\n' + expected + '--- socket calls ---\n' + expected,
    );
    expect(elementText(failed.body, 'system-err')).toBe(expected);
    expect(elementAttrs(failed.body, 'failure')!.message).toBe('got "<b>" & ]] >  안녕\nsecond line');
    expect(elementText(failed.body, 'failure')).toContain(`actual       ${expected.trimEnd()}`);

    const skipped = byName(xml, 'echo:server/unknown');
    expect(elementText(skipped.body, 'skipped')).toBe('reason with <tags> & ]] > and 한국어');

    const errored = byName(xml, 'echo:server/abrupt-reset');
    expect(elementAttrs(errored.body, 'error')!.message).toBe('boom ]] >');
  });

  it('caps 3 MB of output at about 1 MB per block, with the truncation marker', async () => {
    const big = '가'.repeat(1_000_000); // 3 000 000 bytes of UTF-8
    const run = sampleRun({
      scenarios: [scenario('echo-bytes', { status: 'failed', message: 'too much', stdout: big, stderr: 'x'.repeat(3_000_000) })],
    });
    const xml = junitXml([run]);
    await expectValid(xml);
    expect(Buffer.byteLength(xml)).toBeLessThan(2_200_000);

    const c = byName(xml, 'echo:server/echo-bytes');
    const out = elementText(c.body, 'system-out')!;
    // 333 333 whole characters fit in 1 000 000 bytes; the rest is left out.
    expect(out.startsWith('가'.repeat(333_333) + '\n… [truncated: 2000001 more bytes; see the JSON report]\n--- wire transcript ---\n')).toBe(true);
    expect(out).not.toContain('\uFFFD');
    const err = elementText(c.body, 'system-err')!;
    expect(err).toBe('x'.repeat(1_000_000) + '\n… [truncated: 2000000 more bytes; see the JSON report]');
  });

  it('writes one testsuite per lab:role', async () => {
    const client: RunResult = sampleRun({
      lab: 'echo',
      role: 'client',
      entry: 'TCP_client.py',
      seed: 5,
      isolation: 'remap',
      scenarios: [
        scenario('round-trip', { role: 'client' }),
        scenario('quit', { role: 'client', status: 'failed', message: 'did not exit', checks: [] }),
      ],
    });
    const xml = junitXml([sampleRun(), client]);
    await expectValid(xml);
    const suites = [...xml.matchAll(/<testsuite\b([^>]*)>/g)].map((m) => attrs(m[1]!));
    expect(suites.map((s) => [s.name, s.tests, s.failures, s.errors, s.skipped])).toEqual([
      ['echo:server', '4', '1', '1', '1'],
      ['echo:client', '2', '1', '0', '0'],
    ]);
    expect(attrs(/<testsuites\b([^>]*)>/.exec(xml)![1]!)).toEqual({ tests: '6', failures: '2', errors: '1' });
    const quit = byName(xml, 'echo:client/quit');
    expect(quit.attrs.classname).toBe('echo:client');
    expect(elementAttrs(quit.body, 'failure')).toEqual({ message: 'did not exit', type: 'failed' });
    expect(elementText(quit.body, 'failure')).toContain('reason       did not exit');
    expect(xml).toContain('<property name="isolation" value="remap"/>');
    expect(xml).toContain('<property name="seed" value="5"/>');
  });

  it('writes valid XML for no runs, an empty run and an interrupted run', async () => {
    await expectValid(junitXml([]));
    const interrupted = sampleRun({ scenarios: [], interrupted: 'Ctrl-C' });
    const xml = junitXml([interrupted]);
    await expectValid(xml);
    expect(xml).toContain('<property name="interrupted" value="Ctrl-C"/>');
  });
});

describe('junitXml of repeated scenarios', () => {
  it('writes a flaky scenario as a failure of type stable-verdict naming the runs, still valid', async () => {
    const ok = scenario('echo-bytes', { stdout: 'Server started\n' });
    const bad = scenario('echo-bytes', { status: 'failed', message: 'message 1 came back different', checks: [echoBytesCheck] });
    const steady = scenario('graceful-close');
    const run = sampleRun({ scenarios: [combineRepetitions([ok, bad, ok]), combineRepetitions([steady, steady, steady])] });
    const xml = junitXml([run]);
    await expectValid(xml);
    const flaky = byName(xml, 'echo:server/echo-bytes');
    expect(elementAttrs(flaky.body, 'failure')).toEqual({
      message: 'flaky: the 3 runs gave passed, failed, passed; run 2: message 1 came back different',
      type: 'stable-verdict',
    });
    expect(elementText(flaky.body, 'failure')).toContain('requirement  every run of the scenario gives the same verdict');
    expect(elementText(flaky.body, 'failure')).toContain('actual       "HELLO"');
    expect(elementText(byName(xml, 'echo:server/graceful-close').body, 'failure')).toBeUndefined();
    expect(attrs(/<testsuite\b([^>]*)>/.exec(xml)![1]!)).toMatchObject({ tests: '2', failures: '1', errors: '0' });
  });
});

describe('writeJunit and junitReporter', () => {
  it('create the folder and write the report', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'labcheck-junit-'));
    tmpDirs.push(dir);
    const file = join(dir, 'a', 'b', 'junit.xml');
    await writeJunit(file, [sampleRun()]);
    const text = await readFile(file, 'utf8');
    expect(text).toBe(junitXml([sampleRun()]));
    await expectValid(text);

    const file2 = join(dir, 'c', 'junit.xml');
    const reporter = junitReporter(file2);
    expect(reporter.name).toBe('junit');
    await reporter.write([sampleRun()]);
    expect(await readFile(file2, 'utf8')).toBe(text);
  });
});
