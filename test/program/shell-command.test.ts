// --cmd lines are run by the shell: each word reaches the program exactly as it would from a
// prompt, and {entry} and program arguments arrive as one word each, whatever their characters.
import { spawnSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { shellCommand, startsPython } from '../../harness/program/shell-command.js';

/** The words a command receives: runs the built command with `printf '%s\0'` as the program. */
function argsReceived(line: string, entry: string, args: string[] = []): string[] {
  const [file, ...rest] = shellCommand(`printf '%s\\0' ${line}`, entry, args);
  const r = spawnSync(file!, rest, { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout.split('\0').slice(0, -1);
}

/** What bash itself makes of the same line. */
function argsFromBash(line: string): string[] {
  const r = spawnSync('bash', ['-c', `printf '%s\\0' ${line}`], { encoding: 'utf8' });
  return r.stdout.split('\0').slice(0, -1);
}

describe.skipIf(process.platform === 'win32')('shellCommand', () => {
  test('quotes inside a word stay in the word (the socat example of the issue)', () => {
    const line = `socat TCP-LISTEN:5000,fork SYSTEM:'date "+%a %b %e"'`;
    expect(argsReceived(line, 'x.py')).toEqual(['socat', 'TCP-LISTEN:5000,fork', 'SYSTEM:date "+%a %b %e"']);
    expect(argsReceived(line, 'x.py')).toEqual(argsFromBash(line));
  });

  test('{entry} is one word whatever its name holds: spaces, both quotes, $, backslashes, Korean', () => {
    for (const name of [`my server.py`, `it's a "server".py`, `$HOME \\n; rm -rf x.py`, `서버 프로그램.py`, `-dash.py`]) {
      expect(argsReceived('python3 {entry} --port 5000', name)).toEqual(['python3', name, '--port', '5000']);
    }
  });

  test('program arguments are appended as words of their own', () => {
    expect(argsReceived('node {entry}', 'a.js', ['x y', `'q'`, ''])).toEqual(['node', 'a.js', 'x y', `'q'`, '']);
  });

  test('the rest of the line means what it means to the shell', () => {
    expect(argsReceived(`"$((1+2))" a\\ b`, 'e.py')).toEqual(['3', 'a b']);
  });
});

describe('startsPython', () => {
  test('a line whose first word is a Python interpreter is traced by the shim', () => {
    expect(startsPython('python3 {entry}')).toBe(true);
    expect(startsPython('  /usr/bin/python3.11 -u {entry}')).toBe(true);
    expect(startsPython(`'/opt/my python/bin/python' {entry}`)).toBe(true);
    expect(startsPython('node {entry}')).toBe(false);
    expect(startsPython('socat TCP-LISTEN:5000 SYSTEM:python3')).toBe(false);
  });
});
