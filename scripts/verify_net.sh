#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
# verify_net.sh: `make verify NET=<net>` (or LAYER=all) - every conv layer of a catalog network on
# the 8x8 array RTL, in network order, chained as `scnn run --net NET` chains them:
#   * layer i whose input does not chain (the first, or a shape mismatch after the previous layer's
#     max-pooling) gets a generated bundle: scnn gen --seed SEED*1000+i;
#   * a chained layer gets scnn gen --chain-from <the previous layer's RTL output> (the RTL's real
#     output tensor, not the model's), which max-pools it as the catalog says and generates the
#     weights with seed SEED*1000+i, as the network run does;
# then scripts/verify.sh runs the bundle (C model vs dense reference, RTL vs C model) with
# TAG=<net>-<layer>-s<SEED>-chain. Stops at the first FAIL (exit 1, naming the layer). Prints a table
# of every verified layer (from its rtl_report.json; "layer wall s" includes any testbench rebuild)
# and the network's totals.
# NET may also be a network directory written by tools/scnn-import (network.json, docs/onnx.md):
# then layer 0's bundle is the importer's (the sample's real activations) and layer i > 0 gets the
# importer's layer.json and weights.npy with input.npy = layer i-1's between-layer step (bias,
# ReLU, pooling: tools/scnn_chain.py input, the importer's own post_op) applied to layer i-1's RTL
# output; on top of verify.sh's checks, every layer's RTL output must equal the importer's NumPy
# integer reference (expected.npy), and the RTL chain's class is printed beside the importer's.
# Environment: NET (default alexnet), SEED (default 1), BUILD (default build); WAVES, BUG, XSEED, SIM are
# passed on to verify.sh.
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
NET=${NET:-alexnet}; SEED=${SEED:-1}
SCNN="$BUILD/bin/scnn"
PY=/usr/bin/python3

die() { echo "verify-net: error: $*" >&2; exit 1; }
[ -x "$SCNN" ] || die "$SCNN not built (make all)"
case "$SEED" in ''|*[!0-9]*) die "SEED='$SEED' is not a non-negative decimal integer" ;; esac
CHAIN="$PY tools/scnn_chain.py"
imported=0
if [ -d "$NET" ]; then
  [ -f "$NET/network.json" ] || die "NET=$NET is a directory without network.json (tools/scnn-import writes one)"
  imported=1
  NETDIR=${NET%/}
  NET=$(basename "$NETDIR")
fi

# The catalog through the CLI: "name C H W K Ho Wo pool" per layer, and for each layer whether the
# previous layer's output, after its max-pooling (Caffe ceil mode, as scnn_pool_out), has this
# layer's input shape.
if [ $imported = 1 ]; then
  plan=$($CHAIN plan "$NETDIR" | awk '{print $2, ($1 > 0), $3}') || die "could not read $NETDIR/network.json"
else
list=$("$SCNN" list --net "$NET" 2>&1) || die "$list"
plan=$($PY -c '
import sys
def pool_out(n, k, s):
    if n < k: return 1
    o = (n - k + s - 1) // s + 1
    if (o - 1) * s >= n: o -= 1
    return o
lines = sys.stdin.read().splitlines()
col = {h: j for j, h in enumerate(lines[0].split())}  # columns by header name
prev = None
for line in lines[1:]:
    f = line.split()
    g = lambda h: f[col[h]]
    name, pool = g("layer"), g("pool")
    C, H, W, K, Ho, Wo = (int(g(h)) for h in ("C", "H", "W", "K", "Ho", "Wo"))
    chain = 0
    if prev is not None:
        pK, pH, pW, ppool = prev
        if ppool != "-":
            k, s = map(int, ppool.split("/"))
            pH, pW = pool_out(pH, k, s), pool_out(pW, k, s)
        chain = int((pK, pH, pW) == (C, H, W))
    print(name, chain)
    prev = (K, Ho, Wo, pool)
' <<<"$list") || die "could not read the catalog of $NET"
fi
[ -n "$plan" ] || die "network '$NET' has no layers"

t_net=$(date +%s%N)
layers=(); tags=(); walls=(); chained=()
failed=""
i=0
prev_out=""
while read -r name chain ldir; do
  tag="$NET-$name-s$SEED-chain"
  [ $imported = 1 ] && tag="$NET-$name-chain"
  out="$BUILD/verify/$tag"
  bundle="$out/bundle"
  mkdir -p "$out"
  rm -f "$out/rtl_report.json" "$out/rtl_output.npy"
  t0=$(date +%s%N)
  if [ $imported = 1 ]; then
    rm -rf "$bundle"; mkdir -p "$bundle"
    cp "$NETDIR/$ldir/layer.json" "$NETDIR/$ldir/weights.npy" "$bundle/" || failed=$name
    if [ "$chain" = 1 ]; then
      echo "verify-net: $NET $name (layer $i): input = the between-layer step of $prev_out (the previous layer's RTL output)"
      $CHAIN input "$NETDIR" "$i" "$prev_out" "$bundle/input.npy" >"$out/gen.log" 2>&1 || { cat "$out/gen.log"; failed=$name; }
    else
      echo "verify-net: $NET $name (layer $i): input = the importer's sample activations"
      cp "$NETDIR/$ldir/input.npy" "$bundle/" >"$out/gen.log" 2>&1 || { cat "$out/gen.log"; failed=$name; }
    fi
  elif [ "$chain" = 1 ]; then
    echo "verify-net: $NET $name (layer $i): input = $prev_out (the previous layer's RTL output, max-pooled where the catalog says)"
    "$SCNN" gen --net "$NET" --layer "$name" --seed "$SEED" --chain-from "$prev_out" \
      --out "$bundle" >"$out/gen.log" 2>&1 || { cat "$out/gen.log"; failed=$name; }
  else
    echo "verify-net: $NET $name (layer $i): generated input, seed $((SEED * 1000 + i))"
    "$SCNN" gen --net "$NET" --layer "$name" --seed "$((SEED * 1000 + i))" \
      --out "$bundle" >"$out/gen.log" 2>&1 || { cat "$out/gen.log"; failed=$name; }
  fi
  if [ -z "$failed" ]; then
    cat "$out/gen.log"
    BUNDLE="$bundle" TAG="$tag" BUILD="$BUILD" scripts/verify.sh || failed=$name
  fi
  if [ -z "$failed" ] && [ $imported = 1 ]; then
    if $PY -c 'import sys, numpy as np; a, b = (np.load(p, allow_pickle=False) for p in sys.argv[1:]); sys.exit(0 if a.shape == b.shape and (a == b).all() else 1)' \
         "$out/rtl_output.npy" "$NETDIR/$ldir/expected.npy"; then
      echo "verify-net: $name: RTL output == the importer's integer reference (expected.npy): PASS"
    else
      echo "verify-net: $name: RTL output != the importer's integer reference ($NETDIR/$ldir/expected.npy): FAIL"
      failed=$name
    fi
  fi
  layers+=("$name"); tags+=("$tag"); chained+=("$chain")
  walls+=("$(( ($(date +%s%N) - t0) / 1000000 ))")
  [ -n "$failed" ] && break
  prev_out="$out/rtl_output.npy"
  i=$((i + 1))
done <<<"$plan"
net_ms=$(( ($(date +%s%N) - t_net) / 1000000 ))

# --- the table -----------------------------------------------------------------------------------
echo
$PY - "$BUILD" "$NET" "$SEED" "$net_ms" "$failed" "${layers[*]}" "${tags[*]}" "${walls[*]}" \
  "${chained[*]}" "$imported" <<'EOF'
import json, os, sys
build, net, seed, net_ms, failed = sys.argv[1:6]
layers, tags, walls, chained = (a.split() for a in sys.argv[6:10])
imported = sys.argv[10] == "1"
hdr = ("layer", "input", "RTL cycles", "model cycles", "DCNN cycles", "speedup", "util",
       "halo words", "tb wall s", "layer wall s", "result")
rows, tot_rtl, tot_dcnn, complete = [], 0, 0, True
for name, tag, wall, ch in zip(layers, tags, walls, chained):
    p = os.path.join(build, "verify", tag, "rtl_report.json")
    try:
        r = json.load(open(p))
    except (OSError, ValueError) as e:
        r = None
    ok = (name != failed and r is not None and r.get("pass") is True
          and r.get("cycles") == r.get("model_cycles"))
    if r is None:
        complete = False
        rows.append((name, "chained" if ch == "1" else ("sample" if imported else "generated")) + ("-",) * 7 +
                    (f"{int(wall) / 1000:.1f}", "FAIL (no rtl_report.json)"))
        continue
    cyc, mcyc, dcyc = r.get("cycles"), r.get("model_cycles"), r.get("dcnn_cycles")
    if isinstance(cyc, int) and isinstance(dcyc, int) and cyc > 0:
        tot_rtl += cyc; tot_dcnn += dcyc
        sp = f"{dcyc / cyc:.2f}"
    else:
        complete = False; sp = "-"
    util = r.get("utilisation")
    rows.append((name, "chained" if ch == "1" else ("sample" if imported else "generated"), str(cyc), str(mcyc), str(dcyc), sp,
                 f"{util:.3f}" if isinstance(util, (int, float)) else "-",
                 str(r.get("halo_words", "-")),
                 f"{r['wall_s']:.1f}" if isinstance(r.get("wall_s"), (int, float)) else "-",
                 f"{int(wall) / 1000:.1f}", "PASS" if ok else "FAIL"))
w = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(hdr)]
fmt = lambda r: "  ".join(c.ljust(w[i]) if i < 2 else c.rjust(w[i]) for i, c in enumerate(r))
print(f"verify-net: {net}, " + ("imported network" if imported else f"seed {seed}") +
      ", chained on the RTL's own outputs")
print(fmt(hdr))
for r in rows:
    print(fmt(r))
if tot_rtl:
    part = "" if complete and not failed else " (layers verified so far)"
    print(f"total{part}: RTL cycles {tot_rtl}, DCNN cycles {tot_dcnn}, "
          f"speedup {tot_dcnn / tot_rtl:.2f} (sum DCNN / sum RTL), wall {int(net_ms) / 1000:.1f} s")
EOF
if [ -n "$failed" ]; then
  [ $imported = 1 ] && echo "verify-net: FAIL ($NETDIR, layer $failed; files in $BUILD/verify/$NET-$failed-chain)"
  [ $imported = 1 ] || echo "verify-net: FAIL ($NET, layer $failed; files in $BUILD/verify/$NET-$failed-s$SEED-chain)"
  exit 1
fi
if [ $imported = 1 ]; then
  cls=$($CHAIN class "$NETDIR" "$prev_out") || die "classifying the RTL chain's output failed"
  want=$($PY -c 'import json, sys; print(json.load(open(sys.argv[1]))["sample_class"])' "$NETDIR/network.json")
  echo "verify-net: the RTL chain's output through the importer's fc layers: class $cls (importer's integer reference: $want)"
  [ "$cls" = "$want" ] || { echo "verify-net: FAIL ($NETDIR: class differs)"; exit 1; }
  echo "verify-net: PASS ($NETDIR, ${#layers[@]} layers)"
  exit 0
fi
echo "verify-net: PASS ($NET, ${#layers[@]} layers, seed $SEED)"
