import type { RunContext } from '../context.js';
import { randomText } from '../random.js';
import { encodePickle, tuple } from '../../formats/pickle/index.js';

export interface PayloadFields {
  text?: string | undefined;
  hex?: string | undefined;
  randomText?: number | undefined;
  pickle?: (number | string)[] | undefined;
}

export function payloadBytes(ctx: RunContext, p: PayloadFields): Buffer {
  if (p.text !== undefined) return Buffer.from(p.text, 'utf8');
  if (p.hex !== undefined) return Buffer.from(p.hex, 'hex');
  if (p.pickle !== undefined) return encodePickle(tuple(...p.pickle.map((v) => (typeof v === 'number' ? BigInt(v) : v))));
  return Buffer.from(randomText(ctx.random, p.randomText ?? 1), 'utf8');
}
