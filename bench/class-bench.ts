// Part 5 of `npm run bench`: grading a synthetic class. 40 students over four lab:roles, each
// student's program for a lab:role copied from a fixture (about three in four correct, the rest
// broken in the fixture's own way), graded twice by the real CLI: with --jobs 1 and with the
// default --jobs. Targets: the class in under 60 s on 2 cores, and the default at most 0.6x the
// --jobs 1 time. Both runs must give the same grades (parallel grading changes no verdict).
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { cliScript } from '../harness/paths.js';
import { loadFixtures, type Fixture } from '../scripts/fixtures.js';
import { defaultJobs } from '../harness/cli/grade-command.js';
import { resolvePython } from '../harness/run/resolve-python.js';

/** Debian's interpreter: graded with too when present, since start-up costs differ between interpreters. */
const DEBIAN_PYTHON = '/usr/bin/python3';

const STUDENTS = Number(process.env.BENCH_STUDENTS ?? 40);
const LAB_ROLES = ['echo:server', 'time:server', 'echo-udp:server', 'number-lookup:server'];

const isCorrect = (f: Fixture) => Object.values(f.verdicts).every((v) => v === 'passed');

/** The class folder and its assignment file, in a fresh temporary folder. */
async function syntheticClass(): Promise<{ base: string; classDir: string; assignment: string }> {
  const base = await mkdtemp(path.join(os.tmpdir(), 'labcheck-bench-class-'));
  const classDir = path.join(base, 'class');
  const fixtures = loadFixtures();
  const byLab = LAB_ROLES.map((id) => {
    const all = fixtures.filter((f) => `${f.lab}:${f.role}` === id && f.args.length === 0);
    return { id, correct: all.filter(isCorrect), broken: all.filter((f) => !isCorrect(f)) };
  });
  for (let i = 0; i < STUDENTS; i++) {
    const student = path.join(classDir, `student${String(i + 1).padStart(2, '0')}`);
    for (const [k, lab] of byLab.entries()) {
      // One program in four broken, spread so that every student has a different mix.
      const broken = (i + k) % 4 === 0;
      const pool = broken ? lab.broken : lab.correct;
      const f = pool[(i + k) % pool.length]!;
      const folder = path.join(student, lab.id.replace(':', '-'));
      await mkdir(folder, { recursive: true });
      await cp(f.entry, path.join(folder, path.basename(f.entry)));
    }
  }
  const labs = LAB_ROLES.map((id) => `  - id: ${id}\n    entry: ["${id.replace(':', '-')}/*.py"]\n    points: 10\n`).join('');
  const assignment = path.join(base, 'bench.yaml');
  await writeFile(assignment, `title: bench\nlabs:\n${labs}seed: 1\n`);
  return { base, classDir, assignment };
}

/** CPU seconds of this process's waited-for children and their own children (/proc/self/stat
 *  cutime + cstime): the whole tree of a CLI run once it has ended, whatever else the machine runs. */
function childrenCpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // After the command: field 16 (cutime) and 17 (cstime) of stat(5) are at 13 and 14 here; clock ticks.
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** Scenario runs whose evidence a grade run saved. */
async function scenarioRuns(out: string): Promise<number> {
  const files = await readdir(path.join(out, 'evidence'), { recursive: true });
  return files.filter((f) => f.endsWith('.json') && path.basename(f) !== 'run.json').length;
}

/** CPU milliseconds one start of `python -c pass` costs (20 starts, one after another). */
async function startCpuMs(python: string): Promise<number> {
  const before = childrenCpuSeconds();
  for (let i = 0; i < 20; i++) await execa(python, ['-c', 'pass']);
  return ((childrenCpuSeconds() - before) * 1000) / 20;
}

async function grade(classDir: string, assignment: string, out: string, jobs?: number, python?: string): Promise<{ seconds: number; cpuSeconds: number; runs: number; grades: string }> {
  const t = performance.now();
  const cpu = childrenCpuSeconds();
  const r = await execa('node', [cliScript, 'grade', classDir, '--assignment', assignment, '--out', out, ...(jobs ? ['--jobs', String(jobs)] : []), ...(python ? ['--python', python] : [])], { reject: false, env: { NO_COLOR: '1' } });
  const seconds = (performance.now() - t) / 1000;
  const cpuSeconds = childrenCpuSeconds() - cpu;
  if (r.exitCode !== 0) throw new Error(`labcheck grade failed (exit ${r.exitCode}): ${r.stderr}`);
  return { seconds, cpuSeconds, runs: await scenarioRuns(out), grades: await readFile(path.join(out, 'grades.csv'), 'utf8') };
}

export async function classBench(): Promise<void> {
  const { base, classDir, assignment } = await syntheticClass();
  try {
    const one = await grade(classDir, assignment, path.join(base, 'jobs1'), 1);
    const many = await grade(classDir, assignment, path.join(base, 'default'));
    const ratio = many.seconds / one.seconds;
    const rows = many.grades.trim().split('\r\n').slice(1);
    const full = rows.filter((r) => { const c = r.split(','); return c[5] === c[6]; }).length;
    console.log(`5. labcheck grade: ${STUDENTS} students x ${LAB_ROLES.join(', ')} (${full} with full marks), ${os.availableParallelism()} cores, load ${os.loadavg()[0]!.toFixed(1)}`);
    const cpu = (g: typeof one) => `CPU ${g.cpuSeconds.toFixed(1)} s, ${((g.cpuSeconds / g.runs) * 1000).toFixed(0)} ms per scenario run (${g.runs} runs)`;
    console.log(`   --jobs 1                ${one.seconds.toFixed(1)} s  (${cpu(one)})`);
    console.log(`   default (--jobs ${defaultJobs()})     ${many.seconds.toFixed(1)} s  (target: under 60 s: ${many.seconds < 60 ? 'met' : 'NOT met'}; ${cpu(many)})`);
    console.log(`   ratio                   ${ratio.toFixed(2)}x  (target: at most 0.6x: ${ratio <= 0.6 ? 'met' : 'NOT met'})`);
    console.log(`   same grades both ways   ${one.grades === many.grades ? 'yes' : 'NO: parallel grading changed a verdict'}`);
    // Most of a scenario run's CPU is the program's own interpreter starting (a class is about
    // 440 starts): the same class with Debian's interpreter shows how much is the interpreter's.
    const python = await resolvePython('python3', base);
    if (existsSync(DEBIAN_PYTHON) && python !== DEBIAN_PYTHON) {
      const debian = await grade(classDir, assignment, path.join(base, 'debian'), undefined, DEBIAN_PYTHON);
      console.log(`   one start of the interpreter: ${(await startCpuMs(python)).toFixed(0)} ms CPU for python3 (${python}), ${(await startCpuMs(DEBIAN_PYTHON)).toFixed(0)} ms for ${DEBIAN_PYTHON}`);
      console.log(`   default, --python ${DEBIAN_PYTHON}  ${debian.seconds.toFixed(1)} s  (${debian.seconds < 60 ? 'under' : 'over'} 60 s; ${cpu(debian)}; same grades: ${debian.grades === one.grades ? 'yes' : 'NO'})`);
    }
    // BENCH_JOBS=8,12: also with these --jobs (what a larger default would give), same grades required.
    for (const jobs of (process.env.BENCH_JOBS ?? '').split(',').filter(Boolean).map(Number)) {
      const more = await grade(classDir, assignment, path.join(base, `jobs${jobs}`), jobs);
      console.log(`   --jobs ${jobs}${' '.repeat(Math.max(1, 16 - String(jobs).length))}${more.seconds.toFixed(1)} s  (${cpu(more)}; same grades: ${more.grades === one.grades ? 'yes' : 'NO'})`);
    }
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}
