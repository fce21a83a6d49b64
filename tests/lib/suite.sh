# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
# shellcheck shell=bash
#
# Sourced by every suite in tests/suites, first thing after `set -uo pipefail`:
#     . "$(dirname "$0")/../lib/suite.sh" "$@"
# It checks the tier argument (quick|full), goes to the repository root, and sets
#   tier    quick or full              BUILD   the build folder (default build; exported)
#   suite   the suite's name, 40-rtl   log     $BUILD/tests/logs/<suite> (made here)
#   PY      /usr/bin/python3           rc      0; fail sets it to 1: end a suite with `exit $rc`
# and gives the helpers below. Which tests a tier runs is data, tests/tiers.txt (read through
# tests/py/tiers.py); a suite asks `want ID` before it runs a test.
tier=${1:?usage: $(basename "${BASH_SOURCE[1]}") quick|full}
case "$tier" in quick|full) ;; *) echo "$(basename "${BASH_SOURCE[1]}"): unknown tier '$tier'" >&2; exit 2 ;; esac
suite=$(basename "${BASH_SOURCE[1]}" .sh)
cd "$(dirname "${BASH_SOURCE[0]}")/../.." || exit 2
export BUILD=${BUILD:-build}
PY=/usr/bin/python3
log="$BUILD/tests/logs/$suite"
mkdir -p "$log"
# shellcheck disable=SC2034  # rc, PY, log: for the suite that sources this file
rc=0
# the tier's ids and families, and those of every tier (for the not-listed check of want)
mapfile -t _tier_ids < <($PY tests/py/tiers.py list "$tier") || exit 2
mapfile -t _any_ids < <($PY tests/py/tiers.py list any) || exit 2
[ ${#_any_ids[@]} -gt 0 ] || { echo "FAIL $suite.tiers: tests/tiers.txt could not be read"; exit 1; }

# pass ID [NOTE]: the test ID passed (NOTE, e.g. "(12 s)", is shown after it)
pass() { echo "PASS $1${2:+ $2}"; }
# fail ID REASON: the test ID failed; REASON is one line
# shellcheck disable=SC2034  # rc: read by the suite
fail() { echo "FAIL $1: $2"; rc=1; }

# _matches ID PATTERN...: ID is one of the patterns (an entry with * is a family)
_matches() {
  local id=$1 p; shift
  for p in "$@"; do
    # shellcheck disable=SC2053  # unquoted on purpose: a family is a shell pattern
    [[ $id == $p ]] && return 0
  done
  return 1
}
# want ID: true if this tier runs ID. An ID no tier lists is a FAIL line (a test added to a suite
# but not to tests/tiers.txt would otherwise never run) and false.
want() {
  if ! _matches "$1" "${_any_ids[@]}"; then fail "$1" "not listed in tests/tiers.txt"; return 1; fi
  _matches "$1" "${_tier_ids[@]}"
}
# tier_value NAME: the value of `param NAME quick=... full=...` for this tier
tier_value() { $PY tests/py/tiers.py value "$tier" "$1"; }

# check ID LOGNAME CMD...: if the tier wants ID, run CMD (output to $log/LOGNAME.log); PASS if it
# exits 0, else FAIL with the first line of the log matching $CHECK_WHY
CHECK_WHY='FAIL|rror|mismatch'
check() {
  local id=$1 out="$log/$2.log"; shift 2
  want "$id" || return 0
  if "$@" >"$out" 2>&1; then pass "$id"
  else fail "$id" "$(grep -E "$CHECK_WHY" "$out" | head -n 1) (log: $out)"; fi
}
# expect_fail ID LOGNAME PATTERN CMD...: if the tier wants ID, run CMD, which runs a broken
# variant: PASS if it fails with an output line matching PATTERN (grep -E)
expect_fail() {
  local id=$1 out="$log/$2.log" pat=$3; shift 3
  want "$id" || return 0
  if "$@" >"$out" 2>&1; then fail "$id" "the broken RTL passed (log: $out)"
  elif grep -qE "$pat" "$out"; then pass "$id"
  else fail "$id" "failed without the expected report '$pat' (log: $out)"; fi
}
# fst_signals FST: the full names (scope.scope.signal[range]) of the signals in an FST, one a line
fst_signals() {
  fst2vcd "$1" 2>/dev/null | awk '/^\$scope/{s[++d]=$3} /^\$upscope/{d--}
    /^\$var/{p=""; for(i=1;i<=d;i++) p=p s[i] "."; n=$5; if ($6 ~ /^\[/) n=n $6; print p n}
    /^\$enddefinitions/{exit}'
}
