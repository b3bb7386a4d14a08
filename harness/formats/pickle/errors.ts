// Why a pickle could not be read or written. The harness never unpickles student data in Python,
// so anything outside the supported kinds is refused here, by name.

/** A pickle that is well formed but holds something this codec does not model (a user class, an
 *  opcode it does not implement, an ndarray of an unsupported dtype). */
export class UnsupportedPickleError extends Error {
  constructor(detail: string) {
    super(`unsupported pickle: ${detail}`);
    this.name = 'UnsupportedPickleError';
  }
}

/** Bytes that are not a valid pickle: truncated, a stack underflow, a missing STOP. */
export class MalformedPickleError extends Error {
  constructor(detail: string) {
    super(`malformed pickle: ${detail}`);
    this.name = 'MalformedPickleError';
  }
}
