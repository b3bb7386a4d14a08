// A pickle writer: `pickle.loads` in Python (protocols 2 to 5) returns the equal value, ndarrays
// included (numpy 1.x and 2.x). Memoization is off, so a value that contains itself is refused;
// protocols 4 and 5 put the whole pickle in one FRAME.
import { ByteWriter } from './byte-writer.js';
import { UnsupportedPickleError } from './errors.js';
import { NdArray } from './ndarray.js';
import { ndarrayReduction } from './numpy-pickle.js';
import { OP } from './opcodes.js';
import { EncodableTuple, GlobalRef, Reduction, type Encodable } from './reduction.js';
import { encodeUtf8 } from './utf8.js';
import { PyByteArray, PyTuple, type PyValue } from './values.js';

export type PickleProtocol = 2 | 3 | 4 | 5;

/** Python 3.8-3.13's pickle.DEFAULT_PROTOCOL. */
export const DEFAULT_PROTOCOL: PickleProtocol = 4;

/** Python's batch size for APPENDS and SETITEMS. */
const BATCH = 1000;
const U32_MAX = 0xffffffff;

/** `pickle.dumps(value, protocol)`. */
export function encodePickle(value: PyValue, protocol: PickleProtocol = DEFAULT_PROTOCOL): Buffer {
  if (![2, 3, 4, 5].includes(protocol)) throw new RangeError(`pickle protocol ${protocol}: 2 to 5 are supported`);
  const body = new PickleWriter(protocol);
  body.write(value);
  body.out.byte(OP.STOP);
  const header = [OP.PROTO, protocol];
  if (protocol < 4) return Buffer.concat([Buffer.from(header), ...body.out.result()]);
  const frameLength = Buffer.alloc(8);
  frameLength.writeBigUInt64LE(BigInt(body.out.length));
  return Buffer.concat([Buffer.from([...header, OP.FRAME]), frameLength, ...body.out.result()]);
}

class PickleWriter {
  readonly out = new ByteWriter();
  /** Containers being written, to refuse a value that contains itself. */
  private readonly open = new Set<object>();

  constructor(private readonly protocol: PickleProtocol) {}

  write(value: Encodable): void {
    if (value === null) return this.out.byte(OP.NONE);
    switch (typeof value) {
      case 'boolean':
        return this.out.byte(value ? OP.NEWTRUE : OP.NEWFALSE);
      case 'bigint':
        return this.int(value);
      case 'number':
        return this.float(value);
      case 'string':
        return this.str(value);
    }
    if (value instanceof Uint8Array) return this.bytes(value);
    if (value instanceof PyByteArray) return this.bytearray(value.bytes);
    if (value instanceof NdArray) return this.reduction(ndarrayReduction(value));
    if (value instanceof Reduction) return this.reduction(value);
    if (value instanceof GlobalRef) return this.global(value);
    if (value instanceof PyTuple || value instanceof EncodableTuple) return this.nested(value, () => this.tuple(value.items));
    if (Array.isArray(value)) return this.nested(value, () => this.list(value));
    if (value instanceof Map) return this.nested(value, () => this.dict(value));
    throw new UnsupportedPickleError(`cannot encode ${describeJs(value)}`);
  }

  private nested(container: object, write: () => void): void {
    if (this.open.has(container)) throw new UnsupportedPickleError('cannot encode a value that contains itself');
    this.open.add(container);
    write();
    this.open.delete(container);
  }

  private int(value: bigint): void {
    if (value >= 0n && value < 0x100n) {
      this.out.byte(OP.BININT1);
      this.out.uint(Number(value), 1);
    } else if (value >= 0n && value < 0x10000n) {
      this.out.byte(OP.BININT2);
      this.out.uint(Number(value), 2);
    } else if (value >= -0x80000000n && value < 0x80000000n) {
      this.out.byte(OP.BININT);
      const b = Buffer.alloc(4);
      b.writeInt32LE(Number(value));
      this.out.bytes(b);
    } else {
      const bytes = twosComplementLittleEndian(value);
      this.out.byte(bytes.length < 256 ? OP.LONG1 : OP.LONG4);
      this.out.uint(bytes.length, bytes.length < 256 ? 1 : 4);
      this.out.bytes(bytes);
    }
  }

  private float(value: number): void {
    const b = Buffer.alloc(8);
    b.writeDoubleBE(value);
    this.out.byte(OP.BINFLOAT);
    this.out.bytes(b);
  }

  private str(value: string): void {
    const bytes = encodeUtf8(value);
    if (this.protocol >= 4 && bytes.length < 256) this.sized(OP.SHORT_BINUNICODE, 1, bytes);
    else if (bytes.length <= U32_MAX) this.sized(OP.BINUNICODE, 4, bytes);
    else if (this.protocol >= 4) this.sized(OP.BINUNICODE8, 8, bytes);
    else throw new UnsupportedPickleError(`a str over 4 GiB needs protocol 4`);
  }

  private bytes(value: Uint8Array): void {
    if (this.protocol === 2) {
      // Protocol 2 has no bytes opcode: Python writes codecs.encode(latin-1 text, 'latin1').
      const text = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('latin1');
      const call = value.length === 0 ? new Reduction(new GlobalRef('__builtin__', 'bytes'), []) : new Reduction(new GlobalRef('_codecs', 'encode'), [text, 'latin1']);
      return this.reduction(call);
    }
    if (value.length < 256) this.sized(OP.SHORT_BINBYTES, 1, value);
    else if (value.length <= U32_MAX) this.sized(OP.BINBYTES, 4, value);
    else if (this.protocol >= 4) this.sized(OP.BINBYTES8, 8, value);
    else throw new UnsupportedPickleError(`bytes over 4 GiB need protocol 4`);
  }

  private bytearray(value: Buffer): void {
    if (this.protocol >= 5) return this.sized(OP.BYTEARRAY8, 8, value);
    // Before protocol 5, Python writes bytearray(bytes) (protocol 2: bytearray(text, 'latin-1')).
    const args = value.length === 0 ? [] : this.protocol === 2 ? [value.toString('latin1'), 'latin-1'] : [value];
    this.reduction(new Reduction(new GlobalRef(this.protocol === 2 ? '__builtin__' : 'builtins', 'bytearray'), args));
  }

  private tuple(items: readonly Encodable[]): void {
    if (items.length === 0) return this.out.byte(OP.EMPTY_TUPLE);
    if (items.length <= 3) {
      for (const item of items) this.write(item);
      return this.out.byte([OP.TUPLE1, OP.TUPLE2, OP.TUPLE3][items.length - 1]!);
    }
    this.out.byte(OP.MARK);
    for (const item of items) this.write(item);
    this.out.byte(OP.TUPLE);
  }

  private list(items: readonly Encodable[]): void {
    this.out.byte(OP.EMPTY_LIST);
    for (let start = 0; start < items.length; start += BATCH) {
      this.out.byte(OP.MARK);
      for (const item of items.slice(start, start + BATCH)) this.write(item);
      this.out.byte(OP.APPENDS);
    }
  }

  private dict(entries: Map<PyValue, PyValue>): void {
    this.out.byte(OP.EMPTY_DICT);
    const all = [...entries];
    for (let start = 0; start < all.length; start += BATCH) {
      this.out.byte(OP.MARK);
      for (const [key, item] of all.slice(start, start + BATCH)) {
        this.write(key);
        this.write(item);
      }
      this.out.byte(OP.SETITEMS);
    }
  }

  private reduction(call: Reduction): void {
    this.global(call.call);
    this.tuple(call.args);
    this.out.byte(OP.REDUCE);
    if (call.state === undefined) return;
    this.write(call.state);
    this.out.byte(OP.BUILD);
  }

  private global(ref: GlobalRef): void {
    if (this.protocol >= 4) {
      this.str(ref.module);
      this.str(ref.name);
      return this.out.byte(OP.STACK_GLOBAL);
    }
    this.out.byte(OP.GLOBAL);
    this.out.bytes(Buffer.from(`${ref.module}\n${ref.name}\n`, 'ascii'));
  }

  private sized(opcode: number, width: 1 | 4 | 8, payload: Uint8Array): void {
    this.out.byte(opcode);
    this.out.uint(payload.length, width);
    this.out.bytes(payload);
  }
}

/** Python's encode_long: the shortest two's-complement little-endian bytes of `value`. */
function twosComplementLittleEndian(value: bigint): Buffer {
  const magnitude = value < 0n ? -value : value;
  const bitLength = magnitude === 0n ? 0 : magnitude.toString(2).length;
  let length = (bitLength >> 3) + 1;
  const encode = (n: number) => {
    const unsigned = value < 0n ? (1n << BigInt(n * 8)) + value : value;
    return Buffer.from(unsigned.toString(16).padStart(n * 2, '0'), 'hex').reverse();
  };
  let bytes = encode(length);
  if (value < 0n && length > 1 && bytes[length - 1] === 0xff && (bytes[length - 2]! & 0x80) !== 0) bytes = encode(--length);
  return bytes;
}

function describeJs(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'object') return `a ${(value as object).constructor?.name ?? 'object'} (see values.ts for the supported kinds)`;
  return `a ${typeof value}`;
}
