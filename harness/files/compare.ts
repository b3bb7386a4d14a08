// Where two byte strings part: the verdict of the file labs rests on SHA-256, and a mismatch is
// explained by the size received, the first differing offset and the bytes around it.
import { sha256, type TestFile, fileBytes } from './test-file.js';

const AROUND = 8;

function hexRange(data: Buffer, from: number, to: number): string {
  const part = data.subarray(Math.max(0, from), Math.min(data.length, to));
  return part.length ? Array.from(part, (b) => b.toString(16).padStart(2, '0')).join(' ') : '(none)';
}

/** The first offset where `a` and `b` differ (the shorter length when one is a prefix of the other), or -1. */
export function firstDifference(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  // Compare in 64 KiB slices with Buffer.equals (native), then byte by byte inside the one that differs.
  const SLICE = 65536;
  for (let at = 0; at < n; at += SLICE) {
    const end = Math.min(n, at + SLICE);
    if (a.subarray(at, end).equals(b.subarray(at, end))) continue;
    for (let i = at; i < end; i++) if (a[i] !== b[i]) return i;
  }
  return a.length === b.length ? -1 : n;
}

/** Lines for a report: sizes, the first differing offset and the bytes around it, in hex. */
export function describeDifference(expected: Buffer, actual: Buffer): string[] {
  const at = firstDifference(expected, actual);
  if (at < 0) return ['the bytes are identical'];
  const from = Math.max(0, at - AROUND);
  const to = at + AROUND;
  const lines = [`received ${actual.length} bytes, expected ${expected.length}`];
  if (at === Math.min(expected.length, actual.length)) {
    lines.push(actual.length < expected.length ? `the received bytes stop at offset ${at} (${expected.length - actual.length} bytes missing at the end)` : `${actual.length - expected.length} extra bytes after offset ${at}`);
  } else lines.push(`first difference at offset ${at} (0x${at.toString(16)})`);
  lines.push(`expected at ${from}..${to - 1}: ${hexRange(expected, from, to)}`, `received at ${from}..${to - 1}: ${hexRange(actual, from, to)}`);
  return lines;
}

/** Compare received bytes with a test file: by SHA-256, and if they differ, explain where. */
export function compareWithFile(file: TestFile, received: Buffer): { same: boolean; details: string[] } {
  if (received.length === file.size && sha256(received) === file.sha256) return { same: true, details: [`${file.size} bytes, SHA-256 ${file.sha256.slice(0, 16)}…`] };
  return { same: false, details: describeDifference(fileBytes(file.key, file.size), received) };
}
