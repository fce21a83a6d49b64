#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
# run_tier.sh quick|full: runs every suite in tests/suites (in name order) for
# the tier and prints one summary line "test: N passed, M failed".
# A suite is an executable script taking the tier name; it prints a line
# "PASS <name>" or "FAIL <name>: <reason>" per test and exits non-zero on failure.
set -uo pipefail
tier=${1:?usage: run_tier.sh quick|full}
case "$tier" in quick|full) ;; *) echo "run_tier.sh: unknown tier '$tier'" >&2; exit 2 ;; esac
cd "$(dirname "$0")/.."
export BUILD=${BUILD:-build}
log_dir="$BUILD/tests/logs"
mkdir -p "$log_dir"
pass=0 fail=0 broken=()
start=$(date +%s)
for suite in tests/suites/*.sh; do
  name=$(basename "$suite" .sh)
  echo "== suite $name ($tier)"
  out="$log_dir/$name.$tier.log"
  bash "$suite" "$tier" 2>&1 | tee "$out"
  rc=${PIPESTATUS[0]}
  p=$(grep -c '^PASS ' "$out")
  f=$(grep -c '^FAIL ' "$out")
  pass=$((pass + p)); fail=$((fail + f))
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    # a suite that failed without naming a test still counts as a failure
    fail=$((fail + 1)); broken+=("$name")
    echo "FAIL $name: suite exited $rc (log: $out)"
  fi
done
echo "== tier $tier done in $(( $(date +%s) - start )) s${broken:+; broken suites: ${broken[*]}}"
echo "test: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
