// The course CI recipes (recipes/github-actions, recipes/gitlab), run as their CI system would run
// them: the YAML is parsed, the steps that run labcheck are taken out with the workflow's env (and
// each shard's matrix value or CI_NODE_INDEX) substituted, and run with bash on a course
// repository built from fixtures, labcheck on PATH. What a recipe publishes must exist and be valid
// JUnit, and the exit status must gate as the recipes document.
import { cp, mkdir, mkdtemp, readFile, readdir, symlink, writeFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { memoryPages, validateXML } from 'xmllint-wasm';
import { cli, root } from './support/paths.js';
import { testTimeoutMs, testTimeoutScale } from './support/time-limits.js';

const XSD = readFileSync(fileURLToPath(new URL('./schemas/jenkins-junit.xsd', import.meta.url)), 'utf8');
const echo = (role: string, fixture: string, file: string) => path.join(root, 'fixtures', 'echo', role, fixture, file);
const STUDENTS = { alice: echo('server', 'ok-threads', 'TCP_echoserver.py'), bob: echo('server', 'seed-TCP_echoserver_demo', 'TCP_echoserver_demo.py'), carol: echo('server', 'bad-syntax', 'TCP_echoserver.py') };
const ASSIGNMENT = `title: hw3\nlabs:\n  - id: echo:server\n    entry: ["TCP_echoserver*.py"]\n    points: 6\n    hidden: [abrupt-reset]\ntimeoutScale: ${testTimeoutScale}\n`;

/** A folder with `labcheck` on PATH the way a global install puts it (a link to bin/labcheck.js). */
async function labcheckOnPath(): Promise<string> {
  const bin = await mkdtemp(path.join(os.tmpdir(), 'labcheck-bin-'));
  await symlink(cli, path.join(bin, 'labcheck'));
  return bin;
}

/** A course repository: assignment.yaml and submissions/<student>/. */
async function courseRepository(): Promise<string> {
  const repo = await mkdtemp(path.join(os.tmpdir(), 'labcheck-course-'));
  await writeFile(path.join(repo, 'assignment.yaml'), ASSIGNMENT);
  for (const [name, file] of Object.entries(STUDENTS)) {
    await mkdir(path.join(repo, 'submissions', name), { recursive: true });
    await cp(file, path.join(repo, 'submissions', name, path.basename(file)));
  }
  return repo;
}

/** The lines of a step's or job's script that run labcheck (installing it is not tested here). */
function labcheckCommands(script: string | string[] | undefined): string[] {
  const lines = Array.isArray(script) ? script : (script ?? '').split('\n');
  return lines.filter((l) => /^\s*labcheck\s/.test(l));
}

/** Runs one shell command as GitHub (bash -eo pipefail) or GitLab does, with the given env. */
async function sh(command: string, cwd: string, env: Record<string, string>, bin: string): Promise<{ exitCode: number; output: string }> {
  const r = await execa('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', command], { cwd, env: { ...process.env, ...env, PATH: `${bin}${path.delimiter}${process.env.PATH}`, NO_COLOR: '1' }, reject: false, all: true });
  return { exitCode: r.exitCode ?? -1, output: String(r.all) };
}

async function expectValidJunit(file: string): Promise<string> {
  expect(existsSync(file), file).toBe(true);
  const xml = await readFile(file, 'utf8');
  const v = await validateXML({ xml: [{ fileName: 'r.xml', contents: xml }], schema: [{ fileName: 'jenkins-junit.xsd', contents: XSD }], maxMemoryPages: 256 * memoryPages.MiB });
  expect(v.errors.map((e) => e.rawMessage)).toEqual([]);
  return xml;
}

type GithubStep = { name?: string; run?: string; uses?: string; with?: Record<string, unknown>; env?: Record<string, string> };
type GithubJob = { steps: GithubStep[]; env?: Record<string, string>; strategy?: { matrix: Record<string, unknown[]> } };

/** ${{ matrix.x }}, ${{ env.X }} replaced; any other expression is one this test does not know. */
function githubExpand(text: string, ctx: { matrix: Record<string, unknown>; env: Record<string, string> }): string {
  return text.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_all, expr: string) => {
    const [scope, key] = expr.split('.') as [string, string];
    const value = scope === 'matrix' ? ctx.matrix[key] : scope === 'env' ? ctx.env[key] : undefined;
    if (value === undefined) throw new Error(`the test cannot evaluate \${{ ${expr} }}`);
    return String(value);
  });
}

/** Runs a GitHub job's labcheck steps; the first failing step fails the job (as `if:` is not `always()`). */
async function runGithubJob(workflow: { env?: Record<string, string> }, job: GithubJob, matrix: Record<string, unknown>, repo: string, bin: string) {
  const results: { step: string; exitCode: number; output: string }[] = [];
  for (const step of job.steps) {
    const env = { ...workflow.env, ...job.env, ...step.env } as Record<string, string>;
    for (const command of labcheckCommands(step.run)) {
      const r = await sh(githubExpand(command, { matrix, env }), repo, env, bin);
      results.push({ step: step.name ?? '', ...r });
    }
  }
  return results;
}

describe('recipes/github-actions/labcheck.yml: shards, merge, JUnit', () => {
  const workflow = parse(readFileSync(path.join(root, 'recipes', 'github-actions', 'labcheck.yml'), 'utf8'));

  test('each shard grades its slice, the merge job merges them, and the JUnit file it publishes is valid', async () => {
    const [repo, bin] = await Promise.all([courseRepository(), labcheckOnPath()]);
    const grade: GithubJob = workflow.jobs.grade;
    const shards = grade.strategy!.matrix.shard as number[];
    expect(shards).toEqual(Array.from({ length: Number(workflow.env.SHARDS) }, (_, i) => i + 1)); // matrix and SHARDS agree
    for (const shard of shards) {
      const steps = await runGithubJob(workflow, grade, { shard }, repo, bin);
      expect(steps.map((s) => [s.step, s.exitCode]), steps.map((s) => s.output).join('\n')).toEqual([[`Grade shard \${{ matrix.shard }} of \${{ env.SHARDS }}`, 0]]);
      // The artifact the job uploads is where the merge job downloads it.
      const upload = grade.steps.find((s) => s.uses?.startsWith('actions/upload-artifact'))!;
      const download = (workflow.jobs.merge as GithubJob).steps.find((s) => s.uses?.startsWith('actions/download-artifact'))!;
      const name = githubExpand(String(upload.with!.name), { matrix: { shard }, env: workflow.env });
      expect(name).toMatch(new RegExp(`^${String(download.with!.pattern).replace('*', '.*')}$`));
      expect(githubExpand(String(upload.with!.path), { matrix: { shard }, env: workflow.env })).toBe(path.join(String(download.with!.path), name));
    }
    const merged = await runGithubJob(workflow, workflow.jobs.merge, {}, repo, bin);
    expect(merged.map((s) => s.exitCode), merged.map((s) => s.output).join('\n')).toEqual([0]);
    const junitStep = (workflow.jobs.merge as GithubJob).steps.find((s) => s.uses?.startsWith('mikepenz/action-junit-report'))!;
    const xml = await expectValidJunit(path.join(repo, String(junitStep.with!.report_paths)));
    for (const name of Object.keys(STUDENTS)) expect(xml).toContain(`<testsuite name="${name} echo:server"`);
    // What the upload step lists is there: grades, class.json, per-student results and evidence.
    const grades = await readFile(path.join(repo, 'reports', 'class', 'grades.csv'), 'utf8');
    expect(grades.slice(1).split('\r\n').slice(1, 4)).toEqual(['alice,6,6,6,', 'bob,4,4,6,', 'carol,0,0,6,']);
    expect(await readdir(path.join(repo, 'reports', 'class', 'evidence'))).toEqual(['alice', 'bob', 'carol']);
  }, 8 * testTimeoutMs);

  test('the gate: students failing is still a green run; a broken assignment file fails the job (exit 2)', async () => {
    const [repo, bin] = await Promise.all([courseRepository(), labcheckOnPath()]);
    await writeFile(path.join(repo, 'assignment.yaml'), 'title: hw3\nlabs:\n  - id: echo:server\n    points: 6\n');
    const steps = await runGithubJob(workflow, workflow.jobs.grade, { shard: 1 }, repo, bin);
    expect(steps.map((s) => s.exitCode)).toEqual([2]);
    expect(steps[0]!.output).toMatch(/assignment\.yaml:3: labs\.0\.entry/);
  }, 2 * testTimeoutMs);
});

describe('recipes/github-actions/labcheck-test.yml: a student repository', () => {
  const workflow = parse(readFileSync(path.join(root, 'recipes', 'github-actions', 'labcheck-test.yml'), 'utf8'));

  async function studentRepo(server: string): Promise<string> {
    const repo = await mkdtemp(path.join(os.tmpdir(), 'labcheck-student-'));
    await cp(server, path.join(repo, 'TCP_echoserver.py'));
    await cp(echo('client', 'seed-TCP_client', 'TCP_client.py'), path.join(repo, 'TCP_client.py'));
    return repo;
  }

  test('correct programs: every step exits 0 and the JUnit files exist; a broken server fails its step (exit 1)', async () => {
    const bin = await labcheckOnPath();
    const job: GithubJob = workflow.jobs.test;
    const scaled = (j: GithubJob): GithubJob => ({ ...j, steps: j.steps.map((s) => (s.run ? { ...s, run: s.run.replace(/^(\s*labcheck test .*)$/gm, `$1 --timeout-scale ${testTimeoutScale}`) } : s)) });
    const good = await studentRepo(STUDENTS.alice);
    const ok = await runGithubJob(workflow, scaled(job), {}, good, bin);
    expect(ok.map((s) => s.exitCode), ok.map((s) => s.output).join('\n')).toEqual([0, 0]);
    const junitStep = job.steps.find((s) => s.uses?.startsWith('mikepenz/action-junit-report'))!;
    const pattern = String(junitStep.with!.report_paths);
    const published = (await readdir(path.join(good, path.dirname(pattern)))).filter((f) => f.endsWith(path.basename(pattern).replace('*', '')));
    expect(published.sort()).toEqual(['echo-client.junit.xml', 'echo-server.junit.xml']);
    for (const f of published) await expectValidJunit(path.join(good, path.dirname(pattern), f));
    const broken = await studentRepo(STUDENTS.bob);
    const bad = await runGithubJob(workflow, scaled(job), {}, broken, bin);
    expect(bad.map((s) => s.exitCode)).toEqual([1, 0]);
  }, 6 * testTimeoutMs);
});

describe('recipes/gitlab/.gitlab-ci.yml: parallel shards, merge, JUnit report', () => {
  const ci = parse(readFileSync(path.join(root, 'recipes', 'gitlab', '.gitlab-ci.yml'), 'utf8'));

  test('CI_NODE_INDEX/CI_NODE_TOTAL become --shard; the merge job publishes valid JUnit', async () => {
    const [repo, bin] = await Promise.all([courseRepository(), labcheckOnPath()]);
    const total = Number(ci.grade.parallel);
    expect(total).toBeGreaterThan(1);
    for (let index = 1; index <= total; index++) {
      for (const command of labcheckCommands(ci.grade.script)) {
        const r = await sh(command, repo, { ...ci.variables, CI_NODE_INDEX: String(index), CI_NODE_TOTAL: String(total) }, bin);
        expect(r.exitCode, r.output).toBe(0);
        expect(r.output).toContain(`(shard ${index}/${total} of 3)`);
      }
    }
    expect(ci.merge.needs).toEqual(['grade']);
    for (const command of labcheckCommands(ci.merge.script)) {
      const r = await sh(command, repo, ci.variables, bin);
      expect(r.exitCode, r.output).toBe(0);
      expect(r.output).toMatch(/3 students graded, 2 with failures/);
    }
    const xml = await expectValidJunit(path.join(repo, ci.merge.artifacts.reports.junit));
    expect(xml).toContain('<testsuite name="carol echo:server"');
  }, 8 * testTimeoutMs);
});
