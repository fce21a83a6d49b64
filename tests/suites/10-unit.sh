#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
# GoogleTest unit tests of the C model, one id each: unit.<suite>.<test>. The tier's tests are
# those tests/tiers.txt lists for it (the long ModelCatalogFull only in the full tier); a test
# of the binary that tests/tiers.txt does not list is a FAIL line (and is not run).
set -uo pipefail
. "$(dirname "$0")/../lib/suite.sh" "$@"
bin="$BUILD/tests/unit_tests"
json="$log/unit.$tier.json"
rm -f "$json"  # a crashed run must not leave an earlier run's report to be read below
# the binary's tests (suite lines end with '.', test lines are indented; drop the "# GetParam" notes)
if ! names=$("$bin" --gtest_list_tests 2>"$log/list.err" |
             awk '/^[^ ]/{s=$1} /^  /{print s $1}'); then
  fail unit.report "$bin --gtest_list_tests failed: $(head -n 1 "$log/list.err")"; exit 1
fi
filter=""
for t in $names; do
  want "unit.$t" && filter+="${filter:+:}$t"
done
"$bin" --gtest_filter="${filter:--}" --gtest_output="json:$json" >"$log/unit.$tier.out" 2>&1
urc=$?
tail -n 3 "$log/unit.$tier.out" | sed 's/^/  /'
$PY tests/py/gtest_report.py "$json" || rc=1
[ "$urc" -eq 0 ] || rc=1
exit $rc
