// Text clean-up for reports that must be valid XML (JUnit) and stay a sane size.
//
// Programs under test print anything: colour codes, NUL bytes, half a UTF-16 pair after a bad
// decode, megabytes of output, and now and then the three characters "]]>" that would end a
// CDATA section. Everything that goes into the JUnit XML passes through sanitizeForXml().

/** Default cap for one block of text (stdout, stderr, transcript, failure details) in XML. */
export const DEFAULT_MAX_BYTES = 1_000_000;

// ANSI / VT100 escape sequences:
//  - CSI: ESC [ params intermediates final   (colours, cursor moves, erase line)
//  - 8-bit CSI: 0x9B params intermediates final
//  - OSC: ESC ] ... terminated by BEL or ESC \   (window titles, hyperlinks)
//  - DCS/SOS/PM/APC strings: ESC P|X|^|_ ... ESC \
//  - charset selection: ESC ( B, ESC ) 0, ESC # 8 ...
//  - other two-character escapes: ESC 7, ESC 8, ESC =, ESC >, ESC c, ESC M ...
const ANSI_RE = new RegExp(
  [
    '\\u001B\\[[0-?]*[ -/]*[@-~]',
    '\\u009B[0-?]*[ -/]*[@-~]',
    '\\u001B\\][^\\u0007\\u001B]*(?:\\u0007|\\u001B\\\\)?',
    '\\u001B[PX^_][^\\u001B]*(?:\\u001B\\\\)?',
    '\\u001B[()*+#%][ -~]?',
    '\\u001B[ -~]',
  ].join('|'),
  'g',
);

/** Removes ANSI/VT100 escape sequences (colours, cursor movement, titles). */
export function stripAnsi(s: string): string {
  return s.replace(ANSI_RE, '');
}

// Everything XML 1.0 does not allow. With the `u` flag a lone surrogate is one code point in
// D800-DFFF, which is outside every allowed range, so it is removed too; a valid pair is one
// code point >= 0x10000 and is kept.
const INVALID_XML_RE = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Removes characters XML 1.0 does not allow: control characters other than tab, LF and CR,
 * U+FFFE/U+FFFF, and lone (unpaired) surrogates.
 */
export function removeInvalidXmlChars(s: string): string {
  return s.replace(INVALID_XML_RE, '');
}

/** The line capText() appends; the JSON report keeps the full text. */
export function truncationMarker(moreBytes: number): string {
  return `… [truncated: ${moreBytes} more bytes; see the JSON report]`;
}

/**
 * Caps `s` at `maxBytes` bytes of UTF-8, cutting at a character boundary (never inside a
 * multi-byte sequence), then appends a line `… [truncated: N more bytes; see the JSON report]`,
 * where N is the number of UTF-8 bytes left out. Text that fits is returned unchanged.
 * Lone surrogates count as 3 bytes (U+FFFD), as Buffer encodes them.
 */
export function capText(s: string, maxBytes: number = DEFAULT_MAX_BYTES): string {
  const limit = Math.max(0, Math.floor(maxBytes));
  // Cheap exits: every UTF-16 unit is at most 3 UTF-8 bytes.
  if (s.length * 3 <= limit) return s;
  const total = Buffer.byteLength(s, 'utf8');
  if (total <= limit) return s;
  const buf = Buffer.from(s, 'utf8');
  let end = limit;
  // Back off while buf[end] is a continuation byte (10xxxxxx): the cut would split a character.
  while (end > 0 && (buf[end]! & 0xc0) === 0x80) end--;
  const kept = buf.subarray(0, end).toString('utf8');
  const sep = kept === '' || kept.endsWith('\n') ? '' : '\n';
  return kept + sep + truncationMarker(total - end);
}

/**
 * Makes sure `s` contains no "]]>", the sequence that ends a CDATA section.
 *
 * Choice: every "]]>" becomes "]] >" (a plain space between "]]" and ">").
 * Why not the textbook "]]]]><![CDATA[>" (close the section, open a new one)? That form only
 * works if we write the CDATA ourselves. junit-report-builder wraps text in CDATA itself via
 * xmlbuilder, which replaces only the FIRST "]]>" (String.replace with a string pattern), so any
 * further occurrence would end the section and make the document invalid; and a pre-escaped
 * "]]]]><![CDATA[>" still contains "]]>", which xmlbuilder would escape a second time into
 * garbage. "]] >" gives valid XML whatever the CDATA writer does, reads the same to a person,
 * and is harmless in attributes and text nodes too. The JSON report keeps the exact bytes.
 */
export function splitCdataEnd(s: string): string {
  return s.includes(']]>') ? s.replaceAll(']]>', ']] >') : s;
}

/**
 * Everything above, in order: strip ANSI escapes, remove characters XML cannot hold, cap the size
 * (at a character boundary, with the truncation marker) and split every "]]>".
 * The result is safe as CDATA content, as a text node and (once attribute-escaped) as an attribute.
 */
export function sanitizeForXml(s: string, max: number = DEFAULT_MAX_BYTES): string {
  return splitCdataEnd(capText(removeInvalidXmlChars(stripAnsi(s)), max));
}
