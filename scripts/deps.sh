#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
# Installs the Debian packages the project uses (idempotent).
#   scripts/deps.sh            all of them
#   scripts/deps.sh PKG...     only these (also packages outside the list: python3-torch and
#                              python3-sklearn, which only make example-train needs, through need.sh)
# As root it runs apt-get; otherwise it prints the command to run and fails.
set -euo pipefail

ALL_PKGS=(
  make gcc g++ libc6-dev pkg-config  # build (gcc only recommends the C library headers)
  python3 python3-numpy           # parameter generator, outside reference tests
  python3-matplotlib              # plots (make eval, make synth chart)
  python3-onnx                    # ONNX importer (tools/scnn-import, make import, the quick tier)
  libcjson-dev                    # layer.json parsing
  libgtest-dev                    # unit tests
  verilator zlib1g-dev            # RTL simulation and lint (zlib: FST waves)
  libsystemc-dev                  # SystemC top
  yosys                           # synthesis
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
# One install at a time: parallel make (-j) may ask for two tools at once. flock is in
# util-linux (essential in Debian); apt-get also waits for a dpkg lock held by anyone else.
exec 9>/run/lock/scnn-deps.lock 2>/dev/null || exec 9>/tmp/scnn-deps.lock
flock 9
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: done"
