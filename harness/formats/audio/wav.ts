// The harness-made WAV of the audio lab: 16-bit (or 8/24/32-bit) PCM whose samples come from the
// run's seed, so a failing run reruns identically. The signal is integer arithmetic only (a
// triangle wave per channel plus seeded noise), never Math.sin, so the same key gives the same
// bytes on every machine and Node version: a check regenerates the frames from the fact's key.
import { z } from 'zod';
import { fileBytes, sha256 } from '../../files/test-file.js';

/** A WAV as a scenario declares it: `{ id: w1, name: dongyang.wav, seconds: 1.5 }`. */
export const WavSpec = z
  .object({
    /** The name facts and checks use for it (`wav.<id>`). */
    id: z.string().regex(/^[a-z][a-z0-9-]*$/),
    name: z.string().min(1).refine((n) => !/[\\/]/.test(n), 'a bare file name, without folders').default('dongyang.wav'),
    seconds: z.number().positive().max(60).default(1.5),
    rate: z.number().int().positive().default(44100),
    channels: z.number().int().min(1).max(8).default(2),
    /** Bytes per sample (wave's sampwidth): 2 is 16-bit, what the seed client's get_format_from_width(2) plays. */
    sampleWidth: z.number().int().min(1).max(4).default(2),
  })
  .strict();
export type WavSpec = z.infer<typeof WavSpec>;

/** What the evidence keeps about a WAV (the fact `wav.<id>`, or `<peer>.wav.<id>`). */
export interface TestWav {
  id: string;
  name: string;
  rate: number;
  channels: number;
  sampleWidth: number;
  /** Number of frames (a frame = one sample per channel). */
  frames: number;
  /** Bytes of frame data (frames × channels × sampleWidth): what readframes() returns in all. */
  size: number;
  /** SHA-256 of the frame data. */
  sha256: string;
  /** 32 hex digits: the key the samples derive from. */
  key: string;
}

export const wavFact = (id: string): string => `wav.${id}`;

export function testWavFact(facts: Record<string, unknown>, key: string): TestWav | undefined {
  const w = facts[key] as TestWav | undefined;
  return w && typeof w.key === 'string' && typeof w.frames === 'number' ? w : undefined;
}

type Shape = Pick<TestWav, 'frames' | 'channels' | 'sampleWidth' | 'key'>;

/** The frame data (what wave's readframes returns, little-endian signed; 8-bit unsigned). */
export function wavFrames(w: Shape): Buffer {
  const { frames, channels, sampleWidth: width } = w;
  const noise = fileBytes(w.key, frames * channels);
  const seedBytes = Buffer.from(w.key, 'hex');
  const out = Buffer.alloc(frames * channels * width);
  const full = 2 ** (8 * width - 1) - 1;
  for (let c = 0; c < channels; c++) {
    // A triangle wave of a seeded period (40..295 frames: audible tones) at about a quarter of full scale.
    const period = 40 + seedBytes[c % seedBytes.length]!;
    const amplitude = Math.floor(full / 4);
    for (let i = 0; i < frames; i++) {
      const phase = (i + c * 7) % period;
      const tri = phase < period / 2 ? (4 * phase) / period - 1 : 3 - (4 * phase) / period; // -1..1
      const noiseValue = (noise[i * channels + c]! - 128) / 128; // -1..1
      const value = Math.round(amplitude * tri + (amplitude / 8) * noiseValue);
      const at = (i * channels + c) * width;
      if (width === 1) out[at] = value + 128;
      else out.writeIntLE(value, at, width);
    }
  }
  return out;
}

/** A whole .wav file (RIFF, PCM) holding these frames. */
export function wavFile(w: Pick<TestWav, 'rate' | 'channels' | 'sampleWidth'>, frames: Buffer): Buffer {
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + frames.length, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(w.channels, 22);
  header.writeUInt32LE(w.rate, 24);
  header.writeUInt32LE(w.rate * w.channels * w.sampleWidth, 28);
  header.writeUInt16LE(w.channels * w.sampleWidth, 32);
  header.writeUInt16LE(8 * w.sampleWidth, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(frames.length, 40);
  return Buffer.concat([header, frames]);
}

/** The PCM parameters and frame data of a .wav file (fmt and data chunks; other chunks skipped). */
export function readWavFile(data: Buffer): { rate: number; channels: number; sampleWidth: number; frames: Buffer } {
  if (data.toString('ascii', 0, 4) !== 'RIFF' || data.toString('ascii', 8, 12) !== 'WAVE') throw new Error('not a RIFF/WAVE file');
  let fmt: { rate: number; channels: number; sampleWidth: number } | undefined;
  for (let at = 12; at + 8 <= data.length; ) {
    const id = data.toString('ascii', at, at + 4);
    const size = data.readUInt32LE(at + 4);
    const body = data.subarray(at + 8, at + 8 + size);
    if (id === 'fmt ') fmt = { channels: body.readUInt16LE(2), rate: body.readUInt32LE(4), sampleWidth: body.readUInt16LE(14) / 8 };
    if (id === 'data') {
      if (!fmt) throw new Error('the data chunk comes before the fmt chunk');
      return { ...fmt, frames: body };
    }
    at += 8 + size + (size % 2);
  }
  throw new Error('no data chunk');
}

/** Draw a key from the run's random numbers and make the WAV. */
export function makeTestWav(spec: WavSpec, random: () => number): { wav: TestWav; frames: Buffer; file: Buffer } {
  let key = '';
  for (let i = 0; i < 4; i++) key += Math.floor(random() * 2 ** 32).toString(16).padStart(8, '0');
  const shape = { frames: Math.round(spec.seconds * spec.rate), channels: spec.channels, sampleWidth: spec.sampleWidth, key };
  const frames = wavFrames(shape);
  const wav: TestWav = { id: spec.id, name: spec.name, rate: spec.rate, ...shape, size: frames.length, sha256: sha256(frames) };
  return { wav, frames, file: wavFile(wav, frames) };
}
