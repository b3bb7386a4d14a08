// How numpy pickles an ndarray, both ways. numpy 1.x and 2.x emit, for protocols 2-4 (and for
// arrays that are not contiguous under protocol 5):
//   numpy.core.multiarray._reconstruct(numpy.ndarray, (0,), b'b')      (numpy 2.x: numpy._core...)
//   BUILD (1, shape, dtype, is_fortran, raw_bytes)
// and for a contiguous array under protocol 5:
//   numpy.core.numeric._frombuffer(buffer, dtype, shape, 'C' | 'F')    (numpy 2.x: numpy._core...)
// where dtype is numpy.dtype('u1', False, True) BUILD (3, '<' | '|', None, None, None, -1, -1, 0).
import { MalformedPickleError, UnsupportedPickleError } from './errors.js';
import type { GlobalCall } from './globals.js';
import { DTYPES, NdArray, dtypeOfCode, type NdDtype } from './ndarray.js';
import { EncodableTuple, GlobalRef, Reduction } from './reduction.js';
import { PyByteArray, PyTuple, tuple } from './values.js';

/** A numpy.dtype being unpickled; its byte order arrives with BUILD. */
export class NumpyDtype {
  byteOrder: string | undefined;
  constructor(readonly code: string) {}

  /** The NdDtype it stands for, once built; refuses big-endian and structured dtypes. */
  resolve(): NdDtype {
    const dtype = dtypeOfCode(this.code);
    if (!dtype) throw new UnsupportedPickleError(`numpy dtype '${this.code}' (supported: ${Object.keys(DTYPES).join(', ')})`);
    if (this.byteOrder === '>' && DTYPES[dtype].itemSize > 1) throw new UnsupportedPickleError(`big-endian numpy dtype '>${this.code}'`);
    return dtype;
  }
}

/** Arrays made by _reconstruct that have not had their BUILD yet. */
const unbuilt = new WeakSet<NdArray>();

export function isUnbuiltArray(value: unknown): boolean {
  return value instanceof NdArray && unbuilt.has(value);
}

function reconstruct(args: readonly unknown[]): NdArray {
  const subtype = args[0] as { qualifiedName?: string } | undefined;
  if (subtype?.qualifiedName !== 'numpy.ndarray') {
    throw new UnsupportedPickleError(`numpy _reconstruct of ${subtype?.qualifiedName ?? 'something other than numpy.ndarray'}`);
  }
  const placeholder = new NdArray('uint8', [0], Buffer.alloc(0));
  unbuilt.add(placeholder);
  return placeholder;
}

function makeDtype(args: readonly unknown[]): NumpyDtype {
  if (typeof args[0] !== 'string') throw new UnsupportedPickleError('numpy.dtype of something other than a type code');
  return new NumpyDtype(args[0]);
}

function shapeOf(value: unknown): number[] {
  if (!(value instanceof PyTuple)) throw new MalformedPickleError('ndarray shape is not a tuple');
  return value.items.map((n) => {
    if (typeof n !== 'bigint' || n < 0n || n > BigInt(Number.MAX_SAFE_INTEGER)) throw new MalformedPickleError('ndarray shape holds something other than a size');
    return Number(n);
  });
}

function builtArray(dtype: unknown, shape: unknown, data: unknown, fortranOrder: boolean): NdArray {
  if (!(dtype instanceof NumpyDtype)) throw new MalformedPickleError('ndarray without a numpy.dtype');
  const bytes = data instanceof PyByteArray ? data.bytes : data;
  if (!Buffer.isBuffer(bytes)) throw new UnsupportedPickleError('ndarray whose data is not raw bytes (an object array?)');
  try {
    return new NdArray(dtype.resolve(), shapeOf(shape), bytes, fortranOrder);
  } catch (error) {
    if (error instanceof RangeError) throw new MalformedPickleError(error.message);
    throw error;
  }
}

function frombuffer(args: readonly unknown[]): NdArray {
  const [buffer, dtype, shape, order] = args;
  if (order !== 'C' && order !== 'F') throw new MalformedPickleError(`ndarray order ${String(order)}`);
  return builtArray(dtype, shape, buffer, order === 'F');
}

/** BUILD on a numpy object: a dtype's or an array's state. False when `target` is not numpy's. */
export function buildNumpyObject(target: unknown, state: unknown): boolean {
  if (target instanceof NumpyDtype) {
    const items = state instanceof PyTuple ? state.items : [];
    if (items.length < 8) throw new MalformedPickleError('numpy.dtype state');
    if (items[2] !== null || items[3] !== null || items[4] !== null) throw new UnsupportedPickleError(`structured or sub-array numpy dtype '${target.code}'`);
    target.byteOrder = String(items[1]);
    return true;
  }
  if (isUnbuiltArray(target)) {
    // (version, shape, dtype, is_fortran, data); numpy before 1.0 left out the version.
    const items = state instanceof PyTuple ? state.items : [];
    const fields = items.length === 5 ? items.slice(1) : items.length === 4 ? items : undefined;
    if (!fields) throw new MalformedPickleError('ndarray state');
    const [shape, dtype, isFortran, data] = fields;
    Object.assign(target as NdArray, builtArray(dtype, shape, data, isFortran === true));
    unbuilt.delete(target as NdArray);
    return true;
  }
  return false;
}

const NUMPY_CORE = ['numpy.core', 'numpy._core'];

export const NUMPY_GLOBALS: [string, GlobalCall | undefined][] = [
  ...NUMPY_CORE.map((core): [string, GlobalCall] => [`${core}.multiarray._reconstruct`, reconstruct]),
  ...NUMPY_CORE.map((core): [string, GlobalCall] => [`${core}.numeric._frombuffer`, frombuffer]),
  ['numpy.dtype', makeDtype],
  ['numpy.ndarray', undefined], // only ever an argument of _reconstruct
];

/** The _reconstruct form, which numpy 1.x and 2.x both load under every protocol (numpy 2.x keeps
 *  numpy.core.multiarray._reconstruct importable without a warning for old pickles). */
export function ndarrayReduction(array: NdArray): Reduction {
  const { code, itemSize } = DTYPES[array.dtype];
  const dtype = new Reduction(
    new GlobalRef('numpy', 'dtype'),
    [code, false, true],
    tuple(3n, itemSize === 1 ? '|' : '<', null, null, null, -1n, -1n, 0n),
  );
  const shape = tuple(...array.shape.map((n) => BigInt(n)));
  return new Reduction(
    new GlobalRef('numpy.core.multiarray', '_reconstruct'),
    [new GlobalRef('numpy', 'ndarray'), tuple(0n), Buffer.from('b')],
    new EncodableTuple([1n, shape, dtype, array.fortranOrder, array.data]),
  );
}

