// Under netns isolation a scenario worker that is clean after its scenario runs the next one
// (harness/engine/worker-pool.ts). What an earlier scenario did must never change a later one's
// verdict: in particular a server that binds its hard-coded port without SO_REUSEADDR, and closes
// its connections first (leaving them in TIME_WAIT on that port), binds again every time (LABS.md:
// each scenario run starts on fresh ports).
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { labcheck } from './support/cli.js';
import { submission } from './support/programs.js';

const closesFirst = `import socket
s = socket.socket()
s.bind(('', 2500))  # no SO_REUSEADDR
s.listen()
while True:
    c, _ = s.accept()
    data = c.recv(1024)
    c.sendall(data)
    c.close()  # the server closes first: its end of the connection goes to TIME_WAIT on port 2500
`;

interface SavedRun {
  evidence: { worker?: { pid: number; scenario: number }; runError?: string; programs: Record<string, { socketCalls: { call: string; error?: string }[] }> };
}

describe('a reused worker', () => {
  test('a server without SO_REUSEADDR that closes first binds its port in every run', async () => {
    const runs = 4;
    const run = await labcheck(['test', 'echo:server', await submission('server.py', closesFirst), '--only', 'graceful-close', '--repeat', String(runs), '--isolation', 'netns']);
    const saved: SavedRun[] = [];
    for (let n = 1; n <= runs; n++) {
      const file = path.join(run.dir, 'evidence', 'echo-server', n === 1 ? 'graceful-close.json' : `graceful-close.run${n}.json`);
      saved.push(JSON.parse(await readFile(file, 'utf8')) as SavedRun);
    }
    for (const { evidence } of saved) {
      expect(evidence.runError).toBeUndefined();
      const calls = evidence.programs.program!.socketCalls;
      const bind = calls.find((c) => c.call === 'bind');
      expect(bind, JSON.stringify(calls)).toBeDefined();
      expect(bind!.error).toBeUndefined();
      expect(calls.some((c) => c.call === 'accept' && !c.error)).toBe(true);
    }
    // The runs did share a worker (else this tested fresh workers only).
    expect(saved.map((s) => s.evidence.worker?.scenario)).toEqual([1, 2, 3, 4]);
    expect(new Set(saved.map((s) => s.evidence.worker?.pid)).size).toBe(1);
    // The same verdict every time: not flaky.
    expect(run.report?.scenarios[0]?.status, run.stdout).toBe('passed');
  });
});
