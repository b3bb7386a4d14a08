// Exercise 11-6: a positive number travels as a pickled tuple (number, 'd' | 'b'); the answer is
// the other base with the other letter: (25, 'd') -> (11001, 'b'), (1001, 'b') -> (9, 'd').
// Numbers may travel as int or as str (the digits either way); these helpers read both.
import { PyTuple, decodePickle, type PyValue } from '../../harness/formats/pickle/index.js';

export interface Conversion {
  /** The digits, as text ('11001'). */
  digits: string;
  kind: 'd' | 'b';
  /** How the number travelled. */
  form: 'int' | 'str';
}

/** Read (number, kind) from a pickled tuple (or list); a reason when it is not one. */
export function readConversion(data: Buffer): Conversion | { problem: string } {
  let value: PyValue;
  try {
    value = decodePickle(data);
  } catch (err) {
    return { problem: `not a pickle this harness reads: ${(err as Error).message}` };
  }
  const items = value instanceof PyTuple ? value.items : Array.isArray(value) ? value : undefined;
  if (!items || items.length !== 2) return { problem: `not a (number, 'd'/'b') pair: ${describe(value)}` };
  const [number, kind] = items;
  if (kind !== 'd' && kind !== 'b') return { problem: `the second item is ${describe(kind!)}, not 'd' or 'b'` };
  if (typeof number === 'bigint' && number >= 0n) return { digits: number.toString(), kind, form: 'int' };
  if (typeof number === 'string' && /^\s*\d+\s*$/.test(number)) return { digits: number.trim().replace(/^0+(?=\d)/, ''), kind, form: 'str' };
  return { problem: `the number is ${describe(number!)}, not a non-negative int or a string of digits` };
}

/** The answer the lab expects for a request, or undefined when the request is not a valid number of its base. */
export function convert(request: { digits: string; kind: 'd' | 'b' }): { digits: string; kind: 'd' | 'b' } | undefined {
  if (request.kind === 'd') return { digits: BigInt(request.digits).toString(2), kind: 'b' };
  if (!/^[01]+$/.test(request.digits)) return undefined;
  return { digits: BigInt('0b' + request.digits).toString(10), kind: 'd' };
}

export function describe(v: PyValue): string {
  if (typeof v === 'bigint') return `int ${v}`;
  if (typeof v === 'string') return `str ${JSON.stringify(v)}`;
  if (v instanceof PyTuple) return `(${v.items.map(describe).join(', ')})`;
  if (Array.isArray(v)) return `[${v.map(describe).join(', ')}]`;
  if (typeof v === 'number') return `float ${v}`;
  if (v === null) return 'None';
  return String(v);
}
