import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { JsonReportFileSchema, JsonReportSchema, jsonReport, writeJson } from '../../harness/report/json.js';
import { jsonReporter } from '../../harness/report/reporter.js';
import { sampleRun, scenario } from './sample-run.js';

const tmpDirs: string[] = [];
afterAll(async () => {
  for (const d of tmpDirs) await rm(d, { recursive: true, force: true });
});

async function tempFile(name: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'labcheck-json-'));
  tmpDirs.push(dir);
  return join(dir, 'nested', 'deeper', name);
}

describe('jsonReport', () => {
  it('has the contracted shape', () => {
    const r = jsonReport(sampleRun()) as Record<string, unknown>;
    expect(r).toMatchObject({
      lab: 'echo',
      role: 'server',
      entry: 'TCP_echoserver.py',
      seed: 81723,
      isolation: 'netns',
      command: 'labcheck test echo:server TCP_echoserver.py --seed 81723',
      startedAt: '2025-03-04T05:06:07.000Z',
      durationMs: 1300,
      interrupted: null,
      summary: { total: 4, passed: 1, failed: 1, error: 1, skipped: 1 },
    });
    const scenarios = r.scenarios as Record<string, unknown>[];
    expect(scenarios.map((s) => [s.id, s.status, s.strict, s.durationMs])).toEqual([
      ['echo:server/echo-bytes', 'failed', false, 210],
      ['echo:server/graceful-close', 'passed', false, 50],
      ['echo:server/abrupt-reset', 'error', false, 1000],
      ['echo:server/split-message', 'skipped', true, 0],
    ]);
    const first = scenarios[0]!;
    for (const key of [
      'id', 'status', 'strict', 'message', 'durationMs', 'description', 'checks', 'rerun',
      'programSummary', 'stdout', 'stderr', 'transcript', 'socketCalls',
    ]) {
      expect(first).toHaveProperty(key);
    }
    expect(first.message).toBe('message 1 came back different');
    expect(first.rerun).toBe('labcheck test echo:server TCP_echoserver.py --only echo-bytes --seed 81723');
    expect(first.checks).toEqual(sampleRun().scenarios[0]!.checks);
    expect(JsonReportSchema.parse(r)).toEqual(r);
  });

  it('keeps evidenceFile and interrupted when set', () => {
    const run = sampleRun({
      interrupted: 'Ctrl-C',
      scenarios: [scenario('echo-bytes', { evidenceFile: 'reports/evidence/echo-bytes.json' })],
    });
    const r = jsonReport(run);
    expect(r.interrupted).toBe('Ctrl-C');
    expect(r.scenarios[0]!.evidenceFile).toBe('reports/evidence/echo-bytes.json');
    expect(r.summary).toEqual({ total: 1, passed: 1, failed: 0, error: 0, skipped: 0 });
  });

  it('the schema rejects a wrong shape', () => {
    const r = jsonReport(sampleRun());
    expect(JsonReportSchema.safeParse({ ...r, seed: 'x' }).success).toBe(false);
    expect(JsonReportSchema.safeParse({ ...r, scenarios: [{ ...r.scenarios[0], status: 'broken' }] }).success).toBe(false);
    expect(JsonReportSchema.safeParse({ ...r, isolation: 'docker' }).success).toBe(false);
  });
});

describe('writeJson', () => {
  it('writes a report that passes the schema, with the full untruncated output', async () => {
    const big = '가'.repeat(1_000_000) + '\u001b[31m]]>\u0000\uD800';
    const file = await tempFile('report.json');
    await writeJson(file, sampleRun({ scenarios: [scenario('echo-bytes', { stdout: big })] }));
    const text = await readFile(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const parsed = JsonReportSchema.parse(JSON.parse(text));
    expect(parsed.scenarios[0]!.stdout).toBe(big); // lone surrogate escaped as \ud800, round-trips
    expect(text).toContain('\\ud800');
  });

  it('writes an array for several runs', async () => {
    const file = await tempFile('runs.json');
    const client = sampleRun({ role: 'client', scenarios: [scenario('round-trip', { role: 'client' })] });
    await writeJson(file, [sampleRun(), client]);
    const parsed = z.array(JsonReportSchema).parse(JSON.parse(await readFile(file, 'utf8')));
    expect(parsed.map((r) => `${r.lab}:${r.role}`)).toEqual(['echo:server', 'echo:client']);
  });
});

describe('jsonReporter', () => {
  it('writes the object for one run and an array for several', async () => {
    const one = await tempFile('one.json');
    const reporter = jsonReporter(one);
    expect(reporter.name).toBe('json');
    await reporter.write([sampleRun()]);
    const data1 = JsonReportFileSchema.parse(JSON.parse(await readFile(one, 'utf8')));
    expect(Array.isArray(data1)).toBe(false);
    expect(data1).toEqual(jsonReport(sampleRun()));

    const many = await tempFile('many.json');
    await jsonReporter(many).write([sampleRun(), sampleRun({ lab: 'time' })]);
    const data2 = JsonReportFileSchema.parse(JSON.parse(await readFile(many, 'utf8')));
    expect(Array.isArray(data2)).toBe(true);
    expect((data2 as unknown[]).length).toBe(2);

    const none = await tempFile('none.json');
    await jsonReporter(none).write([]);
    expect(JSON.parse(await readFile(none, 'utf8'))).toEqual([]);
  });
});
