#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
#
# The repository stands on its own: no tracked file names a path outside it
# (tests/py/check_repo_paths.py). Same tests in both tiers.
#   repo-paths-inside    the checker passes on this repository's tracked files;
#   repo-paths-negative  the checker fails, naming exactly the bad references, on a fixture
#                        (a throw-away git repository) that has some, and stays quiet on the
#                        fixture's legitimate relative paths;
#   make-docs-targets-and-variables  every `make WORD` in a tracked file names a real target and
#                        make help lists every `NAME ?=` variable (tests/py/check_make_docs.py);
#   make-docs-negative   that checker fails on a fixture with a missing target and undocumented
#                        variables;
#   repo-spdx-headers    LICENSE exists and every source file carries the SPDX header
#                        (tests/py/check_spdx.py); repo-spdx-negative: it fails on a file without.
# The bad strings of the fixture are assembled at run time, so this file itself passes.
set -uo pipefail
tier=${1:?usage: 05-repo.sh quick|full}
case "$tier" in quick|full) ;; *) echo "05-repo.sh: unknown tier '$tier'" >&2; exit 2 ;; esac
cd "$(dirname "$0")/../.."
PY=/usr/bin/python3
CHECK=tests/py/check_repo_paths.py
rc=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; rc=1; }

# --- repo-paths-inside -------------------------------------------------------------------------
if out=$($PY "$CHECK" 2>&1); then
  pass repo-paths-inside
  echo "  $out"
else
  fail repo-paths-inside "$(echo "$out" | head -n 5 | tr '\n' ' ')"
fi

# --- repo-paths-negative -----------------------------------------------------------------------
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
up='..'; sib=shared; tick='`'; w=work
mkdir -p "$tmp/docs" "$tmp/cmodel/src" "$tmp/cmodel/include" "$tmp/scripts" "$tmp/synth"
# bad: the old brief's path, a link two levels up from docs/, an include above the root in a
# make file, a root-relative script path, an absolute path into the work area
printf 'The specification is %s.\n' "$tick$up/$sib/docs/SPEC.md$tick" >"$tmp/docs/x.md"
printf 'See [foo](%s) and [ok](%s).\n' "$up/$up/foo" "$up/synth/README.md" >"$tmp/docs/y.md"
printf 'include %s\n\ntb:\n\t$(MAKE) -C $(BUILD)/tb/x -f y.mk \\\n\t  OBJ=%s\n' \
  "$up/other.mk" "$up/$up/obj.o" >"$tmp/Makefile"
printf '#!/usr/bin/env bash\ncat %s\n' "$up/outside.txt" >"$tmp/scripts/s.sh"
printf 'data in /%s/wt/x; fine: /tmp/ok and https://example.org/home/page\n' "$w" >"$tmp/notes.txt"
# legitimate: an include that stays inside, the synth README the link above points to
printf '#include "%s"\n' "$up/include/x.h" >"$tmp/cmodel/src/a.c"
printf '/* x */\n' >"$tmp/cmodel/include/x.h"
printf '# synth\n' >"$tmp/synth/README.md"
expect=$(printf '%s\n' "Makefile:1: $up/other.mk" "docs/x.md:1: $up/$sib/docs/SPEC.md" \
  "docs/y.md:1: $up/$up/foo" "notes.txt:1: /$w/wt/x" "scripts/s.sh:2: $up/outside.txt")
why=""
# (a) through git ls-files (when git is installed), (b) with an explicit --files list
if command -v git >/dev/null; then
  if git -C "$tmp" init -q && git -C "$tmp" add -A; then
    got=$($PY "$CHECK" --root "$tmp" 2>/dev/null); grc=$?
    got=$(echo "$got" | sort)
    [ $grc -eq 1 ] || why+="git mode exit $grc (want 1); "
    [ "$got" = "$expect" ] || why+="git mode reported [$(echo "$got" | tr '\n' ';')]; "
  else
    why+="could not make a git fixture; "
  fi
fi
files=$(cd "$tmp" && find . -type f -not -path './.git/*' | sed 's|^\./||' | sort)
# shellcheck disable=SC2086
got=$($PY "$CHECK" --root "$tmp" --files $files 2>/dev/null); frc=$?
got=$(echo "$got" | sort)
[ $frc -eq 1 ] || why+="--files mode exit $frc (want 1); "
[ "$got" = "$expect" ] || why+="--files mode reported [$(echo "$got" | tr '\n' ';')]; "
if [ -z "$why" ]; then pass repo-paths-negative; else fail repo-paths-negative "$why"; fi

# --- make-docs: the targets that docs and comments name exist; make help lists every variable --
MCHECK=tests/py/check_make_docs.py
if out=$($PY "$MCHECK" 2>&1); then
  pass make-docs-targets-and-variables
  echo "  $out"
else
  fail make-docs-targets-and-variables "$(echo "$out" | head -n 5 | tr '\n' ' ')"
fi
# negative: a fixture whose notes name a missing target, and whose Makefile has a user variable
# without a description and one that make help does not list
m="$tmp/mk"
mkdir -p "$m"
mk=make   # the fixture's strings are assembled at run time, so this file passes the check
printf 'Run `%s build`, then `%s -s BUILD=x no-such-target`; %s sure it works.\n' "$mk" "$mk" "$mk" \
  >"$m/notes.md"
printf 'GOOD ?= 1## listed\nBARE ?= 2\nHIDDEN ?= 3## not listed\nbuild:\n\t@true\nhelp:\n\t@echo "  GOOD=1 listed"\n' >"$m/Makefile"
got=$($PY "$MCHECK" --root "$m" --files Makefile notes.md 2>&1); mrc=$?
want=$(printf '%s\n' "notes.md:1: $mk no-such-target (no such target)" \
  "Makefile:2: BARE (a user variable without a ## description)" \
  "Makefile:3: HIDDEN (not listed by make help)")
if [ $mrc -eq 1 ] && [ "$(echo "$got" | sort)" = "$(echo "$want" | sort)" ]; then
  pass make-docs-negative
else
  fail make-docs-negative "exit $mrc, reported [$(echo "$got" | tr '\n' ';')]"
fi
# --- repo-spdx: LICENSE and the SPDX header of every source file -------------------------------
if out=$($PY tests/py/check_spdx.py 2>&1); then
  pass repo-spdx-headers
  echo "  $out"
else
  fail repo-spdx-headers "$(echo "$out" | head -n 5 | tr '\n' ' ')"
fi
# negative: a fixture with a LICENSE, one source file with the header and one without
sx="$tmp/spdx"
mkdir -p "$sx"
: >"$sx/LICENSE"
printf '# SPDX-License-Identifier: %s\n' "Apache-2.0" >"$sx/good.sh"
printf '/* no licence here */\n' >"$sx/bad.c"
got=$($PY tests/py/check_spdx.py --root "$sx" --files good.sh bad.c 2>&1); src=$?
if [ $src -eq 1 ] && [ "$(echo "$got" | cut -d: -f1)" = bad.c ]; then
  pass repo-spdx-negative
else
  fail repo-spdx-negative "exit $src, reported [$(echo "$got" | tr '\n' ';')]"
fi
exit $rc
