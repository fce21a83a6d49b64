#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
#
# run_fuzz.sh FUZZ_BUILD SECONDS TARGET...   fuzz each target SECONDS s (make fuzz)
# run_fuzz.sh --replay FUZZ_BUILD TARGET...  run each target once over tests/fuzz/regress/<t>/
#                                           and its seed corpus, no fuzzing
# The binaries are FUZZ_BUILD/bin/fuzz-<t> (make fuzz-build). A target named <t>-selftest uses
# the corpus and dictionary of <t>. Fuzzing starts from the seed corpus tests/fuzz/corpus/<t>/
# plus what earlier runs found (FUZZ_BUILD/corpus/<t>/, where new inputs go: the committed
# corpus is never written); the inputs' files are written under /dev/shm (else FUZZ_BUILD/tmp)
# and removed; crashes, timeouts (> 5 s per input) and out-of-memory (> 2 GB) go to
# FUZZ_BUILD/artifacts/<t>/. One line per target:
#   fuzz-<t>: N executions in S s, corpus M inputs, no crash
#   fuzz-<t>: CRASH after N executions: <sanitizer summary> (artifact A, log L)
# Exit status 1 if any target crashed (or its binary is missing), else 0.
set -uo pipefail
replay=0
[ "${1:-}" = --replay ] && { replay=1; shift; }
fb=${1:?usage: run_fuzz.sh [--replay] FUZZ_BUILD [SECONDS] TARGET...}; shift
if [ "$replay" -eq 0 ]; then secs=${1:?seconds}; shift; fi
src=$(cd "$(dirname "$0")" && pwd)
rc=0
for t in "$@"; do
  base=${t%-selftest}
  bin="$fb/bin/fuzz-$t"
  log="$fb/logs/$t.$([ "$replay" -eq 1 ] && echo replay || echo fuzz).log"
  art="$fb/artifacts/$t"
  # the targets write every input to files: in memory if /dev/shm is there (50x faster here)
  tmp="$fb/tmp/$t"
  [ -d /dev/shm ] && [ -w /dev/shm ] && tmp="/dev/shm/scnn-fuzz-$t.$$"
  mkdir -p "$fb/logs" "$art" "$fb/corpus/$t"
  rm -rf "$tmp" && mkdir -p "$tmp"
  if [ ! -x "$bin" ]; then
    echo "fuzz-$t: CRASH: no binary $bin (make fuzz-build)"; rc=1; continue
  fi
  opts=(-rss_limit_mb=2048 -timeout=5 -artifact_prefix="$art/")
  if [ "$replay" -eq 1 ]; then
    files=()
    for f in "$src/regress/$base"/* "$src/corpus/$base"/*; do [ -f "$f" ] && files+=("$f"); done
    TMPDIR="$tmp" "$bin" "${opts[@]}" "${files[@]}" >"$log" 2>&1
    r=$?
    nreg=$(find "$src/regress/$base" -type f 2>/dev/null | wc -l)
    what="${#files[@]} inputs replayed ($nreg regression, $((${#files[@]} - nreg)) seed)"
  else
    dict=()
    [ -f "$src/dict/$base.dict" ] && dict=(-dict="$src/dict/$base.dict")
    before=$(find "$art" -type f | wc -l)
    t0=$(date +%s)
    TMPDIR="$tmp" "$bin" "${opts[@]}" "${dict[@]}" -max_total_time="$secs" -print_final_stats=1 \
      "$fb/corpus/$t" "$src/corpus/$base" >"$log" 2>&1
    r=$?
    t1=$(date +%s)
    execs=$(grep -oP '^stat::number_of_executed_units:\s*\K[0-9]+' "$log" | tail -n 1)
    [ -n "$execs" ] || execs=$(grep -oP '^#\K[0-9]+' "$log" | tail -n 1)
    what="${execs:-?} executions in $((t1 - t0)) s, corpus $(find "$fb/corpus/$t" -type f | wc -l) inputs"
  fi
  rm -rf "$tmp"
  if [ "$r" -eq 0 ]; then
    echo "fuzz-$t: $what, no crash"
  else
    rc=1
    why=$(grep -m1 -E '^SUMMARY: |fuzz property failed|ERROR: libFuzzer|==[0-9]+==ERROR' "$log")
    a=$(grep -oP 'Test unit written to \K\S+' "$log" | tail -n 1)
    echo "fuzz-$t: CRASH (exit $r) after ${execs:-$what}: ${why:-see the log} (artifact ${a:-none}, log $log)"
  fi
done
exit $rc
