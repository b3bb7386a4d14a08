#!/usr/bin/env bash
# Gradescope runs this once when it builds the autograder's image (as root, on Ubuntu), with the
# autograder zip unpacked in /autograder/source. It installs Node 20, the Debian packages labcheck
# needs and labcheck itself from the tarball shipped in the zip (its npm dependencies are bundled,
# so nothing is fetched from the npm registry). What is there already is kept, so the same script
# runs on a machine that has it all (labcheck's own test runs it with AUTOGRADER_ROOT set).
set -euo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
SOURCE="$ROOT/source"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

missing=()
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
command -v unshare >/dev/null 2>&1 || missing+=(util-linux)
command -v pgrep >/dev/null 2>&1 || missing+=(procps)
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
if [ "$(node_major)" -lt 20 ]; then
  # Ubuntu's own nodejs is older than 20: NodeSource's repository has it.
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ca-certificates curl gnupg
  curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
  missing+=(nodejs)
fi
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"
fi

tarball=$(ls "$SOURCE"/labcheck-*.tgz | head -n 1)
npm install -g --no-audit --no-fund --offline "$tarball"
labcheck --help >/dev/null
