#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
#
# The fresh-machine check (scripts/test_fresh.sh). Full tier: `make test-fresh`, the
# README's two commands in a new Debian 12 minbase chroot (as root; about 30 minutes);
# its output goes to a log, only its summary lines are shown (the inner `make test`
# prints PASS/FAIL lines of its own, which must not count here). Quick tier: the script
# parses and finds this machine's apt source (--dry-run). Tiers: tests/tiers.txt.
set -uo pipefail
. "$(dirname "$0")/../lib/suite.sh" "$@"
if want fresh.dry-run; then
  if ! bash -n scripts/test_fresh.sh; then echo "FAIL fresh.script: bash -n scripts/test_fresh.sh"; exit 1; fi
  if out=$(scripts/test_fresh.sh --dry-run 2>&1) && grep -q '^test-fresh: mirror [a-z]*://' <<<"$out"; then
    echo "PASS fresh.dry-run"
  else
    echo "FAIL fresh.dry-run: $(tail -n1 <<<"$out")"; exit 1
  fi
fi
want fresh.debian12-readme-commands || exit 0
out="$log/test-fresh.log"
make --no-print-directory test-fresh BUILD="$BUILD" >"$out" 2>&1
rc=$?
# what follows the script's "test-fresh: summary" line ("test-fresh: <command>: PASS in N s",
# a failed command's log tail, the total), indented; without it (a setup failure) the log's end
if grep -q '^test-fresh: summary$' "$out"; then
  sed -n '/^test-fresh: summary$/,$p' "$out" | sed 1d | sed 's/^/  /'
else
  tail -n 15 "$out" | sed 's/^/  /'
fi
if [ "$rc" -eq 0 ]; then
  echo "PASS fresh.debian12-readme-commands"
else
  echo "FAIL fresh.debian12-readme-commands: make test-fresh exited $rc (log: $out)"
  exit 1
fi
