// The video-tcp lab's checks on synthetic evidence: video-frames-sent (the stream the reference
// client received from the server) and video-frames-shown (what the client's display showed),
// plus the frame stream format and the reference server's segmentation plan they rest on.
import { describe, expect, test } from 'vitest';
import { videoFramesSent, videoFramesShown } from '../../harness/checks/video-frames.js';
import { decodeFrame, frameMessage, splitMessages } from '../../harness/formats/video/frame-stream.js';
import { FRAME_SHAPE, syntheticFrame, syntheticFrameSha256 } from '../../harness/formats/video/synthetic-frame.js';
import { encodePickle } from '../../harness/formats/pickle/index.js';
import { segmentStream } from '../../reference/video/segmentation.js';
import { evidence } from './evidence-builder.js';

const message = (k: number) => frameMessage(syntheticFrame(k), FRAME_SHAPE);
const bigEndian = (m: Buffer) => {
  const out = Buffer.from(m);
  out.writeBigUInt64BE(m.readBigUInt64LE(0), 0);
  return out;
};

/** The stream the reference client received, in chunks of 64 KiB as TCP might deliver it. */
function sentEvidence(stream: Buffer, closed = true) {
  return evidence()
    .peerConn('client', (c) => {
      for (let at = 0; at < stream.length; at += 65536) c.received(stream.subarray(at, at + 65536));
      if (closed) c.programClosed();
    }, 'video-tcp:client')
    .build();
}

describe('frame stream format', () => {
  test("a message is the 8-byte little-endian length + the pickle, split back whole", () => {
    const m = message(4);
    expect(m.readBigUInt64LE(0)).toBe(BigInt(m.length - 8));
    const split = splitMessages(Buffer.concat([m, message(5), m.subarray(0, 100)]));
    expect(split.messages).toHaveLength(2);
    expect(split.restOffset).toBe(2 * m.length);
    const frame = decodeFrame(split.messages[1]!.payload);
    expect('data' in frame && frame.data.equals(syntheticFrame(5))).toBe(true);
  });

  test('a big-endian length is named as such', () => {
    const split = splitMessages(bigEndian(message(0)));
    expect(split.messages).toHaveLength(0);
    expect(split.stopped?.why).toContain(`read as big-endian it is ${message(0).length - 8}`);
  });

  test('a pickle of something else than a uint8 ndarray is refused with what it holds', () => {
    expect(decodeFrame(encodePickle(Buffer.from('frame')))).toEqual({ error: 'not a pickled uint8 ndarray: the pickle holds bytes (5 bytes)' });
    expect('error' in decodeFrame(Buffer.from('not a pickle'))).toBe(true);
  });
});

describe('video-frames-sent', () => {
  const args = { peer: 'client', frames: 3 };

  test('three camera frames in order pass, however the stream was chunked', () => {
    const verdict = videoFramesSent.run(sentEvidence(Buffer.concat([message(0), message(1), message(2), message(3).subarray(0, 10)])), args);
    expect(verdict.passed).toBe(true);
    expect(verdict.details).toHaveLength(3);
  });

  test('a server that skips the first camera frame passes; one that repeats a frame fails', () => {
    expect(videoFramesSent.run(sentEvidence(Buffer.concat([message(1), message(2), message(4)])), args).passed).toBe(true);
    const repeated = videoFramesSent.run(sentEvidence(Buffer.concat([message(0), message(1), message(1)])), args);
    expect(repeated.passed).toBe(false);
    expect(repeated.actual).toContain('camera frame 1 after camera frame 1');
  });

  test('a frame of another width fails with its shape', () => {
    const narrow = frameMessage(syntheticFrame(0).subarray(0, 360 * 480 * 3), [360, 480, 3]);
    const verdict = videoFramesSent.run(sentEvidence(narrow), args);
    expect(verdict.actual).toBe(`message 1 (at byte 0, ${narrow.length - 8}-byte payload): a uint8 ndarray of shape (360, 480, 3), 480 wide instead of 640, not the camera's (480, 640, 3)`);
  });

  test('a changed pixel fails, naming the byte', () => {
    const frame = syntheticFrame(1);
    frame[5000] = (frame[5000]! + 1) & 255;
    const verdict = videoFramesSent.run(sentEvidence(Buffer.concat([message(0), frameMessage(frame, FRAME_SHAPE)])), args);
    expect(verdict.actual).toContain('differs from camera frame 1 from byte 5000 on');
  });

  test('a big-endian length fails and says so; fewer frames than waited for fail', () => {
    const be = videoFramesSent.run(sentEvidence(Buffer.concat([message(0), bigEndian(message(1))])), args);
    expect(be.passed).toBe(false);
    expect(be.actual).toMatch(/^1 whole message, then at byte \d+: length field .* read as big-endian/);
    const short = videoFramesSent.run(sentEvidence(Buffer.concat([message(0), message(1).subarray(0, 500)])), args);
    expect(short.actual).toBe('1 whole message, then 500 bytes of an unfinished message, then the server closed the connection');
  });

  test('nothing received fails', () => {
    expect(videoFramesSent.run(sentEvidence(Buffer.alloc(0)), args).actual).toBe('the client received nothing (the server closed the connection)');
  });
});

describe('video-frames-shown', () => {
  const args = { program: 'program', peer: 'server', frames: 3 };
  const show = (k: number) => ({ window: 'Client Video', shape: [480, 640, 3], dtype: 'uint8', sha256: syntheticFrameSha256(k), k });

  test('the frames shown in order pass', () => {
    const e = evidence().program('program', (p) => p.device('display', 'show', show(0)).device('display', 'show', show(1)).device('display', 'show', show(2)).exit(0)).build();
    expect(videoFramesShown.run(e, args).passed).toBe(true);
  });

  test('a frame out of order fails naming it and how it was sent', () => {
    const e = evidence()
      .fact('server.segmentation', ['a', 'b', 'c'])
      .program('program', (p) => p.device('display', 'show', show(0)).device('display', 'show', show(2)).device('display', 'show', show(1)))
      .build();
    const verdict = videoFramesShown.run(e, args);
    expect(verdict.passed).toBe(false);
    expect(verdict.actual).toBe(`shown frame 2 (window "Client Video") is uint8 (480, 640, 3), sha256 ${syntheticFrameSha256(2).slice(0, 12)}, first 8 bytes name frame 2; expected camera frame 1, uint8 (480, 640, 3), sha256 ${syntheticFrameSha256(1).slice(0, 12)} (sent as b)`);
  });

  test('frames shown in two windows pass when one window shows them all in order', () => {
    const small = (k: number) => ({ ...show(k), window: 'small', shape: [240, 320, 3], sha256: 'f'.repeat(64) });
    const e = evidence()
      .program('program', (p) => {
        for (const k of [0, 1, 2]) p.device('display', 'show', small(k)).device('display', 'show', show(k));
      })
      .build();
    const verdict = videoFramesShown.run(e, args);
    expect(verdict.passed).toBe(true);
    expect(verdict.details?.[0]).toBe('frames were shown in 2 windows ("small", "Client Video"); judged: "Client Video"');
    const onlySmall = evidence().program('program', (p) => p.device('display', 'show', small(0)).device('display', 'show', small(1)).device('display', 'show', small(2))).build();
    expect(videoFramesShown.run(onlySmall, args).actual).toMatch(/^shown frame 1 \(window "small"\) is uint8 \(240, 320, 3\)/);
  });

  test('a client that crashed before showing all frames fails with its exit', () => {
    const e = evidence().program('program', (p) => p.device('display', 'show', show(0)).stderr('struct.error: unpack requires a buffer of 8 bytes\n').exit(1)).build();
    const verdict = videoFramesShown.run(e, args);
    expect(verdict.actual).toMatch(/^the client showed 1 of the 3 frames: frame 2 was never shown; exit code 1/);
  });

  test('an untraced program cannot be judged', () => {
    const e = evidence().program('program', (p) => p.exit(0), { traced: false }).build();
    expect(videoFramesShown.run(e, args).cannotJudge).toBe(true);
  });
});

describe('reference server segmentation', () => {
  test('the pieces rebuild the stream, with 1- and 7-byte pieces waited for and several frames in one write', () => {
    const messages = Array.from({ length: 12 }, (_, k) => Buffer.alloc(921_773, k));
    const plan = segmentStream(messages);
    expect(Buffer.concat(plan.pieces.map((p) => p.data)).equals(Buffer.concat(messages))).toBe(true);
    expect(plan.labels).toHaveLength(12);
    const sizes = plan.pieces.map((p) => p.data.length);
    expect(sizes.slice(0, 34)).toEqual([...Array(24).fill(1), ...Array(10).fill(7)]);
    expect(plan.pieces.slice(0, 34).every((p) => p.waitForRead)).toBe(true);
    expect(sizes).toContain(65536);
    expect(sizes).toContain(4096);
    expect(sizes).toContain(5); // the rest of a split length field
    expect(sizes).toContain(3 * 921_773); // frames 4 to 6 in one write
  });
});
