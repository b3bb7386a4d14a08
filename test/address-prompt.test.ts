// Address and port questions are recognised by meaning (LABS.md, Decided 2026-12-01).
import { describe, expect, test } from 'vitest';
import { isAddressPrompt, isPrintedAddressQuestion } from '../harness/program/address-prompt.js';

describe('address prompts', () => {
  test.each([
    'Server IP(default: 127.0.0.1): ', 'port: ', 'Port number? ', '서버 아이피: ', '접속할 주소를 입력하세요: ', '호스트: ', 'Host name: ',
    '포트 번호: ', '서버: ', 'Enter server: ', '서버IP>', 'IP주소 입력: ',
  ])('%j asks for the address or port', (prompt) => {
    expect(isAddressPrompt(prompt)).toBe(true);
  });
  test.each(['메시지 입력: ', '서버에 보낼 메시지: ', 'Enter message to send to server: ', '> ', 'Input: ', '보낼 문장을 입력하세요(종료 q): ', 'report: ', 'skip? '])(
    '%j does not',
    (prompt) => {
      expect(isAddressPrompt(prompt)).toBe(false);
    },
  );
  test('a printed line counts only when it reads as a question', () => {
    expect(isPrintedAddressQuestion('서버 IP를 입력하세요')).toBe(true);
    expect(isPrintedAddressQuestion('Server port?')).toBe(true);
    expect(isPrintedAddressQuestion('Connected to server 127.0.0.1')).toBe(false);
    expect(isPrintedAddressQuestion('서버에 연결되었습니다')).toBe(false);
  });
});
