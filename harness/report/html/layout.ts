// The frame of every page of the HTML report: self-contained (inline CSS, no fonts, scripts or
// anything fetched), so it works opened from file:// and offline. The Content-Security-Policy
// forbids scripts and every load, a second guard behind the escaping of student output.
import { text } from './escape.js';

const CSS = `
:root { --ok: #1a7f37; --bad: #cf222e; --err: #9a6700; --skip: #6e7781; --line: #d0d7de; --soft: #f6f8fa; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Noto Sans KR", "Malgun Gothic", sans-serif; margin: 0 auto; max-width: 1200px; padding: 16px 24px 48px; color: #1f2328; }
h1 { font-size: 22px; margin: 8px 0 4px; } h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; } h3 { font-size: 15px; margin: 18px 0 6px; }
.meta { color: var(--skip); margin: 0 0 12px; }
table { border-collapse: collapse; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.tag { display: inline-block; font-size: 11px; padding: 0 5px; border-radius: 8px; border: 1px solid var(--line); margin-left: 4px; color: #57606a; }
.tag.hidden { background: #fff8c5; } .tag.strict { background: #ddf4ff; }
.passed { color: var(--ok); } .failed { color: var(--bad); } .error { color: var(--err); } .skipped { color: var(--skip); }
.verdict { font-weight: 600; white-space: nowrap; }
.bar { width: 160px; height: 12px; background: #ffebe9; border: 1px solid var(--line); display: inline-block; vertical-align: middle; }
.bar > span { display: block; height: 100%; background: #4ac26b; }
pre { font: 12px/1.4 ui-monospace, "SFMono-Regular", Menlo, Consolas, "D2Coding", monospace; background: var(--soft); border: 1px solid var(--line); padding: 6px 8px; margin: 2px 0 8px; white-space: pre-wrap; overflow-wrap: anywhere; max-height: 480px; overflow: auto; }
.failure { border-left: 4px solid var(--bad); padding: 2px 0 2px 12px; margin: 12px 0 20px; }
.failure.st-error { border-left-color: var(--err); } .failure.st-skipped { border-left-color: var(--skip); }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 4px 0; } dt { color: #57606a; } dd { margin: 0; min-width: 0; }
details > summary { cursor: pointer; color: #0969da; margin: 4px 0; }
.notice { background: #fff8c5; border: 1px solid #d4a72c; padding: 6px 10px; margin: 8px 0; }
a { color: #0969da; }
`;

/** A whole page; `title` is untrusted text, `body` is HTML already escaped by its maker. */
export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text(title)}</title>
<style>${CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}
