#!/usr/bin/env bash
# Builds the autograder zip to upload to Gradescope:
#   bash recipes/gradescope/make-autograder.sh <assignment.yaml> [<out.zip>]
# run in a clone of labcheck with its npm packages installed (`npm ci`). The zip holds, at its
# top level, setup.sh, run_autograder, the assignment file (as assignment.yaml) and labcheck
# packed with `npm pack` (built first; its dependencies bundled, so setup.sh installs it offline).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
assignment="${1:?usage: make-autograder.sh <assignment.yaml> [<out.zip>]}"
out="$(realpath -m "${2:-autograder.zip}")"
[ -f "$assignment" ] || { echo "make-autograder: no assignment file $assignment" >&2; exit 2; }
# Refuse a broken assignment file now rather than on Gradescope.
node "$repo/bin/labcheck.js" grade "$(mktemp -d)" --assignment "$assignment" --out "$(mktemp -d)" >/dev/null 2>"${TMPDIR:-/tmp}/make-autograder.err" \
  || { cat "${TMPDIR:-/tmp}/make-autograder.err" >&2; exit 2; }

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
# `npm pack` runs the build (the prepare script) unless LABCHECK_PACK_NO_BUILD=1 (dist/ already built).
if [ "${LABCHECK_PACK_NO_BUILD:-0}" = 1 ]; then
  (cd "$repo" && npm pack --ignore-scripts --silent --pack-destination "$stage" >/dev/null)
else
  (cd "$repo" && npm pack --silent --pack-destination "$stage" >/dev/null)
fi
cp "$here/setup.sh" "$here/run_autograder" "$stage/"
cp "$assignment" "$stage/assignment.yaml"
chmod +x "$stage/setup.sh" "$stage/run_autograder"
rm -f "$out"
python3 - "$stage" "$out" <<'PY'
import os, sys, zipfile
stage, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for name in sorted(os.listdir(stage)):
        info = zipfile.ZipInfo(name)
        info.external_attr = (os.stat(os.path.join(stage, name)).st_mode & 0o777) << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        with open(os.path.join(stage, name), "rb") as f:
            z.writestr(info, f.read())
PY
echo "autograder zip: $out"
