// What the codec refuses, and how it says so: the opcode by name, the global by module.name.
// Hand-written bytes only where Python cannot produce the case (an unknown opcode, > 4 GiB opcodes).
import { describe, expect, it } from 'vitest';
import { MalformedPickleError, UnsupportedPickleError, decodePickle, encodePickle, readPickle, tuple, type PickleProtocol, type PyValue } from '../../harness/formats/pickle/index.js';
import { runOracle } from './support/python-oracle.js';

const PROTOCOLS: PickleProtocol[] = [2, 3, 4, 5];

function pythonPickle(code: string, protocol: PickleProtocol, outOfBand = false): Buffer {
  const [dumped] = runOracle<{ pickle: string }>('run', [{ code, protocol, outOfBand }]);
  return Buffer.from(dumped!.pickle, 'base64');
}

describe('unsupported pickles', () => {
  it.each(PROTOCOLS)("a student's own class (protocol %i) is refused, naming the opcode and __main__.Point", (protocol) => {
    const pickle = pythonPickle('class Point:\n    def __init__(self): self.x = 1\nvalue = (Point(), 1)', protocol);
    const opcode = protocol >= 4 ? 'STACK_GLOBAL \\(0x93\\)' : 'GLOBAL \\(0x63\\)';
    expect(() => decodePickle(pickle)).toThrow(UnsupportedPickleError);
    expect(() => decodePickle(pickle)).toThrow(new RegExp(`^unsupported pickle: ${opcode} __main__\\.Point `));
  });

  it('a set is refused by its global (protocol 2) or its opcode (protocol 4)', () => {
    expect(() => decodePickle(pythonPickle('value = {1, 2}', 2))).toThrow(/unsupported pickle: GLOBAL \(0x63\) __builtin__\.set/);
    expect(() => decodePickle(pythonPickle('value = {1, 2}', 4))).toThrow(/unsupported pickle: opcode EMPTY_SET \(0x8f\) at byte 11/);
  });

  it('an out-of-band buffer (protocol 5 with a buffer_callback) is refused, naming NEXT_BUFFER', () => {
    const pickle = pythonPickle('import pickle\nvalue = pickle.PickleBuffer(b"abc")', 5, true);
    expect(() => decodePickle(pickle)).toThrow(/unsupported pickle: NEXT_BUFFER \(0x97\)/);
  });

  it('an unknown opcode byte is refused, naming the byte and its place', () => {
    expect(() => decodePickle(Buffer.from([0x80, 0x04, 0xff, 0x2e]))).toThrow(/^unsupported pickle: unknown opcode 0xff at byte 2$/);
  });

  it('opcodes outside protocols 2-5 are refused by name', () => {
    expect(() => decodePickle(Buffer.from('I42\n.', 'latin1'))).toThrow(/unsupported pickle: opcode INT \(0x49\) at byte 0/);
    expect(() => decodePickle(Buffer.from([0x80, 0x06, 0x4e, 0x2e]))).toThrow(/unsupported pickle: protocol 6/);
  });

  it('truncated and inconsistent bytes are malformed, not values', () => {
    const good = encodePickle(tuple(1n, 'abc', Buffer.from('xyz')), 4);
    for (let end = 0; end < good.length; end++) expect(() => decodePickle(good.subarray(0, end))).toThrow(MalformedPickleError);
    expect(() => decodePickle(Buffer.from([0x80, 0x02, 0x68, 0x05, 0x2e]))).toThrow(/malformed pickle: memo entry 5 read before it was written/);
    expect(() => decodePickle(Buffer.from([0x80, 0x02, 0x2e]))).toThrow(/malformed pickle: stack underflow/);
  });
});

describe('pickle regressions (hand-written bytes)', () => {
  it('reads BINBYTES8 and BINUNICODE8, which Python writes only above 4 GiB', () => {
    const u64 = (n: number) => Buffer.from([n, 0, 0, 0, 0, 0, 0, 0]);
    const pickle = Buffer.concat([Buffer.from([0x80, 0x04, 0x8e]), u64(3), Buffer.from('abc'), Buffer.from([0x8d]), u64(3), Buffer.from('한'), Buffer.from([0x86, 0x2e])]);
    expect(decodePickle(pickle)).toEqual(tuple(Buffer.from('abc'), '한'));
  });

  it('ignores bytes after STOP, as pickle.loads does, and says where the pickle ended', () => {
    const pickle = Buffer.concat([encodePickle(7n, 2), Buffer.from('trailing')]);
    expect(readPickle(pickle)).toEqual({ value: 7n, length: pickle.length - 'trailing'.length });
  });

  it('keeps a leading BOM and lone surrogates in str', () => {
    const text = '\ufeffa\ud800b';
    expect(decodePickle(encodePickle(text, 4))).toBe(text);
  });

  it('refuses to encode what has no Python kind here, or a list that contains itself', () => {
    const loop: PyValue[] = [];
    loop.push(loop);
    expect(() => encodePickle(loop)).toThrow(/contains itself/);
    expect(() => encodePickle(undefined as unknown as PyValue)).toThrow(/cannot encode undefined/);
    expect(() => encodePickle(new Set() as unknown as PyValue)).toThrow(/cannot encode a Set/);
  });
});
