// A pickle reader for what Python's pickle.dumps writes with protocols 2 to 5 (memo, frames and
// all), limited to the kinds in values.ts. It interprets opcodes like Python's Unpickler but only
// "calls" the few globals listed in globals.ts; everything else is an UnsupportedPickleError that
// names the opcode (and the global), never a guess.
import { MalformedPickleError, PickleError, UnsupportedPickleError } from './errors.js';
import { PickleGlobal, findGlobal } from './globals.js';
import { NdArray } from './ndarray.js';
import { NumpyDtype, buildNumpyObject, isUnbuiltArray } from './numpy-pickle.js';
import { OP, opcodeName } from './opcodes.js';
import { decodeUtf8 } from './utf8.js';
import { PyByteArray, PyTuple, type PyValue } from './values.js';

const HIGHEST_PROTOCOL = 5;
const SUPPORTED = 'None, bool, int, float, str, bytes, bytearray, tuple, list, dict and numpy ndarrays';

/** `pickle.loads(data)`. Like Python, bytes after STOP are ignored. Decoded bytes and arrays are
 *  views into `data`: copy them if `data` will be overwritten. */
export function decodePickle(data: Buffer): PyValue {
  return readPickle(data).value;
}

/** The value and how many bytes of `data` its pickle took (up to and including STOP). */
export function readPickle(data: Buffer): { value: PyValue; length: number } {
  return new PickleReader(data).run();
}

class PickleReader {
  private pos = 0;
  private opcodeAt = 0;
  private stack: unknown[] = [];
  private readonly marks: unknown[][] = [];
  private readonly memo = new Map<number, unknown>();

  constructor(private readonly data: Buffer) {}

  run(): { value: PyValue; length: number } {
    for (;;) {
      this.opcodeAt = this.pos;
      const op = this.u8();
      try {
        if (op === OP.STOP) {
          const value = this.pop();
          assertPlainValue(value);
          return { value, length: this.pos };
        }
        this.step(op);
      } catch (error) {
        throw error instanceof PickleError ? error.locate(opcodeName(op), this.opcodeAt) : error;
      }
    }
  }

  private step(op: number): void {
    switch (op) {
      case OP.PROTO: {
        const protocol = this.u8();
        if (protocol > HIGHEST_PROTOCOL) throw this.unsupported(`protocol ${protocol}`);
        return;
      }
      case OP.FRAME: {
        const length = this.size(8);
        if (length > this.data.length - this.pos) throw this.malformed(`a frame of ${length} bytes runs past the end`);
        return;
      }
      case OP.MARK:
        this.marks.push(this.stack);
        this.stack = [];
        return;
      case OP.POP:
        if (this.stack.length > 0) this.stack.pop();
        else this.popMark();
        return;
      case OP.POP_MARK:
        this.popMark();
        return;
      case OP.DUP:
        return this.push(this.top());
      case OP.NONE:
        return this.push(null);
      case OP.NEWTRUE:
        return this.push(true);
      case OP.NEWFALSE:
        return this.push(false);
      case OP.BININT1:
        return this.push(BigInt(this.u8()));
      case OP.BININT2:
        return this.push(BigInt(this.take(2).readUInt16LE(0)));
      case OP.BININT:
        return this.push(BigInt(this.take(4).readInt32LE(0)));
      case OP.LONG1:
        return this.push(signedLittleEndian(this.take(this.u8())));
      case OP.LONG4:
        return this.push(signedLittleEndian(this.take(this.size(4, true))));
      case OP.BINFLOAT:
        return this.push(this.take(8).readDoubleBE(0));
      case OP.SHORT_BINUNICODE:
        return this.push(decodeUtf8(this.take(this.u8())));
      case OP.BINUNICODE:
        return this.push(decodeUtf8(this.take(this.size(4))));
      case OP.BINUNICODE8:
        return this.push(decodeUtf8(this.take(this.size(8))));
      case OP.SHORT_BINBYTES:
        return this.push(this.take(this.u8()));
      case OP.BINBYTES:
        return this.push(this.take(this.size(4)));
      case OP.BINBYTES8:
        return this.push(this.take(this.size(8)));
      case OP.BYTEARRAY8:
        return this.push(new PyByteArray(this.take(this.size(8))));
      case OP.EMPTY_TUPLE:
        return this.push(new PyTuple([]));
      case OP.TUPLE1:
        return this.push(new PyTuple(this.popN(1) as PyValue[]));
      case OP.TUPLE2:
        return this.push(new PyTuple(this.popN(2) as PyValue[]));
      case OP.TUPLE3:
        return this.push(new PyTuple(this.popN(3) as PyValue[]));
      case OP.TUPLE:
        return this.push(new PyTuple(this.popMark() as PyValue[]));
      case OP.EMPTY_LIST:
        return this.push([]);
      case OP.LIST:
        return this.push(this.popMark());
      case OP.APPEND: {
        const item = this.pop();
        this.list(this.top()).push(item);
        return;
      }
      case OP.APPENDS: {
        const items = this.popMark();
        const list = this.list(this.top());
        for (const item of items) list.push(item);
        return;
      }
      case OP.EMPTY_DICT:
        return this.push(new Map());
      case OP.DICT: {
        const dict = new Map();
        this.setItems(dict, this.popMark());
        return this.push(dict);
      }
      case OP.SETITEM: {
        const pair = this.popN(2);
        this.setItems(this.top(), pair);
        return;
      }
      case OP.SETITEMS: {
        const items = this.popMark();
        this.setItems(this.top(), items);
        return;
      }
      case OP.BINPUT:
        return this.put(this.u8());
      case OP.LONG_BINPUT:
        return this.put(this.size(4));
      case OP.MEMOIZE:
        return this.put(this.memo.size);
      case OP.BINGET:
        return this.get(this.u8());
      case OP.LONG_BINGET:
        return this.get(this.size(4));
      case OP.GLOBAL:
        return this.push(this.global(this.line(), this.line(), 'GLOBAL'));
      case OP.STACK_GLOBAL: {
        const [module, name] = this.popN(2);
        if (typeof module !== 'string' || typeof name !== 'string') throw this.malformed('STACK_GLOBAL of something other than two str');
        return this.push(this.global(module, name, 'STACK_GLOBAL'));
      }
      case OP.REDUCE:
        return this.reduce();
      case OP.BUILD: {
        const state = this.pop();
        if (!buildNumpyObject(this.top(), state)) throw this.unsupported(`${opcodeName(OP.BUILD)} on ${describe(this.top())}`);
        return;
      }
      case OP.NEXT_BUFFER:
        throw this.unsupported(`${opcodeName(op)}: an out-of-band buffer (the pickle was made with a buffer_callback)`);
      default: {
        const name = opcodeName(op);
        throw this.unsupported(name.startsWith('unknown') ? name : `opcode ${name}`);
      }
    }
  }

  private reduce(): void {
    const args = this.pop();
    const callable = this.pop();
    if (!(callable instanceof PickleGlobal)) throw this.malformed(`${opcodeName(OP.REDUCE)} of ${describe(callable)}`);
    if (!(args instanceof PyTuple)) throw this.malformed(`${opcodeName(OP.REDUCE)} with arguments that are not a tuple`);
    if (!callable.call) throw this.unsupported(`${opcodeName(OP.REDUCE)} calling ${callable.qualifiedName}`);
    try {
      this.push(callable.call(args.items));
    } catch (error) {
      throw error instanceof PickleError ? error.locate(`${opcodeName(OP.REDUCE)} of ${callable.qualifiedName}`, this.opcodeAt) : error;
    }
  }

  private global(module: string, name: string, opcode: 'GLOBAL' | 'STACK_GLOBAL'): PickleGlobal {
    const found = findGlobal(module, name);
    if (!found) throw this.unsupported(`${opcodeName(OP[opcode])} ${module}.${name} (only ${SUPPORTED} are supported)`);
    return found;
  }

  private setItems(target: unknown, items: unknown[]): void {
    if (!(target instanceof Map)) throw this.unsupported(`setting items on ${describe(target)}`);
    if (items.length % 2 !== 0) throw this.malformed('an odd number of dict items');
    for (let i = 0; i < items.length; i += 2) target.set(items[i], items[i + 1]);
  }

  private list(target: unknown): unknown[] {
    if (!Array.isArray(target)) throw this.unsupported(`appending to ${describe(target)}`);
    return target;
  }

  private put(index: number): void {
    this.memo.set(index, this.top());
  }

  private get(index: number): void {
    if (!this.memo.has(index)) throw this.malformed(`memo entry ${index} read before it was written`);
    this.push(this.memo.get(index));
  }

  private push(value: unknown): void {
    this.stack.push(value);
  }

  private top(): unknown {
    if (this.stack.length === 0) throw this.malformed('stack underflow');
    return this.stack[this.stack.length - 1];
  }

  private pop(): unknown {
    if (this.stack.length === 0) throw this.malformed('stack underflow');
    return this.stack.pop();
  }

  private popN(n: number): unknown[] {
    if (this.stack.length < n) throw this.malformed('stack underflow');
    return this.stack.splice(this.stack.length - n, n);
  }

  private popMark(): unknown[] {
    const items = this.stack;
    const outer = this.marks.pop();
    if (!outer) throw this.malformed('no MARK to pop to');
    this.stack = outer;
    return items;
  }

  private u8(): number {
    if (this.pos >= this.data.length) throw this.malformed('truncated (no STOP)');
    return this.data[this.pos++]!;
  }

  /** A length or index of `width` bytes, little-endian. */
  private size(width: 4 | 8, signed = false): number {
    const bytes = this.take(width);
    const n = width === 4 ? (signed ? bytes.readInt32LE(0) : bytes.readUInt32LE(0)) : Number(bytes.readBigUInt64LE(0));
    if (n < 0) throw this.malformed(`negative length ${n}`);
    return n;
  }

  /** The next `n` bytes, as a view (no copy). */
  private take(n: number): Buffer {
    if (n > this.data.length - this.pos) throw this.malformed(`truncated: ${opcodeName(this.data[this.opcodeAt]!)} needs ${n} bytes`);
    const bytes = this.data.subarray(this.pos, this.pos + n);
    this.pos += n;
    return bytes;
  }

  private line(): string {
    const end = this.data.indexOf(0x0a, this.pos);
    if (end < 0) throw this.malformed('truncated: a line without its newline');
    const text = this.data.toString('utf8', this.pos, end);
    this.pos = end + 1;
    return text;
  }

  private unsupported(detail: string): UnsupportedPickleError {
    return located(new UnsupportedPickleError(`${detail} at byte ${this.opcodeAt}`), this.opcodeAt);
  }

  private malformed(detail: string): MalformedPickleError {
    return located(new MalformedPickleError(`${detail} at byte ${this.opcodeAt}`), this.opcodeAt);
  }
}

/** An error whose message already names its place. */
function located<E extends PickleError>(error: E, at: number): E {
  error.at = at;
  return error;
}

/** Two's-complement little-endian bytes (LONG1 / LONG4) as a bigint. */
function signedLittleEndian(bytes: Buffer): bigint {
  if (bytes.length === 0) return 0n;
  const hex = Buffer.from(bytes).reverse().toString('hex');
  const unsigned = BigInt(`0x${hex}`);
  return bytes[bytes.length - 1]! & 0x80 ? unsigned - (1n << BigInt(bytes.length * 8)) : unsigned;
}

function describe(value: unknown): string {
  if (value instanceof PickleGlobal) return value.qualifiedName;
  if (value instanceof NumpyDtype) return 'numpy.dtype';
  if (value instanceof PyTuple) return 'a tuple';
  if (value instanceof Map) return 'a dict';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof NdArray) return 'an ndarray';
  if (Buffer.isBuffer(value)) return 'bytes';
  if (value instanceof PyByteArray) return 'a bytearray';
  return value === null ? 'None' : `a ${typeof value}`;
}

/** The result must be plain values: no bare global, dtype or half-built array left in it. */
function assertPlainValue(root: unknown): asserts root is PyValue {
  const seen = new Set<unknown>();
  const pending: unknown[] = [root];
  while (pending.length > 0) {
    const value = pending.pop();
    if (typeof value !== 'object' || value === null || seen.has(value)) continue;
    seen.add(value);
    if (value instanceof PickleGlobal || value instanceof NumpyDtype) throw new UnsupportedPickleError(`${describe(value)} as a value`);
    if (isUnbuiltArray(value)) throw new MalformedPickleError('an ndarray without its state (BUILD)');
    if (Array.isArray(value)) for (const item of value) pending.push(item);
    else if (value instanceof PyTuple) for (const item of value.items) pending.push(item);
    else if (value instanceof Map) for (const [k, v] of value) pending.push(k, v);
  }
}
