// Points, shards, the class reporters and merge, on synthetic class results.
import { describe, expect, test } from 'vitest';
import { scenarioWorth, earned, roundPoints } from '../../harness/grade/points.js';
import { inShard, parseShard, shardOf } from '../../harness/grade/shard.js';
import { gradesCsv, csvField } from '../../harness/report/grades-csv.js';
import { gradescopeResults } from '../../harness/report/gradescope.js';
import { classJunitXml, studentJunitXml } from '../../harness/report/class-junit.js';
import { classToJson, classFromJson, ClassJsonSchema } from '../../harness/report/class-json.js';
import { mergeClassResults } from '../../harness/grade/merge.js';
import { compareNames } from '../../harness/grade/class-folder.js';
import { AssignmentSchema } from '../../harness/grade/assignment.js';
import type { ClassResult, StudentGrade } from '../../harness/model/class-result.js';
import type { ScenarioStatus } from '../../harness/model/result.js';
import { sampleRun, scenario } from '../report/sample-run.js';

const spec = AssignmentSchema.parse({ title: '과제 3', labs: [{ id: 'echo:server', entry: 'TCP_echoserver.py', points: 9, hidden: ['abrupt-reset'] }] });

function student(name: string, statuses: ScenarioStatus[], extra: Partial<StudentGrade['labs'][number]> = {}): StudentGrade {
  const names = ['echo-bytes', 'graceful-close', 'abrupt-reset'];
  const run = sampleRun({ entry: `/class/${name}/TCP_echoserver.py`, command: `labcheck test echo:server /class/${name}/TCP_echoserver.py --seed 1`, scenarios: names.map((n, i) => scenario(n, { status: statuses[i]!, message: statuses[i] === 'passed' ? 'all checks passed' : `it ${statuses[i]}` })) });
  const scenarios = names.map((n, i) => ({ id: `echo:server/${n}`, status: statuses[i]!, points: earned(statuses[i]!, 3), max: 3, hidden: n === 'abrupt-reset' }));
  const points = scenarios.reduce((s, p) => s + p.points, 0);
  return { name, folder: `/class/${name}`, labs: [{ id: 'echo:server', entry: run.entry, run, scenarios, points, max: 9, ...extra }], points, max: 9 };
}

function classOf(students: StudentGrade[], over: Partial<ClassResult> = {}): ClassResult {
  const sorted = [...students].sort((a, b) => compareNames(a.name, b.name)); // the model keeps students sorted
  return { title: '과제 3', seed: 1, assignment: { file: 'hw3.yaml', sha256: 'abc', spec }, timeoutScale: 1, isolation: 'netns', labcheckVersion: '0.1.0', startedAt: '2026-12-01T00:00:00.000Z', durationMs: 10, students: sorted, ...over };
}

describe('points', () => {
  const lab = (points: unknown, strict = 1) => AssignmentSchema.parse({ title: 't', labs: [{ id: 'echo:server', entry: 'a.py', points, weights: { strict } }] }).labs[0]!;
  const scenarios = [{ name: 'a', strict: false }, { name: 'b', strict: false }, { name: 'c', strict: true }];
  test('a number is spread over the scenarios, strict ones weighted by weights.strict', () => {
    expect(scenarioWorth(lab(9), scenarios).map((w) => w.max)).toEqual([3, 3, 3]);
    expect(scenarioWorth(lab(10, 0.5), scenarios).map((w) => w.max)).toEqual([4, 4, 2]);
    expect(scenarioWorth(lab(10, 0), scenarios).map((w) => w.max)).toEqual([5, 5, 0]);
  });
  test('a map gives points by name (others 0); no points is 1 a scenario', () => {
    expect(scenarioWorth(lab({ a: 2, c: 5 }), scenarios).map((w) => w.max)).toEqual([2, 0, 5]);
    expect(scenarioWorth(lab(undefined), scenarios).map((w) => w.max)).toEqual([1, 1, 1]);
  });
  test('only a pass earns points: failed, error and skipped (not measured) earn 0', () => {
    expect(['passed', 'failed', 'error', 'skipped'].map((s) => earned(s as ScenarioStatus, 3))).toEqual([3, 0, 0, 0]);
    expect(roundPoints(10 / 3)).toBe(3.33);
    expect(roundPoints((10 / 3) * 3)).toBe(10);
  });
});

describe('shards', () => {
  const names = Array.from({ length: 60 }, (_, i) => `student${i}`).concat(['김민수', '이영희', 'O\'Brien, Pat']);
  test.each([1, 2, 3, 5])('%i shards are disjoint and cover the class', (n) => {
    const slices = Array.from({ length: n }, (_, i) => names.filter((s) => inShard(s, { index: i + 1, count: n })));
    expect(slices.flat().sort()).toEqual([...names].sort());
    if (n > 1) expect(slices.every((slice) => slice.length > 0)).toBe(true);
  });
  test('stable: a student added moves nobody else; a name in NFD Hangul is the same student', () => {
    const before = new Map(names.map((s) => [s, shardOf(s, 4)]));
    const after = [...names, 'late-student'];
    for (const s of after.filter((x) => before.has(x))) expect(shardOf(s, 4)).toBe(before.get(s));
    expect(shardOf('김민수'.normalize('NFD'), 4)).toBe(shardOf('김민수', 4));
  });
  test('parsing i/n', () => {
    expect(parseShard('2/4')).toEqual({ index: 2, count: 4 });
    for (const bad of ['0/2', '3/2', '1', 'a/b', '1/0']) expect(parseShard(bad)).toBeUndefined();
  });
});

describe('class reports', () => {
  const c = classOf([
    student('김민수', ['passed', 'passed', 'passed']),
    student('Pat "P", Jr', ['failed', 'passed', 'skipped']),
    student('dave', ['error', 'error', 'error'], { problem: 'no file matches the entry patterns TCP_echoserver.py' }),
  ]);

  test('grades.csv: BOM, RFC 4180 quoting, points per lab:role, total, max, notes for skipped and problems', () => {
    const csv = gradesCsv(c);
    expect(csv.startsWith('\ufeffstudent,echo:server,total,max,notes\r\n')).toBe(true);
    const rows = csv.slice(1).split('\r\n');
    expect(rows[1]).toBe('"Pat ""P"", Jr",3,3,9,"not measured (skipped, 0 points): echo:server/abrupt-reset"');
    expect(rows[2]).toBe('dave,0,0,9,echo:server: no file matches the entry patterns TCP_echoserver.py');
    expect(rows[3]).toBe('김민수,9,9,9,');
    expect(csvField('a\nb')).toBe('"a\nb"');
  });

  test('Gradescope results.json: score, tests named by scenario id, hidden visibility, failure output with the rerun', () => {
    const r = gradescopeResults(c.students.find((s) => s.name.startsWith('Pat'))!, c);
    expect(r.score).toBe(3);
    expect(r.tests.map((t) => [t.name, t.score, t.max_score, t.status, t.visibility])).toEqual([
      ['echo:server/echo-bytes', 0, 3, 'failed', 'visible'],
      ['echo:server/graceful-close', 3, 3, 'passed', 'visible'],
      ['echo:server/abrupt-reset', 0, 3, 'failed', 'hidden'],
    ]);
    expect(r.tests[0]!.output).toMatch(/it failed[\s\S]*rerun\s+labcheck test echo:server TCP_echoserver\.py --only echo-bytes/);
    expect(r.output).toMatch(/rerun with {2}labcheck test echo:server \/class\/Pat "P", Jr\/TCP_echoserver\.py --seed 1/);
    expect(gradescopeResults(c.students.find((s) => s.name === 'dave')!, c).output).toMatch(/no file matches/);
  });

  test('JUnit: suites named "<student> <lab:role>", each student alone and all in the class file', () => {
    expect(studentJunitXml(c.students.find((s) => s.name === '김민수')!)).toMatch(/<testsuite name="김민수 echo:server"/);
    const all = classJunitXml(c);
    expect(all.match(/<testsuite /g)).toHaveLength(3);
    expect(all).toContain('name="Pat &quot;P&quot;, Jr echo:server"');
    expect(all).toContain('classname="dave echo:server"');
  });

  test('class.json reads back to the same result', () => {
    const json = classToJson(c);
    const back = classFromJson(ClassJsonSchema.parse(JSON.parse(JSON.stringify(json))));
    expect(classToJson(back)).toEqual(json);
  });

  test('merging shards gives exactly the whole class reports; wrong sets of shards are refused', () => {
    const shards = [1, 2].map((i) => ({ where: `shard${i}`, result: { ...c, shard: { index: i, count: 2 }, students: c.students.filter((s) => inShard(s.name, { index: i, count: 2 })) } }));
    const merged = mergeClassResults(shards);
    expect(JSON.stringify(classToJson(merged))).toBe(JSON.stringify(classToJson(c)));
    expect(gradesCsv(merged)).toBe(gradesCsv(c));
    expect(classJunitXml(merged)).toBe(classJunitXml(c));
    expect(() => mergeClassResults([shards[0]!])).toThrow(/shard 2\/2 missing/);
    expect(() => mergeClassResults([shards[0]!, shards[0]!])).toThrow(/given twice/);
    expect(() => mergeClassResults([shards[0]!, { ...shards[1]!, result: { ...shards[1]!.result, seed: 2 } }])).toThrow(/seed differ/);
  });
});
