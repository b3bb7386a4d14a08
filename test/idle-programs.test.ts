// A step that waits for an answer ends as soon as the program can no longer give one: every thread
// blocked in accept()/recv() with no timeout, and nothing in the test left to wake it
// (harness/engine/idle-programs.ts). The verdict is the one the 5 s deadline gives; only sooner.
// A program that answers later by a timer of its own is never cut short.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { labcheck } from './support/cli.js';
import { submission } from './support/programs.js';

const linuxRoot = process.platform === 'linux' && process.getuid?.() === 0;

/** A UDP echo server; `reply` is the code that answers datagram `data` from `addr`. */
const udpServer = (head: string, loop: string) => `import socket, threading, signal
sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind(('', 2500))
${head}
while True:
${loop}
`;

interface Saved { evidence: { steps: { label: string; outcome: string; note?: string }[]; facts: Record<string, unknown> } }

async function saved(dir: string, scenario: string): Promise<Saved> {
  return JSON.parse(await readFile(path.join(dir, 'evidence', 'echo-udp-server', `${scenario}.json`), 'utf8')) as Saved;
}

describe.runIf(linuxRoot)('ending a wait once the program is idle', () => {
  test('a server that replies to the wrong port fails, and the report says it went back to recvfrom()', async () => {
    const program = udpServer('', "    data, addr = sock.recvfrom(1024)\n    sock.sendto(data, (addr[0], 2501))");
    const run = await labcheck(['test', 'echo-udp:server', await submission('UDP_server.py', program), '--only', 'echo-datagrams', '--isolation', 'netns']);
    expect(run.report?.scenarios[0]?.status, run.stdout).toBe('failed');
    expect(run.stdout).toContain('no datagram came back: every thread of it is blocked in recvfrom() on a UDP socket, which nothing in this test will wake');
    const { evidence } = await saved(run.dir, 'echo-datagrams');
    expect(evidence.steps.at(-1)?.outcome).toBe('timeout');
    expect(evidence.facts.idle).toEqual([expect.objectContaining({ threads: [expect.objectContaining({ state: 'S', wchan: '__skb_wait_for_more_packets' })] })]);
  });

  // Each answers 1 s after the datagram came, while its main thread already waits in recvfrom() again.
  const late: Record<string, string> = {
    'a threading.Timer': udpServer('', '    data, addr = sock.recvfrom(1024)\n    threading.Timer(1.0, sock.sendto, (data, addr)).start()'),
    'signal.alarm': udpServer(
      "pending = []\ndef ring(*_):\n    for data, addr in pending: sock.sendto(data, addr)\n    pending.clear()\nsignal.signal(signal.SIGALRM, ring)",
      '    data, addr = sock.recvfrom(1024)\n    pending.append((data, addr))\n    signal.alarm(1)',
    ),
    'SO_RCVTIMEO': udpServer(
      "import struct\nsock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, struct.pack('ll', 1, 0))\npending = []",
      '    try:\n        pending.append(sock.recvfrom(1024))\n    except BlockingIOError:\n        for data, addr in pending: sock.sendto(data, addr)\n        pending.clear()',
    ),
  };
  for (const [how, program] of Object.entries(late)) {
    test(`a server that answers a second later by ${how} passes`, async () => {
      const run = await labcheck(['test', 'echo-udp:server', await submission('UDP_server.py', program), '--only', 'echo-datagrams', '--isolation', 'netns']);
      expect(run.report?.scenarios[0]?.status, run.stdout).toBe('passed');
      expect((await saved(run.dir, 'echo-datagrams')).evidence.facts.idle).toBeUndefined();
    });
  }
});
