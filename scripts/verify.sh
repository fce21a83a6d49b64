#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
# verify.sh: the main job behind `make verify`.
#   NET/LAYER/SEED (catalog layer, generated data) or BUNDLE (a user's layer bundle)
# 1. runs the layer on the cycle-level C golden model and on the dense reference,
#    and compares the outputs bit for bit;
# 2. runs the 8x8 array RTL against the C model (through DPI-C), every job, every PE, and
#    compares the RTL's output tensor with the dense reference; on a mismatch it reruns the
#    failing window with FST waves. BUG=<variant> runs a deliberately broken RTL (must fail).
# Exit status 0 only if every comparison that ran passed.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
NET=${NET:-alexnet}; LAYER=${LAYER:-conv3}; SEED=${SEED:-1}; BUNDLE=${BUNDLE:-}; WAVES=${WAVES:-0}
BUG=${BUG:-}
SIM=${SIM:-cpp}        # cpp: C++-clocked Verilator build; sc: the SystemC build (make verify-sc)
TAG=${TAG:-}           # name of the run (default NET-LAYER-sSEED or bundle-DIR)
XSEED=${XSEED:-0}      # initial state of the RTL: 0 every register and memory at 0, N > 0 random from seed N
SCNN="$BUILD/bin/scnn"
t0=$(date +%s%N)

die() { echo "verify: error: $*" >&2; exit 1; }
case "$XSEED" in ''|*[!0-9]*|0?*) die "XSEED='$XSEED': expected 0 or a decimal seed without leading zeros" ;; esac

if [ -n "$BUNDLE" ]; then
  [ -d "$BUNDLE" ] || die "BUNDLE=$BUNDLE: no such directory"
  tag=${TAG:-"bundle-$(basename "$(cd "$BUNDLE" && pwd)")"}
  bundle="$BUNDLE"
else
  tag=${TAG:-"$NET-$LAYER-s$SEED"}
fi
[ "$SIM" = sc ] && tag="$tag-sc"   # make verify-sc writes beside make verify, not over it
[ -n "$BUG" ] && tag="$tag-bug-$BUG"   # a broken variant's files never replace a real run's
[ "$XSEED" != 0 ] && tag="$tag-x$XSEED"   # nor does a run from a random initial state
out="$BUILD/verify/$tag"
mkdir -p "$out"
# a generated layer's bundle is the run's own (runs that differ only in BUG or XSEED may run at
# once, e.g. under make regress: they must not rewrite one bundle)
[ -z "$BUNDLE" ] && bundle="$out/bundle"

if [ -z "$BUNDLE" ]; then
  "$SCNN" gen --net "$NET" --layer "$LAYER" --seed "$SEED" --out "$bundle" >"$out/gen.log" 2>&1 \
    || die "generating $NET/$LAYER: $(tail -n 1 "$out/gen.log")"
fi

echo "verify: layer $tag ($bundle)"
fail=0
# --- 1. C golden model vs dense reference ------------------------------------------------------
"$SCNN" ref "$bundle" --out "$out/ref_output.npy" >"$out/ref.log" 2>&1 \
  || die "dense reference failed: $(tail -n 1 "$out/ref.log")"
if "$SCNN" run "$bundle" --out "$out/model_output.npy" --report "$out/model_report.json" \
     >"$out/model.log" 2>&1; then
  cat "$out/model.log"
  if cmp -s "$out/model_output.npy" "$out/ref_output.npy"; then
    echo "verify: C model output == dense reference (bit for bit): PASS"
  else
    echo "verify: C model output != dense reference: FAIL (files in $out)"; fail=1
  fi
else
  echo "verify: C model run failed: $(tail -n 2 "$out/model.log")"; fail=1
fi

# --- 2. the 8x8 array RTL against the C model (tb/array/: tb_array_dpi.sv + array_*.c) -------
# The testbench loads the same layer (catalog + seed, or the bundle), checks every PE's
# accumulator buffer and output blocks at every job end and the cycle counter at every barrier
# and job start, and writes the RTL output tensor, which is compared here with `scnn ref`.
case "$SIM" in
  cpp) bin="$BUILD/tb/array${BUG:+_bug_$BUG}/Vtb_array_dpi" ;;
  sc)  [ -z "$BUG" ] || die "BUG= variants are built for SIM=cpp only"
       bin="$BUILD/tb/array_sc/Vtb_array_dpi" ;;
  *)   die "SIM=$SIM: expected cpp or sc" ;;
esac
fst_bin="$BUILD/tb/array_fst/Vtb_array_dpi"   # waves: the correct RTL only
# waves: the FST and a GTKWave save file beside it (the layout tb/array/scnn_array.gtkw with the
# view on the first traced job and markers at its go, barrier and hold)
waves=("+fst=$out/waves.fst" "+gtkw_layout=tb/array/scnn_array.gtkw" "+gtkw=$out/waves.gtkw")
if [ -n "$BUNDLE" ]; then base=(+net=bundle "+layer=$bundle"); else base=(+net="$NET" +layer="$LAYER" +seed="$SEED"); fi
# random initial state (the builds use --x-initial unique --x-assign unique): Verilator's own
# plusargs, read when the model is constructed; the rerun with waves gets the same
if [ "$XSEED" != 0 ]; then
  base+=(+verilator+rand+reset+2 "+verilator+seed+$XSEED")
  echo "verify: every register and memory of the RTL starts random (XSEED=$XSEED)"
fi
args=("${base[@]}" "+out=$out/rtl_output.npy" "+report=$out/rtl_report.json")
rm -f "$out/rtl_output.npy" "$out/rtl_report.json"
[ -n "$BUG" ] && echo "verify: deliberately broken RTL variant SCNN_BUG_$BUG (this run must FAIL)"
if [ "$WAVES" = 1 ]; then
  [ -z "$BUG" ] || die "WAVES=1 with BUG=: the broken variants are built without tracing"
  bin=$fst_bin; args+=("${waves[@]}" +trace_from=0)
fi
t1=$(date +%s%N)
make --no-print-directory -s "$bin" BUG="$BUG" || die "building the array testbench failed"
bms=$(( ($(date +%s%N) - t1) / 1000000 ))
[ $bms -gt 2000 ] && printf "verify: array testbench built in %d.%d s\n" $((bms / 1000)) $((bms % 1000 / 100))
"$bin" "${args[@]}" | tee "$out/rtl.log"
rc=${PIPESTATUS[0]}
[ "$WAVES" = 1 ] && echo "waves: gtkwave $out/waves.fst $out/waves.gtkw"
if [ $rc -eq 0 ]; then
  if cmp -s "$out/rtl_output.npy" "$out/ref_output.npy"; then
    echo "verify: RTL output == dense reference (scnn ref, bit for bit): PASS"
  else
    echo "verify: RTL output != dense reference: FAIL (files in $out)"; fail=1
  fi
else
  fail=1
  job=$(sed -n 's/^failed job: //p' "$out/rtl.log" | head -n 1)
  if [ $rc -eq 1 ] && [ -n "$job" ] && [ "$WAVES" != 1 ] && [ -z "$BUG" ] &&
     [ "${VERIFY_NO_RERUN:-0}" != 1 ]; then
    echo "verify: re-running with waves from job $job (the failing window)"
    if make --no-print-directory -s "$fst_bin" BUG="$BUG" >/dev/null; then
      "$fst_bin" "${base[@]}" "${waves[@]}" "+trace_from=$job" >/dev/null 2>&1
      echo "waves: gtkwave $out/waves.fst $out/waves.gtkw"
    fi
  fi
fi
[ $rc -eq 2 ] && echo "verify: the array testbench could not set the layer up (see above)"

ms=$(( ($(date +%s%N) - t0) / 1000000 )); printf "verify: wall time %d.%03d s\n" $((ms / 1000)) $((ms % 1000))
if [ $fail -eq 0 ]; then echo "verify: PASS ($tag)"; else echo "verify: FAIL ($tag)"; fi
exit $fail
