#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
# `scnn run` at the command line: bundle mode against `scnn ref` (the dense
# reference) byte for byte, the JSON report, catalog mode with --check, and
# bad input (one-line error, non-zero exit, nothing written).
# Quick: a few layers. Full: whole chained AlexNet and VGG-16 with --check.
set -uo pipefail
tier=$1
scnn="$BUILD/bin/scnn"
work="$BUILD/tests/model.$tier"
rm -rf "$work" && mkdir -p "$work"
fails=0
pass() { echo "PASS model.$1"; }
fail() { echo "FAIL model.$1: $2"; fails=$((fails + 1)); }

bundle_case() { # net layer seed
  local d="$work/$1_$2"
  if ! "$scnn" gen --net "$1" --layer "$2" --seed "$3" --out "$d" >/dev/null 2>"$work/err"; then
    fail "bundle.$1.$2" "scnn gen failed: $(head -1 "$work/err")"; return
  fi
  "$scnn" ref "$d" --out "$d/ref.npy" >/dev/null 2>"$work/err" || { fail "bundle.$1.$2" "scnn ref failed"; return; }
  if ! "$scnn" run "$d" --quiet >"$work/out" 2>"$work/err"; then
    fail "bundle.$1.$2" "scnn run failed: $(head -1 "$work/err")"; return
  fi
  if ! cmp -s "$d/output.npy" "$d/ref.npy"; then
    fail "bundle.$1.$2" "output.npy differs from scnn ref"; return
  fi
  if ! /usr/bin/python3 - "$d/report.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["layer"]
lc = r["lane_cycles"]
assert r["cycles"] > 0 and r["dcnn_cycles"] > 0, "no cycles"
assert abs(r["speedup"] - r["dcnn_cycles"] / r["cycles"]) < 1e-9, "speedup"
parts = sum(lc[k] for k in ("useful", "fragmentation", "conflict", "fifo_and_pipeline",
                             "imbalance", "clear", "halo", "drain"))
assert parts == lc["total"], f"lane-cycle breakdown {parts} != {lc['total']}"
assert r["products_valid"] <= r["products_nonzero"] <= r["lanes_occupied"]
PY
  then fail "bundle.$1.$2" "report.json inconsistent"; return; fi
  pass "bundle.$1.$2"
}

if [ "$tier" = quick ]; then
  bundle_case alexnet conv2 5
  bundle_case googlenet inception_3a_5x5 5
  if "$scnn" run --net vgg16 --layer conv5_1 --check --quiet >"$work/out" 2>&1 &&
     grep -q "0 mismatching outputs" "$work/out"; then pass net.vgg16.conv5_1
  else fail net.vgg16.conv5_1 "$(tail -1 "$work/out")"; fi
else
  for net in alexnet vgg16; do
    if "$scnn" run --net "$net" --check --quiet --report "$work/$net.json" >"$work/$net.out" 2>&1 &&
       grep -q "0 mismatching outputs" "$work/$net.out"; then pass "net.$net.chained"
    else fail "net.$net.chained" "$(tail -1 "$work/$net.out")"; fi
  done
fi

# Bad input: a one-line message naming the object, non-zero exit, nothing written.
mkdir -p "$work/bad"
echo '{"name": "x"}' >"$work/bad/layer.json"
"$scnn" run "$work/bad" >"$work/out" 2>"$work/err"; rc=$?
if [ "$rc" -ne 0 ] && [ "$(wc -l <"$work/err")" -eq 1 ] && grep -q "layer.json" "$work/err" &&
   [ ! -e "$work/bad/output.npy" ] && [ ! -e "$work/bad/report.json" ]; then pass bad.bundle
else fail bad.bundle "rc $rc, stderr: $(head -2 "$work/err")"; fi
"$scnn" run --net nosuchnet >/dev/null 2>"$work/err"; rc=$?
if [ "$rc" -eq 2 ] && grep -q "nosuchnet" "$work/err"; then pass bad.net; else fail bad.net "rc $rc"; fi
"$scnn" run --net alexnet --layer conv9 >/dev/null 2>"$work/err"; rc=$?
if [ "$rc" -ne 0 ] && grep -q "conv9" "$work/err"; then pass bad.layer; else fail bad.layer "rc $rc"; fi
"$scnn" run --net alexnet --seed x >/dev/null 2>"$work/err"; rc=$?
if [ "$rc" -eq 2 ]; then pass bad.seed; else fail bad.seed "rc $rc"; fi

[ "$fails" -eq 0 ] && rm -rf "$work"
[ "$fails" -eq 0 ]
