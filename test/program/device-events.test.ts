// The device stand-ins' JSON lines become DeviceEvent records on the program's evidence.
import { describe, expect, test } from 'vitest';
import { parseShimLine } from '../../harness/program/shim-events.js';

describe('device events from the shim', () => {
  test('a shown frame keeps its window, shape, dtype, hash and number', () => {
    const line = '{"t": 1000.5, "pid": 7, "call": "device", "device": "display", "op": "show", "window": "Client Video", "shape": [480, 640, 3], "dtype": "uint8", "sha256": "ab", "k": 12}';
    expect(parseShimLine(line)).toEqual({
      type: 'device',
      event: { t: 1000.5, pid: 7, device: 'display', op: 'show', window: 'Client Video', shape: [480, 640, 3], dtype: 'uint8', sha256: 'ab', k: 12 },
    });
  });

  test('fields a stand-in adds are kept in extra; wrong types are left out', () => {
    const line = '{"t": 1, "pid": 2, "call": "device", "device": "audio-out", "op": "write", "bytes": 4096, "sha256": "cd", "rate": 44100, "k": "x"}';
    expect(parseShimLine(line)).toEqual({
      type: 'device',
      event: { t: 1, pid: 2, device: 'audio-out', op: 'write', bytes: 4096, sha256: 'cd', extra: { rate: 44100 } },
    });
  });
});
