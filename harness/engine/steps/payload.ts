import type { RunContext } from '../context.js';
import { randomText } from '../random.js';

export interface PayloadFields {
  text?: string | undefined;
  hex?: string | undefined;
  randomText?: number | undefined;
}

export function payloadBytes(ctx: RunContext, p: PayloadFields): Buffer {
  if (p.text !== undefined) return Buffer.from(p.text, 'utf8');
  if (p.hex !== undefined) return Buffer.from(p.hex, 'hex');
  return Buffer.from(randomText(ctx.random, p.randomText ?? 1), 'utf8');
}
