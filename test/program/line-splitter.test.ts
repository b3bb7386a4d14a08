// The shim's events pipe is inherited by the program, which may write anything to it.
import { expect, test } from 'vitest';
import { LineSplitter } from '../../harness/program/shim-events.js';

test('lines split across chunks are joined; empty lines dropped', () => {
  const s = new LineSplitter();
  expect(s.push('{"a":1}\n{"b"')).toEqual(['{"a":1}']);
  expect(s.push(':2}\n\n{"c":3')).toEqual(['{"b":2}']);
  expect(s.push('}\n')).toEqual(['{"c":3}']);
});

test('an overlong line is dropped up to its newline; the lines after it still come through', () => {
  const s = new LineSplitter(10);
  expect(s.push('ok\n' + 'x'.repeat(8))).toEqual(['ok']);
  expect(s.push('x'.repeat(8))).toEqual([]); // 16 characters without a newline: dropped
  expect(s.push('x'.repeat(1000))).toEqual([]);
  expect(s.push('xx\nnext\nlast')).toEqual(['next']);
  expect(s.push('\n')).toEqual(['last']);
});

test('a complete line longer than the maximum in one chunk is dropped too', () => {
  const s = new LineSplitter(4);
  expect(s.push('abc\n123456789\nde\n')).toEqual(['abc', 'de']);
});

test('a flood without newlines costs time proportional to its size', () => {
  const s = new LineSplitter();
  const chunk = 'x'.repeat(64 * 1024);
  const t0 = performance.now();
  for (let i = 0; i < 4096; i++) s.push(chunk); // 256 MiB
  expect(s.push('\n{"after":1}\n')).toEqual(['{"after":1}']);
  expect(performance.now() - t0).toBeLessThan(5000); // quadratic re-splitting took minutes
});
