// The audio lab's formats against the real interpreter: Python's wave module reads the
// harness-made WAV to the same frames, the seed's messages (struct.pack("Q") + pickle.dumps) are
// read by the TS stream reader, and the reference's messages unpickle in Python.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { makeTestWav, readWavFile, wavFrames, WavSpec } from '../../harness/formats/audio/wav.js';
import { chunkMessage, readChunkStream } from '../../harness/formats/audio/pickled-chunks.js';
import { seededRandom } from '../../harness/engine/random.js';
import { sha256 } from '../../harness/files/test-file.js';

const python = (script: string, input?: Buffer) => execFileSync('python3', ['-c', script], { input: input ?? Buffer.alloc(0), maxBuffer: 64 * 1024 * 1024 });

describe('the harness-made WAV', () => {
  const { wav, frames, file } = makeTestWav(WavSpec.parse({ id: 'w1', name: 'dongyang.wav', seconds: 1.5 }), seededRandom(11, 'wav'));

  test("Python's wave reads it: 2 channels, 16-bit, 44100 Hz, the same frames", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'labcheck-wav-'));
    writeFileSync(path.join(dir, 'dongyang.wav'), file);
    const out = python(`import wave, hashlib\nwf = wave.open(${JSON.stringify(path.join(dir, 'dongyang.wav'))}, 'rb')\nprint(wf.getnchannels(), wf.getsampwidth(), wf.getframerate(), wf.getnframes(), hashlib.sha256(wf.readframes(10**9)).hexdigest())`).toString();
    expect(out.trim()).toBe(`2 2 44100 66150 ${wav.sha256}`);
    expect(sha256(frames)).toBe(wav.sha256);
  });

  test('is a signal, not silence, the same from the same key, and different for another seed', () => {
    const samples = new Int16Array(frames.buffer, frames.byteOffset, frames.length / 2);
    const distinct = new Set(samples).size;
    expect(distinct).toBeGreaterThan(1000);
    expect(Math.max(...samples.slice(0, 44100))).toBeGreaterThan(4000);
    expect(wavFrames(wav).equals(frames)).toBe(true);
    const other = makeTestWav(WavSpec.parse({ id: 'w1' }), seededRandom(12, 'wav'));
    expect(other.wav.sha256).not.toBe(wav.sha256);
    expect(readWavFile(file).frames.equals(frames)).toBe(true);
  });

  test('8-bit and 24-bit WAVs read back through wave too', () => {
    for (const sampleWidth of [1, 3]) {
      const w = makeTestWav(WavSpec.parse({ id: 'w1', seconds: 0.1, channels: 1, sampleWidth }), seededRandom(1, 'w'));
      const out = python('import wave, io, sys, hashlib\nwf = wave.open(io.BytesIO(sys.stdin.buffer.read()))\nprint(wf.getsampwidth(), hashlib.sha256(wf.readframes(10**9)).hexdigest())', w.file).toString();
      expect(out.trim()).toBe(`${sampleWidth} ${w.wav.sha256}`);
    }
  });
});

describe('the pickled chunk stream', () => {
  test("the seed's messages (pickle.dumps of readframes, struct.pack('Q')) read back to the bytes, protocols 2 to 5", () => {
    const out = python(
      "import pickle, struct, sys\nout = b''\nfor proto in (2, 3, 4, 5):\n    for n in (4096, 17, 0):\n        a = pickle.dumps(bytes(range(256)) * (n // 256) + bytes(n % 256), protocol=proto)\n        out += struct.pack('Q', len(a)) + a\nsys.stdout.buffer.write(out)",
    );
    const stream = readChunkStream([out]);
    expect(stream.problem).toBeUndefined();
    expect(stream.chunks.map((c) => c.data.length)).toEqual([4096, 17, 0, 4096, 17, 0, 4096, 17, 0, 4096, 17, 0]);
    expect(stream.chunks[0]!.data.subarray(0, 3)).toEqual(Buffer.from([0, 1, 2]));
  });

  test("the reference's messages unpickle in Python as the seed client does", () => {
    const chunks = [Buffer.alloc(4096, 1), Buffer.from('abc'), Buffer.alloc(0)];
    const out = python(
      "import pickle, struct, sys\ndata = sys.stdin.buffer.read()\nsizes = []\nwhile data:\n    n = struct.unpack('Q', data[:8])[0]\n    v = pickle.loads(data[8:8 + n])\n    assert type(v) is bytes\n    sizes.append(len(v))\n    data = data[8 + n:]\nprint(sizes)",
      Buffer.concat(chunks.map(chunkMessage)),
    );
    expect(out.toString().trim()).toBe('[4096, 3, 0]');
  });
});
