// Values as tagged JSON for pickle_oracle.py: a channel independent of the codec under test.
import { DTYPES, NdArray, PyByteArray, PyTuple, type PyValue } from '../../../harness/formats/pickle/index.js';

/** How Python should lay an ndarray out in memory before pickling it (numpy pickles each differently). */
export type ArrayLayout = 'readonly' | 'writable' | 'strided';

export function toTagged(value: PyValue, layoutOf: (array: NdArray) => ArrayLayout = () => 'writable'): unknown {
  const tag = (v: PyValue): unknown => toTagged(v, layoutOf);
  if (value === null) return { t: 'none' };
  if (typeof value === 'boolean') return { t: 'bool', v: value };
  if (typeof value === 'bigint') return { t: 'int', v: value.toString() };
  if (typeof value === 'number') {
    const b = Buffer.alloc(8);
    b.writeDoubleBE(value);
    return { t: 'float', v: b.toString('hex') };
  }
  if (typeof value === 'string') return { t: 'str', v: value };
  if (Buffer.isBuffer(value)) return { t: 'bytes', v: value.toString('base64') };
  if (value instanceof PyByteArray) return { t: 'bytearray', v: value.bytes.toString('base64') };
  if (value instanceof PyTuple) return { t: 'tuple', v: value.items.map(tag) };
  if (Array.isArray(value)) return { t: 'list', v: value.map(tag) };
  if (value instanceof Map) return { t: 'dict', v: [...value].map(([k, v]) => [tag(k), tag(v)]) };
  if (value instanceof NdArray) {
    const { code, itemSize } = DTYPES[value.dtype];
    const dtype = (itemSize === 1 ? '|' : '<') + code;
    return { t: 'ndarray', dtype, shape: value.shape, fortran: value.fortranOrder, v: value.data.toString('base64'), layout: layoutOf(value) };
  }
  throw new Error(`not a PyValue: ${String(value)}`);
}
