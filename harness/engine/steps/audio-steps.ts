// Steps of the audio lab (audio-tcp):
//   write-wav:     put the harness-made WAV into the program's folder before a sending server starts.
//   receive-audio: the harness is audio_client.py: connect to the program, read the pickled chunks.
// Each step: its zod schema, then its function.
import { z } from 'zod';
import { now } from '../../model/clock.js';
import { RecordedTcp } from '../../net/recorded-tcp.js';
import { WavSpec, makeTestWav, testWavFact, wavFact } from '../../formats/audio/wav.js';
import { describeChunkSizes } from '../../formats/audio/pickled-chunks.js';
import type { RunContext, StepOutcome } from '../context.js';
import { receiveAudioStream } from '../../../reference/audio/audio-stream.js';
import { waitFor } from '../../net/wait.js';

const name = z.string().regex(/^[a-z][a-z0-9-]*$/);

/** `write-wav: { id: w1, name: dongyang.wav, seconds: 1.5 }`: a seeded WAV, recorded as the fact `wav.<id>`. */
export const WriteWavStep = z.object({ 'write-wav': WavSpec }).strict();

export async function writeWav(ctx: RunContext, spec: WavSpec): Promise<StepOutcome> {
  const { wav, file } = makeTestWav(spec, ctx.random);
  await ctx.sandbox.scratch.place(wav.name, file);
  ctx.evidence.facts[wavFact(wav.id)] = wav;
  return { outcome: 'ok', note: `${wav.name}: ${wav.channels} channels, ${wav.rate} Hz, ${8 * wav.sampleWidth}-bit, ${wav.frames} frames (${wav.size} bytes)` };
}

/** `receive-audio: { conn: c1, wav: wav.w1 }`: connect to the program's TCP port and read the stream
 *  until the program closes, breaks the format, has sent all the WAV's bytes (then `graceMs` more
 *  for anything extra), or `timeoutMs` passed. Then reset: the seed never stops sending b''. */
export const ReceiveAudioStep = z
  .object({
    'receive-audio': z
      .object({
        conn: name,
        program: name.default('program'),
        /** The WAV the program sends (the fact `wav.<id>`). */
        wav: z.string(),
        graceMs: z.number().int().nonnegative().default(300),
        timeoutMs: z.number().int().positive().default(10000),
      })
      .strict(),
  })
  .strict();
type ReceiveAudioArgs = z.infer<typeof ReceiveAudioStep>['receive-audio'];

export async function receiveAudio(ctx: RunContext, args: ReceiveAudioArgs): Promise<StepOutcome> {
  const wav = testWavFact(ctx.evidence.facts, args.wav);
  if (!wav) throw new Error(`scenario error: no WAV fact ${args.wav}`);
  const port = ctx.boundPorts.get(args.program)?.tcp;
  if (port === undefined) throw new Error(`scenario error: program ${args.program} was not started with ready: tcp-listening`);
  const host = ctx.addressOf(args.program, 'tcp');
  const c = await RecordedTcp.connect(args.conn, host, port, ctx.ms(3000));
  if ('error' in c) {
    ctx.evidence.connections.push({ name: args.conn, transport: 'tcp', owner: 'driver', remote: `${host}:${port}`, events: [{ t: now(), kind: 'connect-failed', detail: c.error }], chunks: [] });
    // Refused right after it listened: it is most likely dying (the seed's NameError); let its exit be recorded.
    await ctx.programs.get(args.program)?.waitForExit(ctx.ms(1000));
    return { outcome: 'timeout', note: `could not connect to port ${port}: ${c.error}` };
  }
  ctx.conns.set(args.conn, c);
  ctx.evidence.connections.push(c.record);
  const { reader, why } = await receiveAudioStream(c, { expectedBytes: wav.size, graceMs: ctx.ms(args.graceMs), timeoutMs: ctx.ms(args.timeoutMs), maxTrailingEmpty: Number.POSITIVE_INFINITY });
  c.reset();
  return { outcome: 'ok', note: `${reader.total} of ${wav.size} bytes in ${describeChunkSizes(reader.chunks)}; stopped: ${why}` };
}

/** `await-playback: { wav: server.wav.w1 }`: until the program has written all the WAV's bytes to
 *  the audio device (the pyaudio stand-in's events), then `graceMs` for anything extra; or until it
 *  ended, or `timeoutMs` passed. Never fails: the checks judge what was played. */
export const AwaitPlaybackStep = z
  .object({
    'await-playback': z
      .object({
        program: name.default('program'),
        /** The WAV being played (the fact `wav.<id>` or `<peer>.wav.<id>`). */
        wav: z.string(),
        graceMs: z.number().int().nonnegative().default(300),
        timeoutMs: z.number().int().positive().default(10000),
      })
      .strict(),
  })
  .strict();
type AwaitPlaybackArgs = z.infer<typeof AwaitPlaybackStep>['await-playback'];

export async function awaitPlayback(ctx: RunContext, args: AwaitPlaybackArgs): Promise<StepOutcome> {
  const program = ctx.programs.get(args.program);
  if (!program) return { outcome: 'error', note: `scenario error: no program named ${args.program}` };
  const played = () => program.evidence.devices.filter((d) => d.device === 'audio-out' && d.op === 'write').reduce((n, d) => n + (d.bytes ?? 0), 0);
  const ended = () => program.hasExited;
  // Before the peer made it, the WAV's size is unknown: then only the program's end or the time ends the wait.
  const size = () => testWavFact(ctx.evidence.facts, args.wav)?.size ?? Number.POSITIVE_INFINITY;
  await waitFor(program.changes, 'change', () => ended() || played() >= size(), ctx.ms(args.timeoutMs));
  if (!ended() && played() >= size()) await waitFor(program.changes, 'change', ended, ctx.ms(args.graceMs));
  const why = ended() ? 'then the program ended' : played() >= size() ? 'all of it' : `after ${(ctx.ms(args.timeoutMs) / 1000).toFixed(1)} s (not required)`;
  return { outcome: 'ok', note: `${played()} bytes written to the audio device, ${why}` };
}
