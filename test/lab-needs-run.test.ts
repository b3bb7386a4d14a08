// End to end: where no interpreter has a lab's Python modules, or the run has no network namespace
// of its own for a lab that needs one, every scenario of the lab is `skipped` with the reason, and
// the run is not a failure (the fixture test covers remap for broadcast and multicast; here the
// interpreter case, which a machine with numpy never reaches otherwise).
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { labcheck, root } from './support/cli.js';

const SEED_CLIENT = path.join(root, 'fixtures', 'video-tcp', 'client', 'seed-video_client', 'video_client.py');

/** An interpreter without numpy: a venv of the default python3, which sees no site-packages. */
function pythonWithoutNumpy(): string | undefined {
  try {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'labcheck-nonumpy-')), 'venv');
    execFileSync('python3', ['-m', 'venv', '--without-pip', dir], { stdio: 'ignore' });
    const python = path.join(dir, 'bin', 'python');
    try {
      execFileSync(python, ['-c', 'import numpy'], { stdio: 'ignore' });
      return undefined;
    } catch {
      return python;
    }
  } catch {
    return undefined;
  }
}

describe('a lab whose Python modules are missing', () => {
  const python = pythonWithoutNumpy();
  test.skipIf(!python)('is skipped with the module named and how to get it, never failed', async () => {
    const run = await labcheck(['test', 'video-tcp:client', SEED_CLIENT, '--python', python!, '--seed', '5']);
    expect(run.exitCode).toBe(0);
    const scenarios = run.report!.scenarios;
    expect(scenarios.length).toBeGreaterThan(0);
    for (const s of scenarios) {
      expect(s.status).toBe('skipped');
      expect(s.message).toContain(`${python} has no numpy`);
      expect(s.message).toContain('--python');
    }
    expect(run.stdout).toMatch(/0 failed · 0 errors · \d+ skipped/);
  });
});
