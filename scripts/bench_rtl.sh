#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
# bench_rtl.sh: the RTL benchmark behind `make bench-rtl` (issue 15's targets on the project
# machine: a clean array testbench build <= 90 s and >= 2x the simulated cycles/s on conv3,
# each as a ratio to the reference build measured in the same run; issue 5's `make verify
# LAYER=conv3` < 2 min after the build).
#   1. clean Verilator builds of the array testbench, one after the other: the reference, the
#      tree of commit $BENCH_REF (default 7ae1c40, the last one in which every PE instance had
#      its own C++) unpacked by `git archive` into $BUILD/bench/ref-src and built there, and
#      today's ($BUILD/tb/bench_array, a copy of the cached build's rule, so the cached one
#      stays); the C model libraries are built first and not timed;
#   2. both binaries on AlexNet conv3 (seed 1), every check on: simulated cycles per second;
#      both must report the same layer cycles and write the same output tensor;
#   3. make verify LAYER=conv3: wall time of the whole check and of its RTL part.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
REF=${BENCH_REF:-7ae1c40}
out="$BUILD/bench"
mkdir -p "$out"
die() { echo "bench: error: $*" >&2; exit 1; }
now() { date +%s.%N; }
report() { /usr/bin/python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(d['cycles'], d['sim_cycles'], d['wall_s'])" "$1"; }

git rev-parse -q --verify "$REF^{commit}" >/dev/null 2>&1 ||
  die "the reference commit BENCH_REF=$REF is not in this repository (make bench-rtl needs a git clone with its history, or BENCH_REF=<commit>)"
refsrc="$out/ref-src"
rm -rf "$refsrc" && mkdir -p "$refsrc" && git archive "$REF" | tar -x -C "$refsrc" ||
  die "could not unpack $REF into $refsrc"
make --no-print-directory -s cmodel >/dev/null 2>&1 || die "C model build failed"
# the reference tree is built with its own defaults, not with this make's variables
refmake() { env -u MAKEFLAGS -u MFLAGS -u BUILD make --no-print-directory -s -C "$refsrc" "$@"; }
refmake cmodel >/dev/null 2>&1 || die "C model build of $REF failed"

# build NAME MAKE TARGET: a clean build of TARGET by MAKE, its wall time in build_s[NAME]
declare -A build_s
build() {
  local t0 t1
  t0=$(now)
  $2 "$3" >"$out/$1.build.log" 2>&1 || die "$1 build failed ($out/$1.build.log)"
  t1=$(now)
  build_s[$1]=$(awk "BEGIN{printf \"%.0f\", $t1 - $t0}")
}
rm -rf "$refsrc/build/tb/array" "$BUILD/tb/bench_array"
build ref refmake build/tb/array/Vtb_array_dpi
build new "make --no-print-directory -s" "$BUILD/tb/bench_array/Vtb_array_dpi"
awk -v r="${build_s[ref]}" -v n="${build_s[new]}" -v c="$REF" 'BEGIN{printf "bench rtl-build: clean build of the array testbench (-j2): %d s; at %s: %d s; %.2fx faster (target <= 90 s)\n", n, c, r, r / n}'

# run NAME BINARY: conv3 on BINARY; its simulated cycles/s in rate[NAME], layer cycles in cyc[NAME]
declare -A rate cyc
run() {
  local c sim wall
  rm -f "$out/$1.report.json" "$out/$1.output.npy"
  "$2" +net=alexnet +layer=conv3 +seed=1 "+out=$(realpath -m "$out/$1.output.npy")" \
    "+report=$(realpath -m "$out/$1.report.json")" >"$out/$1.conv3.log" 2>&1 || die "$1 failed on conv3 ($out/$1.conv3.log)"
  read -r c sim wall < <(report "$out/$1.report.json") || die "no report $out/$1.report.json"
  rate[$1]=$(awk -v s="$sim" -v w="$wall" 'BEGIN{printf "%.0f", s / w}')
  cyc[$1]=$c
  simc=$sim
}
run ref "$refsrc/build/tb/array/Vtb_array_dpi"
run new "$BUILD/tb/bench_array/Vtb_array_dpi"
[ "${cyc[ref]}" = "${cyc[new]}" ] || die "the two builds disagree on conv3's layer cycles (${cyc[ref]} vs ${cyc[new]})"
cmp -s "$out/ref.output.npy" "$out/new.output.npy" || die "the two builds' conv3 output tensors differ"
awk -v c="${cyc[new]}" -v s="$simc" -v n="${rate[new]}" -v r="${rate[ref]}" -v at="$REF" 'BEGIN{printf "bench rtl-sim: conv3 %d layer cycles, %d simulated incl. loads and checks: %d cycles/s; at %s: %d cycles/s; %.2fx (64 PEs, one thread)\n", c, s, n, at, r, n / r}'

t0=$(now)
make --no-print-directory verify LAYER=conv3 >"$out/verify_conv3.log" 2>&1 || die "make verify LAYER=conv3 failed ($out/verify_conv3.log)"
t1=$(now)
wall=$(awk "BEGIN{printf \"%.1f\", $t1 - $t0}")
rep="$BUILD/verify/alexnet-conv3-s1/rtl_report.json"
read -r c sim wall_rtl < <(report "$rep") || die "no report $rep"
echo "bench verify-conv3: make verify LAYER=conv3 ${wall} s incl. any build of $BUILD/tb/array (target < 120 s once built); RTL part ${wall_rtl} s"
