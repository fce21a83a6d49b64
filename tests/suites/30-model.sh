#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
# `scnn run` at the command line: bundle mode against `scnn ref` (the dense
# reference) byte for byte, the JSON report, catalog mode with --check, and
# bad input (one-line error, non-zero exit, nothing written).
# Quick: a few layers. Full: whole chained AlexNet and VGG-16 with --check (tests/tiers.txt).
set -uo pipefail
. "$(dirname "$0")/../lib/suite.sh" "$@"
scnn="$BUILD/bin/scnn"
work="$BUILD/tests/model.$tier"
rm -rf "$work" && mkdir -p "$work"

bundle_case() { # net layer seed: test model.bundle.<net>.<layer>
  local d="$work/$1_$2" id="model.bundle.$1.$2"
  want "$id" || return 0
  if ! "$scnn" gen --net "$1" --layer "$2" --seed "$3" --out "$d" >/dev/null 2>"$work/err"; then
    fail "$id" "scnn gen failed: $(head -1 "$work/err")"; return
  fi
  "$scnn" ref "$d" --out "$d/ref.npy" >/dev/null 2>"$work/err" || { fail "$id" "scnn ref failed"; return; }
  if ! "$scnn" run "$d" --quiet >"$work/out" 2>"$work/err"; then
    fail "$id" "scnn run failed: $(head -1 "$work/err")"; return
  fi
  if ! cmp -s "$d/output.npy" "$d/ref.npy"; then
    fail "$id" "output.npy differs from scnn ref"; return
  fi
  if ! $PY tests/py/check_run_report.py "$d/report.json" >"$work/report.err" 2>&1
  then fail "$id" "report.json inconsistent: $(tail -n 1 "$work/report.err")"; return; fi
  pass "$id"
}

bundle_case alexnet conv2 5
bundle_case googlenet inception_3a_5x5 5
if want model.net.vgg16.conv5_1; then
  if "$scnn" run --net vgg16 --layer conv5_1 --check --quiet >"$work/out" 2>&1 &&
     grep -q "0 mismatching outputs" "$work/out"; then pass model.net.vgg16.conv5_1
  else fail model.net.vgg16.conv5_1 "$(tail -1 "$work/out")"; fi
fi
for net in alexnet vgg16; do
  want "model.net.$net.chained" || continue
  if "$scnn" run --net "$net" --check --quiet --report "$work/$net.json" >"$work/$net.out" 2>&1 &&
     grep -q "0 mismatching outputs" "$work/$net.out"; then pass "model.net.$net.chained"
  else fail "model.net.$net.chained" "$(tail -1 "$work/$net.out")"; fi
done

# Bad input: a one-line message naming the object, non-zero exit, nothing written.
if want model.bad.bundle; then
  mkdir -p "$work/bad"
  echo '{"name": "x"}' >"$work/bad/layer.json"
  "$scnn" run "$work/bad" >"$work/out" 2>"$work/err"; prc=$?
  if [ "$prc" -ne 0 ] && [ "$(wc -l <"$work/err")" -eq 1 ] && grep -q "layer.json" "$work/err" &&
     [ ! -e "$work/bad/output.npy" ] && [ ! -e "$work/bad/report.json" ]; then pass model.bad.bundle
  else fail model.bad.bundle "rc $prc, stderr: $(head -2 "$work/err")"; fi
fi
if want model.bad.net; then
  "$scnn" run --net nosuchnet >/dev/null 2>"$work/err"; prc=$?
  if [ "$prc" -eq 2 ] && grep -q "nosuchnet" "$work/err"; then pass model.bad.net; else fail model.bad.net "rc $prc"; fi
fi
if want model.bad.layer; then
  "$scnn" run --net alexnet --layer conv9 >/dev/null 2>"$work/err"; prc=$?
  if [ "$prc" -ne 0 ] && grep -q "conv9" "$work/err"; then pass model.bad.layer; else fail model.bad.layer "rc $prc"; fi
fi
if want model.bad.seed; then
  "$scnn" run --net alexnet --seed x >/dev/null 2>"$work/err"; prc=$?
  if [ "$prc" -eq 2 ]; then pass model.bad.seed; else fail model.bad.seed "rc $prc"; fi
fi

[ "$rc" -eq 0 ] && rm -rf "$work"
exit $rc
