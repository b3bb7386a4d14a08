// The only Python globals (GLOBAL / STACK_GLOBAL) a pickle may name: the builtins Python uses for
// bytes and bytearray in older protocols, and numpy's array reconstructors. Any other name, such
// as a student's own class, is refused by name; nothing is ever imported or called in Python.
import { MalformedPickleError, UnsupportedPickleError } from './errors.js';
import { NUMPY_GLOBALS } from './numpy-pickle.js';
import { PyByteArray } from './values.js';

/** A global named by a pickle: `call` is what REDUCE does with it (absent: not callable here). */
export class PickleGlobal {
  constructor(
    readonly module: string,
    readonly name: string,
    readonly call?: (args: readonly unknown[]) => unknown,
  ) {}
  get qualifiedName(): string {
    return `${this.module}.${this.name}`;
  }
}

export type GlobalCall = (args: readonly unknown[]) => unknown;

const LATIN1 = new Set(['latin1', 'latin-1', 'iso-8859-1', 'iso8859-1', 'l1']);

/** `codecs.encode(text, 'latin1')`, how protocol 2 writes bytes; code points above 255 are an error. */
function latin1Bytes(text: unknown, encoding: unknown): Buffer {
  if (typeof text !== 'string' || typeof encoding !== 'string') throw new MalformedPickleError('bytes encoded from something other than a str');
  if (!LATIN1.has(encoding.toLowerCase())) throw new UnsupportedPickleError(`bytes encoded as ${encoding} (only latin-1 is supported)`);
  if (/[^\x00-\xff]/.test(text)) throw new MalformedPickleError('latin-1 bytes with a code point above 255');
  return Buffer.from(text, 'latin1');
}

function bytesFromArgs(what: string, args: readonly unknown[]): Buffer {
  if (args.length === 0) return Buffer.alloc(0);
  if (args.length === 1 && Buffer.isBuffer(args[0])) return args[0];
  if (args.length === 2) return latin1Bytes(args[0], args[1]);
  throw new UnsupportedPickleError(`${what} called with these arguments`);
}

const BUILTIN_GLOBALS: [string, GlobalCall][] = [
  ['_codecs.encode', (args) => latin1Bytes(args[0], args[1])],
  ['builtins.bytes', (args) => bytesFromArgs('bytes', args)],
  ['builtins.bytearray', (args) => new PyByteArray(Buffer.from(bytesFromArgs('bytearray', args)))],
];

const KNOWN = new Map<string, GlobalCall | undefined>([...BUILTIN_GLOBALS, ...NUMPY_GLOBALS]);

/** Python 2's module name for the builtins, which protocol 2 pickles use. */
const RENAMED_MODULES: Record<string, string> = { __builtin__: 'builtins' };

export function findGlobal(module: string, name: string): PickleGlobal | undefined {
  const key = `${RENAMED_MODULES[module] ?? module}.${name}`;
  if (!KNOWN.has(key)) return undefined;
  return new PickleGlobal(module, name, KNOWN.get(key));
}
