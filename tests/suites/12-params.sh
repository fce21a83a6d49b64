#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
#
# The parameter generator and a second named configuration. Same tests in both tiers (tests/tiers.txt).
#   params.gen-params-unit    tests/py/test_gen_params.py: clog2 of derived expressions, fixed
#                             entries refused with their why, named configs select values,
#                             unknown names refused;
#   params.second-config-lint-verify-pe
#                             make CONFIG=f2i8 lint verify-pe LAYER=conv3: the RTL lints and one
#                             PE matches the C model on AlexNet conv3 with a 2 x 8 multiplier
#                             array (params/configs/f2i8.toml), built in its own folder
#                             $BUILD/f2i8 (one PE-level Verilator build, about a minute).
#   params.baseline-config-verify-pe
#                             make CONFIG=baseline verify-pe LAYER=conv3: the original contract
#                             without bank queues (XBAR_QDEPTH = 0) stays verified;
#   params.rsk-config-verify-pe
#                             make CONFIG=rsk verify-pe LAYER=conv3: weight blocks in rsk order.
set -uo pipefail
. "$(dirname "$0")/../lib/suite.sh" "$@"

# --- params.gen-params-unit ----------------------------------------------------------------------
if want params.gen-params-unit; then
  out="$log/gen-params-unit.$tier.log"
  if $PY tests/py/test_gen_params.py >"$out" 2>&1; then
    pass params.gen-params-unit
    echo "  $(grep -E '^Ran [0-9]+ tests' "$out")"
  else
    fail params.gen-params-unit "$(grep -E '^(FAIL|ERROR):' "$out" | head -n 3 | tr '\n' ' ')(log: $out)"
  fi
fi

# --- the named configs through the PE testbench --------------------------------------------------
# config_verify_pe ID CONFIG TARGETS...: make CONFIG=<config> <targets> LAYER=conv3 in the config's
# own folder; PASS if the run exits 0, printed a "PASS verify-pe" line and (with lint) linted.
# Everything the run could inherit from the caller's make or environment is given explicitly;
# BUILD is the config's own folder (build/<config> when the tier runs in build/).
config_verify_pe() {
  local id=$1 cfg=$2 out="$log/$1.$tier.log"; shift 2
  want "$id" || return 0
  make --no-print-directory CONFIG="$cfg" BUILD="$BUILD/$cfg" PARAMS= NET=alexnet LAYER=conv3 \
    SEED=1 PE=busiest BUG= WAVES=0 BUNDLE= "$@" >"$out" 2>&1
  local mrc=$? nlint line
  nlint=$(grep -c '^lint .*: clean$' "$out")
  line=$(grep -m1 '^PASS verify-pe' "$out")
  if [ "$mrc" -eq 0 ] && [ -n "$line" ] && { [ "$nlint" -gt 0 ] || [ "$1" != lint ]; }; then
    pass "$id"
    echo "  CONFIG=$cfg: ${nlint} modules lint clean; ${line#PASS }"
  else
    fail "$id" "make CONFIG=$cfg $* LAYER=conv3 exited $mrc ($(grep -m1 -E '^FAIL|rror' "$out")) (log: $out)"
  fi
}
config_verify_pe params.second-config-lint-verify-pe f2i8 lint verify-pe
config_verify_pe params.baseline-config-verify-pe baseline verify-pe
config_verify_pe params.rsk-config-verify-pe rsk verify-pe
exit $rc
