// npm run examples: the main job on the bundled example submissions. Runs `labcheck test` on
// every fixture under fixtures/ (the course's own programs, correct variants, broken ones), as an
// instructor would on a class, and prints a table of verdicts, each compared with what the
// fixture is known to deserve. Reports go to reports/examples/.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { cliScript, packageRoot } from '../harness/paths.js';
import { loadFixtures, type Fixture } from './fixtures.js';
import { observedVerdict, statusOf } from './verdict.js';

const MARK: Record<string, string> = { passed: '✓', failed: '✗', error: '!', skipped: '-' };

async function run(ex: Fixture): Promise<string> {
  const id = `${ex.lab}/${ex.role}/${ex.name}`;
  const json = path.join(packageRoot, 'reports', 'examples', `${id.replace(/\//g, '_')}.json`);
  const junit = json.replace(/\.json$/, '.junit.xml');
  await execa('node', [cliScript, 'test', `${ex.lab}:${ex.role}`, ex.entry, '--seed', '1', '--json', json, '--junit', junit, ...(ex.args.length ? ['--', ...ex.args] : [])], { reject: false, env: { NO_COLOR: '1' } });
  const report = JSON.parse(readFileSync(json, 'utf8'));
  const got: Record<string, string> = Object.fromEntries(report.scenarios.map((s: Parameters<typeof observedVerdict>[0] & { id: string }) => [s.id.split('/')[1], observedVerdict(s)]));
  const marks = Object.keys(ex.verdicts).map((k) => MARK[statusOf(got[k] ?? 'skipped')]).join('');
  const agree = Object.entries(ex.verdicts).every(([k, v]) => got[k] === v);
  return `${agree ? '  ' : '≠ '}${id.padEnd(50)} ${marks.padEnd(4)} ${agree ? '' : `expected ${JSON.stringify(ex.verdicts)}, got ${JSON.stringify(got)}`}`;
}

const all = loadFixtures();
const started = performance.now();
console.log(`labcheck on ${all.length} example submissions (✓ passed ✗ failed ! error; one mark per scenario)`);
const lines: string[] = new Array(all.length);
let next = 0;
async function lane(): Promise<void> {
  while (next < all.length) {
    const i = next++;
    lines[i] = await run(all[i]!);
    console.log(lines[i]);
  }
}
await Promise.all([lane(), lane()]);
const disagree = lines.filter((l) => l.startsWith('≠')).length;
console.log(`\n${all.length} submissions in ${((performance.now() - started) / 1000).toFixed(0)} s; ${disagree === 0 ? 'every verdict is the expected one' : `${disagree} differ from the expected verdicts`}. Reports: reports/examples/`);
process.exitCode = disagree === 0 ? 0 : 1;
