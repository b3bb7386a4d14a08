// A pickle codec for the values students send with pickle.dumps (tuples, bytes, numpy frames).
export { decodePickle, readPickle } from './decode.js';
export { DEFAULT_PROTOCOL, encodePickle, type PickleProtocol } from './encode.js';
export { MalformedPickleError, UnsupportedPickleError } from './errors.js';
export { DTYPES, NdArray, ndarray, type NdDtype } from './ndarray.js';
export { samePyValue } from './equals.js';
export { PyByteArray, PyTuple, bytearray, tuple, type PyValue } from './values.js';
