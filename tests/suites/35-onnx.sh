#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
# The ONNX importer (tools/scnn-import, docs/onnx.md; tests/py/onnx_check.py, ids onnx.*): tiny
# hand-made graphs (every supported op, BN folding, groups, stride 2) imported and checked against
# an independent NumPy ONNX interpreter (float), `scnn ref` and tests/py/spec_conv.py (integer)
# and the C model's chain (`scnn run --net NETDIR`); refused graphs (an unsupported op, a non-4-D
# conv weight, shapes that do not chain) give one line naming the node and write nothing; the
# shipped example's integer top-1 within 1 point of float; two negative checks. A few seconds; the
# example on the array RTL is array.verify.onnx-digits (45-array.sh, full tier).
set -uo pipefail
. "$(dirname "$0")/../lib/suite.sh" "$@"
if ! make -s all params >"$log/build.log" 2>&1 || ! scripts/need.sh onnx >>"$log/build.log" 2>&1; then
  fail onnx.setup "make all params / need onnx failed (log: $log/build.log)"
  exit 1
fi
work="$BUILD/tests/onnx.$tier"
$PY tests/py/onnx_check.py "$BUILD/bin/scnn" "$work" "$BUILD/gen" || rc=1
[ "$rc" -eq 0 ] && rm -rf "$work"
exit $rc
