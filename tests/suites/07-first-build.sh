#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
#
# The first Verilator testbench build on a fresh machine. On a machine without Verilator the
# build must install it (scripts/need.sh) BEFORE make expands a recipe that asks Verilator for
# a value (verilator --getenv VERILATOR_ROOT) - GNU make expands a whole recipe before it runs
# its first line, so an install step inside the same recipe comes too late (issue 11).
#
# The situation is made here without uninstalling anything: a PATH (a folder of links to the
# system's programs) in which verilator and pkg-config are absent, and a stand-in install step
# (SCNN_INSTALL) that puts them there when asked - as logging wrappers, so the test can tell that
# the build really asked the installed tool. Built into a scratch BUILD folder:
# (tiers in tests/tiers.txt)
#   quick: the PE DPI testbench up to its DPI library (verilate, then gcc with Verilator's
#          include folder: the step that failed on a fresh machine), and a broken variant of the
#          makefiles with the old recipe shape (install as the recipe's first line) that must
#          fail the same check;
#   full:  also the SystemC array testbench up to its verilation (its SYSTEMC_INCLUDE comes from
#          pkg-config, which the stand-in installs).
set -uo pipefail
. "$(dirname "$0")/../lib/suite.sh" "$@"
root=$(pwd)
work="$BUILD/tests/first-build"
rm -rf "$work" && mkdir -p "$work"
work=$(cd "$work" && pwd)

# A PATH without verilator* and pkg-config: links to every other program of the system PATH.
mkdir -p "$work/bin"
IFS=: read -ra dirs <<<"$PATH"
for d in "${dirs[@]}"; do
  [ -d "$d" ] || continue
  for f in "$d"/*; do
    n=${f##*/}
    case "$n" in verilator*|pkg-config|*-pkg-config) continue ;; esac
    [ -x "$f" ] && [ ! -e "$work/bin/$n" ] && ln -s "$f" "$work/bin/$n"
  done
done
# The stand-in install links the real tools: on a fresh machine install them first (as make would).
scripts/need.sh verilator pkgconfig systemc >"$work/need.log" 2>&1 ||
  { fail first-build.setup "could not install verilator/pkg-config ($(tail -n 1 "$work/need.log"))"; exit 1; }
real_verilator=$(command -v verilator) || { fail first-build.setup "verilator is not installed here"; exit 1; }
real_pkgconfig=$(command -v pkg-config) || { fail first-build.setup "pkg-config is not installed here"; exit 1; }

# The stand-in install step: "installs" a package by putting a logging wrapper of its program
# into the PATH above; anything else it is asked for is an error (all else is present here).
cat >"$work/install.sh" <<EOF
#!/usr/bin/env bash
set -eu
for p in "\$@"; do
  echo "\$p" >>"$work/installed"
  case "\$p" in
    verilator)  tool=verilator  real=$real_verilator ;;
    pkg-config) tool=pkg-config real=$real_pkgconfig ;;
    *) echo "stand-in install: unexpected package \$p" >&2; exit 1 ;;
  esac
  printf '#!/bin/sh\necho "%s \$*" >>"%s"\nexec %s "\$@"\n' "\$tool" "$work/calls" "\$real" >"$work/bin/\$tool"
  chmod +x "$work/bin/\$tool"
  if [ "\$tool" = verilator ]; then ln -sf "\$(dirname "\$real")"/verilator_bin* "$work/bin/"; fi
done
EOF
chmod +x "$work/install.sh"
[ -e "$work/bin/verilator" ] || [ -e "$work/bin/pkg-config" ] &&
  { fail first-build.setup "the fresh PATH still has verilator or pkg-config"; exit 1; }

# first_build SRC TARGET: make TARGET in SRC with a scratch BUILD, the fresh PATH and the
# stand-in install step (tools reset to "not installed" first).
first_build() {
  local src=$1 target=$2
  rm -f "$work/bin/verilator" "$work/bin/verilator_bin"* "$work/bin/pkg-config" \
    "$work/installed" "$work/calls"
  rm -rf "$work/b"
  (cd "$src" && env PATH="$work/bin" SCNN_INSTALL="$work/install.sh" \
    make --no-print-directory BUILD="$work/b" "$work/b/$target")
}

# --- the PE DPI testbench's first build -----------------------------------------------------
if want first-build.pe-dpi-installs-verilator; then
  out="$work/pe_dpi.log"
  if first_build "$root" tb/pe_dpi/libtb_dpi.a >"$out" 2>&1; then
    if ! grep -qx verilator "$work/installed" 2>/dev/null; then
      fail first-build.pe-dpi-installs-verilator "the build did not ask for verilator (log: $out)"
    elif ! grep -q '^verilator --getenv VERILATOR_ROOT' "$work/calls"; then
      fail first-build.pe-dpi-installs-verilator "VERILATOR_ROOT was not asked of the installed verilator (log: $out)"
    else
      pass first-build.pe-dpi-installs-verilator
    fi
  else
    fail first-build.pe-dpi-installs-verilator "$(grep -m1 -E 'rror|No such' "$out") (log: $out)"
  fi
fi

# Negative: the same check on a variant of tb/tb.mk with the recipe shape that failed on a
# fresh machine: verilation and the DPI library in one recipe whose first line installs
# Verilator (no order-only need-verilator) - so the gcc line, which asks verilator for its
# include folder, is expanded before Verilator is there. It must fail on svdpi.h.
# (tests/py/old_recipe_shape.py writes it.)
if want first-build.old-recipe-shape-fails; then
  neg="$work/old-shape"
  mkdir -p "$neg"
  git ls-files -z | xargs -0 cp --parents -t "$neg"
  out="$work/old-shape.log"
  if ! $PY tests/py/old_recipe_shape.py "$neg/tb/tb.mk"; then
    fail first-build.old-recipe-shape-fails "could not make the broken variant of tb/tb.mk"
  elif first_build "$neg" tb/pe_dpi/libtb_dpi.a >"$out" 2>&1; then
    fail first-build.old-recipe-shape-fails "the old recipe shape passed the first-build check (log: $out)"
  elif grep -q 'svdpi.h' "$out"; then
    pass first-build.old-recipe-shape-fails
  else
    fail first-build.old-recipe-shape-fails "failed, but not on svdpi.h (log: $out)"
  fi
fi

# --- the SystemC array testbench's verilation (pkg-config for SYSTEMC_INCLUDE) ---------------
if want first-build.array-sc-installs-pkg-config; then
  out="$work/array_sc.log"
  if first_build "$root" tb/array_sc/Vtb_array_dpi.mk >"$out" 2>&1 &&
     grep -qx pkg-config "$work/installed" &&
     grep -q '^pkg-config --variable=includedir systemc' "$work/calls"; then
    pass first-build.array-sc-installs-pkg-config
  else
    fail first-build.array-sc-installs-pkg-config "pkg-config not installed or not asked (log: $out)"
  fi
fi
exit $rc
