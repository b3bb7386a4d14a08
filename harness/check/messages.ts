// Every sentence `labcheck check` prints, in Korean and English (the course is taught in Korean).
import type { Language } from './hints.js';

export interface Messages {
  header(seed: number, title?: string): string;
  found(id: string, file: string): string;
  sameNameTwice(what: string): string;
  nothingFound(): string;
  namesToUse(): string;
  orAssignment(): string;
  noEntry(problem: string): string;
  notebook(): string;
  passedCount(passed: number, total: number): string;
  points(points: number, max: number, passed: number, total: number): string;
  didNotStart(count: number): string;
  neverReady(count: number): string;
  notMeasured: string;
  /** After a strict scenario's name (stricter than the course's own programs need to be). */
  strict: string;
  label: { hint: string; expected: string; actual: string; error: string; where: string; rerun: string; why: string };
  allPassed(total: number): string;
  someFailed(failed: number, total: number): string;
}

const en: Messages = {
  header: (seed, title) => `labcheck check${title ? ` ${title}` : ''}  (seed ${seed})`,
  found: (id, file) => `${id}: checking ${file}`,
  sameNameTwice: (what) => `the same file name is here more than once, so nothing was checked for ${what}: keep one, or pass --assignment`,
  nothingFound: () => "No program to check was found in this folder. labcheck finds your programs by the course's file names:",
  namesToUse: () => 'Name your file like one of these (in this folder or below it), then run labcheck check again.',
  orAssignment: () => 'Or run it with the assignment file your instructor gave you:  labcheck check --assignment <file>\nOr check one file yourself:  labcheck test <lab>:<role> <file>',
  noEntry: (problem) => `no program checked: ${problem}`,
  notebook: () => 'a notebook: its code cells (IPython magics left out) were run as the program',
  passedCount: (passed, total) => `${passed} of ${total} scenarios passed`,
  points: (points, max, passed, total) => `${points} of ${max} points (${passed} of ${total} scenarios passed)`,
  didNotStart: (count) => `your program did not start, so ${count === 1 ? 'its scenario was' : `its ${count} scenarios were`} not run`,
  neverReady: (count) => `your program never got ready for the client (it did not listen or bind as the lab says), so ${count === 1 ? 'its scenario was' : `its ${count} scenarios were`} not run`,
  notMeasured: 'not measured',
  strict: ' (strict)',
  label: { hint: 'hint', expected: 'expected', actual: 'actual', error: 'error', where: 'where', rerun: 'rerun', why: 'why' },
  allPassed: (total) => `All ${total} scenarios passed. Well done!`,
  someFailed: (failed, total) => `${failed} of ${total} scenarios did not pass yet: each one above has a hint and the command that reruns it.`,
};

const ko: Messages = {
  header: (seed, title) => `labcheck check${title ? ` ${title}` : ''}  (시드 ${seed})`,
  found: (id, file) => `${id}: ${file} 파일을 검사합니다`,
  sameNameTwice: (what) => `같은 이름의 파일이 여러 개 있어 ${what} 은(는) 검사하지 않았습니다: 하나만 남기거나 --assignment 를 사용하세요`,
  nothingFound: () => '이 폴더에서 검사할 프로그램을 찾지 못했습니다. labcheck 는 수업에서 쓰는 파일 이름으로 프로그램을 찾습니다:',
  namesToUse: () => '위 이름 중 하나로 파일 이름을 바꾸고(이 폴더 또는 그 아래) labcheck check 를 다시 실행하세요.',
  orAssignment: () => '또는 교수자가 준 과제 파일로 실행하세요:  labcheck check --assignment <파일>\n파일 하나만 검사하려면:  labcheck test <lab>:<role> <파일>',
  noEntry: (problem) => `검사한 프로그램이 없습니다: ${problem}`,
  notebook: () => '노트북 파일: 코드 셀을 (IPython 매직 제외) 프로그램으로 실행했습니다',
  passedCount: (passed, total) => `시나리오 ${total}개 중 ${passed}개 통과`,
  points: (points, max, passed, total) => `${max}점 중 ${points}점 (시나리오 ${total}개 중 ${passed}개 통과)`,
  didNotStart: (count) => `프로그램이 시작되지 않아 시나리오 ${count}개를 실행하지 못했습니다`,
  neverReady: (count) => `프로그램이 클라이언트를 받을 준비를 하지 않아(과제대로 listen/bind 하지 않음) 시나리오 ${count}개를 실행하지 못했습니다`,
  notMeasured: '측정하지 못함',
  strict: ' (엄격)',
  label: { hint: '힌트', expected: '기대한 값', actual: '실제 값', error: '오류', where: '위치', rerun: '다시 실행', why: '이유' },
  allPassed: (total) => `시나리오 ${total}개를 모두 통과했습니다. 잘했어요!`,
  someFailed: (failed, total) => `시나리오 ${total}개 중 ${failed}개를 아직 통과하지 못했습니다: 위의 힌트와 다시 실행 명령을 참고하세요.`,
};

export const MESSAGES: Record<Language, Messages> = { en, ko };
