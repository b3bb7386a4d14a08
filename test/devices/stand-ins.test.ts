// The device stand-ins (harness/shim/devices/) run in the real interpreter: Debian's python3 with
// numpy and OpenCV (the real cv2 kept, its device functions replaced), and the same interpreter
// with cv2 hidden (the minimal module). Frames are compared with the TypeScript generator.
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { devicesDir, shimDir } from '../../harness/paths.js';
import { LineSplitter, parseShimLine } from '../../harness/program/shim-events.js';
import type { DeviceEvent } from '../../harness/model/evidence.js';
import { CLIP_FIRST, frameNumber, syntheticFrame, syntheticFrameSha256 } from '../../harness/formats/video/synthetic-frame.js';

const PYTHON = process.env.LABCHECK_TEST_PYTHON ?? '/usr/bin/python3';

function has(module: string): boolean {
  try {
    execFileSync(PYTHON, ['-c', `import ${module}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const hasNumpy = has('numpy');
const hasOpenCv = hasNumpy && has('cv2');

/** A folder whose cv2.py raises ImportError: put first on PYTHONPATH, it hides the installed OpenCV. */
function hiddenCv2Dir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'labcheck-hide-cv2-'));
  writeFileSync(path.join(dir, 'cv2.py'), 'raise ImportError("hidden by the test")\n');
  return dir;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  devices: DeviceEvent[];
}

function runPython(source: string, devices: object, options: { hideCv2?: boolean; cwd?: string; whileRunning?: (devices: DeviceEvent[]) => void } = {}): Promise<Run> {
  const cwd = options.cwd ?? mkdtempSync(path.join(tmpdir(), 'labcheck-devices-'));
  writeFileSync(path.join(cwd, 'main.py'), source);
  const pythonPath = [shimDir, ...(options.hideCv2 ? [hiddenCv2Dir()] : [])].join(path.delimiter);
  const env = { PATH: process.env.PATH ?? '', PYTHONPATH: pythonPath, LABCHECK_EVENTS_FD: '3', LABCHECK_DEVICES: JSON.stringify(devices), PYTHONDONTWRITEBYTECODE: '1' };
  const child = spawn(PYTHON, ['main.py'], { cwd, env, stdio: ['ignore', 'pipe', 'pipe', 'pipe'] });
  const run: Run = { code: null, stdout: '', stderr: '', devices: [] };
  const splitter = new LineSplitter();
  (child.stdio[3] as Readable).on('data', (chunk: Buffer) => {
    for (const line of splitter.push(chunk.toString('utf8'))) {
      const event = parseShimLine(line);
      if (event?.type === 'device') run.devices.push(event.event);
    }
    options.whileRunning?.(run.devices);
  });
  child.stdout!.on('data', (c: Buffer) => (run.stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (run.stderr += c.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ ...run, code })));
}

const shown = (run: Run) => run.devices.filter((e) => e.device === 'display' && e.op === 'show');

describe.skipIf(!hasNumpy)('device stand-ins (numpy present)', () => {
  test('the Python and TypeScript camera frames are the same bytes', async () => {
    const ks = [0, 1, 2, 36, 37, 255, 256, CLIP_FIRST, 2 ** 40 + 5];
    const run = await runPython(`import labcheck_frames, hashlib\nfor k in ${JSON.stringify(ks)}:\n    print(hashlib.sha256(labcheck_frames.frame(k).tobytes()).hexdigest())\n`, {}, { hideCv2: true });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim().split('\n')).toEqual(ks.map((k) => syntheticFrameSha256(k)));
    const frame = syntheticFrame(3);
    expect(frameNumber(frame)).toBe(3);
    // value[y, x, c] = (x + 2*y + 85*c + 7*k) % 256 outside the first 8 bytes
    const at = (y: number, x: number, c: number) => frame[(y * 640 + x) * 3 + c];
    expect(at(1, 5, 1)).toBe((5 + 2 + 85 + 21) % 256);
    expect(at(479, 639, 2)).toBe((639 + 958 + 170 + 21) % 256);
  });

  for (const hideCv2 of hasOpenCv ? [false, true] : [true]) {
    const which = hideCv2 ? 'minimal cv2 (OpenCV hidden)' : 'real OpenCV with the device functions replaced';
    test(`${which}: camera, display, waitKey, clip, writer`, async () => {
      const source = `
import cv2, imutils, sys
print("real" if hasattr(cv2, "GaussianBlur") else "minimal")
cap = cv2.VideoCapture(0)
n = 0
while cap.isOpened():
    ok, frame = cap.read()
    frame = imutils.resize(frame, width=640)
    cv2.imshow("w", frame)
    n += 1
    if cv2.waitKey(1) & 0xFF == ord("q"):
        break
print("shown", n)
clip = cv2.VideoCapture("clip.mp4")
got = []
while True:
    ok, frame = clip.read()
    if not ok:
        break
    got.append(int.from_bytes(frame.tobytes()[:8], "big"))
print("clip", got)
print("other file", cv2.VideoCapture("other.mp4").isOpened())
w = cv2.VideoWriter("out.avi", cv2.VideoWriter_fourcc(*"XVID"), 20.0, (640, 480))
w.write(cv2.VideoCapture(0).read()[1])
w.release()
small = imutils.resize(cv2.VideoCapture(0).read()[1], width=320)
print("small", small.shape)
cv2.destroyAllWindows()
`;
      const run = await runPython(source, { camera: { fps: 0 }, clip: { file: 'clip.mp4', frames: 3 }, quitAfterShown: 5 }, { hideCv2 });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const lines = run.stdout.trim().split('\n');
      expect(lines[0]).toBe(hideCv2 ? 'minimal' : 'real');
      expect(lines.slice(1)).toEqual(['shown 5', `clip [${CLIP_FIRST}, ${CLIP_FIRST + 1}, ${CLIP_FIRST + 2}]`, 'other file False', 'small (240, 320, 3)']);
      expect(shown(run).map((e) => [e.window, e.k, e.sha256, e.shape, e.dtype])).toEqual(
        [0, 1, 2, 3, 4].map((k) => ['w', k, syntheticFrameSha256(k), [480, 640, 3], 'uint8']),
      );
      expect(run.devices.filter((e) => e.device === 'display' && e.op === 'key')).toHaveLength(1);
      const written = run.devices.filter((e) => e.device === 'writer' && e.op === 'write');
      expect(written.map((e) => [e.file, e.n, e.sha256])).toEqual([['out.avi', 1, syntheticFrameSha256(0)]]);
      const reads = run.devices.filter((e) => e.device === 'camera' && e.op === 'read');
      expect(reads.slice(0, 5).map((e) => e.k)).toEqual([0, 1, 2, 3, 4]);
    });
  }

  test('quitAfterShown counts the frames shown in one window (a program may show each in two)', async () => {
    const source = 'import cv2\ncap = cv2.VideoCapture(0)\nn = 0\nwhile True:\n    ok, f = cap.read()\n    cv2.imshow("big", f)\n    cv2.imshow("small", f[::2, ::2])\n    n += 1\n    if cv2.waitKey(1) == ord("q"):\n        break\nprint(n)\n';
    const run = await runPython(source, { camera: { fps: 0 }, quitAfterShown: 3 }, { hideCv2: !hasOpenCv });
    expect(run.stdout.trim()).toBe('3');
    expect(shown(run).map((e) => e.window)).toEqual(['big', 'small', 'big', 'small', 'big', 'small']);
  });

  test('imshow of None raises as OpenCV does, and is recorded', async () => {
    const run = await runPython('import cv2\ntry:\n    cv2.imshow("w", None)\nexcept cv2.error as e:\n    print("error", "size.width>0" in str(e))\n', {}, { hideCv2: !hasOpenCv });
    expect(run.stdout.trim()).toBe('error True');
    expect(run.devices.map((e) => e.op)).toEqual(['show-error']);
  });

  test('waitKey(0) waits until the harness makes the quit file; the camera paces reads at fps', async () => {
    const cwd = mkdtempSync(path.join(tmpdir(), 'labcheck-devices-'));
    mkdirSync(path.join(cwd, 'flags'));
    const quitFile = path.join(cwd, 'flags', 'quit');
    const source = 'import cv2, time\ncap = cv2.VideoCapture(0)\nt = time.monotonic()\nfor _ in range(6):\n    ok, f = cap.read()\nprint("paced", round(time.monotonic() - t, 1))\ncv2.imshow("w", f)\nprint("key", cv2.waitKey(0))\n';
    let made = false;
    const run = await runPython(source, { camera: { fps: 10 }, quitFile }, {
      cwd,
      hideCv2: !hasOpenCv,
      whileRunning: (devices) => {
        if (!made && devices.some((e) => e.op === 'show')) {
          made = true;
          writeFileSync(quitFile, 'q\n');
        }
      },
    });
    expect(run.stderr).toBe('');
    // 6 reads at 10 frames per second: the first at once, the sixth 0.5 s later
    expect(run.stdout).toContain('paced 0.5');
    expect(run.stdout).toContain(`key ${'q'.charCodeAt(0)}`);
  });
});
