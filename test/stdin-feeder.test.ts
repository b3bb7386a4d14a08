// The stdin script: address questions get the default in every scenario; lines are typed when
// asked; end of file only when the script says so.
import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import type { InputRead } from '../harness/model/evidence.js';
import { StdinFeeder } from '../harness/program/stdin-feeder.js';
import { StdinScript } from '../harness/scenario/schema.js';

function feeder(script?: unknown) {
  const stdin = new PassThrough();
  let typed = '';
  stdin.on('data', (d: Buffer) => (typed += d.toString()));
  const reads: InputRead[] = [];
  const f = new StdinFeeder(stdin, script === undefined ? undefined : StdinScript.parse(script), (r) => reads.push(r));
  return { f, reads, typed: () => typed, ended: () => stdin.writableEnded };
}

describe('StdinFeeder', () => {
  test('with no script, an address question still gets an empty line; the next read gets end of file', () => {
    const { f, reads, ended } = feeder();
    expect(ended()).toBe(false);
    f.answer('서버 IP 주소: ', 1);
    expect(reads.at(-1)?.answer).toBe('');
    f.answer('message: ', 2);
    expect(reads.at(-1)?.answer).toBeNull();
    expect(ended()).toBe(true);
  });

  test('a question print()ed before a bare input() is recognised; other printed lines are not', () => {
    const { f, reads, typed } = feeder({ lines: ['hello'] });
    f.answer('', 1, undefined, '서버 IP를 입력하세요 (엔터: 127.0.0.1)');
    f.answer('', 2, undefined, 'Connected to server 127.0.0.1');
    expect(reads.map((r) => r.answer)).toEqual(['', 'hello']);
    expect(typed()).toBe('\nhello\n');
  });

  test('eof: false keeps stdin open after the last line (quitting must be the program\'s own act)', () => {
    const { f, reads, ended } = feeder({ lines: ['q'], eof: false });
    f.answer('> ', 1);
    f.answer('> ', 2);
    expect(reads.map((r) => r.answer)).toEqual(['q', null]);
    expect(ended()).toBe(false);
  });
});
