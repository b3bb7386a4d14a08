import type { RunContext } from '../context.js';
import { randomHangul, randomInt, randomText, randomWord } from '../random.js';
import { encodePickle, tuple } from '../../formats/pickle/index.js';

export interface PayloadFields {
  text?: string | undefined;
  hex?: string | undefined;
  randomText?: number | undefined;
  pickle?: (number | string)[] | undefined;
  randomWord?: number | undefined;
  randomInt?: { min: number; max: number } | undefined;
  randomHangul?: number | undefined;
}

export function payloadBytes(ctx: RunContext, p: PayloadFields): Buffer {
  if (p.text !== undefined) return Buffer.from(p.text, 'utf8');
  if (p.hex !== undefined) return Buffer.from(p.hex, 'hex');
  if (p.pickle !== undefined) return encodePickle(tuple(...p.pickle.map((v) => (typeof v === 'number' ? BigInt(v) : v))));
  if (p.randomWord !== undefined) return Buffer.from(randomWord(ctx.random, p.randomWord), 'utf8');
  if (p.randomInt !== undefined) return Buffer.from(String(randomInt(ctx.random, p.randomInt.min, p.randomInt.max)), 'utf8');
  if (p.randomHangul !== undefined) return Buffer.from(randomHangul(ctx.random, p.randomHangul), 'utf8');
  return Buffer.from(randomText(ctx.random, p.randomText ?? 1), 'utf8');
}
