// Installing: the packed tarball holds what labcheck needs, installs offline into a prefix, puts
// `labcheck` on PATH, and a run from PATH prints its rerun commands as `labcheck test ...`. The
// same install run as an unprivileged user, and as on macOS/Windows (no sandbox, ports remapped).
import { execFileSync } from 'node:child_process';
import { chmod, mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { root } from './support/paths.js';
import { installGlobally, packLabcheck } from './support/packed.js';
import { testTimeoutMs, testTimeoutScale } from './support/time-limits.js';

const DEMO = path.join(root, 'fixtures', 'echo', 'server', 'seed-TCP_echoserver_demo', 'TCP_echoserver_demo.py');
const OK = path.join(root, 'fixtures', 'echo', 'server', 'ok-threads', 'TCP_echoserver.py');
const scale = ['--timeout-scale', String(testTimeoutScale)];

describe('npm pack, npm install -g', () => {
  const packed = packLabcheck();
  const installed = packed.then(installGlobally);

  test('the tarball holds the built CLI, catalog, reference peers, scenarios, shim and drivers, and no tests or fixtures', async () => {
    const files = execFileSync('tar', ['tzf', await packed], { encoding: 'utf8' }).split('\n');
    for (const f of ['bin/labcheck.js', 'dist/harness/cli/main.js', 'dist/harness/engine/worker.js', 'dist/catalog.json', 'dist/reference/registry.js', 'scenarios/echo.yaml', 'harness/shim/python/sitecustomize.py', 'harness/drivers/mytcpserver_api.py', 'recipes/gradescope/run_autograder']) {
      expect(files, f).toContain(`package/${f}`);
    }
    // Its npm dependencies are bundled, so it installs with no registry (Gradescope, offline CI).
    for (const dep of ['execa', 'zod', 'yaml', 'junit-report-builder', 'tmp-promise']) expect(files).toContain(`package/node_modules/${dep}/package.json`);
    expect(files.filter((f) => /^package\/(test|fixtures|harness\/.*\.ts$)/.test(f))).toEqual([]);
  }, 2 * testTimeoutMs);

  test('puts labcheck on PATH: list, and a test whose rerun line starts with `labcheck `', async () => {
    const prefix = await installed;
    const env = { ...process.env, PATH: `${path.join(prefix, 'bin')}${path.delimiter}${process.env.PATH}`, NO_COLOR: '1' };
    const list = await execa('labcheck', ['list'], { env, cwd: os.tmpdir() });
    expect(list.stdout).toMatch(/^ {2}echo:server\/echo-bytes /m);
    const reports = await mkdtemp(path.join(os.tmpdir(), 'labcheck-installed-'));
    const run = await execa('labcheck', ['test', 'echo:server', DEMO, '--only', 'abrupt-reset', '--seed', '5', '--json', path.join(reports, 'r.json'), '--junit', path.join(reports, 'r.xml'), ...scale], { env, cwd: reports, reject: false });
    expect(run.exitCode).toBe(1); // the demo server crashes on a reset
    expect(run.stdout).toMatch(new RegExp(`^ +rerun +labcheck test echo:server ${DEMO.replace(/[.]/g, '\\.')} --only abrupt-reset --seed 5`, 'm'));
    const report = JSON.parse(await readFile(path.join(reports, 'r.json'), 'utf8'));
    expect(report.command).toMatch(/^labcheck test echo:server /);
  }, 3 * testTimeoutMs);

  test('as an unprivileged user, and as on macOS/Windows (no sandbox, --isolation remap): a correct server passes', async () => {
    const prefix = await installed;
    const reports = await mkdtemp(path.join(os.tmpdir(), 'labcheck-nobody-'));
    await chmod(reports, 0o777);
    const env = { PATH: `${path.join(prefix, 'bin')}:/usr/local/bin:/usr/bin:/bin`, HOME: reports, NO_COLOR: '1' };
    const asNobody = (args: string[], extraEnv: Record<string, string> = {}) =>
      execa('runuser', ['-u', 'nobody', '--', 'env', ...Object.entries({ ...env, ...extraEnv }).map(([k, v]) => `${k}=${v}`), 'labcheck', ...args], { cwd: reports, reject: false });
    const files = (name: string) => ['--json', path.join(reports, `${name}.json`), '--junit', path.join(reports, `${name}.xml`)];
    const user = await asNobody(['test', 'echo:server', OK, ...files('user'), ...scale]);
    expect(user.stdout).toMatch(/not contained: runs as your own user/);
    expect(user.stdout).toMatch(/3 passed · 0 failed/);
    expect(user.exitCode).toBe(0);
    const bare = await asNobody(['test', 'echo:server', OK, '--isolation', 'remap', ...files('bare'), ...scale], { LABCHECK_SANDBOX: 'none' });
    expect(bare.stdout).toMatch(/isolation remap/);
    expect(bare.stdout).toMatch(/not contained: no network namespace/);
    expect(bare.stdout).toMatch(/3 passed · 0 failed/);
    expect(bare.exitCode).toBe(0);
    // The broken demo still fails the same way there.
    const demo = await asNobody(['test', 'echo:server', DEMO, '--only', 'abrupt-reset', '--isolation', 'remap', ...files('demo'), ...scale], { LABCHECK_SANDBOX: 'none' });
    expect(demo.exitCode).toBe(1);
    expect(demo.stdout).toMatch(/ConnectionResetError/);
  }, 4 * testTimeoutMs);
});
