// The pyaudio stand-in (harness/shim/devices/pyaudio.py) in the real interpreter, loaded by the shim
// as in a scenario (LABCHECK_DEVICES set): with pyenv's python3 (no PyAudio installed) and with
// Debian's (PyAudio installed: the stand-in must still be the one imported).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { shimDir } from '../../harness/paths.js';
import { LineSplitter, parseShimLine } from '../../harness/program/shim-events.js';
import type { DeviceEvent } from '../../harness/model/evidence.js';
import { AUDIO_OUT_FILE } from '../../harness/formats/audio/audio-device.js';

const DEBIAN = '/usr/bin/python3';
const PYTHONS = [...new Set(['python3', ...(existsSync(DEBIAN) ? [DEBIAN] : [])])];

function hasRealPyaudio(python: string): boolean {
  try {
    execFileSync(python, ['-c', 'import pyaudio'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  devices: DeviceEvent[];
  cwd: string;
}

function runPython(python: string, source: string): Promise<Run> {
  const cwd = mkdtempSync(path.join(tmpdir(), 'labcheck-pyaudio-'));
  writeFileSync(path.join(cwd, 'main.py'), source);
  const env = { PATH: process.env.PATH ?? '', PYTHONPATH: shimDir, LABCHECK_EVENTS_FD: '3', LABCHECK_DEVICES: '{}', PYTHONDONTWRITEBYTECODE: '1' };
  const child = spawn(python, ['main.py'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  const run: Run = { code: null, stdout: '', stderr: '', devices: [], cwd };
  const splitter = new LineSplitter();
  (child.stdio[3] as Readable).on('data', (chunk: Buffer) => {
    for (const line of splitter.push(chunk.toString('utf8'))) {
      const event = parseShimLine(line);
      if (event?.type === 'device') run.devices.push(event.event);
    }
  });
  child.stdout!.on('data', (c: Buffer) => (run.stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (run.stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ ...run, code })));
}

const played = (run: Run) => readFileSync(path.join(run.cwd, AUDIO_OUT_FILE));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe.each(PYTHONS)('the pyaudio stand-in under %s', (python) => {
  test('what the seed client writes is recorded in order, even when it ends with os._exit(1)', async () => {
    const run = await runPython(
      python,
      `import os, pyaudio
p = pyaudio.PyAudio()
stream = p.open(format=p.get_format_from_width(2), channels=2, rate=44100, output=True, frames_per_buffer=1024)
print(pyaudio.__file__, flush=True)
for k in range(5):
    stream.write(bytes([k]) * 4096)
stream.write(bytearray(b'\\x07' * 6))   # 1 whole frame of 4 bytes + 2 bytes: only the whole frame plays
stream.write(memoryview(b'\\x08' * 8))
os._exit(1)
`,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(path.join('shim', 'devices', 'pyaudio.py'));
    const expected = Buffer.concat([...[0, 1, 2, 3, 4].map((k) => Buffer.alloc(4096, k)), Buffer.alloc(4, 7), Buffer.alloc(8, 8)]);
    expect(played(run).equals(expected)).toBe(true);
    const writes = run.devices.filter((d) => d.device === 'audio-out' && d.op === 'write');
    expect(writes.map((w) => w.bytes)).toEqual([4096, 4096, 4096, 4096, 4096, 4, 8]);
    expect(writes[2]!.sha256).toBe(sha(Buffer.alloc(4096, 2)));
    const open = run.devices.find((d) => d.device === 'audio-out' && d.op === 'open');
    expect(open?.extra).toMatchObject({ rate: 44100, channels: 2, sampleWidth: 2, format: 8 });
  });

  test('input streams return the same harness-made samples every run, in the format asked', async () => {
    const source = `import pyaudio
p = pyaudio.PyAudio()
s = p.open(format=pyaudio.paInt16, channels=2, rate=44100, input=True, frames_per_buffer=1024)
a = s.read(1024)
b = s.read(1024)
f = p.open(format=pyaudio.paFloat32, channels=1, rate=8000, input=True).read(10)
print(len(a), len(b), len(f), a.hex()[:32], (a + b).hex().__hash__() != 0, len(set(a)) > 10, a != b)
s.stop_stream(); s.close(); p.terminate()
`;
    const [one, two] = await Promise.all([runPython(python, source), runPython(python, source)]);
    expect(one.stderr).toBe('');
    expect(one.stdout).toBe(two.stdout);
    const [lenA, lenB, lenF, , , varied, differ] = one.stdout.trim().split(' ');
    expect([lenA, lenB, lenF, varied, differ]).toEqual(['4096', '4096', '40', 'True', 'True']);
    const reads = one.devices.filter((d) => d.device === 'audio-in' && d.op === 'read');
    expect(reads.map((r) => r.bytes)).toEqual([4096, 4096, 40]);
  });

  test('wrong calls raise what PyAudio raises', async () => {
    const run = await runPython(
      python,
      `import pyaudio
p = pyaudio.PyAudio()
for call in (lambda: p.open(format=pyaudio.paInt16, channels=1, rate=8000),
             lambda: p.open(format=pyaudio.paInt16, channels=1, rate=8000, input=True).write(b'xx'),
             lambda: p.open(format=pyaudio.paInt16, channels=1, rate=8000, output=True).read(1),
             lambda: p.get_format_from_width(5)):
    try:
        call()
        print('no error')
    except Exception as e:
        print(type(e).__name__)
s = p.open(format=pyaudio.paInt16, channels=1, rate=8000, output=True)
s.stop_stream()
print(s.is_active(), s.is_stopped())
try:
    s.write(b'xx')
except OSError as e:
    print('stopped', e.args[0])
`,
    );
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n')).toEqual(['ValueError', 'OSError', 'OSError', 'ValueError', 'False True', 'stopped -9983']);
  });
});

test.runIf(hasRealPyaudio(DEBIAN))("the stand-in's constants and format helpers are the real PyAudio's", async () => {
  const probe = `import pyaudio
names = ['paFloat32', 'paInt32', 'paInt24', 'paInt16', 'paInt8', 'paUInt8', 'paCustomFormat', 'paContinue', 'paComplete', 'paAbort']
print([getattr(pyaudio, n) for n in names])
print([pyaudio.get_format_from_width(w) for w in (1, 2, 3, 4)], pyaudio.get_format_from_width(1, unsigned=False))
print([pyaudio.get_sample_size(f) for f in (pyaudio.paFloat32, pyaudio.paInt32, pyaudio.paInt24, pyaudio.paInt16, pyaudio.paInt8, pyaudio.paUInt8)])
`;
  const real = execFileSync(DEBIAN, ['-c', probe], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } });
  const standIn = await runPython(DEBIAN, probe);
  expect(standIn.stderr).toBe('');
  expect(standIn.stdout).toBe(real);
});
