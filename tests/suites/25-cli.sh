#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
# build/bin/scnn on broken bundles and bad usage: one-line errors naming the
# file, exit 1 (2 for usage), nothing half-written (tests/py/cli_check.py, ids cli.*);
# then `scnn gen --chain-from`, a chained network layer's bundle (tests/py/cli_chain.py, ids
# cli.chain.*). Both checkers run all their checks in every tier; tests/tiers.txt names each id.
# SCNN=binary (default $BUILD/bin/scnn) and CLI_WORK=dir run it on another build of the CLI
# (15-sanitize.sh: the ASan+UBSan one).
set -uo pipefail
. "$(dirname "$0")/../lib/suite.sh" "$@"
scnn=${SCNN:-$BUILD/bin/scnn}
work=${CLI_WORK:-$BUILD/tests/cli.$tier}
rm -rf "$work"
$PY tests/py/cli_check.py "$scnn" "$work" || rc=1
mkdir -p "$work/chain"
$PY tests/py/cli_chain.py "$scnn" "$work/chain" || rc=1
[ "$rc" -eq 0 ] && rm -rf "$work"
exit $rc
