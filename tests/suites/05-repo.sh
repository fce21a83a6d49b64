#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
#
# The repository stands on its own: no tracked file names a path outside it
# (tests/py/check_repo_paths.py). Same tests in both tiers (tests/tiers.txt).
#   repo.paths-inside    the checker passes on this repository's tracked files;
#   repo.paths-negative  the checker fails, naming exactly the bad references, on a fixture
#                        (a throw-away git repository) that has some, and stays quiet on the
#                        fixture's legitimate relative paths;
#   repo.make-docs-targets-and-variables  every `make WORD` in a tracked file names a real target and
#                        make help lists every `NAME ?=` variable (tests/py/check_make_docs.py);
#   repo.make-docs-negative   that checker fails on a fixture with a missing target and undocumented
#                        variables;
#   repo.spdx-headers    LICENSE exists and every source file carries the SPDX header
#                        (tests/py/check_spdx.py); repo.spdx-negative: it fails on a file without.
# The bad strings of the fixture are assembled at run time, so this file itself passes.
set -uo pipefail
. "$(dirname "$0")/../lib/suite.sh" "$@"
CHECK=tests/py/check_repo_paths.py
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# clean ID CMD...: if the tier wants ID, CMD (a checker on this repository) must exit 0; its
# summary line is shown, or the first 5 lines of its findings are the reason
clean() {
  local id=$1 out; shift
  want "$id" || return 0
  if out=$("$@" 2>&1); then pass "$id"; echo "  $out"
  else fail "$id" "$(echo "$out" | head -n 5 | tr '\n' ' ')"; fi
}

# --- repo.paths-inside -------------------------------------------------------------------------
clean repo.paths-inside $PY "$CHECK"

# --- repo.paths-negative -----------------------------------------------------------------------
if want repo.paths-negative; then
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
  if [ -z "$why" ]; then pass repo.paths-negative; else fail repo.paths-negative "$why"; fi
fi

# --- make-docs: the targets that docs and comments name exist; make help lists every variable --
MCHECK=tests/py/check_make_docs.py
clean repo.make-docs-targets-and-variables $PY "$MCHECK"
# negative: a fixture whose notes name a missing target, and whose Makefile has a user variable
# without a description and one that make help does not list
if want repo.make-docs-negative; then
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
    pass repo.make-docs-negative
  else
    fail repo.make-docs-negative "exit $mrc, reported [$(echo "$got" | tr '\n' ';')]"
  fi
fi
# --- repo.spdx: LICENSE and the SPDX header of every source file -------------------------------
clean repo.spdx-headers $PY tests/py/check_spdx.py
# negative: a fixture with a LICENSE, one source file with the header and one without
if want repo.spdx-negative; then
  sx="$tmp/spdx"
  mkdir -p "$sx"
  : >"$sx/LICENSE"
  printf '# SPDX-License-Identifier: %s\n' "Apache-2.0" >"$sx/good.sh"
  printf '/* no licence here */\n' >"$sx/bad.c"
  got=$($PY tests/py/check_spdx.py --root "$sx" --files good.sh bad.c 2>&1); src=$?
  if [ $src -eq 1 ] && [ "$(echo "$got" | cut -d: -f1)" = bad.c ]; then
    pass repo.spdx-negative
  else
    fail repo.spdx-negative "exit $src, reported [$(echo "$got" | tr '\n' ';')]"
  fi
fi
exit $rc
