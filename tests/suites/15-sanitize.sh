#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
#
# The C model, the CLI and the unit tests built with gcc's AddressSanitizer + UndefinedBehavior-
# Sanitizer (make sanitize-build -> $BUILD/sanitize, -fno-sanitize-recover=all), then the unit
# tests (quick: without *Full* and without the two whole-network runs ModelCatalog.ChainedAlexNet
# and Gen.CatalogOutputsAreInformative, ~15 s under the sanitizers for code paths the smaller
# tests cover) and the CLI bad-input suite 25-cli.sh pointed at the sanitized binary. Every sanitizer report (ASan, UBSan, LeakSanitizer) goes to a file of its own under the
# log dir; any such file fails the test, whatever the exit status of the program was.
set -uo pipefail
tier=$1
B=${BUILD:-build}
S="$B/sanitize"
log="$B/tests/logs/15-sanitize"
rm -rf "$log"
mkdir -p "$log"
rc=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; rc=1; }

if ! make -s -j2 sanitize-build >"$log/build.log" 2>&1; then
  fail sanitize-build "$(grep -m1 -E 'rror' "$log/build.log") (log: $log/build.log)"
  exit 1
fi
# The binaries must really be instrumented (a build that silently dropped SAN_FLAGS would pass).
for b in "$S/bin/scnn" "$S/tests/unit_tests"; do
  syms=$(nm "$b" 2>/dev/null)
  if ! grep -q '__asan_init' <<<"$syms" || ! grep -q '__ubsan_handle_' <<<"$syms"; then
    fail sanitize-instrumented "$b lacks the ASan or UBSan runtime"
  fi
done
[ "$rc" -eq 0 ] && pass sanitize-instrumented

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

# Unit tests
filter='*'
[ "$tier" = full ] || filter='-*Full*:ModelCatalog.ChainedAlexNet:Gen.CatalogOutputsAreInformative'
sanitize_env "$PWD/$log/unit.reports"
"$S/tests/unit_tests" --gtest_filter="$filter" >"$log/unit.log" 2>&1
urc=$?
r=$(reports "$log/unit.reports")
if [ -n "$r" ]; then fail sanitize-unit "sanitizer report: $(head -n 1 <<<"$r") (log: $log/unit.reports)"
elif [ "$urc" -ne 0 ]; then fail sanitize-unit "exit $urc: $(grep -m1 -E '^\[  FAILED|Failure' "$log/unit.log") (log: $log/unit.log)"
else pass sanitize-unit; fi

# CLI bad-input suite (the same script as suite 25, on the sanitized CLI)
sanitize_env "$PWD/$log/cli.reports"
SCNN="$S/bin/scnn" CLI_WORK="$B/tests/cli-sanitize.$tier" BUILD="$B" bash tests/suites/25-cli.sh "$tier" \
  >"$log/cli.log" 2>&1
crc=$?
unset ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS
r=$(reports "$log/cli.reports")
n=$(grep -c '^PASS ' "$log/cli.log")
if [ -n "$r" ]; then fail sanitize-cli-bad-input "sanitizer report: $(head -n 1 <<<"$r") (log: $log/cli.reports)"
elif [ "$crc" -ne 0 ] || [ "$n" -eq 0 ]; then
  fail sanitize-cli-bad-input "$(grep -m1 '^FAIL ' "$log/cli.log" || echo "exit $crc") (log: $log/cli.log)"
else pass sanitize-cli-bad-input; fi
[ "$rc" -eq 0 ] && echo "  sanitized build: unit tests and $n checks of 25-cli.sh, no sanitizer report"
exit $rc
