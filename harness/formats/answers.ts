// How far an answer has come: the bytes received so far for one request, compared with what the
// lab expects. A step waits while an answer is `partial` (a reply in several writes, or after a
// pause, is one reply) and stops as soon as it is `complete` or can no longer become right
// (`wrong`); the checks call a reply right when it is `complete`.
export type AnswerState = 'complete' | 'partial' | 'wrong';

const ASCII_SPACE = new Set([0x20, 0x09, 0x0a, 0x0d, 0x0b, 0x0c]);

function isSpace(bytes: Buffer): boolean {
  return bytes.every((b) => ASCII_SPACE.has(b));
}

/** An echo is byte-exact: the same bytes, no more. */
export function echoState(got: Buffer, sent: Buffer): AnswerState {
  if (got.length > sent.length) return 'wrong';
  if (!sent.subarray(0, got.length).equals(got)) return 'wrong';
  return got.length === sent.length ? 'complete' : 'partial';
}

/** A reply is the expected text with any surrounding whitespace (a newline, say). Compared as
 *  bytes, so a multi-byte character cut between two writes is still `partial`. */
export function replyState(got: Buffer, want: string): AnswerState {
  let start = 0;
  while (start < got.length && ASCII_SPACE.has(got[start]!)) start++;
  const text = got.subarray(start);
  const expected = Buffer.from(want, 'utf8');
  if (text.length <= expected.length) {
    if (!expected.subarray(0, text.length).equals(text)) return 'wrong';
    return text.length === expected.length ? 'complete' : 'partial';
  }
  return text.subarray(0, expected.length).equals(expected) && isSpace(text.subarray(expected.length)) ? 'complete' : 'wrong';
}
