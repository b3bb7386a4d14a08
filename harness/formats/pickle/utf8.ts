// Python pickles str as UTF-8 with 'surrogatepass': a lone surrogate (legal in a Python str, and in
// a JS string) travels as its 3-byte form ED A0..BF xx. Node's own UTF-8 codec would replace it
// with U+FFFD, so these two functions handle that case themselves.
import { MalformedPickleError } from './errors.js';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function encodeUtf8(text: string): Buffer {
  if (!LONE_SURROGATE.test(text)) return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0xd800 || unit > 0xdfff) continue;
    const next = text.charCodeAt(i + 1);
    if (unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      i++; // a proper pair: Node encodes it
      continue;
    }
    parts.push(Buffer.from(text.slice(start, i), 'utf8'));
    parts.push(Buffer.from([0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]));
    start = i + 1;
  }
  parts.push(Buffer.from(text.slice(start), 'utf8'));
  return Buffer.concat(parts);
}

export function decodeUtf8(bytes: Buffer): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return decodeWithSurrogates(bytes);
  }
}

function decodeWithSurrogates(bytes: Buffer): string {
  let text = '';
  let start = 0;
  for (let i = 0; i + 2 < bytes.length; i++) {
    const isSurrogate = bytes[i] === 0xed && bytes[i + 1]! >= 0xa0 && bytes[i + 1]! <= 0xbf && (bytes[i + 2]! & 0xc0) === 0x80;
    // Only at a character boundary: 0xED is never a continuation byte, so this is one.
    if (!isSurrogate) continue;
    text += strict(bytes.subarray(start, i));
    text += String.fromCharCode(((bytes[i]! & 0x0f) << 12) | ((bytes[i + 1]! & 0x3f) << 6) | (bytes[i + 2]! & 0x3f));
    start = i + 3;
    i += 2;
  }
  return text + strict(bytes.subarray(start));
}

function strict(bytes: Buffer): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new MalformedPickleError('a str that is not valid UTF-8');
  }
}
