#!/usr/bin/env bash
# Installs what labcheck needs on a fresh Debian/Ubuntu machine, then its npm packages.
#   python3      runs the student programs
#   iproute2     `ip`, to bring up loopback in each scenario's network namespace
#   util-linux   `unshare`, to create the namespaces
#   procps       `pgrep`, used by the tests
#   bubblewrap   `bwrap`, the sandbox every student program runs in
#   python3-numpy  numpy for the system python3, used by the pickle codec's tests (ndarrays) and
#                  by the video/audio labs' programs (labcheck runs them with /usr/bin/python3
#                  when the default python3 lacks numpy: harness/run/python-with-modules.ts)
#   python3-opencv, python3-pyaudio  the real cv2 and pyaudio the device stand-ins keep beside them
#                  (harness/shim/devices/; they also work without them, see their README)
#   python3-pymodbus, mbpoll  independent Modbus/TCP implementations the Modbus code is tested against
#   chromium     the browser the HTML class report is tested in (driven by playwright-core)
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
command -v unshare >/dev/null 2>&1 || missing+=(util-linux)
command -v pgrep >/dev/null 2>&1 || missing+=(procps)
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
/usr/bin/python3 -c 'import numpy' >/dev/null 2>&1 || missing+=(python3-numpy)
/usr/bin/python3 -c 'import pymodbus' >/dev/null 2>&1 || missing+=(python3-pymodbus)
/usr/bin/python3 -c 'import cv2' >/dev/null 2>&1 || missing+=(python3-opencv)
/usr/bin/python3 -c 'import pyaudio' >/dev/null 2>&1 || missing+=(python3-pyaudio)
command -v mbpoll >/dev/null 2>&1 || missing+=(mbpoll)
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
fi
npm ci --no-audit --no-fund
