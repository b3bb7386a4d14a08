// The relay in a real scenario, through the built CLI, in both isolation modes: frame:client's
// sliced-echo puts a TCP relay on the echo port (the client's hard-coded 2500 under netns, the
// remapped port under remap) in front of the reference echo server, slicing the echo into 1-byte
// segments. The evidence shows the fault, both sides of the relay, and the program's many reads.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseEvidenceFile } from '../harness/evidence/store.js';
import { labcheck, root } from './support/cli.js';

const fixture = (name: string) => path.join(root, 'fixtures', 'frame', 'client', name, 'frame_parsing.py');

async function slicedEcho(name: string, isolation: string) {
  const run = await labcheck(['test', 'frame:client', fixture(name), '--only', 'sliced-echo', '--isolation', isolation, '--seed', '3']);
  const scenario = run.report?.scenarios[0];
  const file = path.join(run.dir, 'evidence', 'frame-client', 'sliced-echo.json');
  const { evidence } = parseEvidenceFile(await readFile(file, 'utf8'), file);
  return { run, scenario, evidence };
}

describe.concurrent.each(['netns', 'remap'])('a relay between the program and the reference server (%s)', (isolation) => {
  test('a parser that reads until it has each field restores the message from 1-byte segments', async () => {
    const { scenario, evidence } = await slicedEcho('ok-recv-exact', isolation);
    expect(scenario?.status, JSON.stringify(scenario?.checks)).toBe('passed');
    expect(evidence.isolation).toBe(isolation);
    expect(evidence.faults).toMatchObject([{ at: 'slicer', kind: 'slice', dir: 'to-program', index: 1, detail: '44 bytes as 1-byte segments, 10 ms apart' }]);
    const programSide = evidence.connections.find((c) => c.name === 'slicer#1')!;
    const peerSide = evidence.connections.find((c) => c.name === 'slicer-peer#1')!;
    const server = evidence.connections.find((c) => c.name === 'server#1')!;
    const sizes = (c: typeof server, dir: string) => c.chunks.filter((k) => k.dir === dir).map((k) => k.data.length);
    expect(sizes(programSide, 'to-program')).toEqual(Array(44).fill(1));
    expect(sizes(peerSide, 'to-program').reduce((a, b) => a + b, 0)).toBe(44);
    expect(sizes(server, 'from-program').reduce((a, b) => a + b, 0)).toBe(44);
    // The program connected to its hard-coded port 2500 (remapped under remap) and read many times.
    const program = evidence.programs.program!;
    const connect = program.socketCalls.find((c) => c.call === 'connect')!;
    expect(isolation === 'netns' ? connect.addr : String(connect.requestedPort)).toMatch(/2500$/);
    expect(connect.addr).toMatch(new RegExp(`:${evidence.ports.echo}$`));
    expect(program.socketCalls.filter((c) => c.call === 'recv' && (c.size ?? 0) > 0).length).toBeGreaterThan(10);
  });

  test("the seed's parser (recv(10) taken as 10 bytes) fails, and the failure lists the fault", async () => {
    const { scenario } = await slicedEcho('seed-frame_parsing', isolation);
    expect(scenario?.status).toBe('failed');
    const failed = scenario?.checks.find((c) => !c.passed);
    expect(failed?.check).toBe('recovers-message');
    expect(failed?.details?.join('\n')).toContain('fault injected: slice of #1 to the program (at slicer');
  });
});
