#!/usr/bin/env bash
# Issue 7: with both cores kept busy, the seed client's arq-udp:client verdicts are identical over
# --repeat 20. Starts two `yes > /dev/null`, runs labcheck, stops exactly those two processes, and
# checks every scenario passed in all 20 runs (no flaky verdict).
#   usage: scripts/arq-busy-repeat.sh [client.py] [extra labcheck options...]
set -euo pipefail
cd "$(dirname "$0")/.."
entry=${1:-fixtures/arq-udp/client/seed-errorcontrol_UDP_client/errorcontrol_UDP_client.py}
shift || true
report=$(mktemp -d)/arq-busy.json

yes > /dev/null & busy1=$!
yes > /dev/null & busy2=$!
trap 'kill "$busy1" "$busy2" 2>/dev/null || true' EXIT

start=$(date +%s)
node bin/labcheck.js test arq-udp:client "$entry" --repeat 20 --json "$report" "$@" || true
kill "$busy1" "$busy2" 2>/dev/null || true
echo "took $(( $(date +%s) - start )) s with two busy loops; load average: $(cut -d' ' -f1-3 /proc/loadavg)"

node --input-type=module -e '
  import { readFileSync } from "node:fs";
  const report = JSON.parse(readFileSync(process.argv[1], "utf8"));
  let stable = true;
  for (const s of report.scenarios) {
    const runs = s.runs ?? [s.status];
    console.log(`${s.id}: ${runs.length} runs, ${s.flaky ? "FLAKY " : ""}${s.status} (${[...new Set(runs)].join(", ")})`);
    if (s.flaky || s.status !== "passed") stable = false;
  }
  console.log(stable ? "stable: every verdict passed in every run" : "NOT STABLE");
  process.exit(stable ? 0 : 1);
' "$report"
