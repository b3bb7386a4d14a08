// The pickle codec against the real interpreter, both ways, over seeded random values:
// Python pickles -> TS decodes -> same value; TS encodes -> Python unpickles -> same value.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { decodePickle, encodePickle, samePyValue, type PickleProtocol, type PyValue } from '../../harness/formats/pickle/index.js';
import { generateValues } from './support/pickle-values.js';
import { toTagged } from './support/pickle-json.js';
import { NO_NUMPY_REASON, hasNumpy, runOracle } from './support/python-oracle.js';

const PROTOCOLS: PickleProtocol[] = [2, 3, 4, 5];
const SEED = 20261201;
const COUNT = 300;
const { values, layoutOf } = generateValues(SEED, COUNT, { ndarrays: hasNumpy });

interface Dumped {
  pickle: string;
  pair: string;
  opcodes: string[];
}

describe(`pickle round trips with Python (${COUNT} values per protocol, seed ${SEED}${hasNumpy ? '' : `; ndarrays ${NO_NUMPY_REASON}`})`, () => {
  const dumped = runOracle<Dumped>(
    'dump',
    PROTOCOLS.flatMap((protocol) => values.map((value) => ({ protocol, value: toTagged(value, layoutOf) }))),
  );
  const dumpedFor = (protocol: PickleProtocol) => dumped.slice(PROTOCOLS.indexOf(protocol) * COUNT, (PROTOCOLS.indexOf(protocol) + 1) * COUNT);

  it.each(PROTOCOLS)('decodes what Python pickles with protocol %i, shared references included', (protocol) => {
    const failures: string[] = [];
    dumpedFor(protocol).forEach((d, i) => {
      const value = values[i]!;
      const decoded = decodePickle(Buffer.from(d.pickle, 'base64'));
      if (!samePyValue(decoded, value)) failures.push(`value ${i}: ${preview(value)} decoded as ${preview(decoded)}`);
      // [v, v]: the second is a memo reference (BINGET) to the first; Python always memoizes lists and dicts
      const pair = decodePickle(Buffer.from(d.pair, 'base64')) as PyValue[];
      if (!samePyValue(pair, [value, value])) failures.push(`pair of value ${i} decoded as ${preview(pair)}`);
      else if ((Array.isArray(value) || value instanceof Map) && pair[0] !== pair[1]) failures.push(`pair of value ${i}: two objects, not one`);
    });
    expect(failures).toEqual([]);
  });

  it('the generated pickles exercise every opcode Python uses for these kinds', () => {
    const seen = new Set(dumped.flatMap((d) => d.opcodes));
    const expected = [
      'PROTO', 'FRAME', 'STOP', 'MARK', 'NONE', 'NEWTRUE', 'NEWFALSE', 'BININT1', 'BININT2', 'BININT', 'LONG1', 'LONG4',
      'BINFLOAT', 'SHORT_BINUNICODE', 'BINUNICODE', 'SHORT_BINBYTES', 'BINBYTES', 'BYTEARRAY8', 'EMPTY_TUPLE', 'TUPLE1',
      'TUPLE2', 'TUPLE3', 'TUPLE', 'EMPTY_LIST', 'APPEND', 'APPENDS', 'EMPTY_DICT', 'SETITEM', 'SETITEMS', 'BINPUT',
      'MEMOIZE', 'BINGET', 'GLOBAL', 'STACK_GLOBAL', 'REDUCE',
      ...(hasNumpy ? ['BUILD'] : []),
    ];
    expect(expected.filter((name) => !seen.has(name))).toEqual([]);
  });

  it.each(PROTOCOLS)('Python unpickles what TS encodes with protocol %i', (protocol) => {
    const results = runOracle<{ ok: boolean; got: string }>(
      'load',
      values.map((value) => ({ value: toTagged(value, layoutOf), pickle: encodePickle(value, protocol).toString('base64') })),
    );
    const failures = results.flatMap((r, i) => (r.ok ? [] : [`value ${i}: ${preview(values[i]!)} unpickled as ${r.got}`]));
    expect(failures).toEqual([]);
  });

  it.each(PROTOCOLS)('reads memo references past entry 255 (LONG_BINPUT / LONG_BINGET) with protocol %i', (protocol) => {
    const [dumped] = runOracle<{ pickle: string; opcodes: string[] }>('run', [{ code: 'names = [str(i) for i in range(300)]\nvalue = names + names', protocol }]);
    expect(dumped!.opcodes).toContain('LONG_BINGET');
    const names = Array.from({ length: 300 }, (_, i) => String(i));
    expect(decodePickle(Buffer.from(dumped!.pickle, 'base64'))).toEqual([...names, ...names]);
  });

  it('decodes its own encoding to the same value', () => {
    for (const protocol of PROTOCOLS) {
      const failures = values.filter((value) => !samePyValue(decodePickle(encodePickle(value, protocol)), value));
      expect(failures.map(preview)).toEqual([]);
    }
  });
});

function preview(value: unknown): string {
  const text = inspect(value, { depth: 3, maxArrayLength: 8, maxStringLength: 60, breakLength: Infinity });
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}
