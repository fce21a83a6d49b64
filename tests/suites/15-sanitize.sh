#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
#
# The C model, the CLI and the unit tests built with gcc's AddressSanitizer + UndefinedBehavior-
# Sanitizer (make sanitize-build -> $BUILD/sanitize, -fno-sanitize-recover=all), then the unit
# tests (GoogleTest filter: param sanitize.unit.gtest-filter of tests/tiers.txt; quick: without
# *Full* and without the two whole-network runs ModelCatalog.ChainedAlexNet and
# Gen.CatalogOutputsAreInformative, ~15 s under the sanitizers for code paths the smaller tests
# cover) and the CLI bad-input suite 25-cli.sh pointed at the sanitized binary. Every sanitizer
# report (ASan, UBSan, LeakSanitizer) goes to a file of its own under the log dir; any such file
# fails the test, whatever the exit status of the program was.
set -uo pipefail
. "$(dirname "$0")/../lib/suite.sh" "$@"
S="$BUILD/sanitize"
rm -rf "$log"   # a report file left from an earlier run would fail this one
mkdir -p "$log"

if ! make -s -j2 sanitize-build >"$log/build.log" 2>&1; then
  fail sanitize.build "$(grep -m1 -E 'rror' "$log/build.log") (log: $log/build.log)"
  exit 1
fi
# The binaries must really be instrumented (a build that silently dropped SAN_FLAGS would pass).
if want sanitize.instrumented; then
  lacking=()
  for b in "$S/bin/scnn" "$S/tests/unit_tests"; do
    syms=$(nm "$b" 2>/dev/null)
    if ! grep -q '__asan_init' <<<"$syms" || ! grep -q '__ubsan_handle_' <<<"$syms"; then
      lacking+=("$b")
    fi
  done
  if [ ${#lacking[@]} -eq 0 ]; then pass sanitize.instrumented
  else fail sanitize.instrumented "${lacking[*]} lack(s) the ASan or UBSan runtime"; fi
fi

# Reports to $dir/<tool>.<pid>; exit status 99 on a report (never the CLI's own 1 or 2).
sanitize_env() {
  local dir=$1
  mkdir -p "$dir"
  export ASAN_OPTIONS="log_path=$dir/asan:exitcode=99:detect_leaks=1:strict_string_checks=1:detect_stack_use_after_return=1:check_initialization_order=1"
  export UBSAN_OPTIONS="log_path=$dir/ubsan:exitcode=99:print_stacktrace=1:halt_on_error=1"
  export LSAN_OPTIONS="exitcode=99"
}
# reports DIR: the first line of each sanitizer report left in DIR ('' if none)
reports() {
  local f
  for f in "$1"/*; do
    [ -f "$f" ] || continue
    echo "$(basename "$f"): $(grep -m1 -E 'ERROR|runtime error|SUMMARY' "$f")"
  done
}

# Unit tests (the tier's GoogleTest filter: param sanitize.unit.gtest-filter)
if want sanitize.unit; then
  filter=$(tier_value sanitize.unit.gtest-filter)
  sanitize_env "$PWD/$log/unit.reports"
  "$S/tests/unit_tests" --gtest_filter="$filter" >"$log/unit.log" 2>&1
  urc=$?
  unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
  r=$(reports "$log/unit.reports")
  if [ -n "$r" ]; then fail sanitize.unit "sanitizer report: $(head -n 1 <<<"$r") (log: $log/unit.reports)"
  elif [ "$urc" -ne 0 ]; then fail sanitize.unit "exit $urc: $(grep -m1 -E '^\[  FAILED|Failure' "$log/unit.log") (log: $log/unit.log)"
  else pass sanitize.unit; fi
fi

# CLI bad-input suite (the same script as suite 25, on the sanitized CLI)
if want sanitize.cli-bad-input; then
  sanitize_env "$PWD/$log/cli.reports"
  SCNN="$S/bin/scnn" CLI_WORK="$BUILD/tests/cli-sanitize.$tier" bash tests/suites/25-cli.sh "$tier" \
    >"$log/cli.log" 2>&1
  crc=$?
  unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
  r=$(reports "$log/cli.reports")
  n=$(grep -c '^PASS ' "$log/cli.log")
  if [ -n "$r" ]; then fail sanitize.cli-bad-input "sanitizer report: $(head -n 1 <<<"$r") (log: $log/cli.reports)"
  elif [ "$crc" -ne 0 ] || [ "$n" -eq 0 ]; then
    fail sanitize.cli-bad-input "$(grep -m1 '^FAIL ' "$log/cli.log" || echo "exit $crc") (log: $log/cli.log)"
  else pass sanitize.cli-bad-input; fi
  [ "$rc" -eq 0 ] && echo "  sanitized build: unit tests and $n checks of 25-cli.sh, no sanitizer report"
fi
exit $rc
