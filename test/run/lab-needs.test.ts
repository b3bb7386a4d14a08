// What a lab declares it needs (a network of its own, Python modules) and what happens where a run
// cannot give it: the lab's scenarios are skipped with the reason, never failed.
import { chmod, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { labNetworkCommands } from '../../harness/sandbox/lab-network.js';
import { labNeedsMissing } from '../../harness/run/run-role.js';
import { missingModule, pythonWithModules } from '../../harness/run/python-with-modules.js';
import { LabSpec } from '../../harness/scenario/schema.js';
import { judge } from '../../harness/judge/judge.js';
import { skippedEvidence } from '../../harness/model/evidence.js';

const lab = (extra: object) =>
  LabSpec.parse({ lab: 'x', title: 'x', ports: { main: 10000 }, ...extra, roles: { server: { scenarios: { s: { description: 'd', requirement: 'r', steps: [{ start: {} }], checks: [{ 'no-traceback': {} }] } } } } });

describe('lab network', () => {
  test('multicast: loopback gets multicast on and routes for the groups and the limited broadcast', () => {
    expect(labNetworkCommands({ multicast: true })).toEqual([
      ['link', 'set', 'lo', 'multicast', 'on'],
      ['route', 'add', '224.0.0.0/4', 'dev', 'lo', 'src', '127.0.0.1'],
      ['route', 'add', '255.255.255.255/32', 'dev', 'lo', 'src', '127.0.0.1'],
    ]);
    expect(labNetworkCommands(undefined)).toEqual([]);
    expect(labNetworkCommands({ multicast: false })).toEqual([]);
  });

  test('a lab that needs a network of its own is not run under remap, and says why', () => {
    const multicast = lab({ network: { multicast: true } });
    expect(labNeedsMissing(multicast, 'netns')).toBeUndefined();
    expect(labNeedsMissing(multicast, 'remap')).toMatch(/network namespace/);
    expect(labNeedsMissing(lab({}), 'remap')).toBeUndefined();
  });

  test('the skipped evidence becomes a skipped verdict with the reason, whatever the checks', () => {
    const spec = lab({}).roles.server!.scenarios.s!;
    const e = skippedEvidence({ scenarioId: 'x:server/s', submission: '/a/b.py', seed: 1, timeoutScale: 1, isolation: 'remap', ports: {} }, 'no numpy here');
    const r = judge({ id: 'x:server/s', lab: 'x', role: 'server', name: 's', spec } as never, e, 'labcheck test', 0);
    expect(r.status).toBe('skipped');
    expect(r.message).toContain('no numpy here');
  });
});

describe('python with modules', () => {
  test('the requested interpreter is used when it has the modules', async () => {
    expect(await pythonWithModules('python3', ['json', 'struct'], os.tmpdir())).toEqual({ python: 'python3' });
  });

  test('a missing module is named, with how to get it', async () => {
    const choice = await pythonWithModules('python3', ['json', 'labcheck_no_such_module'], os.tmpdir());
    expect(choice.python).toBeUndefined();
    expect(choice.problem).toMatch(/python3 has no labcheck_no_such_module/);
    expect(choice.problem).toMatch(/--python/);
  });

  test('an interpreter the user chose is never swapped for another', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'labcheck-py-'));
    const fake = path.join(dir, 'python-without');
    // An interpreter that has nothing: every import fails.
    await writeFile(fake, `#!/bin/sh\nshift 2\nfor m in "$@"; do echo "$m"; exit 0; done\n`);
    await chmod(fake, 0o755);
    expect(await missingModule(fake, ['json'], dir)).toBe('json');
    const choice = await pythonWithModules(fake, ['json'], dir);
    expect(choice.python).toBeUndefined();
    expect(choice.problem).toContain(`${fake} has no json`);
  });

  test('an interpreter that does not run is reported as such', async () => {
    expect(await missingModule('/nonexistent/python3', ['json'], os.tmpdir())).toBe('');
  });
});
