#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
#
# The regression launcher (scripts/regress.py, make regress) on small lists of its own, run on
# the local backend with the array builds the 45-array suite left (GoogLeNet inception_5a_5x5:
# a few seconds a task). Same tests in both tiers (tests/tiers.txt).
#   regress.local-expected       a list of one correct layer and one broken variant expected to
#                                fail: exit 0, results.md and results.xml (JUnit, parsed) with
#                                both tasks, the layer's RTL cycles equal to the model's;
#   regress.local-unexpected     the broken variant expected to pass: exit 1, the line naming
#                                the task's layer, seed and log, a JUnit failure;
#   regress.bad-list             a malformed list and an unknown backend: exit 2, one message.
set -uo pipefail
. "$(dirname "$0")/../lib/suite.sh" "$@"

lists="$log/lists"; mkdir -p "$lists"
printf '%s\n' "g5a pass NET=googlenet LAYER=inception_5a_5x5" \
  "g5a-bank fail NET=googlenet LAYER=inception_5a_5x5 BUG=BANK" >"$lists/expected.txt"
printf '%s\n' "g5a-bank pass NET=googlenet LAYER=inception_5a_5x5 BUG=BANK" >"$lists/unexpected.txt"
printf '%s\n' "g5a pass NET=googlenet LAYER=inception_5a_5x5 COLOUR=red" >"$lists/malformed.txt"

# check_results DIR TESTS FAILURES: results.xml parses as JUnit with TESTS testcases and
# FAILURES failures, results.md has a row per testcase
check_results() {
  $PY - "$1" "$2" "$3" <<'PYEOF'
import sys, xml.etree.ElementTree as ET
d, n, f = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
r = ET.parse(d + "/results.xml").getroot()
cases = r.findall(".//testcase")
bad = [c for c in cases if c.find("failure") is not None]
rows = [x for x in open(d + "/results.md") if x.startswith("| ") and not x.startswith("| id ")]
assert len(cases) == n and len(bad) == f and len(rows) == n, (len(cases), len(bad), len(rows))
PYEOF
}

if want regress.local-expected; then
  out="$log/expected.log" dir="$log/expected"
  if $PY scripts/regress.py --list "$lists/expected.txt" --out "$dir" --build "$BUILD" >"$out" 2>&1 &&
     check_results "$dir" 2 0 >>"$out" 2>&1 &&
     grep -Eq '^\| g5a \| googlenet/inception_5a_5x5 \|.*\| ([0-9]+) / \1 \|.*\| PASS \| pass \|' "$dir/results.md" &&
     grep -q '^| g5a-bank |.*| FAIL | fail |' "$dir/results.md"; then
    pass regress.local-expected "($(tail -n 1 "$out" | grep -o '[0-9]* of [0-9]* as expected in [0-9]* s'))"
  else
    fail regress.local-expected "(log: $out)"
  fi
fi

if want regress.local-unexpected; then
  out="$log/unexpected.log" dir="$log/unexpected"
  $PY scripts/regress.py --list "$lists/unexpected.txt" --out "$dir" --build "$BUILD" >"$out" 2>&1; r=$?
  if [ $r -eq 1 ] && check_results "$dir" 1 1 >>"$out" 2>&1 &&
     grep -q '^regress: UNEXPECTED g5a-bank: googlenet/inception_5a_5x5 seed 1 .*expected pass, got fail.*log ' "$out"; then
    pass regress.local-unexpected
  else
    fail regress.local-unexpected "exit $r (log: $out)"
  fi
fi

if want regress.bad-list; then
  out="$log/bad.log"
  $PY scripts/regress.py --list "$lists/malformed.txt" --out "$log/bad" >"$out" 2>&1; r1=$?
  $PY scripts/regress.py --list "$lists/expected.txt" --backend nowhere --out "$log/bad" >>"$out" 2>&1; r2=$?
  if [ $r1 -eq 2 ] && [ $r2 -eq 2 ] && grep -q "malformed.txt:1: 'COLOUR=red'" "$out" &&
     grep -q "BACKEND=nowhere" "$out"; then
    pass regress.bad-list
  else
    fail regress.bad-list "exits $r1 $r2 (log: $out)"
  fi
fi
exit $rc
