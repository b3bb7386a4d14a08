// The interpreter is resolved once per run, in the submission's folder, so a .python-version
// there chooses it (pyenv), and a broken interpreter falls back to the name given.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { resolveInterpreter, resolvePython } from '../harness/run/resolve-python.js';
import { planSandbox } from '../harness/sandbox/sandbox-plan.js';
import { root } from './support/paths.js';

async function folder(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'labcheck-py-'));
}

/** pyenv's versions here, when pyenv is installed and has at least two. */
function pyenvVersions(): string[] {
  try {
    return execFileSync('pyenv', ['versions', '--bare'], { encoding: 'utf8' }).split('\n').filter((v) => /^3\.\d+\.\d+$/.test(v));
  } catch {
    return [];
  }
}

describe('resolvePython', () => {
  const versions = pyenvVersions();
  test.skipIf(versions.length < 2)('pyenv: the .python-version of the submission\'s folder chooses the interpreter', async () => {
    for (const version of [versions[0]!, versions.at(-1)!]) {
      const dir = await folder();
      await writeFile(path.join(dir, '.python-version'), `${version}\n`);
      const resolved = await resolvePython('python3', dir);
      expect(resolved).toMatch(new RegExp(`/versions/${version.replace(/\./g, '\\.')}/bin/python3(\\.\\d+)?$`));
      expect(execFileSync(resolved, ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' }).trim()).toBe(version);
    }
  });

  test('asks the interpreter in the submission\'s folder (a stand-in that answers from its cwd)', async () => {
    const dir = await folder();
    const real = path.join(dir, 'chosen-python');
    await writeFile(real, '');
    const fake = path.join(await folder(), 'python3');
    // Like pyenv's shim: the answer depends on the folder it runs in.
    await writeFile(fake, `#!/bin/sh\necho "$(pwd)/$(cat .python-version)"\n`);
    await chmod(fake, 0o755);
    await writeFile(path.join(dir, '.python-version'), 'chosen-python\n');
    expect(await resolvePython(fake, dir)).toBe(real);
  });

  test('asked once for folders with the same version files (none), again where one differs', async () => {
    const binary = await resolvePython('python3', await folder());
    const log = path.join(await folder(), 'asked');
    const shim = path.join(await folder(), 'python3');
    await writeFile(shim, `#!/bin/sh\necho asked >> ${log}\nexec ${binary} "$@"\n`);
    await chmod(shim, 0o755);
    const [a, b] = [await folder(), await folder()];
    expect(await resolvePython(shim, a)).toBe(binary);
    expect(await resolvePython(shim, b)).toBe(binary);
    expect(readFileSync(log, 'utf8')).toBe('asked\n');
    await writeFile(path.join(b, '.python-version'), 'system\n');
    expect(await resolvePython(shim, b)).toBe(binary);
    expect(readFileSync(log, 'utf8')).toBe('asked\nasked\n');
  });

  test('the real python3 resolves to an absolute interpreter that exists', async () => {
    const resolved = await resolvePython('python3', await folder());
    expect(path.isAbsolute(resolved) && existsSync(resolved)).toBe(true);
  });

  test('an absolute path to an interpreter binary is taken as it is; a shim script is asked', async () => {
    const binary = await resolvePython('python3', await folder());
    expect(await resolvePython(binary, await folder())).toBe(binary);
    const shim = path.join(await folder(), 'python3');
    await writeFile(shim, `#!/bin/sh\nexec ${binary} "$@"\n`);
    await chmod(shim, 0o755);
    expect(await resolvePython(shim, await folder())).toBe(binary);
  });

  test('falls back to the name given when the interpreter is missing, fails or answers nonsense', async () => {
    const dir = await folder();
    expect(await resolvePython('/nonexistent/python9', dir)).toBe('/nonexistent/python9');
    const failing = path.join(dir, 'failing');
    await writeFile(failing, '#!/bin/sh\nexit 3\n');
    const nonsense = path.join(dir, 'nonsense');
    await writeFile(nonsense, '#!/bin/sh\necho not-a-path\n');
    await chmod(failing, 0o755);
    await chmod(nonsense, 0o755);
    expect(await resolvePython(failing, dir)).toBe(failing);
    expect(await resolvePython(nonsense, dir)).toBe(nonsense);
  });
});

describe('resolveInterpreter: the folders the sandbox shows', () => {
  test('the prefix of the interpreter and of what it links to', async () => {
    const binary = await resolvePython('python3', await folder());
    const { executable, paths } = await resolveInterpreter('python3', await folder());
    expect(executable).toBe(binary);
    expect(paths).toContain(path.dirname(path.dirname(binary)));
    expect(paths).toContain(path.dirname(path.dirname(realpathSync(binary))));
  });

  test('a guessed prefix never shows the whole disk, a home folder or labcheck itself', () => {
    const plan = planSandbox({ isolation: 'netns', interpreterPaths: ['/', '/opt', os.homedir(), root, '/usr'], allowRead: [], mode: 'bwrap' });
    expect(plan.readOnly.filter((p) => !p.startsWith(path.join(root, 'harness') + path.sep))).toEqual([]);
  });
});
