#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
# GoogleTest unit tests of the C model. Suites named *Full* run only in the full tier.
set -uo pipefail
tier=$1
bin="$BUILD/tests/unit_tests"
json="$BUILD/tests/logs/unit.$tier.json"
filter='*'
rm -f "$json"  # a crashed run must not leave an earlier run's report to be read below
[ "$tier" = full ] || filter='-*Full*'
"$bin" --gtest_filter="$filter" --gtest_output="json:$json" >"$BUILD/tests/logs/unit.$tier.out" 2>&1
rc=$?
tail -n 3 "$BUILD/tests/logs/unit.$tier.out" | sed 's/^/  /'
/usr/bin/python3 - "$json" <<'PY'
import json, sys
try:
    d = json.load(open(sys.argv[1]))
except (OSError, ValueError) as e:
    print(f"FAIL unit: no GoogleTest report ({e})"); sys.exit(1)
for s in d.get("testsuites", []):
    for t in s.get("testsuite", []):
        name = f"{s['name']}.{t['name']}"
        if t.get("result") == "SKIPPED" or t.get("status") == "NOTRUN":
            continue
        if t.get("failures"):
            msg = t["failures"][0]["failure"].splitlines()
            print(f"FAIL {name}: {' | '.join(msg[:3])}")
        else:
            print(f"PASS {name}")
PY
exit $rc
