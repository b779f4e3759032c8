#!/usr/bin/env bash
# Installs the Debian packages the tests, simulators and demo-model training need.
# Idempotent: skips apt entirely when everything is already present.
#   chromium            renderer e2e through the browser host (Playwright drives /usr/bin/chromium)
#   xvfb xauth          headed Chromium for benchmarks and screenshots
#   socat               real pseudo-terminal pairs for serial integration tests and `npm run sim -- --pty`
#   python3-torch/onnx  training and exporting the demo models (models/*/train.py, run with /usr/bin/python3)
#   python3-pymodbus    a real Modbus RTU peer for the Modbus tests (its serial server needs python3-serial-asyncio,
#                       only a Recommends of pymodbus, so named here)
#   python3-sklearn/scipy reference values for metric tests
set -euo pipefail
packages=(chromium xvfb xauth socat python3-torch python3-onnx python3-pymodbus python3-serial-asyncio python3-sklearn python3-scipy fonts-dejavu-core)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system deps: all present"
  exit 0
fi
echo "system deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "system deps: done"
