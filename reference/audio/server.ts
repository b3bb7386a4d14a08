// Reference audio server (audio_server.py done right): for each client, sends the WAV's frames as
// pickled chunks of 1024 frames with 8-byte 'Q' lengths, in several TCP segmentations, then
// closes. In a scenario it makes the seeded WAV (`wav`, recorded as the fact `<peer>.wav.<id>`);
// standalone it sends dongyang.wav from the working folder like the seed (a seeded one if missing).
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { WavSpec, makeTestWav, readWavFile, wavFact } from '../../harness/formats/audio/wav.js';
import type { PeerContext, ReferencePeer, RunningPeer } from '../peer.js';
import { serveTcp } from '../tcp-server.js';
import { CHUNK_FRAMES, audioChunks, sendAudioStream } from './audio-stream.js';

const ServerOptions = z
  .object({
    /** The seeded WAV to send (scenarios); without it, dongyang.wav from the working folder. */
    wav: WavSpec.optional(),
    chunkFrames: z.number().int().positive().default(CHUNK_FRAMES),
  })
  .strict();
type ServerOptions = z.infer<typeof ServerOptions>;

async function audioToSend(ctx: PeerContext, options: ServerOptions): Promise<{ frames: Buffer; frameBytes: number }> {
  if (options.wav) {
    const { wav, frames } = makeTestWav(options.wav, ctx.random);
    ctx.fact(wavFact(wav.id), wav);
    return { frames, frameBytes: wav.channels * wav.sampleWidth };
  }
  try {
    const w = readWavFile(await readFile('dongyang.wav'));
    ctx.log(`sending dongyang.wav: ${w.channels} channels, ${w.rate} Hz, ${8 * w.sampleWidth}-bit, ${w.frames.length} bytes`);
    return { frames: w.frames, frameBytes: w.channels * w.sampleWidth };
  } catch (err) {
    ctx.log(`no usable dongyang.wav here (${(err as Error).message}): sending a made-up 1.5 s tone`);
    const { frames } = makeTestWav(WavSpec.parse({ id: 'w1' }), ctx.random);
    return { frames, frameBytes: 4 };
  }
}

export const audioServer: ReferencePeer<ServerOptions> = {
  id: 'audio-tcp:server',
  summary: 'sends the WAV as pickled 1024-frame chunks with 8-byte "Q" lengths, then closes',
  port: 'audio',
  options: ServerOptions,
  start(ctx, options) {
    const audio = audioToSend(ctx, options);
    const standalone = !options.wav;
    let finish: () => void = () => {};
    const standaloneDone = new Promise<void>((r) => (finish = r));
    const server = serveTcp(ctx, 'reference audio-tcp:server', (conn) => {
      void (async () => {
        const { frames, frameBytes } = await audio;
        const chunks = audioChunks(frames, options.chunkFrames * frameBytes);
        await sendAudioStream(conn, chunks, ctx.awaitProgramReceived?.bind(ctx));
        ctx.log(`sent ${chunks.length} chunks (${frames.length} bytes), closing`);
        conn.closeGraceful();
      })()
        .catch((err: Error) => {
          ctx.log(`error: ${err.message}`);
          conn.destroy();
        })
        .finally(() => standalone && finish());
    });
    if (!standalone) return server;
    // Standalone, like the seed: one client, then it ends.
    const done = standaloneDone.then(() => new Promise<void>((r) => setTimeout(r, 200))).then(() => server.stop());
    return { ready: server.ready, done, stop: server.stop } satisfies RunningPeer;
  },
};
