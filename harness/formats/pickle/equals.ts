// Whether two decoded values are the same Python value, kind included: 1n is not 1.0 nor True,
// a tuple is not a list, bytes are not a bytearray. Floats compare like Object.is (NaN is NaN,
// 0.0 is not -0.0); dicts compare entry by entry in order; ndarrays by dtype, shape and elements
// (whatever their memory order). Not for values that contain themselves.
import { NdArray } from './ndarray.js';
import { PyByteArray, PyTuple, type PyValue } from './values.js';

export function samePyValue(a: PyValue, b: PyValue): boolean {
  if (typeof a !== 'object' || a === null) return Object.is(a, b);
  if (typeof b !== 'object' || b === null) return false;
  if (Buffer.isBuffer(a)) return Buffer.isBuffer(b) && a.equals(b);
  if (a instanceof PyByteArray) return b instanceof PyByteArray && a.bytes.equals(b.bytes);
  if (a instanceof PyTuple) return b instanceof PyTuple && sameItems(a.items, b.items);
  if (Array.isArray(a)) return Array.isArray(b) && sameItems(a, b);
  if (a instanceof Map) return b instanceof Map && sameItems([...a].flat(), [...b].flat());
  if (a instanceof NdArray) {
    return b instanceof NdArray && a.dtype === b.dtype && a.shape.length === b.shape.length && a.shape.every((n, i) => n === b.shape[i]) && a.cOrderData().equals(b.cOrderData());
  }
  return false;
}

function sameItems(a: readonly PyValue[], b: readonly PyValue[]): boolean {
  return a.length === b.length && a.every((item, i) => samePyValue(item, b[i]!));
}
