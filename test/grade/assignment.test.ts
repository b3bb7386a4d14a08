// The assignment file: what it accepts, and errors that name the file, line and field.
import { describe, expect, test } from 'vitest';
import { loadCatalog } from '../../harness/scenario/catalog.js';
import { parseAssignment, AssignmentError, defaultSeed } from '../../harness/grade/assignment.js';

const catalog = loadCatalog();
const parse = (text: string) => parseAssignment(text, 'hw3.yaml', catalog);
const errorOf = (text: string) => {
  try {
    parse(text);
  } catch (e) {
    expect(e).toBeInstanceOf(AssignmentError);
    return (e as Error).message;
  }
  throw new Error('no error');
};

describe('assignment file', () => {
  test('the issue example is accepted, with defaults filled in', () => {
    const a = parse(`title: 과제 3
labs:
  - id: echo:server
    entry: [TCP_echoserver.py, "*server*.py"]
    args: []
    points: 10
    hidden: [abrupt-reset]
timeoutScale: 1
`).assignment;
    expect(a.title).toBe('과제 3');
    expect(a.labs[0]).toMatchObject({ id: 'echo:server', entry: ['TCP_echoserver.py', '*server*.py'], points: 10, hidden: ['abrupt-reset'], weights: { strict: 1 } });
  });

  test('a single entry pattern and a {scenario: points} map', () => {
    const a = parse(`title: t\nlabs:\n  - id: time:server\n    entry: time_server.py\n    points: { sends-ctime: 4, serves-again: 1 }\n`).assignment;
    expect(a.labs[0]!.entry).toEqual(['time_server.py']);
    expect(a.labs[0]!.points).toEqual({ 'sends-ctime': 4, 'serves-again': 1 });
  });

  test('errors name the file, the line and the field', () => {
    expect(errorOf(`title: t\nlabs:\n  - id: echo:server\n    entry: a.py\n    points: -1\n`)).toMatch(/^hw3\.yaml:5: labs\.0\.points: /);
    expect(errorOf(`title: t\nlabs:\n  - id: echo:server\n    entyr: a.py\n`)).toMatch(/^hw3\.yaml:(3|4): labs\.0\.entyr: unknown field/);
    expect(errorOf(`title: t\nlabs:\n  - id: echo:server\n    entry: a.py\n    hidden: [abrupt-reset, nope]\n`)).toMatch(/^hw3\.yaml:5: labs\.0\.hidden\.1: echo:server has no scenario nope/);
    expect(errorOf(`title: t\nlabs:\n  - id: echo:server\n    entry: a.py\n  - id: nolab:server\n    entry: b.py\n`)).toMatch(/^hw3\.yaml:5: labs\.1\.id: unknown lab nolab/);
    expect(errorOf(`title: t\nlabs:\n  - id: echo:server\n    entry: a.py\n  - id: echo:server\n    entry: b.py\n`)).toMatch(/^hw3\.yaml:5: labs\.1\.id: echo:server is listed twice/);
    expect(errorOf(`labs:\n  - id: echo:server\n    entry: a.py\n`)).toMatch(/^hw3\.yaml:1: title: /);
    expect(errorOf(`title: [unclosed\n`)).toMatch(/^hw3\.yaml:\d+: not valid YAML/);
  });

  test('the default seed follows the file: the same text gives every shard the same seed', () => {
    const text = `title: t\nlabs:\n  - id: echo:server\n    entry: a.py\n`;
    expect(defaultSeed(parse(text).sha256)).toBe(defaultSeed(parse(text).sha256));
    expect(defaultSeed(parse(text).sha256)).not.toBe(defaultSeed(parse(text + '# changed\n').sha256));
  });
});
