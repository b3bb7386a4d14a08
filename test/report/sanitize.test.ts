import { describe, expect, it } from 'vitest';
import {
  capText,
  removeInvalidXmlChars,
  sanitizeForXml,
  splitCdataEnd,
  stripAnsi,
  truncationMarker,
} from '../../harness/report/sanitize.js';

const ESC = '\u001b';

describe('stripAnsi', () => {
  it('removes colours, cursor moves, erase-line and OSC titles', () => {
    expect(stripAnsi(`${ESC}[31mred${ESC}[0m plain`)).toBe('red plain');
    expect(stripAnsi(`${ESC}[1;32;40mbold${ESC}[m`)).toBe('bold');
    expect(stripAnsi(`a${ESC}[2K${ESC}[1Ab${ESC}[?25lc`)).toBe('abc');
    expect(stripAnsi(`${ESC}]0;window title\u0007after`)).toBe('after');
    expect(stripAnsi(`${ESC}]8;;http://x${ESC}\\link${ESC}]8;;${ESC}\\`)).toBe('link');
    expect(stripAnsi(`\u009b33mx`)).toBe('x');
    expect(stripAnsi(`${ESC}(Bx${ESC}7y${ESC}8`)).toBe('xy');
  });

  it('leaves ordinary text, brackets and Korean alone', () => {
    const s = 'arr[0] = "안녕하세요" [OK]\n\ttab';
    expect(stripAnsi(s)).toBe(s);
  });
});

describe('removeInvalidXmlChars', () => {
  it('keeps tab, LF, CR, printable text, Korean and astral characters', () => {
    const s = 'a\tb\nc\rd 안녕 😀 \u{10FFFF} \uE000 \uFFFD \u007f';
    expect(removeInvalidXmlChars(s)).toBe(s);
  });

  it('removes NUL and other C0 controls, U+FFFE and U+FFFF', () => {
    expect(removeInvalidXmlChars('a\u0000b\u0001c\u000bd\u000ce\u001bf\uFFFEg\uFFFFh')).toBe('abcdefgh');
  });

  it('removes lone surrogates but keeps valid pairs', () => {
    expect(removeInvalidXmlChars('x\uD800y')).toBe('xy');
    expect(removeInvalidXmlChars('x\uDC00y')).toBe('xy');
    expect(removeInvalidXmlChars('\uDBFF')).toBe('');
    expect(removeInvalidXmlChars('x\uDC00\uD800y')).toBe('xy'); // reversed pair: both lone
    expect(removeInvalidXmlChars('\uD83D\uDE00')).toBe('😀');
  });
});

describe('capText', () => {
  it('returns text that fits unchanged (exact fit included)', () => {
    expect(capText('hello', 5)).toBe('hello');
    expect(capText('안녕', 6)).toBe('안녕');
    expect(capText('', 0)).toBe('');
  });

  it('cuts at the byte limit and appends the marker with the bytes left out', () => {
    expect(capText('abcdefghij', 4)).toBe(`abcd\n${truncationMarker(6)}`);
    expect(truncationMarker(6)).toBe('… [truncated: 6 more bytes; see the JSON report]');
  });

  it('does not add an empty line when the cut ends a line', () => {
    expect(capText('abc\ndef', 4)).toBe(`abc\n${truncationMarker(3)}`);
  });

  it('never cuts a UTF-8 character in two', () => {
    // "가" is 3 bytes; a 7-byte cap keeps 2 characters (6 bytes) and leaves 3 bytes out.
    expect(capText('가나다', 7)).toBe(`가나\n${truncationMarker(3)}`);
    const out = capText('😀😀😀', 5); // 4-byte characters
    expect(out).toBe(`😀\n${truncationMarker(8)}`);
    expect(out).not.toContain('\uFFFD');
  });

  it('uses 1 000 000 bytes by default', () => {
    const big = 'x'.repeat(1_500_000);
    const out = capText(big);
    expect(out.startsWith('x'.repeat(1_000_000) + '\n…')).toBe(true);
    expect(out).toContain('[truncated: 500000 more bytes; see the JSON report]');
    expect(capText('y'.repeat(1_000_000))).toBe('y'.repeat(1_000_000));
  });
});

describe('splitCdataEnd', () => {
  it('splits every "]]>" so none remains', () => {
    expect(splitCdataEnd('a]]>b]]>c]]>')).toBe('a]] >b]] >c]] >');
    expect(splitCdataEnd(']]]>')).toBe(']]] >');
    expect(splitCdataEnd(']]>]]>')).toBe(']] >]] >');
    for (const s of ['x]]>y', ']]]]>>', ']]>]]>]]>', ']]>>']) expect(splitCdataEnd(s)).not.toContain(']]>');
  });

  it('leaves text without "]]>" alone', () => {
    expect(splitCdataEnd('a]] > b ]> ]]')).toBe('a]] > b ]> ]]');
  });
});

describe('sanitizeForXml', () => {
  it('composes stripAnsi, removeInvalidXmlChars, capText and splitCdataEnd', () => {
    const s = `${ESC}[31merror${ESC}[0m\u0000 ]]> 안녕\uD800 ok`;
    expect(sanitizeForXml(s)).toBe('error ]] > 안녕 ok');
  });

  it('caps at the given size', () => {
    const out = sanitizeForXml('가'.repeat(100), 10);
    expect(out).toBe(`가가가\n${truncationMarker(291)}`);
  });

  it('produces no "]]>" even when the cut falls inside one', () => {
    const out = sanitizeForXml('ab]]>cd', 4);
    expect(out).not.toContain(']]>');
    expect(out.startsWith('ab]]\n…')).toBe(true);
  });
});
