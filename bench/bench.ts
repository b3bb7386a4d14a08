// npm run bench: the harness's own speed, measured (never asserted in tests).
//  1. Overhead per scenario for echo:server on the seed's TCP_echoserver.py: the wall time of a
//     scenario minus the program's start-up (spawn until it listens) and minus the time spent
//     waiting for the program in the protocol's steps. Target: median <= 50 ms.
//  2. Wall time of `labcheck test` over every lab:role of the harness core on correct fixtures.
//     Target: under 15 s on 2 cores.
import { execa } from 'execa';
import { loadCatalog } from '../harness/scenario/catalog.js';
import { runRole } from '../harness/run/run-role.js';
import { chooseIsolation } from '../harness/sandbox/isolation.js';
import { cliScript } from '../harness/paths.js';
import type { Evidence } from '../harness/model/evidence.js';
import { loadFixtures } from '../scripts/fixtures.js';
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
  const entry = entryOf('echo:server', 'seed-TCP_echoserver');
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

/** One correct fixture per lab:role (its folder under fixtures/), the seed's where it passes everything. */
const CORRECT: Record<string, string> = {
  'time:server': 'seed-time_server',
  'time:client': 'seed-time_client',
  'visitor-count:server': 'ok-global-count',
  'time-format:client': 'ok-split',
  'echo:server': 'seed-TCP_echoserver',
  'echo:client': 'seed-TCP_client',
  'echo-multi:server': 'ok-loop',
  'mytcpserver:server': 'seed-MyTCPServer_ex01',
  'mytcpserver:module': 'seed-MyTCPServer',
  'number-lookup:server': 'ok-strip-loop',
  'name-lookup:server': 'ok-plain',
  'echo-udp:server': 'seed-UDP_server',
  'echo-udp:client': 'seed-UDP_client',
};

function entryOf(labRole: string, name: string): string {
  const f = loadFixtures().find((x) => `${x.lab}:${x.role}` === labRole && x.name === name);
  if (!f) throw new Error(`no fixture ${labRole} ${name}`);
  return f.entry;
}

async function wallTime(): Promise<void> {
  const t0 = performance.now();
  const lines: string[] = [];
  for (const [labRole, name] of Object.entries(CORRECT)) {
    const t = performance.now();
    const r = await execa('node', [cliScript, 'test', labRole, entryOf(labRole, name), '--seed', '1', '--json', '/dev/null', '--junit', '/dev/null'], { reject: false, env: { NO_COLOR: '1' } });
    lines.push(`   ${labRole.padEnd(22)} ${((performance.now() - t) / 1000).toFixed(2)} s  ${r.exitCode === 0 ? 'all passed' : `exit ${r.exitCode}`}`);
  }
  const total = (performance.now() - t0) / 1000;
  console.log(`2. labcheck test over every lab:role of the core on correct fixtures (one after another)`);
  console.log(lines.join('\n'));
  console.log(`   total                  ${total.toFixed(1)} s  (target: under 15 s)`);
}

await overhead();
await wallTime();
await (await import('./file-transfer.js')).fileTransferBench();
