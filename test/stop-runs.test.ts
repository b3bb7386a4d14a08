// A test that overruns its time limit leaves nothing running: stopping its labcheck run (what the
// test helpers do on a run's time limit and after each test file) also ends the student's program
// and whatever that program started.
import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { labcheck } from './support/cli.js';
import { startLabcheck, stopLabcheck } from './support/labcheck-runs.js';
import { processesWith, programFileAppears, submission } from './support/programs.js';
import { testTimeoutScale } from './support/time-limits.js';

/** A server that starts a marked child, accepts, says so through a file in its folder, and never answers. */
async function hangingServer(marker: string): Promise<string> {
  return submission('server.py', `import socket, subprocess, sys, time
subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)', '${marker}'], start_new_session=True)
s = socket.socket()
s.bind(('', 2500))
s.listen()
c, _ = s.accept()
open('serving', 'w').close()
time.sleep(300)
`);
}

describe.each(['netns', 'remap'])('stopping a labcheck run (%s)', (isolation) => {
  test('mid-scenario: labcheck, its workers, the program and its escaped child are all gone', async () => {
    const marker = `labcheck-stop-${randomBytes(6).toString('hex')}`;
    const entry = await hangingServer(marker);
    const run = startLabcheck(['test', 'echo:server', entry, '--isolation', isolation, '--json', '/dev/null', '--junit', '/dev/null', '--timeout-scale', '10']);
    expect(await programFileAppears(run.pid!, 'serving', 20_000 * testTimeoutScale)).toBe(true);
    expect(await processesWith(marker)).not.toEqual([]);
    await stopLabcheck(run);
    expect(await processesWith(marker)).toEqual([]);
    expect(await processesWith(entry)).toEqual([]);
    expect(() => process.kill(-run.pid!, 0)).toThrow(); // its process group is empty
  });

  test('a run past its time limit is stopped, and says so', async () => {
    const marker = `labcheck-stop-${randomBytes(6).toString('hex')}`;
    const entry = await hangingServer(marker);
    const run = await labcheck(['test', 'echo:server', entry, '--isolation', isolation, '--timeout-scale', '10'], { timeoutMs: 4000 * testTimeoutScale });
    expect(run.stopped).toBe(true);
    expect(await processesWith(marker)).toEqual([]);
    expect(await processesWith(entry)).toEqual([]);
  });
});
