import { describe, expect, test } from 'vitest';
import { echoState, replyState } from '../../harness/formats/answers.js';

const b = (s: string) => Buffer.from(s, 'utf8');

describe('replyState: when a reply is complete, still coming, or can no longer be right', () => {
  test('a reply in pieces is partial until the expected text is all there', () => {
    expect(replyState(b(''), 'one')).toBe('partial');
    expect(replyState(b('o'), 'one')).toBe('partial');
    expect(replyState(b('one'), 'one')).toBe('complete');
  });
  test('surrounding whitespace is allowed (a newline at the end, spaces before)', () => {
    expect(replyState(b('one\n'), 'one')).toBe('complete');
    expect(replyState(b('  one \r\n'), 'one')).toBe('complete');
  });
  test('a Korean reply cut inside a character is partial, not wrong', () => {
    const full = b('이름이 없습니다');
    expect(replyState(full.subarray(0, 4), '이름이 없습니다')).toBe('partial');
    expect(replyState(full, '이름이 없습니다')).toBe('complete');
  });
  test('anything else is wrong as soon as it differs', () => {
    expect(replyState(b('One'), 'one')).toBe('wrong');
    expect(replyState(b('ones'), 'one')).toBe('wrong');
    expect(replyState(b('None'), 'Try again')).toBe('wrong');
  });
});

describe('echoState', () => {
  test('byte-exact: partial while a prefix, complete when equal, wrong otherwise', () => {
    expect(echoState(b('hel'), b('hello'))).toBe('partial');
    expect(echoState(b('hello'), b('hello'))).toBe('complete');
    expect(echoState(b('HELLO'), b('hello'))).toBe('wrong');
    expect(echoState(b('hello\n'), b('hello'))).toBe('wrong');
    expect(echoState(b(' x '), b(' x '))).toBe('complete');
    expect(echoState(b(' x'), b(' x \n'))).toBe('partial');
  });
});
