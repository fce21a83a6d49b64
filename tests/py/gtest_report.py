# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""usage: gtest_report.py REPORT.json

Prints a GoogleTest JSON report (--gtest_output=json:...) as the suites' result lines:
"PASS unit.<suite>.<test>" or "FAIL unit.<suite>.<test>: <first 3 lines of the failure>"
(tests/suites/10-unit.sh). Skipped and not-run tests print nothing. No report (a crashed run):
"FAIL unit.report: ..." and exit 1.
"""
import json
import sys

try:
    d = json.load(open(sys.argv[1]))
except (OSError, ValueError) as e:
    print(f"FAIL unit.report: no GoogleTest report ({e})")
    sys.exit(1)
for s in d.get("testsuites", []):
    for t in s.get("testsuite", []):
        name = f"unit.{s['name']}.{t['name']}"
        if t.get("result") == "SKIPPED" or t.get("status") == "NOTRUN":
            continue
        if t.get("failures"):
            msg = t["failures"][0]["failure"].splitlines()
            print(f"FAIL {name}: {' | '.join(msg[:3])}")
        else:
            print(f"PASS {name}")
