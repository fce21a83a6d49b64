#!/usr/bin/env bash
# build/bin/scnn on broken bundles and bad usage: one-line errors naming the
# file, exit 1 (2 for usage), nothing half-written (tests/py/cli_check.py).
set -uo pipefail
work="$BUILD/tests/cli.$1"
rm -rf "$work"
/usr/bin/python3 tests/py/cli_check.py "$BUILD/bin/scnn" "$work"
rc=$?
[ "$rc" -eq 0 ] && rm -rf "$work"
exit $rc
