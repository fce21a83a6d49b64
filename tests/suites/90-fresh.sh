#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
#
# The fresh-machine check (scripts/test_fresh.sh). Full tier: `make test-fresh`, the
# README's two commands in a new Debian 12 minbase chroot (as root; about 30 minutes);
# its output goes to a log, only its summary lines are shown (the inner `make test`
# prints PASS/FAIL lines of its own, which must not count here). Quick tier: the script
# parses and finds this machine's apt source (--dry-run).
set -uo pipefail
tier=$1
log_dir="$BUILD/tests/logs"
mkdir -p "$log_dir"
if [ "$tier" = quick ]; then
  if ! bash -n scripts/test_fresh.sh; then echo "FAIL fresh.script: bash -n scripts/test_fresh.sh"; exit 1; fi
  if out=$(scripts/test_fresh.sh --dry-run 2>&1) && grep -q '^test-fresh: mirror [a-z]*://' <<<"$out"; then
    echo "PASS fresh.dry-run"
  else
    echo "FAIL fresh.dry-run: $(tail -n1 <<<"$out")"; exit 1
  fi
  exit 0
fi
log="$log_dir/test-fresh.log"
make --no-print-directory test-fresh BUILD="$BUILD" >"$log" 2>&1
rc=$?
# what follows the script's "test-fresh: summary" line ("test-fresh: <command>: PASS in N s",
# a failed command's log tail, the total), indented; without it (a setup failure) the log's end
if grep -q '^test-fresh: summary$' "$log"; then
  sed -n '/^test-fresh: summary$/,$p' "$log" | sed 1d | sed 's/^/  /'
else
  tail -n 15 "$log" | sed 's/^/  /'
fi
if [ "$rc" -eq 0 ]; then
  echo "PASS fresh-debian12-readme-commands"
else
  echo "FAIL fresh-debian12-readme-commands: make test-fresh exited $rc (log: $log)"
  exit 1
fi
