#!/usr/bin/env bash
# Installs the Debian packages the project uses (idempotent).
#   scripts/deps.sh            all of them
#   scripts/deps.sh PKG...     only these
# As root it runs apt-get; otherwise it prints the command to run and fails.
set -euo pipefail

ALL_PKGS=(
  make gcc g++ pkg-config         # build
  python3 python3-numpy           # parameter generator, outside reference tests
  python3-matplotlib              # plots (make eval, make synth chart)
  libcjson-dev                    # layer.json parsing
  libgtest-dev                    # unit tests
  verilator                       # RTL simulation and lint
  libsystemc-dev                  # SystemC top
  yosys                           # synthesis
  iverilog                        # second simulator for RTL unit checks
  gtkwave                         # waveform viewer
  clang-14 libclang-rt-14-dev     # libFuzzer targets (make fuzz; the runtime is in -rt-)
)

pkgs=("$@")
[ ${#pkgs[@]} -gt 0 ] || pkgs=("${ALL_PKGS[@]}")

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "deps: missing Debian packages: ${missing[*]}" >&2
  echo "deps: run as root:  apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: done"
