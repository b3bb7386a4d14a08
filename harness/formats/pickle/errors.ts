// Why a pickle could not be read or written. The harness never unpickles student data in Python,
// so anything outside the supported kinds is refused here, by name.

export class PickleError extends Error {
  /** The byte offset of the opcode being read, once known. */
  at: number | undefined;

  /** Adds the opcode and its offset to the message (for errors raised below the reader). */
  locate(opcode: string, at: number): this {
    if (this.at === undefined) {
      this.at = at;
      this.message += ` (${opcode} at byte ${at})`;
    }
    return this;
  }
}

/** A pickle that is well formed but holds something this codec does not model (a user class, an
 *  opcode it does not implement, an ndarray of an unsupported dtype). */
export class UnsupportedPickleError extends PickleError {
  constructor(detail: string) {
    super(`unsupported pickle: ${detail}`);
    this.name = 'UnsupportedPickleError';
  }
}

/** Bytes that are not a valid pickle: truncated, a stack underflow, a missing STOP. */
export class MalformedPickleError extends PickleError {
  constructor(detail: string) {
    super(`malformed pickle: ${detail}`);
    this.name = 'MalformedPickleError';
  }
}
