// ndarrays as numpy pickles them: a video frame without copying, numpy 2.x's module names, and
// what TS encodes loaded by numpy. (The random round trips in pickle-python.test.ts cover dtypes,
// shapes and memory layouts.)
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../harness/engine/random.js';
import { NdArray, decodePickle, encodePickle, ndarray, samePyValue, type PickleProtocol } from '../../harness/formats/pickle/index.js';
import { toTagged } from './support/pickle-json.js';
import { NO_NUMPY_REASON, hasNumpy, runOracle } from './support/python-oracle.js';

const PROTOCOLS: PickleProtocol[] = [2, 3, 4, 5];

function frame(): NdArray {
  const random = seededRandom(7, 'frame');
  const pixels = Buffer.alloc(480 * 640 * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.floor(random() * 256);
  return ndarray('uint8', [480, 640, 3], pixels);
}

describe.skipIf(!hasNumpy)(`numpy ndarrays${hasNumpy ? '' : ` (${NO_NUMPY_REASON})`}`, () => {
  const video = frame();

  it.each(PROTOCOLS)('decodes a 480x640x3 uint8 frame pickled with protocol %i; from protocol 3 on, its data is a view of the pickle', (protocol) => {
    const [dumped] = runOracle<{ pickle: string }>('dump', [{ protocol, value: toTagged(video) }]);
    const pickle = Buffer.from(dumped!.pickle, 'base64');
    const decoded = decodePickle(pickle) as NdArray;
    expect(decoded).toBeInstanceOf(NdArray);
    expect(decoded.shape).toEqual([480, 640, 3]);
    expect(decoded.dtype).toBe('uint8');
    expect(decoded.data.equals(video.data)).toBe(true);
    // Protocol 2 carries bytes as latin-1 text, so only there is a copy unavoidable.
    if (protocol >= 3) expect(decoded.data.buffer).toBe(pickle.buffer);
  });

  it.each(PROTOCOLS)('numpy loads a frame and an int16 audio chunk TS encodes with protocol %i', (protocol) => {
    const audio = ndarray('int16', [1024, 2], Buffer.from(Int16Array.from({ length: 2048 }, (_, i) => (i * 7919) % 65536 - 32768).buffer));
    const results = runOracle<{ ok: boolean; got: string }>(
      'load',
      [video, audio].map((value) => ({ value: toTagged(value), pickle: encodePickle(value, protocol).toString('base64') })),
    );
    expect(results.map((r) => r.ok)).toEqual([true, true]);
  });

  // numpy 2.x renamed numpy.core to numpy._core; its pickles name numpy._core.multiarray._reconstruct
  // and numpy._core.numeric._frombuffer. Made here by pointing numpy 1.x's functions at those names.
  const NUMPY2_NAMES = `
import sys, types, numpy as np, numpy.core.multiarray as ma, numpy.core.numeric as nu
for name, attr, fn in [('numpy._core.multiarray', '_reconstruct', ma._reconstruct), ('numpy._core.numeric', '_frombuffer', nu._frombuffer)]:
    module = sys.modules.setdefault(name, types.ModuleType(name))
    setattr(module, attr, fn)
    fn.__module__ = name
`;

  it.each(PROTOCOLS)('decodes numpy 2.x names (numpy._core) with protocol %i, C and Fortran order', (protocol) => {
    const code = `${NUMPY2_NAMES}
value = [np.arange(12, dtype=np.int16).reshape(3, 4), np.asfortranarray(np.arange(6, dtype=np.uint8).reshape(2, 3))]`;
    const [dumped] = runOracle<{ pickle: string }>('run', [{ code, protocol }]);
    const pickle = Buffer.from(dumped!.pickle, 'base64');
    expect(pickle.includes('numpy._core')).toBe(true);
    const c = ndarray('int16', [3, 4], Buffer.from(Int16Array.from({ length: 12 }, (_, i) => i).buffer));
    const f = ndarray('uint8', [2, 3], Buffer.from([0, 1, 2, 3, 4, 5]));
    const decoded = decodePickle(pickle) as NdArray[];
    expect(samePyValue(decoded, [c, f])).toBe(true);
    expect(decoded[1]!.fortranOrder).toBe(true);
    expect(decoded[1]!.data).toEqual(Buffer.from([0, 3, 1, 4, 2, 5])); // Fortran order as sent
  });

  it('refuses ndarrays of dtypes it does not model, naming the dtype', () => {
    const cases = ['np.zeros(2, dtype=np.complex128)', "np.zeros(2, dtype='>i2')", "np.zeros(2, dtype=[('a', 'u1')])", 'np.array([1, None], dtype=object)'];
    const dumped = runOracle<{ pickle: string }>('run', cases.map((expr) => ({ code: `import numpy as np\nvalue = ${expr}`, protocol: 4 })));
    const messages = dumped.map((d) => errorOf(() => decodePickle(Buffer.from(d.pickle, 'base64'))));
    expect(messages[0]).toMatch(/unsupported pickle: numpy dtype 'c16'/);
    expect(messages[1]).toMatch(/unsupported pickle: big-endian numpy dtype '>i2'/);
    expect(messages[2]).toMatch(/unsupported pickle: .*(structured|'V1')/);
    expect(messages[3]).toMatch(/unsupported pickle: .*object/);
  });

  it('refuses a numpy scalar (not an ndarray), naming the global', () => {
    const [dumped] = runOracle<{ pickle: string }>('run', [{ code: 'import numpy as np\nvalue = np.float64(1.5)', protocol: 4 }]);
    expect(errorOf(() => decodePickle(Buffer.from(dumped!.pickle, 'base64')))).toMatch(/unsupported pickle: STACK_GLOBAL \(0x93\) numpy\.core\.multiarray\.scalar/);
  });
});

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    return String((error as Error).message);
  }
  return 'no error';
}
