#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
# Outside reference: `scnn ref` against an independent NumPy implementation of
# docs/spec.md section 4 (tests/py/spec_conv.py), on random layers written from Python
# and on generated catalog layers (quick: a few; full: all 75; tests/tiers.txt). Also checks
# the generated densities against docs/spec.md section 7.
set -uo pipefail
. "$(dirname "$0")/../lib/suite.sh" "$@"
work="$BUILD/tests/outside_ref.$tier"
rm -rf "$work"
$PY tests/py/outside_ref.py "$tier" "$BUILD/bin/scnn" "$work"
rc=$?
[ "$rc" -eq 0 ] && rm -rf "$work"
exit $rc
