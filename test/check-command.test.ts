// `labcheck check` through the real CLI, run in a student's folder: a correct and a broken
// program (English and Korean), a syntax error explained once, a folder with no program named as
// the course names them, and an assignment whose hidden scenario is run but never shown.
import { cp, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { labcheck, root } from './support/cli.js';
import { testTimeoutMs, testTimeoutScale } from './support/time-limits.js';

const scale = testTimeoutScale === 1 ? [] : ['--timeout-scale', String(testTimeoutScale)];
const fixture = (lab: string, name: string, file: string) => path.join(root, 'fixtures', lab, 'server', name, file);
/** A locale with no Korean in it, whatever the machine running the tests has. */
const ENGLISH = { LC_ALL: '', LC_MESSAGES: '', LANG: 'en_US.UTF-8' };
const KOREAN = { LC_ALL: '', LC_MESSAGES: '', LANG: 'ko_KR.UTF-8' };

async function studentFolder(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'labcheck-student-'));
  for (const [name, from] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    if (from.startsWith('/')) await cp(from, path.join(dir, name));
    else await writeFile(path.join(dir, name), from);
  }
  return dir;
}

const seedOf = (stdout: string) => /\((?:seed|시드) (\d+)\)/.exec(stdout)?.[1];

describe('labcheck check', () => {
  const mixed = studentFolder({
    'TCP_echoserver.py': fixture('echo', 'ok-threads', 'TCP_echoserver.py'),
    'hw2/time_server.py': fixture('time', 'bad-serves-once', 'time_server.py'),
    'notes.txt': 'my notes\n',
  });

  test('a correct and a broken program, in English: which file for which lab:role, hints, expected/actual, reruns; exit 1', async () => {
    const cwd = await mixed;
    const run = await labcheck(['check', ...scale], { cwd, env: ENGLISH, timeoutMs: 2 * testTimeoutMs });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(1);
    const seed = seedOf(run.stdout);
    expect(run.stdout).toContain('echo:server: checking TCP_echoserver.py');
    expect(run.stdout).toContain('time:server: checking hw2/time_server.py');
    expect(run.stdout).toMatch(/^echo:server {2}TCP_echoserver\.py {2}3 of 3 scenarios passed\n {2}✓ echo-bytes\n {2}✓ graceful-close\n {2}✓ abrupt-reset$/m);
    expect(run.stdout).toMatch(/^time:server {2}hw2\/time_server\.py {2}1 of 3 scenarios passed$/m);
    expect(run.stdout).toMatch(/✗ serves-again: .*\n\s+hint\s+every connection gets the current time as time\.ctime\(\) formats it \(accept in a loop.*\n\s+expected\s+connection 2 of 3 receives a time string\n\s+actual\s+.+\n\s+rerun\s+(?:labcheck|node \S*labcheck\.js) test time:server hw2\/time_server\.py --only serves-again --seed (\d+)/);
    expect(run.stdout).toContain(`--only serves-again --seed ${seed}${scale.length ? ` --timeout-scale` : ''}`);
    expect(run.stdout).toMatch(/2 of 6 scenarios did not pass yet/);
    expect(run.stdout).not.toMatch(/\u001b\[/);
    // Nothing is written into the student's folder (no class reports, no evidence).
    expect((await readdir(cwd, { recursive: true })).sort()).toEqual(['TCP_echoserver.py', 'hw2', 'hw2/time_server.py', 'notes.txt']);
  }, 2 * testTimeoutMs);

  test('the same folder in Korean, chosen by the locale', async () => {
    const cwd = await mixed;
    const run = await labcheck(['check', ...scale], { cwd, env: KOREAN, timeoutMs: 2 * testTimeoutMs });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('echo:server: TCP_echoserver.py 파일을 검사합니다');
    expect(run.stdout).toMatch(/^echo:server {2}TCP_echoserver\.py {2}시나리오 3개 중 3개 통과$/m);
    expect(run.stdout).toMatch(/✗ serves-again: .*\n\s+힌트\s+접속마다 현재 시각을 time\.ctime\(\) 형식으로 보내야 합니다.*\n\s+기대한 값\s+.+\n\s+실제 값\s+.+\n\s+다시 실행\s+(?:labcheck|node \S*labcheck\.js) test time:server hw2\/time_server\.py --only serves-again --seed \d+/);
    expect(run.stdout).toContain('시나리오 6개 중 2개를 아직 통과하지 못했습니다');
  }, 2 * testTimeoutMs);

  test('a syntax error is explained once per lab:role, with its line', async () => {
    const cwd = await studentFolder({ 'TCP_echoserver.py': fixture('echo', 'bad-syntax', 'TCP_echoserver.py') });
    const run = await labcheck(['check', '--lang', 'en', ...scale], { cwd, env: KOREAN });
    expect(run.exitCode).toBe(1);
    expect(run.stdout.match(/SyntaxError/g)).toHaveLength(1);
    expect(run.stdout).toMatch(/! your program did not start, so its 3 scenarios were not run: echo-bytes, graceful-close, abrupt-reset\n\s+error\s+SyntaxError: .+\n\s+where\s+File "TCP_echoserver\.py", line \d+\n\s+hint\s+a syntax error .+\n\s+rerun\s+(?:labcheck|node \S*labcheck\.js) test echo:server TCP_echoserver\.py --seed \d+/);
    expect(run.stdout.match(/^\s+rerun\s/gm)).toHaveLength(1);
  });

  test('no program named as the course names them: a helpful message, exit 1', async () => {
    const cwd = await studentFolder({ 'my_server.py': 'print("hi")\n', 'notes.txt': 'x\n' });
    const run = await labcheck(['check'], { cwd, env: ENGLISH });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('No program to check was found in this folder');
    expect(run.stdout).toMatch(/^ {2}echo:server +TCP_echoserver_demo\.py, TCP_echoserver\.py$/m);
    expect(run.stdout).toContain('labcheck check --assignment <file>');
    expect(run.stdout).toContain('labcheck test <lab>:<role> <file>');
    const ko = await labcheck(['check', '--lang', 'ko'], { cwd, env: ENGLISH });
    expect(ko.stdout).toContain('이 폴더에서 검사할 프로그램을 찾지 못했습니다');
  });

  test('--assignment: its entry patterns and points; a failing hidden scenario is run but neither shown nor counted (remap isolation)', async () => {
    const cwd = await studentFolder({ 'src/echo_server.py': fixture('echo', 'seed-TCP_echoserver_demo', 'TCP_echoserver_demo.py') });
    const assignment = path.join(cwd, '..', `${path.basename(cwd)}-hw3.yaml`);
    await writeFile(assignment, 'title: 과제 3\nlabs:\n  - id: echo:server\n    entry: [TCP_echoserver.py, "*server*.py"]\n    points: 9\n    hidden: [abrupt-reset]\nseed: 4242\n');
    const run = await labcheck(['check', '--assignment', assignment, '--isolation', 'remap', ...scale], { cwd, env: ENGLISH });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('labcheck check 과제 3  (seed 4242)');
    expect(run.stdout).toMatch(/^echo:server {2}src\/echo_server\.py {2}6 of 6 points \(2 of 2 scenarios passed\)$/m);
    expect(run.stdout).not.toMatch(/abrupt-reset|hidden|traceback/i);
    expect(run.stdout).toContain('All 2 scenarios passed.');
    expect(run.exitCode).toBe(0);
  });

  test('usage errors: an unknown --lang, an argument', async () => {
    const bad = await labcheck(['check', '--lang', 'fr']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--lang is ko or en, got fr/);
    const arg = await labcheck(['check', 'TCP_echoserver.py']);
    expect(arg.exitCode).toBe(2);
    expect(arg.stderr).toMatch(/labcheck test <lab>:<role> <file>/);
  });
});
