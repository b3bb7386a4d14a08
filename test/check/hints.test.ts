// The hint table of `labcheck check`, the choice of language, finding programs by the course's
// file names, and the summary of one lab:role on synthetic results.
import { describe, expect, test } from 'vitest';
import { CHECKS } from '../../harness/checks/registry.js';
import { CHECK_HINTS, START_HINTS, START_KINDS } from '../../harness/check/hints.js';
import { chooseLanguage } from '../../harness/check/language.js';
import { findPrograms } from '../../harness/check/find-programs.js';
import { labSummary, startError } from '../../harness/check/summary.js';
import { loadCatalog } from '../../harness/scenario/catalog.js';
import type { LabGrade } from '../../harness/model/class-result.js';
import { sampleRun, scenario } from '../report/sample-run.js';

const catalog = await loadCatalog();

describe('hints', () => {
  test('every hint names a check of the registry', () => {
    expect(Object.keys(CHECK_HINTS).filter((name) => !(name in CHECKS))).toEqual([]);
  });
  test('every check a scenario uses has a hint in Korean and in English (missing ones listed)', () => {
    const used = new Set<string>();
    for (const [lab, spec] of catalog.labs) for (const role of Object.keys(spec.roles)) for (const s of catalog.scenarios(lab, role)) for (const ref of s.spec.checks) used.add(Object.keys(ref)[0]!);
    const missing = [...used].filter((name) => !CHECK_HINTS[name]?.ko?.trim() || !CHECK_HINTS[name]?.en?.trim()).sort();
    expect(missing).toEqual([]);
  });
  test('every kind of "did not start" has a hint in both languages; Korean hints are in Korean', () => {
    for (const kind of START_KINDS) expect([START_HINTS[kind]?.ko, START_HINTS[kind]?.en].every(Boolean)).toBe(true);
    for (const hint of Object.values(CHECK_HINTS)) expect(hint.ko).toMatch(/[가-힣]/);
  });
});

describe('language', () => {
  test('--lang first, then LC_ALL, LC_MESSAGES, LANG (the first one set); Korean for ko*, else English', () => {
    expect(chooseLanguage('ko', { LANG: 'en_US.UTF-8' })).toBe('ko');
    expect(chooseLanguage('en', { LANG: 'ko_KR.UTF-8' })).toBe('en');
    expect(chooseLanguage('fr', {})).toBeUndefined();
    expect(chooseLanguage(undefined, { LANG: 'ko_KR.UTF-8' })).toBe('ko');
    expect(chooseLanguage(undefined, { LANG: 'ko' })).toBe('ko');
    expect(chooseLanguage(undefined, { LC_ALL: 'C.UTF-8', LANG: 'ko_KR.UTF-8' })).toBe('en');
    expect(chooseLanguage(undefined, { LC_ALL: '', LC_MESSAGES: 'ko_KR.eucKR', LANG: 'en_US' })).toBe('ko');
    expect(chooseLanguage(undefined, { LANG: 'kok_IN' })).toBe('en'); // Konkani, not Korean
    expect(chooseLanguage(undefined, {})).toBe('en');
  });
});

describe('finding programs by the course file names', () => {
  test("a seed name is its lab:role (case ignored, in a subfolder too); a name two roles list is both; a notebook of the stem counts", () => {
    const { found, problems } = findPrograms(catalog, ['hw/tcp_echoserver.py', 'MyTCPServer.py', 'time_client.ipynb', 'notes.txt', 'other.py']);
    expect(found.map((f) => [f.lab.id, f.file])).toEqual(
      expect.arrayContaining([
        ['echo:server', 'hw/tcp_echoserver.py'],
        ['mytcpserver:server', 'MyTCPServer.py'],
        ['mytcpserver:module', 'MyTCPServer.py'],
        ['time:client', 'time_client.ipynb'],
      ]),
    );
    expect(found).toHaveLength(4);
    expect(problems).toEqual([]);
  });
  test('two files of one role are both checked; the same name twice is a problem, not a guess', () => {
    const { found, problems } = findPrograms(catalog, ['TCP_client.py', 'TCP_client_easy.py', 'a/time_server.py', 'b/time_server.py']);
    expect(found.map((f) => [f.lab.id, f.file])).toEqual([['echo:client', 'TCP_client.py'], ['echo:client', 'TCP_client_easy.py']]);
    expect(problems).toEqual(['time:server: a/time_server.py, b/time_server.py']);
  });
});

function labGrade(over: Partial<LabGrade> = {}, hidden = 'abrupt-reset'): LabGrade {
  const run = sampleRun();
  const scenarios = run.scenarios.map((s) => ({ id: s.id, status: s.status, points: s.status === 'passed' ? 2 : 0, max: 2, hidden: s.scenario === hidden }));
  return { id: 'echo:server', entry: 'TCP_echoserver.py', run, scenarios, points: 2, max: 8, ...over };
}

describe('summary of one lab:role', () => {
  test('failures with hint, expected/actual and rerun; hidden scenarios are neither shown nor counted', () => {
    const lines = labSummary(labGrade(), { lang: 'en', points: true }).join('\n');
    expect(lines).toMatch(/^echo:server {2}TCP_echoserver\.py {2}2 of 6 points \(1 of 3 scenarios passed\)/);
    expect(lines).not.toContain('abrupt-reset');
    expect(lines).toMatch(/✗ echo-bytes: .*\n\s+hint\s+\S/);
    expect(lines).toMatch(/expected\s+"hello"\s+68 65 6c 6c 6f/);
    expect(lines).toMatch(/actual\s+"HELLO"\s+48 45 4c 4c 4f/);
    expect(lines).toContain('rerun     labcheck test echo:server TCP_echoserver.py --only echo-bytes --seed 81723');
    expect(lines).toMatch(/- split-message \(strict\): .*\n\s+why\s+not measured: not applicable/);
  });
  test('a program that did not start is explained once with its error line and where, in Korean too', () => {
    const run = sampleRun({
      scenarios: ['echo-bytes', 'graceful-close'].map((n) =>
        scenario(n, { status: 'error', errorKind: 'syntax-error', message: 'the program ended before it used the network', stderr: '  File "TCP_echoserver.py", line 15\n    while True\n              ^\nSyntaxError: expected \':\'\n' }),
      ),
    });
    const grade = labGrade({ run, scenarios: run.scenarios.map((s) => ({ id: s.id, status: 'error', points: 0, max: 3, hidden: false })) });
    const en = labSummary(grade, { lang: 'en', points: false });
    expect(en.filter((l) => l.includes('SyntaxError'))).toEqual(["      error     SyntaxError: expected ':'"]);
    expect(en).toContain('      where     File "TCP_echoserver.py", line 15');
    expect(en.filter((l) => l.includes('rerun'))).toHaveLength(1);
    const ko = labSummary(grade, { lang: 'ko', points: false }).join('\n');
    expect(ko).toContain('시나리오 2개 중 0개 통과');
    expect(ko).toMatch(/프로그램이 시작되지 않아 시나리오 2개를 실행하지 못했습니다: echo-bytes, graceful-close/);
    expect(ko).toMatch(/힌트\s+문법 오류/);
  });
  test('when the run stopped waiting, why: the step and what the program was doing', () => {
    const stopped = 'the run stopped early at step 3 (exchange): message 1 of 6: no complete answer: every thread of it is blocked in recv() on a TCP connection, which nothing in this test will wake (checked for 0.25 s)';
    const run = sampleRun({ scenarios: [scenario('echo-bytes', { status: 'failed', checks: [{ check: 'byte-echo', passed: false, requirement: 'each message comes back', expected: 'sent "hello"', actual: 'received nothing back', details: [stopped] }] })] });
    const grade = labGrade({ run, scenarios: [{ id: run.scenarios[0]!.id, status: 'failed', points: 0, max: 3, hidden: false }] });
    const lines = labSummary(grade, { lang: 'en', points: false });
    expect(lines).toContain('      why       exchange: message 1 of 6: no complete answer: every thread of it is blocked in recv() on a TCP connection, which nothing in this test will wake (checked for 0.25 s)');
    expect(lines.findIndex((l) => l.includes('why'))).toBe(lines.findIndex((l) => l.includes('actual')) + 1);
  });
  test('the error line of a traceback', () => {
    expect(startError('Traceback (most recent call last):\n  File "a.py", line 3, in <module>\n    import nope\nModuleNotFoundError: No module named \'nope\'\n')).toEqual({ error: "ModuleNotFoundError: No module named 'nope'", where: 'File "a.py", line 3, in <module>' });
  });
});

describe('hidden scenarios and a program that did not start', () => {
  test('the rerun given is one of a shown scenario, not the whole lab:role (which would run the hidden one)', () => {
    const run = sampleRun({ scenarios: ['echo-bytes', 'abrupt-reset'].map((n) => scenario(n, { status: 'error', errorKind: 'import-error', stderr: "ModuleNotFoundError: No module named 'nope'\n" })) });
    const grade = labGrade({ run, scenarios: run.scenarios.map((s) => ({ id: s.id, status: 'error', points: 0, max: 3, hidden: s.scenario === 'abrupt-reset' })) });
    const text = labSummary(grade, { lang: 'en', points: true }).join('\n');
    expect(text).not.toContain('abrupt-reset');
    expect(text).toMatch(/its scenario was not run: echo-bytes\n/);
    expect(text).toMatch(/rerun\s+labcheck test echo:server TCP_echoserver\.py --only echo-bytes --seed 81723$/);
  });
});
