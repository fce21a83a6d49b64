#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
#
# libFuzzer targets of tests/fuzz (make fuzz-build: clang-14, ASan+UBSan): each target replays
# its regression inputs tests/fuzz/regress/<t>/ and seed corpus without fuzzing
# (fuzz.<t>-regress), then fuzzes FUZZ_S seconds (default: param fuzz.seconds of tests/tiers.txt,
# quick 20, full 120; fuzz.<t>), and the negative test: fuzz-npy-selftest, fuzz_npy.c built with -DSCNN_FUZZ_SELFTEST (a heap overflow
# planted on (3, 1, 7) arrays, a shape of the seed corpus), must be reported as a crash with an
# artifact, whose replay fails on that binary and passes on the real fuzz-npy
# (fuzz.selftest-detects-crash).
set -uo pipefail
. "$(dirname "$0")/../lib/suite.sh" "$@"
FB="$BUILD/fuzz"
secs=${FUZZ_S:-$(tier_value fuzz.seconds)}

if ! make -s -j2 fuzz-build >"$log/build.log" 2>&1; then
  fail fuzz.build "$(grep -m1 -E 'rror|deps:' "$log/build.log") (log: $log/build.log)"
  exit 1
fi
run() { tests/fuzz/run_fuzz.sh "$@" 2>&1 | tee -a "$log/run.log" | sed 's/^/  /'; return "${PIPESTATUS[0]}"; }
: >"$log/run.log"
for t in npy layer-json bundle codec; do
  if want "fuzz.$t-regress"; then
    if out=$(run --replay "$FB" "$t"); then pass "fuzz.$t-regress"; echo "$out"
    else fail "fuzz.$t-regress" "$(sed 's/^ *//' <<<"$out")"; fi
  fi
  if want "fuzz.$t"; then
    if out=$(run "$FB" "$secs" "$t"); then pass "fuzz.$t"; echo "$out"
    else fail "fuzz.$t" "$(sed 's/^ *//' <<<"$out")"; fi
  fi
done

# Negative test: the harness must see the planted bug.
if want fuzz.selftest-detects-crash; then
  st="$FB/artifacts/npy-selftest"
  rm -rf "$st"
  out=$(run "$FB" 10 npy-selftest)
  frc=$?
  art=$(find "$st" -type f -name 'crash-*' 2>/dev/null | head -n 1)
  why=()
  [ "$frc" -ne 0 ] || why+=("run_fuzz.sh exited 0")
  grep -q 'CRASH.*heap-buffer-overflow' <<<"$out" || why+=("no heap-buffer-overflow crash reported: $out")
  if [ -z "$art" ]; then why+=("no crash artifact in $st")
  else
    "$FB/bin/fuzz-npy-selftest" "$art" >"$log/selftest-replay.log" 2>&1 && why+=("the artifact replays clean on fuzz-npy-selftest")
    "$FB/bin/fuzz-npy" "$art" >"$log/selftest-real.log" 2>&1 || why+=("the artifact also crashes the real fuzz-npy (log: $log/selftest-real.log)")
  fi
  if [ ${#why[@]} -eq 0 ]; then pass fuzz.selftest-detects-crash; echo "$out"
  else fail fuzz.selftest-detects-crash "$(IFS=';'; echo "${why[*]}")"; fi
fi
exit $rc
