#!/usr/bin/env node
// The compiled CLI lives in dist/ (built by `npm install` through the prepare script).
// Output piped into a program that stops reading (`labcheck list | head`) ends labcheck quietly.
process.stdout.on('error', (err) => { if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0); else throw err; });
import('../dist/harness/cli/main.js').then((m) => m.main(process.argv.slice(2))).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(`labcheck: internal error: ${err?.stack ?? err}`); process.exitCode = 2; },
);
