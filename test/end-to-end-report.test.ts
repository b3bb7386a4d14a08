// A real run, end to end: the seed's demo echo server (which crashes on a client reset) gives a
// console report a student can act on, a JSON report of the contracted shape, evidence files, and
// a JUnit report valid against the Jenkins XSD with the program's output and the wire transcript.
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { memoryPages, validateXML } from 'xmllint-wasm';
import { labcheck, root } from './support/cli.js';

const XSD = readFileSync(fileURLToPath(new URL('./schemas/jenkins-junit.xsd', import.meta.url)), 'utf8');
const DEMO = path.join(root, 'fixtures', 'echo', 'server', 'seed-TCP_echoserver_demo', 'TCP_echoserver_demo.py');

describe('a real run of the demo echo server', async () => {
  const run = await labcheck(['test', 'echo:server', DEMO, '--seed', '81723']);

  test('console: verdict lines, the failure explained, the rerun command', () => {
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/✓ echo:server\/echo-bytes/);
    expect(run.stdout).toMatch(/✗ echo:server\/abrupt-reset/);
    expect(run.stdout).toMatch(/requirement +the program raises no unhandled exception/);
    expect(run.stdout).toMatch(/actual +unhandled exception: ConnectionResetError/);
    expect(run.stdout).toContain(`rerun        node bin/labcheck.js test echo:server ${DEMO} --only abrupt-reset --seed 81723`);
  });

  test('JSON: the contracted shape', () => {
    const r = run.report!;
    expect(r).toMatchObject({ lab: 'echo', role: 'server', entry: DEMO, seed: 81723, isolation: 'netns' });
    expect(r.scenarios.map((s) => [s.id, s.status, s.strict])).toEqual([
      ['echo:server/echo-bytes', 'passed', false],
      ['echo:server/graceful-close', 'passed', false],
      ['echo:server/abrupt-reset', 'failed', false],
    ]);
    for (const s of r.scenarios) expect(s.durationMs).toBeGreaterThan(0);
    const failed = r.scenarios[2]!;
    expect(failed.message).toMatch(/ConnectionResetError/);
    expect(failed.stderr).toContain('Traceback (most recent call last)');
    expect(failed.transcript).toMatch(/c1 \(tcp\) +harness-reset/);
    expect(failed.socketCalls).toMatch(/listen tcp fd=\d+/);
    expect(existsSync(failed.evidenceFile!)).toBe(true);
  });

  test('JUnit: valid against the Jenkins XSD, with output and transcript', async () => {
    const result = await validateXML({
      xml: [{ fileName: 'report.xml', contents: run.junit! }],
      schema: [{ fileName: 'jenkins-junit.xsd', contents: XSD }],
      maxMemoryPages: 256 * memoryPages.MiB,
    });
    expect(result.errors.map((e) => e.rawMessage)).toEqual([]);
    expect(run.junit).toMatch(/<testsuite name="echo:server"/);
    expect(run.junit).toMatch(/<testcase classname="echo:server" name="echo:server\/abrupt-reset"|<testcase name="echo:server\/abrupt-reset" classname="echo:server"/);
    expect(run.junit).toMatch(/<failure message="[^"]*ConnectionResetError/);
    expect(run.junit).toContain('--- wire transcript ---');
    expect(run.junit).toContain('Waiting for clients...');
  });
});
