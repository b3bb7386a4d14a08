// A 5 MiB file-tcp transfer through the harness next to the same transfer between the notebook's
// two Python programs with no harness (TCP_sendfile.py -> TCP_receivefile.py in a private network
// namespace), in one run. Target: the harness's part at most 2x the direct time.
// Harness time: the 5 MiB part of file-tcp:server/file-hash (writing the file, starting the sender
// until it listens, receiving and verifying nothing yet: the steps write-file f3, start p3, fetch-file c3).
import { execa } from 'execa';
import { mkdtemp, mkdir, copyFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadCatalog } from '../harness/scenario/catalog.js';
import { runRole } from '../harness/run/run-role.js';
import { chooseIsolation } from '../harness/sandbox/isolation.js';
import { loadFixtures } from '../scripts/fixtures.js';
import { resolvePython } from '../harness/run/resolve-python.js';
import type { Evidence } from '../harness/model/evidence.js';

const SIZE = 5 * 1024 * 1024;

async function direct(sender: string, receiver: string): Promise<number> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'bench-file-'));
  await mkdir(path.join(dir, 'd:'));
  await copyFile(sender, path.join(dir, 'TCP_sendfile.py'));
  await copyFile(receiver, path.join(dir, 'TCP_receivefile.py'));
  await writeFile(path.join(dir, 'big.bin'), randomBytes(SIZE));
  // The sender listens before the receiver connects; the name is typed after the ready message.
  // The same interpreter the harness starts (resolved once, not pyenv's shim at each start).
  const python = await resolvePython('python3', dir);
  const script = `ip link set lo up; cd '${dir}'; echo big.bin | '${python}' TCP_sendfile.py >/dev/null & sleep 0.15; '${python}' TCP_receivefile.py >/dev/null; wait`;
  const t0 = performance.now();
  await execa('unshare', ['-n', 'sh', '-c', script]);
  return performance.now() - t0 - 150;
}

function harnessPart(e: Evidence): number {
  const from = e.steps.find((s) => s.label.startsWith('write-file') && s.label.includes('"f3"'));
  const to = e.steps.find((s) => s.label.startsWith('fetch-file') && s.label.includes('"c3"'));
  return from && to ? to.t1 - from.t0 : NaN;
}

export async function fileTransferBench(rounds = 3): Promise<void> {
  const fx = loadFixtures();
  const sender = fx.find((f) => f.lab === 'file-tcp' && f.role === 'server' && f.name.startsWith('seed-'))!.entry;
  const receiver = fx.find((f) => f.lab === 'file-tcp' && f.role === 'client' && f.name.startsWith('seed-'))!.entry;
  const catalog = loadCatalog();
  const { isolation } = await chooseIsolation('auto');
  const directs: number[] = [];
  const harness: number[] = [];
  for (let round = 0; round < rounds; round++) {
    directs.push(await direct(sender, receiver));
    await runRole(catalog, {
      request: { lab: 'file-tcp', role: 'server', entry: sender, python: 'python3', programArgs: [], seed: round, timeoutScale: 1 },
      isolation,
      scenarios: catalog.scenarios('file-tcp', 'server').filter((s) => s.name === 'file-hash'),
      onResult: (_r, e) => void harness.push(harnessPart(e)),
    });
  }
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  const d = median(directs);
  const h = median(harness);
  console.log(`5 MiB file-tcp transfer: direct (two Python programs) median ${d.toFixed(0)} ms, through the harness ${h.toFixed(0)} ms: ${(h / d).toFixed(2)}x (target <= 2x)`);
}
