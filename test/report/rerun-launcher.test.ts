// Rerun commands start labcheck the way the user did.
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { launcherWords } from '../../harness/run/launcher.js';
import { rerunCommand } from '../../harness/run/rerun.js';

const clone = '/home/ta/labcheck';

describe('launcherWords', () => {
  test('a global install found on PATH: labcheck', () => {
    expect(launcherWords({ script: '/usr/local/bin/labcheck', env: { PATH: `/usr/bin${path.delimiter}/usr/local/bin` }, cwd: '/home/s' })).toEqual(['labcheck']);
  });

  test('the same link not on PATH: its path (relative when below the current folder)', () => {
    expect(launcherWords({ script: '/home/s/tools/bin/labcheck', env: { PATH: '/usr/bin' }, cwd: '/home/s' })).toEqual(['tools/bin/labcheck']);
    expect(launcherWords({ script: '/opt/lc/bin/labcheck', env: { PATH: '/usr/bin' }, cwd: '/home/s' })).toEqual(['/opt/lc/bin/labcheck']);
  });

  test('npx / npm exec: npx labcheck', () => {
    expect(launcherWords({ script: '/home/s/node_modules/.bin/labcheck', env: { PATH: '/usr/bin', npm_command: 'exec' }, cwd: '/home/s' })).toEqual(['npx', 'labcheck']);
  });

  test('node on the script of a clone: node and the script, as short as it can be said', () => {
    expect(launcherWords({ script: `${clone}/bin/labcheck.js`, env: { PATH: '/usr/bin' }, cwd: clone })).toEqual(['node', 'bin/labcheck.js']);
    expect(launcherWords({ script: `${clone}/bin/labcheck.js`, env: { PATH: '/usr/bin' }, cwd: '/home/s/hw3' })).toEqual(['node', `${clone}/bin/labcheck.js`]);
  });

  test('a script run by npm for another command (npm test) is still node and the script', () => {
    expect(launcherWords({ script: `${clone}/bin/labcheck.js`, env: { PATH: '/usr/bin', npm_command: 'run-script' }, cwd: clone })).toEqual(['node', 'bin/labcheck.js']);
  });
});

describe('rerunCommand with a launcher', () => {
  const request = { lab: 'echo', role: 'server', entry: 'my server.py', python: 'python3', programArgs: [], seed: 7, timeoutScale: 1 };

  test('starts with the launcher words, each quoted for the shell', () => {
    expect(rerunCommand({ ...request, launcher: ['npx', 'labcheck'] }, 'echo-bytes')).toBe("npx labcheck test echo:server 'my server.py' --only echo-bytes --seed 7");
    expect(rerunCommand({ ...request, launcher: ['node', '/opt/my tools/bin/labcheck.js'] })).toBe("node '/opt/my tools/bin/labcheck.js' test echo:server 'my server.py' --seed 7");
  });

  test('without one: labcheck', () => {
    expect(rerunCommand(request)).toBe("labcheck test echo:server 'my server.py' --seed 7");
  });
});

describe('launcherWords under tools started by npm', () => {
  test('node on the clone\'s script from a process npx started (npx vitest): still node and the script', () => {
    expect(launcherWords({ script: `${clone}/bin/labcheck.js`, env: { PATH: `${clone}/node_modules/.bin:/usr/bin`, npm_command: 'exec' }, cwd: clone })).toEqual(['node', 'bin/labcheck.js']);
  });
});
