#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
# run_tier.sh quick|full: runs every suite in tests/suites (in name order) for the tier, shows
# each suite's wall time, and prints one summary line "test: N passed, M failed".
# run_tier.sh --list quick|full: prints the ids the tier runs (tests/tiers.txt), runs nothing.
# A suite is a script taking the tier name (sourcing tests/lib/suite.sh); it prints a line
# "PASS <id>" or "FAIL <id>: <reason>" per test and exits non-zero on failure. After each suite,
# tests/py/tiers.py check adds a FAIL line for every id listed for the tier that the suite did
# not print, and for every id it printed that is not listed.
set -uo pipefail
usage="usage: run_tier.sh [--list] quick|full"
list=0
[ "${1:-}" = --list ] && { list=1; shift; }
tier=${1:?$usage}
case "$tier" in quick|full) ;; *) echo "run_tier.sh: unknown tier '$tier' ($usage)" >&2; exit 2 ;; esac
cd "$(dirname "$0")/.."
if [ $list = 1 ]; then
  exec /usr/bin/python3 tests/py/tiers.py list "$tier"
fi
export BUILD=${BUILD:-build}
log_dir="$BUILD/tests/logs"
mkdir -p "$log_dir"
pass=0 fail=0 broken=()
start=$(date +%s)
for suite in tests/suites/*.sh; do
  name=$(basename "$suite" .sh)
  echo "== suite $name ($tier)"
  out="$log_dir/$name.$tier.log"
  t0=$(date +%s)
  bash "$suite" "$tier" 2>&1 | tee "$out"
  rc=${PIPESTATUS[0]}
  # the ids listed for the tier against those printed (FAIL lines, appended to the log)
  /usr/bin/python3 tests/py/tiers.py check "$tier" "$name" "$out" | tee -a "$out.tiers"
  p=$(grep -c '^PASS ' "$out")
  f=$(( $(grep -c '^FAIL ' "$out") + $(grep -c '^FAIL ' "$out.tiers") ))
  cat "$out.tiers" >>"$out"; rm -f "$out.tiers"
  pass=$((pass + p)); fail=$((fail + f))
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    # a suite that failed without naming a test still counts as a failure
    fail=$((fail + 1)); broken+=("$name")
    echo "FAIL $name: suite exited $rc (log: $out)"
  fi
  echo "== suite $name done in $(( $(date +%s) - t0 )) s: $p passed, $f failed"
done
echo "== tier $tier done in $(( $(date +%s) - start )) s${broken:+; broken suites: ${broken[*]}}"
echo "test: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
