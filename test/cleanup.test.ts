// Student code is untrusted: whatever it starts (children that leave the process group and
// ignore SIGTERM included) is gone when the run ends, in both isolation modes.
import { randomBytes } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { labcheck } from './support/cli.js';
import { processesWith, submission } from './support/programs.js';

function leakyEchoServer(marker: string): Promise<string> {
  return submission(
    'server.py',
    `import socket, subprocess, sys
# A child in its own session that ignores SIGTERM: it escapes the process group.
subprocess.Popen([sys.executable, '-c', 'import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(300)', '${marker}'], start_new_session=True)
s = socket.socket()
s.bind(('', 2500))
s.listen()
c, _ = s.accept()
while True:
    data = c.recv(1024)
    if not data:
        break
    c.sendall(data)
`,
  );
}


describe.concurrent.each(['netns', 'remap'])('nothing is left behind (%s)', (isolation) => {
  test('an escaped child that ignores SIGTERM is killed', async () => {
    const marker = `labcheck-leak-${randomBytes(6).toString('hex')}`;
    const run = await labcheck(['test', 'echo:server', await leakyEchoServer(marker), '--only', 'echo-bytes', '--isolation', isolation]);
    expect(run.report?.scenarios[0]?.status, run.stdout).toBe('passed');
    expect(await processesWith(marker)).toEqual([]);
  });
});
