// The audio-tcp checks on synthetic evidence: streams-wav reads the recorded stream as the course's
// 'Q'-length + pickle messages however TCP cut it, plays-audio compares the stand-in's file.
import { describe, expect, test } from 'vitest';
import { playsAudio, streamsWav } from '../../harness/checks/audio-stream.js';
import { makeTestWav, WavSpec } from '../../harness/formats/audio/wav.js';
import { chunkMessage } from '../../harness/formats/audio/pickled-chunks.js';
import { seededRandom } from '../../harness/engine/random.js';
import { encodePickle, tuple } from '../../harness/formats/pickle/index.js';
import { sha256 } from '../../harness/files/test-file.js';
import { AUDIO_OUT_FILE } from '../../harness/formats/audio/audio-device.js';
import { evidence } from './evidence-builder.js';

const { wav, frames } = makeTestWav(WavSpec.parse({ id: 'w1', seconds: 0.25 }), seededRandom(3, 'audio'));
const CHUNK = 4096; // 1024 frames of 16-bit stereo
const chunks: Buffer[] = [];
for (let at = 0; at < frames.length; at += CHUNK) chunks.push(frames.subarray(at, at + CHUNK));

/** The recorded stream, cut into TCP reads of `cut` bytes. */
function reads(stream: Buffer, cut: number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < stream.length; at += cut) out.push(stream.subarray(at, at + cut));
  return out;
}

function streamEvidence(stream: Buffer, cut = 1460) {
  return evidence()
    .fact('wav.w1', wav)
    .conn('c1', (c) => reads(stream, cut).forEach((r) => c.received(r)))
    .build();
}
const judgeStream = (stream: Buffer, cut?: number) => streamsWav.run(streamEvidence(stream, cut), { conn: 'c1', wav: 'wav.w1' });

describe('streams-wav', () => {
  test("passes the seed's stream: every chunk, then empty chunks and an unfinished message, in reads of any size", () => {
    const seedStream = Buffer.concat([...chunks.map(chunkMessage), ...Array.from({ length: 40 }, () => chunkMessage(Buffer.alloc(0))), chunkMessage(Buffer.alloc(0)).subarray(0, 5)]);
    for (const cut of [1, 7, 1460, 65536]) expect(judgeStream(seedStream, cut).passed, `reads of ${cut}`).toBe(true);
    expect(judgeStream(seedStream).details?.[0]).toContain('40 empty');
  });
  test('a missing chunk names the offset and the chunk whose bytes came instead', () => {
    const v = judgeStream(Buffer.concat(chunks.filter((_, i) => i !== 2).map(chunkMessage)));
    expect(v.passed).toBe(false);
    expect(v.details?.join('\n')).toContain(`first difference at offset ${2 * CHUNK}`);
    expect(v.details?.join('\n')).toContain('chunk #3 (chunks of 4096 bytes); the bytes there are those of chunk #4');
  });
  test('raw frame bytes without pickle are not the format', () => {
    const raw = Buffer.concat(chunks.map((c) => Buffer.concat([Buffer.from(new BigUint64Array([BigInt(c.length)]).buffer), c])));
    const v = judgeStream(raw);
    expect(v.passed).toBe(false);
    expect(v.actual).toContain('the message at offset 0 (length 4096) is not a pickle');
  });
  test('a 4-byte length ("I") is not a length', () => {
    const msg = (c: Buffer) => {
      const p = encodePickle(c);
      const n = Buffer.alloc(4);
      n.writeUInt32LE(p.length);
      return Buffer.concat([n, p]);
    };
    const v = judgeStream(Buffer.concat(chunks.map(msg)));
    expect(v.passed).toBe(false);
    expect(v.actual).toContain('the 8-byte length at offset 0 reads');
  });
  test('a pickle of something else than bytes is named', () => {
    const p = encodePickle(tuple(1n, chunks[0]!));
    const n = Buffer.alloc(8);
    n.writeBigUInt64LE(BigInt(p.length));
    expect(judgeStream(Buffer.concat([n, p])).actual).toContain('unpickles to a tuple, not bytes');
  });
  test('a stream that stops early, or adds bytes, fails', () => {
    expect(judgeStream(Buffer.concat(chunks.slice(0, 3).map(chunkMessage))).actual).toContain(`got ${3 * CHUNK} bytes, expected ${frames.length}`);
    expect(judgeStream(Buffer.concat([...chunks, Buffer.from('extra')].map(chunkMessage))).details?.[0]).toContain('5 extra bytes');
  });
  test("a program that died before sending shows its exception and line", () => {
    const e = evidence()
      .fact('wav.w1', wav)
      .conn('c1', (c) => c.connectFailed('ECONNREFUSED'))
      .program('program', (p) =>
        p
          .socketCall({ call: 'listen', kind: 'tcp' })
          .socketCall({ call: 'exception', error: "NameError: name 'host_ip' is not defined" })
          .stderr(
            'Traceback (most recent call last):\n  File "/tmp/scratch/audio_server.py", line 33, in <module>\n    audio_stream()\n  File "/tmp/scratch/audio_server.py", line 15, in audio_stream\n    print(\'server listening at\',(host_ip, (port-1)))\n                                ^^^^^^^\nNameError: name \'host_ip\' is not defined\n',
          )
          .exit(1),
      )
      .build();
    const v = streamsWav.run(e, { conn: 'c1', wav: 'wav.w1' });
    expect(v.passed).toBe(false);
    expect(v.actual).toBe("the program raised NameError: name 'host_ip' is not defined (audio_server.py, line 15, in audio_stream: print('server listening at',(host_ip, (port-1)))), before it sent any audio");
    expect(v.details?.[0]).toContain('ECONNREFUSED');
  });
});

const file = (bytes: Buffer) => ({ path: AUDIO_OUT_FILE, size: bytes.length, sha256: sha256(bytes), data: bytes });
function playedEvidence(writes: Buffer[]) {
  return evidence()
    .fact('server.wav.w1', wav)
    .program('program', (p) => {
      for (const w of writes) p.device('audio-out', 'write', { bytes: w.length, sha256: sha256(w) });
      if (writes.length) p.record.files = [file(Buffer.concat(writes))];
    })
    .build();
}
const judgePlayed = (writes: Buffer[]) => playsAudio.run(playedEvidence(writes), { wav: 'server.wav.w1', program: 'program' });

describe('plays-audio', () => {
  test('passes when every chunk was written in order, whatever the write sizes', () => {
    expect(judgePlayed(chunks).passed).toBe(true);
    expect(judgePlayed([frames.subarray(0, 10), frames.subarray(10)]).passed).toBe(true);
    expect(judgePlayed(chunks).details?.[0]).toContain(`${chunks.length} writes to the audio device`);
  });
  test('every other chunk: the first difference and whose bytes came instead', () => {
    const v = judgePlayed(chunks.filter((_, i) => i % 2 === 1));
    expect(v.passed).toBe(false);
    expect(v.details?.join('\n')).toContain('offset 0 is in chunk #1 (chunks of 4096 bytes); the bytes there are those of chunk #2');
  });
  test('chunks out of order fail', () => {
    expect(judgePlayed([chunks[1]!, chunks[0]!, ...chunks.slice(2)]).passed).toBe(false);
  });
  test('a client that crashed before playing shows its exception first', () => {
    const e = evidence()
      .fact('server.wav.w1', wav)
      .program('program', (p) => p.socketCall({ call: 'exception', error: 'ModuleNotFoundError: No module named \'pyaudio\'' }).stderr('Traceback (most recent call last):\n  File "/tmp/s/audio_client.py", line 4, in <module>\n    import threading, wave, pyaudio, pickle,struct\nModuleNotFoundError: No module named \'pyaudio\'\n').exit(1))
      .build();
    const v = playsAudio.run(e, { wav: 'server.wav.w1', program: 'program' });
    expect(v.actual).toBe("the program raised ModuleNotFoundError: No module named 'pyaudio' (audio_client.py, line 4, in <module>: import threading, wave, pyaudio, pickle,struct), before it played any audio");
  });
  test('nothing played fails and says so', () => {
    const v = judgePlayed([]);
    expect(v.passed).toBe(false);
    expect(v.actual).toContain('nothing was written to an audio output stream');
  });
});
