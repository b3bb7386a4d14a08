// The video-udp checks on synthetic evidence: frames from the camera generator, cut and sent the
// way right and wrong programs do.
import { describe, expect, test } from 'vitest';
import { evidence } from './evidence-builder.js';
import { reassemblesFrames } from '../../harness/checks/video-udp.js';
import { sendsFrameChunks } from '../../harness/checks/video-udp-sender.js';
import { FRAME_BYTES, syntheticFrame } from '../../harness/formats/video/synthetic-frame.js';
import { chunkDatagram, chunkOrder, joinedInArrivalOrder, sha256 } from '../../reference/video/udp-video-protocol.js';
import type { SentVideoFrame } from '../../harness/engine/steps/send-video-udp-step.js';
import { seededRandom } from '../../harness/engine/random.js';

describe('camera frames', () => {
  test('frame k is the contract pattern with k in its first 8 bytes', () => {
    const f = syntheticFrame(5);
    expect(f.length).toBe(FRAME_BYTES);
    expect(f.readBigUInt64BE(0)).toBe(5n);
    // value[y, x, c] = (x + 2y + 85c + 7k) % 256 past the first 8 bytes: y=1, x=3, c=2
    expect(f[(1 * 640 + 3) * 3 + 2]).toBe((3 + 2 + 170 + 35) % 256);
    // numpy: ((x + 2*y + 85*c + 7*5) % 256).astype(uint8) with k=5 in the first 8 bytes, sha256
    expect(sha256(f)).toBe('2460955cf1ea48c86106731aba6a4d8d1610ae666737f8ec6eb53300119d250e');
  });

  test('a shuffled order keeps 19 last and has every index once', () => {
    const order = chunkOrder(true, seededRandom(1, 'x'));
    expect(order.at(-1)).toBe(19);
    expect([...order].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(order.slice(0, 19)).not.toEqual(Array.from({ length: 19 }, (_, i) => i));
  });
});

// ---------------------------------------------------------------------------------------------
// reassembles-frames (server)

function sentFrames(n: number): SentVideoFrame[] {
  const random = seededRandom(3, 'frames');
  return Array.from({ length: n }, (_, k) => {
    const frame = syntheticFrame(k);
    const order = chunkOrder(true, random);
    return { k, order, sha256: sha256(frame), arrivalSha256: sha256(joinedInArrivalOrder(frame, order)) };
  });
}

/** The program read `reads` datagrams and gave these hashes to the display and/or the writer. */
function receiver(sent: SentVideoFrame[], reads: number, shown: string[], written: string[], traced = true) {
  return evidence()
    .fact('video.frames', sent)
    .program(
      'program',
      (p) => {
        p.calls(reads, 'recvfrom', { kind: 'udp', size: 46081 });
        for (const sha256 of shown) p.device('display', 'show', { window: 'Server Frame', sha256, shape: [480, 640, 3], dtype: 'uint8' });
        for (const sha256 of written) p.device('writer', 'write', { file: 'output.mp4', sha256, shape: [480, 640, 3], dtype: 'uint8' });
        p.exit(0);
      },
      { traced },
    )
    .build();
}

describe('reassembles-frames', () => {
  const sent = sentFrames(3);
  const originals = sent.map((s) => s.sha256);
  const arrival = sent.map((s) => s.arrivalSha256);

  test('frames shown and written equal to those sent pass, all of them judged', () => {
    const v = reassemblesFrames.run(receiver(sent, 60, originals, originals), { program: 'program', fact: 'video' });
    expect(v.passed).toBe(true);
    expect(v.details?.[0]).toBe('judged: all 3 frames sent');
  });

  test('a receiver that joins chunks in arrival order fails at frame 0, naming the order', () => {
    const v = reassemblesFrames.run(receiver(sent, 60, arrival, arrival), { program: 'program', fact: 'video' });
    expect(v.passed).toBe(false);
    expect(v.actual).toContain('frame 0 shown has its chunks in arrival order');
    expect(v.actual).toContain(`sent in the order ${sent[0]!.order.join(', ')}`);
  });

  test('writing right but showing wrong fails on the display', () => {
    const v = reassemblesFrames.run(receiver(sent, 60, [originals[0]!, arrival[1]!, originals[2]!], originals), { program: 'program', fact: 'video' });
    expect(v.passed).toBe(false);
    expect(v.actual).toContain('frame 1 shown has its chunks in arrival order');
  });

  test('only frames whose 20 datagrams the program read are judged, and the details say which', () => {
    const v = reassemblesFrames.run(receiver(sent, 45, originals.slice(0, 2), []), { program: 'program', fact: 'video' });
    expect(v.passed).toBe(true);
    expect(v.details?.[0]).toBe('judged: frames 0..1, the 2 of 3 whose 20 datagrams the program read');
  });

  test('a frame missing from the display fails', () => {
    const v = reassemblesFrames.run(receiver(sent, 60, originals.slice(0, 2), []), { program: 'program', fact: 'video' });
    expect(v.passed).toBe(false);
    expect(v.actual).toContain('only 2 frames were shown');
  });

  test('frames out of order fail, naming which frame was shown instead', () => {
    const v = reassemblesFrames.run(receiver(sent, 60, [originals[1]!, originals[0]!, originals[2]!], []), { program: 'program', fact: 'video' });
    expect(v.actual).toContain('frame 0 shown is frame 1');
  });

  test('a frame per datagram (shown before chunk 19) fails', () => {
    const v = reassemblesFrames.run(receiver(sent, 60, [...originals, ...originals], []), { program: 'program', fact: 'video' });
    expect(v.passed).toBe(false);
    expect(v.actual).toContain('6 frames were shown');
  });

  test('nothing shown or written fails', () => {
    const v = reassemblesFrames.run(receiver(sent, 60, [], []), { program: 'program', fact: 'video' });
    expect(v.passed).toBe(false);
    expect(v.actual).toBe('no frame was shown or written');
  });

  test('a program outside the shim cannot be judged', () => {
    const v = reassemblesFrames.run(receiver(sent, 0, [], [], false), { program: 'program', fact: 'video' });
    expect(v.cannotJudge).toBe(true);
  });
});

// ---------------------------------------------------------------------------------------------
// sends-frame-chunks (client)

/** A datagram as a sender makes it. */
type Cut = (frame: Buffer) => Buffer[];
const course: Cut = (frame) => Array.from({ length: 20 }, (_, i) => chunkDatagram(frame, i));
const chunkSize =
  (size: number, first = 0): Cut =>
  (frame) => {
    const out: Buffer[] = [];
    for (let i = 0, at = 0; at < frame.length; i++, at += size) out.push(Buffer.concat([Buffer.from([i + first]), frame.subarray(at, at + size)]));
    return out;
  };
const twentyOf =
  (size: number): Cut =>
  (frame) =>
    Array.from({ length: 20 }, (_, i) => Buffer.concat([Buffer.from([i]), frame.subarray(i * size, (i + 1) * size)]));

/** A traced sender of camera frames `ks`, cut by `cut`; datagrams numbered in `lost` never reach the receiver. */
function sender(ks: number[], cut: Cut, lost: Set<number> = new Set(), traced = true) {
  const datagrams = ks.flatMap((k) => cut(syntheticFrame(k)));
  return evidence()
    .fact('receiver.recvBufferBytes', 8388608)
    .program(
      'program',
      (p) => {
        if (traced) for (const d of datagrams) p.socketCall({ call: 'sendto', kind: 'udp', size: d.length, head: d.subarray(0, 32).toString('hex'), addr: '127.0.0.1:9000' });
        p.exit(0);
      },
      { traced },
    )
    .peerConn('receiver', (c) => datagrams.forEach((d, i) => !lost.has(i) && c.received(d)), 'video-udp:server', { transport: 'udp' })
    .build();
}

const args = { peer: 'receiver', program: 'program', minFrames: 3 };

describe('sends-frame-chunks', () => {
  test("the course's sender passes", () => {
    const v = sendsFrameChunks.run(sender([0, 1, 2, 3], course), args);
    expect(v.passed).toBe(true);
    expect(v.details).toEqual(['judged: 4 of 4 frames, those that reached the receiver whole', 'frames k=0..3 from the camera, each 20 datagrams of 46081 bytes, indices 0..19']);
  });

  test('frames may start at any camera frame, but must follow each other', () => {
    expect(sendsFrameChunks.run(sender([2, 3, 4], course), args).passed).toBe(true);
    const skipped = sendsFrameChunks.run(sender([0, 1, 3], course), args);
    expect(skipped.passed).toBe(false);
    expect(skipped.actual).toBe("frame 2's first 8 bytes say k=3");
  });

  test('a chunk size of 46000 fails, naming the size', () => {
    const v = sendsFrameChunks.run(sender([0, 1, 2], twentyOf(46000)), args);
    expect(v.passed).toBe(false);
    expect(v.actual).toBe('frame 0: 20 datagrams, sizes 46001×20, indices 0..19: a datagram of 46001 bytes (46000-byte chunk) instead of 46081 (1 + 46080)');
  });

  test('range(0, len, 46000) makes 21 datagrams, the last one short', () => {
    const v = sendsFrameChunks.run(sender([0, 1, 2], chunkSize(46000)), args);
    expect(v.actual).toBe('frame 0: 21 datagrams, sizes 46001×20 + 1601, indices 0..20: 21 datagrams instead of 20; a datagram of 46001 bytes (46000-byte chunk) instead of 46081 (1 + 46080); index 20 unexpected');
  });

  test('indices from 1 fail, naming the unexpected and missing index', () => {
    const v = sendsFrameChunks.run(sender([0, 1, 2], chunkSize(46080, 1)), args);
    expect(v.actual).toBe('frame 0: 20 datagrams, sizes 46081×20, indices 1..20: index 20 unexpected; index 0 missing');
  });

  test('a datagram the kernel dropped leaves its frame unjudged, and the details say so', () => {
    const v = sendsFrameChunks.run(sender([0, 1, 2, 3], course, new Set([25])), args);
    expect(v.passed).toBe(true);
    expect(v.details?.[0]).toBe('judged: 3 of 4 frames, those that reached the receiver whole (1 lost a datagram in the kernel; receive buffer 8388608 bytes)');
  });

  test('too few whole frames cannot be judged, never failed', () => {
    const v = sendsFrameChunks.run(sender([0, 1, 2, 3], course, new Set([1, 21, 41])), args);
    expect(v.cannotJudge).toBe(true);
    expect(v.actual).toContain('1 of 4 frames arrived whole');
  });

  test('wrong bytes in a chunk fail, naming where', () => {
    const zeroed: Cut = (frame) => course(frame).map((d, i) => (i === 5 ? Buffer.concat([d.subarray(0, 1), Buffer.alloc(46080)]) : d));
    const v = sendsFrameChunks.run(sender([0, 1, 2], zeroed), args);
    expect(v.actual).toBe(`frame 0 differs from camera frame k=0 from byte ${5 * 46080} on (chunk 5)`);
  });

  test('an untraced sender is judged on the datagrams that arrived', () => {
    expect(sendsFrameChunks.run(sender([0, 1, 2], course, new Set(), false), args).passed).toBe(true);
  });

  test('datagrams that never reach the receiver fail', () => {
    const v = sendsFrameChunks.run(sender([0, 1, 2], course, new Set(Array.from({ length: 60 }, (_, i) => i))), args);
    expect(v.passed).toBe(false);
    expect(v.actual).toContain('none of the 60 datagrams reached it (sent to 127.0.0.1:9000)');
  });
});

describe('sends-frame-chunks, untraced', () => {
  test('a frame missing datagrams is not judged (it may be the kernel loss), the others are', () => {
    const v = sendsFrameChunks.run(sender([0, 1, 2, 3], course, new Set([30, 31]), false), args);
    expect(v.passed).toBe(true);
    expect(v.details?.[0]).toBe('judged: 3 of 4 frames, those that reached the receiver whole (1 lost datagrams (the program is not traced: lost in the kernel or never sent); receive buffer 8388608 bytes)');
  });

  test('a wrong size still fails', () => {
    expect(sendsFrameChunks.run(sender([0, 1, 2], twentyOf(46000), new Set(), false), args).passed).toBe(false);
  });
});
