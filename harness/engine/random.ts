// Seeded randomness: every random choice in a run derives from the run's seed and the
// scenario id, so `--seed n` reproduces a run exactly.
export function seededRandom(seed: number, salt: string): () => number {
  let h = seed >>> 0;
  for (let i = 0; i < salt.length; i++) h = Math.imul(h ^ salt.charCodeAt(i), 0x9e3779b1) >>> 0;
  // mulberry32
  return () => {
    h = (h + 0x6d2b79f5) >>> 0;
    let t = h;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PRINTABLE = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,-_';

export function randomText(random: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += PRINTABLE[Math.floor(random() * PRINTABLE.length)];
  return s;
}

export function randomWord(random: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += String.fromCharCode(0x61 + Math.floor(random() * 26));
  return s;
}

export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Syllables from the whole Hangul block (가..힣): a "name" no table has. */
export function randomHangul(random: () => number, length: number): string {
  let s = '';
  for (let i = 0; i < length; i++) s += String.fromCharCode(0xac00 + Math.floor(random() * 11172));
  return s;
}

export function newSeed(): number {
  return Math.floor(Math.random() * 1_000_000);
}
