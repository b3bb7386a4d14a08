// Text made safe for the HTML report. Everything a student's program printed or sent is untrusted:
// it is stripped of terminal escape codes and control characters, then HTML-escaped (the pages
// also forbid scripts with a Content-Security-Policy, so a missed spot still runs nothing).
import { capText, stripAnsi } from '../sanitize.js';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes the five characters that matter in HTML text and attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** Terminal escape sequences and control characters (tab and newline kept) removed. */
export function cleanText(s: string): string {
  // eslint-disable-next-line no-control-regex
  return stripAnsi(s).replace(/\r\n/g, '\n').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '');
}

/** Untrusted text, ready to put between tags or in a quoted attribute. */
export function text(s: string | number): string {
  return escapeHtml(cleanText(String(s)));
}

/** Longest block (output, transcript) put in a page; the JSON report keeps everything. */
const BLOCK_MAX_BYTES = 200_000;

/** A <pre> block of untrusted text, capped in size. */
export function pre(s: string, className = ''): string {
  return `<pre${className ? ` class="${className}"` : ''}>${text(capText(s, BLOCK_MAX_BYTES))}</pre>`;
}

/** The last `lines` lines of a text (the end of a program's output is where its error is). */
export function tail(s: string, lines: number): string {
  const all = cleanText(s).replace(/\n+$/, '').split('\n');
  return all.length <= lines ? all.join('\n') : [`… (${all.length - lines} earlier lines left out)`, ...all.slice(-lines)].join('\n');
}
