#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
# bench_rtl.sh: the RTL benchmark behind `make bench` (issue 5's targets on the project machine:
# Verilator build of the array testbench < 5 min, `make verify LAYER=conv3` < 2 min after it).
#   1. a clean Verilator build of the array testbench ($BUILD/tb/bench_array, a copy of the
#      cached build's rule, so the cached one stays);
#   2. make verify LAYER=conv3: wall time of the whole check and of the RTL simulation, the
#      simulated cycles per second (64 PEs, checks included).
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
out="$BUILD/bench"
mkdir -p "$out"
die() { echo "bench: error: $*" >&2; exit 1; }
now() { date +%s.%N; }

make --no-print-directory -s cmodel >/dev/null 2>&1 || die "C model build failed"
rm -rf "$BUILD/tb/bench_array"
t0=$(now)
make --no-print-directory -s "$BUILD/tb/bench_array/Vtb_array_dpi" >"$out/rtl_build.log" 2>&1 ||
  die "array build failed ($out/rtl_build.log)"
t1=$(now)
build_s=$(awk "BEGIN{printf \"%.0f\", $t1 - $t0}")
echo "bench rtl-build: Verilator build of the array testbench (clean, -j2): ${build_s} s (target < 300 s)"

t0=$(now)
make --no-print-directory verify LAYER=conv3 >"$out/verify_conv3.log" 2>&1 || die "make verify LAYER=conv3 failed ($out/verify_conv3.log)"
t1=$(now)
wall=$(awk "BEGIN{printf \"%.1f\", $t1 - $t0}")
rep="$BUILD/verify/alexnet-conv3-s1/rtl_report.json"
read -r cyc sim wall_rtl < <(/usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['cycles'], d['sim_cycles'], d['wall_s'])" "$rep") \
  || die "no report $rep"
echo "bench verify-conv3: make verify LAYER=conv3 (built) ${wall} s (target < 120 s); RTL part ${wall_rtl} s"
awk -v c="$cyc" -v s="$sim" -v w="$wall_rtl" 'BEGIN{printf "bench rtl-sim: %d layer cycles, %d simulated cycles incl. loads and checks, %.0f cycles/s (64 PEs, one thread)\n", c, s, s / w}'
