#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
#
# The shape of tb/ (tests/py/check_tb_shape.py), same tests in both tiers (tests/tiers.txt):
#   tb-shape.file-lines      no file in tb/ is longer than 500 lines;
#   tb-shape.function-lines  no C/C++ function in tb/ is longer than 120 lines;
#   tb-shape.dpi-args        no `import "DPI-C"` in tb/ has more than 12 arguments;
# each with a negative test: the checker fails on a fixture that breaks its limit by one
# (written here at run time) and names the file.
set -uo pipefail
. "$(dirname "$0")/../lib/suite.sh" "$@"
CHECK=tests/py/check_tb_shape.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# limit NAME: the checker passes on tb/ (test tb-shape.NAME)
# negative NAME FIXTURE-FILE: the checker fails on a folder holding only FIXTURE-FILE, naming it
limit() {
  local out
  want "tb-shape.$1" || return 0
  if out=$($PY "$CHECK" "$1" tb 2>&1); then pass "tb-shape.$1"
  else fail "tb-shape.$1" "$(echo "$out" | head -n 3 | tr '\n' ' ')"; fi
}
negative() {
  local out
  want "tb-shape.$1-negative" || return 0
  if out=$($PY "$CHECK" "$1" "$tmp/$1" 2>&1); then
    fail "tb-shape.$1-negative" "the checker passed on $2"
  elif echo "$out" | grep -q "$2"; then pass "tb-shape.$1-negative"
  else fail "tb-shape.$1-negative" "failed without naming $2: $out"; fi
}

mkdir -p "$tmp/file-lines" "$tmp/function-lines" "$tmp/dpi-args"
# 501 lines
for i in $(seq 1 501); do echo "// line $i"; done >"$tmp/file-lines/long.c"
# a function of 121 lines (name line, 119 body lines, closing brace) after one of 120
{
  echo "static int ok(void) {"
  for i in $(seq 1 118); do echo "  int v$i = $i;"; done
  echo "  return 0;"
  echo "}"
  echo "int too_long(int a,"
  echo "             int b) {"
  for i in $(seq 1 117); do echo "  a += $i; /* { not a block } */"; done
  echo "  return a + b;"
  echo "}"
} >"$tmp/function-lines/long_fn.c"
# an import with 13 arguments (one a vector with a comma-free range), one with 12
{
  echo "package p;"
  echo "  import \"DPI-C\" function int twelve(input chandle h, input int a1, input int a2,"
  echo "      input int a3, input int a4, input int a5, input int a6, input int a7,"
  echo "      input int a8, input int a9, input int a10, input int a11);"
  echo "  import \"DPI-C\" function void thirteen(input chandle h, input bit [7:0] a1,"
  echo "      input int a2, input int a3, input int a4, input int a5, input int a6,"
  echo "      input int a7, input int a8, input int a9, input int a10, input int a11,"
  echo "      output int a12);"
  echo "endpackage"
} >"$tmp/dpi-args/wide_pkg.sv"

limit file-lines
negative file-lines long.c
limit function-lines
negative function-lines "long_fn.c:.*too_long is 121 lines"
limit dpi-args
negative dpi-args "wide_pkg.sv:.*thirteen has 13 arguments"
if want tb-shape.function-lines-negative &&
   $PY "$CHECK" function-lines "$tmp/function-lines" | grep -q "ok is"; then
  fail tb-shape.function-lines-negative "a 120-line function was reported"
fi
if want tb-shape.dpi-args-negative && $PY "$CHECK" dpi-args "$tmp/dpi-args" | grep -q "twelve"; then
  fail tb-shape.dpi-args-negative "a 12-argument import was reported"
fi
exit $rc
