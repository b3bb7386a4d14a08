// Checks of the audio lab (audio-tcp). The WAV is the harness's (the fact `wav.<id>`), its frames
// regenerated from the fact's key; the stream format is harness/formats/audio/pickled-chunks.ts.
//   streams-wav: what the program (audio_server.py) sent unpickles to chunks whose concatenation is
//                the WAV's frame data. Empty chunks after the end (the seed sends b'' forever) are
//                fine; the chunk size is not judged.
//   plays-audio: the bytes the program (audio_client.py) wrote to the audio device (the pyaudio
//                stand-in's file) are the chunks the reference server sent, in order. The exit
//                status is not judged: the seed ends with os._exit(1) once the server closes.
import path from 'node:path';
import { z } from 'zod';
import { AUDIO_OUT_FILE } from '../formats/audio/audio-device.js';
import { describeChunkSizes, hex, readChunkStream } from '../formats/audio/pickled-chunks.js';
import { testWavFact, wavFrames, type TestWav } from '../formats/audio/wav.js';
import { describeDifference, firstDifference } from '../files/compare.js';
import type { Evidence } from '../model/evidence.js';
import { defineCheck, fail, pass } from './check.js';
import { chunks, connection, notConnected, program } from './queries.js';
import { programCrash } from './program-crash.js';

/** The seed's CHUNK (frames per readframes call), which the reference server sends too. */
const CHUNK_FRAMES = 1024;
const wavArg = z.string().describe('the fact of the WAV: wav.<id>, or <peer>.wav.<id>');

const describeWav = (w: TestWav) => `${w.size} bytes of frames (${w.frames} frames, ${w.channels} channels, ${8 * w.sampleWidth}-bit, ${w.rate} Hz)`;

/** "offset 4096 is in chunk #2 of 4096 bytes; the bytes there are those of chunk #3" */
function whereInChunks(expected: Buffer, actual: Buffer, at: number, chunkBytes: number): string {
  const index = Math.floor(at / chunkBytes);
  const line = `offset ${at} is in chunk #${index + 1} (chunks of ${chunkBytes} bytes)`;
  const start = index * chunkBytes;
  const probe = actual.subarray(start, start + 16);
  if (probe.length === 16 && !probe.equals(expected.subarray(start, start + 16))) {
    for (let j = 0; j * chunkBytes < expected.length; j++) {
      if (probe.equals(expected.subarray(j * chunkBytes, j * chunkBytes + 16))) return `${line}; the bytes there are those of chunk #${j + 1}`;
    }
  }
  return line;
}

export const streamsWav = defineCheck({
  name: 'streams-wav',
  summary: "the pickled chunks ('Q' length + pickle of bytes) concatenate to the WAV's frame data",
  args: z.object({ conn: z.string(), wav: wavArg }).strict(),
  requirement: () => "the unpickled chunks, joined, are the WAV's frames (8-byte 'Q' length, then pickle.dumps of the frames read)",
  run(e, args) {
    const wav = testWavFact(e.facts, args.wav);
    if (!wav) return fail('a WAV', `the run stopped before ${args.wav} was made`);
    const expectedText = `${describeWav(wav)} as pickled chunks`;
    const c = connection(e, args.conn);
    const why = notConnected(e, args.conn);
    // A program that died first (the seed's NameError): its error leads, the connection's fate follows.
    const crash = programCrash(program(e));
    const nothing = (what: string) => (crash ? fail(expectedText, `${crash}, before it sent any audio`, [what]) : fail(expectedText, what));
    if (!c || why) return nothing(why ?? 'no connection');
    const reads = chunks(c, 'from-program').map((k) => k.data);
    const received = reads.reduce((n, r) => n + r.length, 0);
    if (received === 0) return nothing('it sent nothing on the connection');
    const stream = readChunkStream(reads);
    const audio = Buffer.concat(stream.chunks.map((k) => k.data));
    const expected = wavFrames(wav);
    const sizes = `chunks seen: ${describeChunkSizes(stream.chunks)}`;
    if (audio.equals(expected)) return pass([`${wav.size} bytes of frames, ${sizes}`]);
    const at = firstDifference(expected, audio);
    if (stream.problem && at === audio.length && audio.length < expected.length) {
      const before = audio.length ? `after ${audio.length} bytes of frames ` : '';
      return fail(expectedText, `${before}the stream is not the course's format: ${stream.problem}`, [sizes, `first bytes received: ${hex(Buffer.concat(reads).subarray(0, 24))}`]);
    }
    const difference = describeDifference(expected, audio);
    const details = [...difference.slice(1), whereInChunks(expected, audio, at, CHUNK_FRAMES * wav.channels * wav.sampleWidth), sizes];
    if (stream.problem) details.push(`then: ${stream.problem}`);
    return fail(expectedText, `the unpickled chunks joined: ${difference[0]!.replace('received', 'got')}`, details);
  },
});

export const playsAudio = defineCheck({
  name: 'plays-audio',
  summary: 'the bytes written to the audio output stream (pyaudio stand-in) are the chunks sent, in order',
  args: z.object({ wav: wavArg, program: z.string().default('program') }).strict(),
  requirement: () => 'the bytes written to the audio device are the chunks the server sent, in order',
  run(e, args) {
    const wav = testWavFact(e.facts, args.wav);
    if (!wav) return fail('a WAV', `the run stopped before ${args.wav} was made`);
    const expectedText = `${describeWav(wav)} written to the audio device, in order`;
    const played = playedAudio(e, args.program);
    const crash = programCrash(program(e, args.program));
    const nothingPlayed = 'nothing was written to an audio output stream (pyaudio: open(output=True), then stream.write)';
    if (!played) return crash ? fail(expectedText, `${crash}, before it played any audio`, [nothingPlayed]) : fail(expectedText, nothingPlayed);
    if (!played.data) return fail(expectedText, `${played.size} bytes were written to the audio device: too many to compare`);
    const expected = wavFrames(wav);
    const writes = audioWrites(e, args.program);
    if (played.data.equals(expected)) return pass([`${wav.size} bytes, every chunk in order${writes ? `; ${writes}` : ''}`]);
    const at = firstDifference(expected, played.data);
    const difference = describeDifference(expected, played.data);
    return fail(expectedText, `the audio device got ${difference[0]!.replace('received ', '')}`, [
      ...difference.slice(1),
      whereInChunks(expected, played.data, at, CHUNK_FRAMES * wav.channels * wav.sampleWidth),
      ...(writes ? [writes] : []),
    ]);
  },
});

/** "65 writes to the audio device (64 × 4096 B, 1 × 2456 B)", from the stand-in's events (none when untraced). */
function audioWrites(e: Evidence, name: string): string | undefined {
  const sizes = (program(e, name)?.devices ?? []).filter((d) => d.device === 'audio-out' && d.op === 'write').map((d) => d.bytes ?? 0);
  if (sizes.length === 0) return undefined;
  const runs: { size: number; count: number }[] = [];
  for (const size of sizes) {
    const last = runs.at(-1);
    if (last?.size === size) last.count++;
    else runs.push({ size, count: 1 });
  }
  const shown = runs.slice(0, 6).map((r) => `${r.count} × ${r.size} B`).join(', ');
  return `${sizes.length} writes to the audio device (${shown}${runs.length > 6 ? ', …' : ''})`;
}

/** What the program wrote to the audio device: the pyaudio stand-in's file in its folder. */
function playedAudio(e: Evidence, name: string): { size: number; data?: Buffer } | undefined {
  const files = program(e, name)?.files ?? [];
  return files.find((f) => path.posix.basename(f.path) === AUDIO_OUT_FILE);
}
