import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatFailure,
  formatRun,
  formatScenarioLine,
} from '../../harness/report/console.js';
import { sampleRun, scenario } from './sample-run.js';

const ESC = '\u001b';
const CI_SUMMARY = /\b\d+ passed, \d+ failed\b/;

describe('formatRun', () => {
  it('prints the exact report for a fixed run, without colours', () => {
    const text = formatRun(sampleRun(), { color: false, verbose: false });
    expect(text.split('\n')).toEqual([
      'echo:server  TCP_echoserver.py  (isolation netns)',
      '  ✗ echo:server/echo-bytes                                   0.21 s',
      '      requirement  every message comes back exactly, in order',
      '      expected     "hello"            68 65 6c 6c 6f',
      '      actual       "HELLO"            48 45 4c 4c 4f',
      '      program      accepted 1 connection, sent 5 bytes, printed 2 lines (see the report)',
      '      rerun        labcheck test echo:server TCP_echoserver.py --only echo-bytes --seed 81723',
      '  ✓ echo:server/graceful-close                               0.05 s',
      '  ! echo:server/abrupt-reset                                 1.00 s',
      '      program      exited with code 1 before listening (see the report)',
      '      reason       the program exited before listening (exit code 1)',
      '      stderr       Traceback (most recent call last):',
      '                     File "TCP_echoserver.py", line 3, in <module>',
      '                       s.bind(("", 5000))',
      '                   OSError: [Errno 98] Address already in use',
      '      rerun        labcheck test echo:server TCP_echoserver.py --only abrupt-reset --seed 81723',
      '  - echo:server/split-message (strict)                       0.00 s',
      '      reason       not applicable to this entry',
      '',
      'echo:server  1 passed · 1 failed · 1 error · 1 skipped  (1.3 s)  seed 81723',
    ]);
    expect(text).not.toContain(ESC);
  });

  it('uses ANSI colours only when asked', () => {
    const text = formatRun(sampleRun(), { color: true, verbose: false });
    expect(text).toContain(`${ESC}[32m✓${ESC}[0m`);
    expect(text).toContain(`${ESC}[31m✗${ESC}[0m`);
    expect(text).toContain(`${ESC}[33m!${ESC}[0m`);
    expect(text).toContain(`${ESC}[90m`);
    // Without the escapes it is the same text.
    expect(text.replace(/\u001b\[[0-9;]*m/g, '')).toBe(formatRun(sampleRun(), { color: false, verbose: false }));
  });

  it('never prints a line of the form "N passed, N failed"', () => {
    for (const color of [false, true]) {
      for (const verbose of [false, true]) {
        const text = formatRun(sampleRun(), { color, verbose });
        for (const line of text.replace(/\u001b\[[0-9;]*m/g, '').split('\n')) expect(line).not.toMatch(CI_SUMMARY);
      }
    }
  });

  it('plural "errors" and interrupted runs', () => {
    const run = sampleRun({ scenarios: [scenario('a')], durationMs: 123_456, interrupted: 'Ctrl-C' });
    const lines = formatRun(run, { color: false, verbose: false }).split('\n');
    expect(lines.at(-1)).toBe('echo:server  1 passed · 0 failed · 0 errors · 0 skipped  (123.5 s)  seed 81723');
    expect(lines).toContain('interrupted: Ctrl-C');
  });

  it('verbose adds passed checks and the transcript of failed scenarios', () => {
    const text = formatRun(sampleRun(), { color: false, verbose: true });
    const lines = text.split('\n');
    const i = lines.indexOf('  ✓ echo:server/graceful-close                               0.05 s');
    expect(lines.slice(i + 1, i + 3)).toEqual([
      '      ✓ after the client closes, the server closes its side',
      '      ✓ no traceback on stderr',
    ]);
    expect(text).toContain(
      '      transcript   → 5 B  "hello"            68 65 6c 6c 6f\n' +
        '                   ← 5 B  "HELLO"            48 45 4c 4c 4f',
    );
    expect(text).toContain('      transcript   (nothing crossed the wire)');
  });
});

describe('formatScenarioLine', () => {
  it('pads the id and right-aligns the duration', () => {
    const a = formatScenarioLine(scenario('x', { durationMs: 12 }), { color: false });
    const b = formatScenarioLine(scenario('much-longer-name', { durationMs: 12_345, strict: true }), { color: false });
    expect(a).toBe(`  ✓ echo:server/x${' '.repeat(44)}0.01 s`); // the duration starts at column 61
    expect(b).toBe(`  ✓ echo:server/much-longer-name (strict)${' '.repeat(19)}12.35 s`);
    expect(a.length).toBe(67);
    expect(a.length).toBe(b.length);
  });

  it('marks each status', () => {
    const marks = (['passed', 'failed', 'error', 'skipped'] as const).map((status) =>
      formatScenarioLine(scenario('x', { status }), { color: false }).slice(0, 4),
    );
    expect(marks).toEqual(['  ✓ ', '  ✗ ', '  ! ', '  - ']);
  });

  it('keeps very long ids on one line', () => {
    const line = formatScenarioLine(scenario('x'.repeat(80)), { color: false });
    expect(line).toBe(`  ✓ echo:server/${'x'.repeat(80)}   0.05 s`);
  });
});

describe('formatFailure', () => {
  it('is the scenario line followed by the block', () => {
    const s = sampleRun().scenarios[0]!;
    expect(formatFailure(s, { color: false })).toBe(
      formatRun(sampleRun(), { color: false, verbose: false }).split('\n').slice(1, 7).join('\n'),
    );
  });

  it('indents multi-line values and details, shows the last 8 stderr lines', () => {
    const s = scenario('frames', {
      status: 'failed',
      message: 'frame 2 differs',
      checks: [
        {
          check: 'frames',
          passed: false,
          requirement: 'frames arrive intact',
          expected: 'line one\nline two',
          actual: 'other',
          details: ['first difference at byte 17', 'see frame 2'],
        },
      ],
      stderr: Array.from({ length: 12 }, (_, i) => `err ${i + 1}`).join('\n') + '\n',
      evidenceFile: 'reports/evidence/frames.json',
    });
    expect(formatFailure(s, { color: false }).split('\n').slice(1)).toEqual([
      '      requirement  frames arrive intact',
      '      expected     line one',
      '                   line two',
      '      actual       other',
      '                   first difference at byte 17',
      '                   see frame 2',
      '      program      accepted 1 connection, sent 5 bytes, printed 2 lines (see reports/evidence/frames.json)',
      '      stderr       … (4 earlier lines)',
      '                   err 5',
      '                   err 6',
      '                   err 7',
      '                   err 8',
      '                   err 9',
      '                   err 10',
      '                   err 11',
      '                   err 12',
      '      rerun        labcheck test echo:server TCP_echoserver.py --only frames --seed 81723',
    ]);
  });

  it('strips the program\'s escape sequences from stderr', () => {
    const s = scenario('x', { status: 'error', message: 'crashed', stderr: `${ESC}[31mTraceback${ESC}[0m\u0000\n` });
    const text = formatFailure(s, { color: false });
    expect(text).toContain('      stderr       Traceback');
    expect(text).not.toContain(ESC);
    expect(text).not.toContain('\u0000');
  });

  it('cleans program text quoted in the reason and a check\'s actual value (ESC, C0 and C1 controls)', () => {
    const quoted = `ValueError: ${ESC}[2J${ESC}]0;owned\u0007 \u009b31m x\u0000y`;
    const s = scenario('x', { status: 'error', message: `the program ended (exit code 1): ${quoted}`, stderr: '' });
    const text = formatFailure(s, { color: false });
    expect(text).toContain('      reason       the program ended (exit code 1): ValueError:');
    expect(text).toContain('xy');
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  });
});

describe('formatBytes', () => {
  it('shows text then hex', () => {
    expect(formatBytes(Buffer.from('hello'))).toBe('"hello"            68 65 6c 6c 6f');
    expect(formatBytes(Buffer.from('HELLO'))).toBe('"HELLO"            48 45 4c 4c 4f');
  });

  it('escapes quotes, backslashes and control bytes', () => {
    expect(formatBytes(Buffer.from('a"b\\c\n\r\t\u0000\u007f'))).toBe(
      '"a\\"b\\\\c\\n\\r\\t\\x00\\x7f" 61 22 62 5c 63 0a 0d 09 00 7f',
    );
  });

  it('decodes UTF-8 and escapes invalid bytes', () => {
    expect(formatBytes(Buffer.from('안녕'))).toBe('"안녕"               ec 95 88 eb 85 95');
    expect(formatBytes(Buffer.from([0x61, 0xff, 0xc3, 0x62]))).toBe('"a\\xff\\xc3b"       61 ff c3 62');
    expect(formatBytes(Buffer.from([0xed, 0xa0, 0x80]))).toBe('"\\xed\\xa0\\x80"     ed a0 80'); // surrogate
  });

  it('shows an empty value', () => {
    expect(formatBytes(Buffer.alloc(0))).toBe('""                 (0 bytes)');
  });

  it('shows the first 48 bytes of long values', () => {
    const out = formatBytes(Buffer.from('a'.repeat(1000)));
    expect(out).toBe(`"${'a'.repeat(48)}"… ${Array(48).fill('61').join(' ')} … (1000 bytes)`);
    // Korean: 3-byte characters; the text stops at a whole character (16 of them = 48 bytes).
    const k = formatBytes(Buffer.from('가'.repeat(20)));
    expect(k.startsWith(`"${'가'.repeat(16)}"… ea b0 80`)).toBe(true);
    expect(k.endsWith('… (60 bytes)')).toBe(true);
    const k2 = formatBytes(Buffer.from('a' + '가'.repeat(20)));
    expect(k2.startsWith(`"a${'가'.repeat(15)}"… 61 ea b0 80`)).toBe(true);
    expect(k2).not.toContain('\\x');
  });
});
