// What the encoder writes besides plain values: calls the unpickler makes (REDUCE, then BUILD),
// used for ndarrays and, under older protocols, for bytes and bytearray.
import type { PyValue } from './values.js';

/** A module-level name, written with GLOBAL or STACK_GLOBAL. */
export class GlobalRef {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
}

/** `call(*args)`, then BUILD with `state` when there is one. */
export class Reduction {
  constructor(
    readonly call: GlobalRef,
    readonly args: readonly Encodable[],
    readonly state?: Encodable,
  ) {}
}

/** A tuple whose items may be reductions or globals (a PyTuple holds plain values only). */
export class EncodableTuple {
  constructor(readonly items: readonly Encodable[]) {}
}

export type Encodable = PyValue | GlobalRef | Reduction | EncodableTuple;
