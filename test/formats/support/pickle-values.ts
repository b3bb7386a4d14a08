// Seeded random Python values for the pickle round trips: every kind, nested containers, the
// sizes where the opcodes change (255/256 bytes, 64 KiB frames), and the awkward corners (big and
// negative ints, NaN and infinities, -0.0, Korean and astral text, lone surrogates, empty things).
import { seededRandom } from '../../../harness/engine/random.js';
import { DTYPES, NdArray, PyByteArray, PyTuple, type NdDtype, type PyValue } from '../../../harness/formats/pickle/index.js';
import type { ArrayLayout } from './pickle-json.js';

type Random = () => number;

export interface GeneratedValues {
  values: PyValue[];
  layoutOf: (array: NdArray) => ArrayLayout;
}

export function generateValues(seed: number, count: number, options: { ndarrays: boolean }): GeneratedValues {
  const random = seededRandom(seed, 'pickle-values');
  const layouts = new WeakMap<NdArray, ArrayLayout>();
  const g = new Generator(random, options.ndarrays, layouts);
  const values = Array.from({ length: count }, () => g.value(0));
  return { values, layoutOf: (array) => layouts.get(array) ?? 'writable' };
}

const KOREAN = '가나다라마바사아자차카타파하한국어소켓프로그래밍';
const ASTRAL = ['😀', '𝄞', '𠜎', '🇰🇷'];

class Generator {
  constructor(
    private readonly random: Random,
    private readonly ndarrays: boolean,
    private readonly layouts: WeakMap<NdArray, ArrayLayout>,
  ) {}

  value(depth: number): PyValue {
    const scalars: (() => PyValue)[] = [() => null, () => this.random() < 0.5, () => this.int(), () => this.float(), () => this.str(), () => this.bytes(), () => new PyByteArray(this.bytes())];
    if (this.ndarrays) scalars.push(() => this.ndarray());
    const containers: (() => PyValue)[] = [() => new PyTuple(this.items(depth)), () => this.items(depth), () => this.dict(depth)];
    const pool = depth >= 3 ? scalars : [...scalars, ...containers, ...containers];
    return this.pick(pool)();
  }

  private items(depth: number): PyValue[] {
    return Array.from({ length: this.below(this.random() < 0.1 ? 40 : 6) }, () => this.value(depth + 1));
  }

  private dict(depth: number): Map<PyValue, PyValue> {
    const entries = new Map<string, [PyValue, PyValue]>(); // keyed by a print of the key: keys stay distinct in Python too
    for (let n = this.below(6); n > 0; n--) {
      const key = this.key(depth);
      entries.set(printKey(key), [key, this.value(depth + 1)]);
    }
    return new Map([...entries.values()]);
  }

  /** A hashable key; no floats or bools, which Python would merge with equal ints. */
  private key(depth: number): PyValue {
    const kinds: (() => PyValue)[] = [() => this.int(), () => this.str(), () => this.bytes(), () => null];
    if (depth < 3) kinds.push(() => new PyTuple(Array.from({ length: this.below(3) }, () => this.key(depth + 1))));
    return this.pick(kinds)();
  }

  private int(): bigint {
    const small = BigInt(this.below(256));
    const choices: (() => bigint)[] = [
      () => small,
      () => -small,
      () => BigInt(this.below(65536)),
      () => this.pick([0n, 255n, 256n, 65535n, 65536n, 2n ** 31n - 1n, 2n ** 31n, -(2n ** 31n), -(2n ** 31n) - 1n, 2n ** 63n, -(2n ** 64n), -128n, -129n, -256n]),
      () => this.bigInt(this.below(64) + 1),
      () => this.bigInt(this.below(3000) + 1), // > 255 bytes: LONG4
    ];
    return this.pick(choices)();
  }

  private bigInt(bits: number): bigint {
    let n = 0n;
    for (let i = 0; i < bits; i += 16) n = (n << 16n) | BigInt(this.below(65536));
    n &= (1n << BigInt(bits)) - 1n;
    return this.random() < 0.5 ? -n : n;
  }

  private float(): number {
    const special = [Number.NaN, Infinity, -Infinity, 0, -0, 1, -1.5, 5e-324, Number.MAX_VALUE, 0.1];
    if (this.random() < 0.4) return this.pick(special);
    const b = Buffer.alloc(8);
    for (let i = 0; i < 8; i++) b[i] = this.below(256);
    return b.readDoubleBE(0); // any bit pattern, NaN payloads included
  }

  private str(): string {
    const length = this.random() < 0.05 ? 70_000 : this.random() < 0.15 ? 200 + this.below(200) : this.below(12);
    let s = '';
    while (s.length < length) {
      const r = this.random();
      if (r < 0.5) s += String.fromCharCode(32 + this.below(95));
      else if (r < 0.8) s += KOREAN[this.below(KOREAN.length)];
      else if (r < 0.95) s += this.pick(ASTRAL);
      else if (r < 0.97) s += String.fromCharCode(0xd800 + this.below(0x800)) + 'x'; // a lone surrogate, kept apart from others
      else s += this.pick(['\0', '\n', '\ufeff', '\u00e9', '\u07ff', '\uffff']);
    }
    return s;
  }

  private bytes(): Buffer {
    const r = this.random();
    const length = r < 0.03 ? 65_536 + this.below(70_000) : r < 0.15 ? 250 + this.below(300) : this.below(20);
    return this.randomBytes(length);
  }

  private ndarray(): NdArray {
    const dtype = this.pick(Object.keys(DTYPES) as NdDtype[]);
    const dims = this.below(4);
    const shape = Array.from({ length: dims }, () => this.below(5));
    if (this.random() < 0.05) shape.splice(0, shape.length, 20, 64, 3); // > 255 bytes of data
    const count = shape.reduce((a, b) => a * b, 1);
    const data = dtype === 'bool' ? Buffer.from(Array.from({ length: count }, () => this.below(2))) : this.randomBytes(count * DTYPES[dtype].itemSize);
    const array = new NdArray(dtype, shape, data, dims >= 2 && this.random() < 0.3);
    this.layouts.set(array, this.pick(['readonly', 'writable', 'strided'] as const));
    return array;
  }

  private randomBytes(length: number): Buffer {
    const b = Buffer.alloc(length);
    for (let i = 0; i < length; i++) b[i] = this.below(256);
    return b;
  }

  private below(n: number): number {
    return Math.floor(this.random() * n);
  }

  private pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }
}

function printKey(key: PyValue): string {
  if (typeof key === 'bigint') return `i${key}`;
  if (typeof key === 'string') return `s${key}`;
  if (Buffer.isBuffer(key)) return `b${key.toString('hex')}`;
  if (key instanceof PyTuple) return `(${key.items.map(printKey).join(',')})`;
  return 'None';
}
