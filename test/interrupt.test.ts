// Ctrl-C during a scenario: the harness stops it, still writes the reports (marked interrupted),
// and leaves nothing running.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { startLabcheck } from './support/labcheck-runs.js';
import { testTimeoutScale, withTimeoutScale } from './support/time-limits.js';
import { processesWith, programFileAppears, submission } from './support/programs.js';


describe.each(['netns', 'remap'])('Ctrl-C (%s)', (isolation) => {
  test('stops the running scenario, writes the reports, leaves nothing behind', async () => {
    const marker = `labcheck-int-${randomBytes(6).toString('hex')}`;
    // Accepts, says so through a file in its own folder, and never answers: each scenario would wait for its timeouts.
    const entry = await submission('server.py', `import socket, subprocess, sys, time
subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)', '${marker}'])
s = socket.socket()
s.bind(('', 2500))
s.listen()
c, _ = s.accept()
open('serving', 'w').close()
time.sleep(300)
`);
    const dir = path.dirname(entry);
    const json = path.join(dir, 'report.json');
    // In its own process group, as a terminal's foreground job.
    const run = startLabcheck(['test', 'echo:server', entry, '--isolation', isolation, '--json', json, '--junit', path.join(dir, 'r.xml'), ...withTimeoutScale(['--timeout-scale', '5'])]);
    expect(await programFileAppears(run.pid!, 'serving', 20_000 * testTimeoutScale)).toBe(true); // a scenario is under way
    expect(await processesWith(marker)).not.toEqual([]);
    process.kill(-run.pid!, 'SIGINT'); // what the terminal sends to the whole group
    const result = await run;
    expect(result.exitCode).toBe(1);
    const report = JSON.parse(await readFile(json, 'utf8'));
    expect(report.interrupted).toMatch(/interrupted/);
    expect(report.scenarios[0].status).toBe('error');
    expect(report.scenarios[0].message).toMatch(/interrupted \(Ctrl-C\)/);
    expect(report.scenarios.length).toBe(1);
    expect(await processesWith(marker)).toEqual([]);
  });
});
