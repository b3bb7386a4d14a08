// Prompt answers: the matcher itself, and the rules of scenarios/modbus.yaml (the master role)
// against the questions different students' masters ask, in English and Korean, through the
// stdin feeder exactly as a run uses them (question first, then what was printed above it).
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { PromptAnswers } from '../../harness/program/prompt-answers.js';
import { StdinFeeder } from '../../harness/program/stdin-feeder.js';
import { loadLabFile } from '../../harness/scenario/catalog.js';
import type { StdinScript } from '../../harness/scenario/schema.js';

describe('PromptAnswers', () => {
  test('first matching rule wins, case-insensitively; $n is the group', () => {
    const a = new PromptAnswers([
      { match: '(\\d)\\.\\s*read', answer: '$1' },
      { match: 'read', answer: 'never: the rule above matches first' },
    ]);
    expect(a.answerFor('1. READ 2. Write')).toBe('1');
    expect(a.answerFor('nothing here')).toBeUndefined();
    expect(a.answerFor('')).toBeUndefined();
  });

  test('a once rule answers one time, then the next matching rule gets its turn', () => {
    const a = new PromptAnswers([
      { match: '(\\d)\\. read', answer: '$1', once: true },
      { match: '(\\d)\\. quit', answer: '$1' },
    ]);
    expect(a.answerFor('1. read 2. quit')).toBe('1');
    expect(a.answerFor('1. read 2. quit')).toBe('2');
    expect(a.answerFor('1. read 2. quit')).toBe('2');
  });

  test('fallback rules answer only when asked for them', () => {
    const a = new PromptAnswers([{ match: 'function', answer: '3', fallback: true }]);
    expect(a.answerFor('Function: ')).toBeUndefined();
    expect(a.answerFor('Function: ', true)).toBe('3');
  });
});

const lab = loadLabFile(path.join(import.meta.dirname, '..', '..', 'scenarios', 'modbus.yaml'));
function scriptOf(scenario: string): StdinScript {
  const steps = lab.roles.client!.scenarios[scenario]!.steps;
  const start = steps.find((s): s is Extract<typeof s, { start: unknown }> => 'start' in s)!;
  return start.start.stdin!;
}

/** A master asking these questions in turn: [prompt, printed above it]; what gets typed. */
function typed(scenario: string, questions: [string, string?][]): (string | null)[] {
  const stdin = new PassThrough();
  const answers: (string | null)[] = [];
  const feeder = new StdinFeeder(stdin, scriptOf(scenario), (r) => answers.push(r.answer));
  questions.forEach(([prompt, above], i) => {
    const since = (above ?? '') + prompt;
    // A bare input() after print(question): the question is the last printed line.
    if (prompt === '') feeder.answer('', i, undefined, (above ?? '').trimEnd().split('\n').at(-1), since);
    else feeder.answer(prompt, i, undefined, undefined, since);
  });
  return answers;
}

describe('the modbus master scenarios answer the prompts students write', () => {
  test('an English menu: read, start, count, then quit the second time round', () => {
    const menu = '1. Read holding registers (0x03)\n2. Write single register (0x06)\n3. Quit\n';
    expect(typed('read-request', [['Select: ', menu], ['Start address: '], ['Number of registers: '], ['Select: ', `register 0: 1234\n${menu}`]])).toEqual(['1', '0', '10', '3']);
    expect(typed('write-request', [['Select: ', menu], ['Register address: '], ['Value: '], ['Select: ', menu]])).toEqual(['2', '0', '55', '3']);
  });

  test('a Korean menu on one line, and a menu printed before a bare input()', () => {
    expect(typed('read-request', [['', '1) 읽기  2) 쓰기  0) 종료\n선택:'], ['시작 주소: '], ['개수: ']])).toEqual(['1', '0', '10']);
    expect(typed('write-request', [['', '1) 읽기  2) 쓰기  0) 종료\n선택:'], ['레지스터 번지: '], ['저장할 값: '], ['', '1) 읽기  2) 쓰기  0) 종료\n선택:']])).toEqual(['2', '0', '55', '0']);
    expect(typed('read-request', [['메뉴 [읽기(1) / 쓰기(2)]: ']])).toEqual(['1']);
  });

  test('"function" alone: a menu above it decides; with no menu it is the function code', () => {
    const menu = '1. Read registers\n2. Write register\n3. Exit\n';
    expect(typed('read-request', [['Select function: ', menu]])).toEqual(['1']);
    expect(typed('write-request', [['Select function: ', menu]])).toEqual(['2']);
    expect(typed('read-request', [['Function: ']])).toEqual(['3']);
    expect(typed('write-request', [['기능: ']])).toEqual(['6']);
  });

  test('a function code prompt, with the options in it or not', () => {
    expect(typed('read-request', [['Function code(3/6): '], ['start: '], ['count: ']])).toEqual(['3', '0', '10']);
    expect(typed('write-request', [['Function code(3/6): '], ['address of register: '], ['value: ']])).toEqual(['6', '0', '55']);
    expect(typed('read-request', [['기능 코드 선택 (3: 읽기, 6: 쓰기): '], ['시작 번지: '], ['레지스터 개수: ']])).toEqual(['3', '0', '10']);
    expect(typed('write-request', [['기능 코드 선택 (3: 읽기, 6: 쓰기): '], ['번지: '], ['저장할 값: ']])).toEqual(['6', '0', '55']);
  });

  test('unit and transaction ids get 1; the server address gets the default; anything else an empty line, then end of file', () => {
    expect(typed('read-request', [['Server IP: '], ['Slave ID: '], ['Transaction ID: '], ['서버 주소: '], ['Press Enter to send'], ['again?']])).toEqual(['', '1', '1', '', '', null]);
    // A banner naming the function codes is not a menu to answer an address question with.
    expect(typed('read-request', [['IP address: ', 'Modbus master (FC03 read, FC06 write)\n']])).toEqual(['']);
  });
});
