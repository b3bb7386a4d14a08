// numpy arrays as the pickle codec sees them: a dtype, a shape and the raw element bytes
// (little-endian), in C order unless `fortranOrder`. Decoded data is a view into the pickle's
// bytes, never copied element by element.

/** The numpy dtypes an NdArray may have, with numpy's type code and item size. */
export const DTYPES = {
  bool: { code: 'b1', itemSize: 1 },
  int8: { code: 'i1', itemSize: 1 },
  uint8: { code: 'u1', itemSize: 1 },
  int16: { code: 'i2', itemSize: 2 },
  uint16: { code: 'u2', itemSize: 2 },
  int32: { code: 'i4', itemSize: 4 },
  uint32: { code: 'u4', itemSize: 4 },
  int64: { code: 'i8', itemSize: 8 },
  uint64: { code: 'u8', itemSize: 8 },
  float32: { code: 'f4', itemSize: 4 },
  float64: { code: 'f8', itemSize: 8 },
} as const;

export type NdDtype = keyof typeof DTYPES;

/** 'u1' -> 'uint8'; undefined for a code numpy has but this codec does not model. */
export function dtypeOfCode(code: string): NdDtype | undefined {
  return (Object.keys(DTYPES) as NdDtype[]).find((name) => DTYPES[name].code === code);
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((product, n) => product * n, 1);
}

export class NdArray {
  constructor(
    readonly dtype: NdDtype,
    readonly shape: readonly number[],
    /** The elements' bytes, little-endian, in C order (or Fortran order when `fortranOrder`). */
    readonly data: Buffer,
    readonly fortranOrder = false,
  ) {
    for (const n of shape) {
      if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`ndarray shape ${JSON.stringify(shape)}: dimensions must be integers >= 0`);
    }
    const expected = elementCount(shape) * DTYPES[dtype].itemSize;
    if (data.length !== expected) {
      throw new RangeError(`ndarray ${dtype} of shape (${shape.join(', ')}) needs ${expected} bytes, got ${data.length}`);
    }
  }

  get size(): number {
    return elementCount(this.shape);
  }

  /** The element bytes in C (row-major) order: `data` itself unless the array is in Fortran order. */
  cOrderData(): Buffer {
    if (!this.fortranOrder || this.shape.filter((n) => n > 1).length < 2) return this.data;
    const itemSize = DTYPES[this.dtype].itemSize;
    const out = Buffer.alloc(this.data.length);
    const dims = this.shape.length;
    const index = new Array<number>(dims).fill(0); // C-order walk over the multi-index
    for (let c = 0; c < this.size; c++) {
      let f = 0; // Fortran-order position of the same element
      for (let d = dims - 1; d >= 0; d--) f = f * this.shape[d]! + index[d]!;
      this.data.copy(out, c * itemSize, f * itemSize, (f + 1) * itemSize);
      for (let d = dims - 1; d >= 0 && ++index[d]! === this.shape[d]; d--) index[d] = 0;
    }
    return out;
  }
}

/** An ndarray from C-order bytes, e.g. `ndarray('uint8', [480, 640, 3], frame)`. */
export function ndarray(dtype: NdDtype, shape: readonly number[], data: Buffer | Uint8Array): NdArray {
  return new NdArray(dtype, shape, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
}
