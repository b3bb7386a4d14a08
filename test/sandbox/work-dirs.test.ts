// Work folders belong to the labcheck process that made them; those of dead ones are swept.
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { makeWorkDir, removeWorkDir, sweepStaleWorkDirs } from '../../harness/sandbox/work-dirs.js';

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function workDirOf(pid: number): string {
  const dir = path.join(os.tmpdir(), `labcheck-run-${pid}-${Math.random().toString(36).slice(2)}`);
  mkdirSync(path.join(dir, 'scratch-x'), { recursive: true });
  made.push(dir);
  return dir;
}

test('makeWorkDir names the folder after this process; removeWorkDir removes it with its contents', () => {
  const dir = makeWorkDir();
  made.push(dir);
  expect(path.basename(dir)).toMatch(new RegExp(`^labcheck-run-${process.pid}-`));
  mkdirSync(path.join(dir, 'scratch-a', 'sub'), { recursive: true });
  removeWorkDir(dir);
  expect(existsSync(dir)).toBe(false);
  expect(() => removeWorkDir(dir)).not.toThrow(); // already gone
});

test('sweepStaleWorkDirs removes the folders of dead labcheck processes only', () => {
  const dead = workDirOf(99_999_999); // above any pid_max: never a live process
  const mine = workDirOf(process.pid);
  const live = workDirOf(1); // init is always alive (and not ours to signal: EPERM counts as alive)
  const unrelated = path.join(os.tmpdir(), `labcheck-runner-99999999-${Math.random().toString(36).slice(2)}`);
  mkdirSync(unrelated);
  made.push(unrelated);

  expect(sweepStaleWorkDirs()).toBeGreaterThanOrEqual(1);
  expect(existsSync(dead)).toBe(false);
  expect(existsSync(mine)).toBe(true);
  expect(existsSync(live)).toBe(true);
  expect(existsSync(unrelated)).toBe(true);
});
