#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
# Area flow (synth/): the cell library against docs/spec.md section 9, the flow end to end on a tiny
# design (abc maps onto the library, flip-flop count, areas cross-checked with Yosys, SRAM
# size read from the netlist and priced by the memory model), a small synthesis of two
# real components (scnn_xbar, scnn_acc_buf) at A=8 and A=16 banks, whose crossbar and
# accumulator rows must grow with A, and `make synth` on the whole PE as a user runs it
# (private build folder): per-component table and PE total present, the total from the
# whole-PE run (not components one by one), no array module (scnn_array, scnn_halo_net) in
# the PE report, components = the PE's hierarchy in the RTL, sums consistent. Negative
# checks: broken copies of that report (marked as fallback, scnn_halo_net added, a row off)
# and a whole-PE run made to fail must be rejected. Same checks in both tiers; the whole-PE run
# is CONFIG=banks8 in the quick tier, the default in the full tier (tests/tiers.txt). The ids are
# check_synth.py's (synth.*: a family in tests/tiers.txt) and synth.pe.make-synth.
set -uo pipefail
. "$(dirname "$0")/../lib/suite.sh" "$@"
# own folder per run: several people may run the tests in this work tree at once
out="$BUILD/tests/synth.$tier.$$"
rm -rf "$out"; mkdir -p "$out"
# the tools of the flow (synth/report.py plots with matplotlib), installed if missing as make would
scripts/need.sh yosys python matplotlib >"$out/need.log" 2>&1 ||
  { echo "FAIL synth.tools: $(tail -n 1 "$out/need.log")"; exit 1; }
if ! command -v yosys >/dev/null; then echo "FAIL synth.tools: yosys missing (make deps)"; exit 1; fi
$PY synth/tests/check_synth.py lib synth/lib/scnn_area45.lib || rc=1
# parameters for the tiny design and the component runs: the named configs banks8 (A = 8) and
# banks16 (A = 16) of params/configs/, in own folders, so that the shared build/gen of the
# work tree is never touched
for a in 3 4; do
  cfg=banks$((1 << a))
  if ! $PY params/gen_params.py --outdir "$out/gen_bb$a" --config "$cfg" >"$out/gen_bb$a.log" 2>&1; then
    echo "FAIL synth.params: gen_params.py --config $cfg ($(tail -n1 "$out/gen_bb$a.log"))"; exit 1
  fi
done
$PY synth/tests/check_synth.py tiny "$out/tiny" "$out/gen_bb4" || rc=1
srcs=$(ls rtl/*.sv 2>/dev/null)
for m in scnn_xbar scnn_acc_buf scnn_sram; do
  if ! grep -qs "^\s*module\s\+$m\b" $srcs; then echo "FAIL synth.dir: module $m not in rtl/*.sv"; exit 1; fi
done
$PY synth/tests/check_synth.py dir "$out/dir" "$out/gen_bb3" "$out/gen_bb4" $srcs || rc=1
# the whole PE, as `make synth` does it for a user, in a build folder of its own; the quick
# tier synthesises the PE with 8 banks (CONFIG=banks8: the same RTL and flow, a quarter of the
# crossbar, queues and accumulator banks, about 3 minutes), the full tier the default PE
cfg=$(tier_value synth.pe.config)
t0=$(date +%s)
if ${MAKE:-make} --no-print-directory CONFIG="$cfg" PARAMS= BUILD="$out/pe" synth >"$out/pe.log" 2>&1; then
  echo "PASS synth.pe.make-synth (CONFIG=$cfg, $(( $(date +%s) - t0 )) s)"
else
  echo "FAIL synth.pe.make-synth: make synth exited non-zero after $(( $(date +%s) - t0 )) s ($(grep -m1 'FAILED\|rror' "$out/pe.log"); log: $out/pe.log)"
  rc=1
fi
$PY synth/tests/check_synth.py pe "$out/pe/synth" $srcs || rc=1
$PY synth/tests/check_synth.py neg "$out/pe/synth" "$out/neg" $srcs || rc=1
$PY synth/tests/check_synth.py pefail "$out/pefail" "$out/pe/gen" $srcs || rc=1
# keep the files of a failed run for a look, drop those of a passing one
[ "$rc" -ne 0 ] && echo "  synth test files: $out" || rm -rf "$out"
exit $rc
