// npm run bench: the harness's own speed, measured (never asserted in tests).
//  1. Overhead per scenario for echo:server on the seed's TCP_echoserver.py: the wall time of a
//     scenario minus the program's start-up (spawn until it listens) and minus the time spent
//     waiting for the program in the protocol's steps. Target: median <= 50 ms.
//  2. Wall time of `labcheck test` over every lab:role of the harness core on correct fixtures.
//     Target: under 15 s on 2 cores.
import path from 'node:path';
import { execa } from 'execa';
import { loadCatalog } from '../harness/scenario/catalog.js';
import { runRole } from '../harness/run/run-role.js';
import { chooseIsolation } from '../harness/sandbox/isolation.js';
import { packageRoot, cliScript } from '../harness/paths.js';
import type { Evidence } from '../harness/model/evidence.js';
import { WorkerPool } from '../harness/engine/worker-pool.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Time inside steps that wait on the program: its start-up and the protocol's own waits. */
function programTime(e: Evidence): number {
  return e.steps.reduce((sum, s) => sum + (s.t1 - s.t0), 0);
}

async function overhead(): Promise<void> {
  const catalog = loadCatalog();
  const { isolation } = await chooseIsolation('auto');
  const entry = path.join(packageRoot, 'fixtures', 'echo', 'server', 'seed-TCP_echoserver', 'TCP_echoserver.py');
  const overheads: number[] = [];
  const startups: number[] = [];
  const walls: number[] = [];
  // One pool for all rounds, as when grading a class: its spare worker is warm between runs.
  const pool = new WorkerPool(isolation, process.env);
  for (let round = 0; round < ROUNDS; round++) {
    let t0 = performance.now();
    await runRole(catalog, {
      request: { lab: 'echo', role: 'server', entry, python: 'python3', programArgs: [], seed: round, timeoutScale: 1 },
      isolation,
      pool,
      scenarios: catalog.scenarios('echo', 'server'),
      onResult: (result, evidence) => {
        const wall = performance.now() - t0;
        if (result.status !== 'passed') throw new Error(`${result.id} did not pass: ${result.message}`);
        walls.push(wall);
        startups.push(evidence.steps[0]!.t1 - evidence.steps[0]!.t0);
        overheads.push(wall - programTime(evidence));
        t0 = performance.now();
      },
    });
  }
  pool.close();
  console.log(`1. echo:server on the seed TCP_echoserver.py, ${ROUNDS} rounds x 3 scenarios, isolation ${isolation}`);
  console.log(`   scenario wall time      median ${percentile(walls, 50).toFixed(0)} ms, p90 ${percentile(walls, 90).toFixed(0)} ms`);
  console.log(`   program start-up        median ${percentile(startups, 50).toFixed(0)} ms (spawn until it listens)`);
  console.log(`   harness overhead        median ${percentile(overheads, 50).toFixed(1)} ms, p90 ${percentile(overheads, 90).toFixed(1)} ms  (target: median <= 50 ms)`);
}

/** One correct fixture per lab:role, the seed's where it passes everything. */
const CORRECT: Record<string, string> = {
  'time:server': 'time/server/seed-time_server/time_server.py',
  'time:client': 'time/client/seed-time_client/time_client.py',
  'visitor-count:server': 'visitor-count/server/ok-global-count',
  'time-format:client': 'time-format/client/ok-split',
  'echo:server': 'echo/server/seed-TCP_echoserver/TCP_echoserver.py',
  'echo:client': 'echo/client/seed-TCP_client/TCP_client.py',
  'echo-multi:server': 'echo-multi/server/ok-loop',
  'mytcpserver:server': 'mytcpserver/server/seed-MyTCPServer_ex01/MyTCPServer_ex01.py',
  'mytcpserver:module': 'mytcpserver/module/seed-MyTCPServer/MyTCPServer.py',
  'number-lookup:server': 'number-lookup/server/ok-strip-loop',
  'name-lookup:server': 'name-lookup/server/ok-plain',
  'echo-udp:server': 'echo-udp/server/seed-UDP_server/UDP_server.py',
  'echo-udp:client': 'echo-udp/client/seed-UDP_client/UDP_client.py',
};

async function entryOf(rel: string): Promise<string> {
  const full = path.join(packageRoot, 'fixtures', rel);
  if (rel.endsWith('.py')) return full;
  const expected = JSON.parse(await (await import('node:fs/promises')).readFile(path.join(full, 'expected.json'), 'utf8'));
  return path.join(full, expected.entry);
}

async function wallTime(): Promise<void> {
  const t0 = performance.now();
  const lines: string[] = [];
  for (const [labRole, rel] of Object.entries(CORRECT)) {
    const t = performance.now();
    const r = await execa('node', [cliScript, 'test', labRole, await entryOf(rel), '--seed', '1', '--json', '/dev/null', '--junit', '/dev/null'], { reject: false, env: { NO_COLOR: '1' } });
    lines.push(`   ${labRole.padEnd(22)} ${((performance.now() - t) / 1000).toFixed(2)} s  ${r.exitCode === 0 ? 'all passed' : `exit ${r.exitCode}`}`);
  }
  const total = (performance.now() - t0) / 1000;
  console.log(`2. labcheck test over every lab:role of the core on correct fixtures (one after another)`);
  console.log(lines.join('\n'));
  console.log(`   total                  ${total.toFixed(1)} s  (target: under 15 s)`);
}

await overhead();
await wallTime();
