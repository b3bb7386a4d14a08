// The TypeScript side of Python values that travel as pickles. Every Python kind has exactly one
// representation, so a value decodes and re-encodes to the same Python value:
//   None -> null            bool -> boolean          int -> bigint (always, small or big)
//   float -> number         str -> string            bytes -> Buffer
//   bytearray -> PyByteArray   tuple -> PyTuple      list -> PyValue[]
//   dict -> Map (insertion order kept; object keys such as tuples compare by identity)
//   numpy.ndarray -> NdArray
// Ints are bigint even when small so that a JS number always means a Python float: encoding
// `3` gives 3.0, encoding `3n` gives 3. Check authors: compare ints with `=== 3n`.
import type { NdArray } from './ndarray.js';

export type PyValue =
  | null
  | boolean
  | bigint
  | number
  | string
  | Buffer
  | PyByteArray
  | PyTuple
  | PyValue[]
  | Map<PyValue, PyValue>
  | NdArray;

/** A Python tuple (a JS array stands for a list). */
export class PyTuple {
  readonly items: readonly PyValue[];
  constructor(items: readonly PyValue[]) {
    this.items = items;
  }
  get length(): number {
    return this.items.length;
  }
}

/** A Python bytearray (a bare Buffer stands for bytes). */
export class PyByteArray {
  readonly bytes: Buffer;
  constructor(bytes: Buffer) {
    this.bytes = bytes;
  }
}

export function tuple(...items: PyValue[]): PyTuple {
  return new PyTuple(items);
}

export function bytearray(bytes: Buffer | Uint8Array | number[]): PyByteArray {
  return new PyByteArray(Buffer.from(bytes as Uint8Array));
}
