#!/usr/bin/env bash
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
# `make eval` pipeline, quick smoke (< 30 s): the energy model (eval/energy.py) against
# hand-computed expectations from the published figures (docs/spec.md section 11), the DCNN
# event derivation against hand-counted shapes, one small generated layer through the
# model -> energy model -> plot code with its gated-multiply count checked against a
# NumPy count on the bundle, the crossover interpolation, the energy ratios set against the
# paper (DCNN/SCNN, DCNN/DCNN-opt, DCNN-opt/SCNN), the committed docs/results.md against
# those definitions, and bad input.
set -uo pipefail
tier=$1
scnn="$BUILD/bin/scnn"
work="$BUILD/tests/eval.$tier"
rm -rf "$work" && mkdir -p "$work"
fails=0
pass() { echo "PASS eval.$1"; }
fail() { echo "FAIL eval.$1: $2"; fails=$((fails + 1)); }
py=/usr/bin/python3
export PYTHONPATH="eval:$BUILD/gen"
if ! scripts/need.sh numpy matplotlib >"$work/need" 2>&1; then
  fail deps "numpy/matplotlib missing: $(tail -1 "$work/need")"; exit 1
fi

# 1. per-event energies and a hand-made event count, at 45 nm (scale 1) so that every
#    expected number is one of the figures of docs/spec.md section 11 or a one-line formula of them.
if $py - <<'PY' >"$work/energy.out" 2>&1
import math
import energy as E
close = lambda a, b: abs(a - b) <= 1e-9 * max(1.0, abs(b))
# add: linear 8 -> 32 bit (0.03, 0.1 pJ): 24 bit = 0.03 + 16 * 0.07 / 24
assert close(E.interp_add(24), 0.03 + 16 * 0.07 / 24), E.interp_add(24)
assert close(E.interp_add(8), 0.03) and close(E.interp_add(32), 0.1)
# multiply: power law through (8, 0.2) and (32, 3.1): the 16-bit point is the geometric mean
assert close(E.interp_mult(16), math.sqrt(0.2 * 3.1)), E.interp_mult(16)
# SRAM: 8 KB 10 pJ / 64 bit; 2 KB (a quarter) on the sqrt slope = 5 pJ; 1 MB 100 pJ
assert close(E.sram_access(8192, 64), 10.0)
assert close(E.sram_access(2048, 64), 5.0)
assert close(E.sram_access(32768, 32), 10.0)          # 20 pJ per 64 bits, half the width
assert close(E.sram_access(1 << 20, 64), 100.0)
assert close(E.dram_bit(), (1300 + 2600) / 2 / 64)
# A hand-made machine: 8 KB IARAM/OARAM of 16-bit entries (16+0 run bits), 2 KB FIFO,
# 2 KB accumulator bank of 32-bit words.
p = dict(DATA_W=16, RUN_W=0, ACC_W=32, IARAM_DEPTH=4096, OARAM_DEPTH=4096,
         WFIFO_DEPTH=256, F=4, BANK_DEPTH=512, PE_ROWS=1, PE_COLS=1, I=4)
e = E.event_energies(p, scale=1.0)
assert close(e["mult"], math.sqrt(0.62)) and close(e["add_acc"], 0.1)
assert close(e["acc_access"], 5.0 * 32 / 64)          # 2 KB bank, 32 bits
assert close(e["iaram_entry"], 10.0 * 16 / 64)        # 8 KB, 16 bits
assert close(e["wfifo_dense"], 5.0 * 16 / 64)         # 2 KB, 16 bits
ev = dict(mults=10, xbar=3, acc_updates=5, acc_reads=2, iaram=4, iaram_dense=0, oaram=1,
          oaram_dense=0, wfifo=6, wfifo_dense=0, halo_words=1, ppu=2, dram_bits=64)
c = E.energy(ev, e)
want = {
    "mult": 10 * math.sqrt(0.62),
    "acc_add": 5 * 0.1,
    "acc_sram": 5 * 2 * 2.5 + 2 * 2.5,                 # read + write per update, drain reads
    "xbar": 3 * 0.1 * E.XBAR_AS_ADDS,
    "iaram": 4 * 2.5, "oaram": 1 * 2.5, "wfifo": 6 * 1.25,
    "halo": 1 * 2.5, "ppu": 2 * 0.1,
    "dram": 64 * 1950 / 64,
}
for k, v in want.items():
    assert close(c[k], v), (k, c[k], v)
assert close(E.total(c), sum(want.values())) and close(E.on_chip(c), sum(want.values()) - 1950)
# 16 nm: every on-chip event scales by the one factor, DRAM does not
e16 = E.event_energies(p)
assert close(e16["mult"], e["mult"] * E.ENERGY_45_TO_16) and close(e16["dram_bit"], e["dram_bit"])
# bad input: a missing count is an error naming it
try:
    E.energy({k: v for k, v in ev.items() if k != "mults"}, e)
    raise SystemExit("missing count accepted")
except ValueError as ex:
    assert "mults" in str(ex)
print("ok")
PY
then pass energy.hand; else fail energy.hand "$(tail -3 "$work/energy.out" | tr '\n' ' ')"; fi

# 2. DCNN events from shapes: a hand-counted layer (no model run).
if $py - <<'PY' >"$work/dcnn.out" 2>&1
import energy as E
p = dict(DATA_W=16, RUN_W=4, ACC_W=24, IARAM_DEPTH=4096, OARAM_DEPTH=4096, WFIFO_DEPTH=50,
         F=4, I=4, BANK_DEPTH=32, PE_ROWS=2, PE_COLS=2)
# C=2, 6x6 -> K=4, 3x3 pad 1: tiles ceil(6/2)=3 -> 2x2 active PEs; Kc=3 -> 2 jobs.
r = dict(C=2, H=6, W=6, K=4, R=3, S=3, groups=1, Ho=6, Wo=6, kc=3, passes=1,
         dense_macs=2000,
         products_valid=100, density_in=0.5, density_out=0.5,
         sram_entries=dict(acc_drain_reads=144, halo_words=40),
         dram_bytes=dict(activations_in=0, weights=50, outputs=0, total=50))
sh = E.dcnn_shape(r, p)
assert sh["active_pes"] == 4, sh
assert sh["iaram_reads"] == 2 * 36 * 2, sh          # every activation once per job, 2 jobs
assert sh["wfifo_writes"] == 4 * (4 * 2 * 9), sh    # every PE receives all 72 weights
ev = E.dcnn_events(r, p)
assert ev["mults"] == r["dense_macs"] and ev["acc_updates"] == r["dense_macs"] + 40
assert ev["xbar"] == 0 and ev["oaram_dense"] == 4 * 36 and ev["dram_bits"] == 8 * 72 * 2
evo = E.dcnn_events(r, p, opt=True)
assert evo["mults"] == 100 and evo["dram_bits"] == 8 * 50 and evo["wfifo_dense"] == ev["wfifo_dense"]
print("ok")
PY
then pass dcnn.shape; else fail dcnn.shape "$(tail -3 "$work/dcnn.out" | tr '\n' ' ')"; fi

# 3. one small generated layer: model -> energy model -> plots
b="$work/layer"
if ! "$scnn" gen --net googlenet --layer inception_5a_5x5_reduce --seed 3 --wdens 0.3 --adens 0.5 \
      --out "$b" >/dev/null 2>"$work/err" || ! "$scnn" run "$b" --quiet >/dev/null 2>>"$work/err"; then
  fail pipeline "scnn gen/run failed: $(head -1 "$work/err")"
elif $py - "$b" "$work" <<'PY' >"$work/pipe.out" 2>&1
import json, os, sys
import numpy as np
import energy as E, plots as P
import scnn_params as prm
b, out = sys.argv[1], sys.argv[2]
L = json.load(open(os.path.join(b, "layer.json")))
w = np.load(os.path.join(b, "weights.npy")); a = np.load(os.path.join(b, "input.npy"))
r = json.load(open(os.path.join(b, "report.json")))["layer"]
assert L["R"] == 1 and L["S"] == 1 and L["pad"] == 0 and L["stride"] == 1
# independent counts: 1x1 conv -> every (w != 0, a != 0) pair is a useful product
nzw = (w[:, :, 0, 0] != 0).sum(axis=0).astype(np.int64)        # per input channel
nza = (a != 0).reshape(a.shape[0], -1).sum(axis=1).astype(np.int64)
useful = int((nzw * nza).sum())
dense = L["K"] * L["C"] * L["H"] * L["W"]
le = E.layer_energies(r, prm)
ev_o = E.dcnn_events(r, prm, opt=True)
ev_d = E.dcnn_events(r, prm)
assert ev_o["mults"] == useful, (ev_o["mults"], useful)
assert ev_d["mults"] == dense, (ev_d["mults"], dense)
e = E.event_energies(prm)
assert abs(le["dcnn"]["mult"] - dense * e["mult"]) < 1e-6 * dense
assert abs(le["dcnn_opt"]["mult"] - useful * e["mult"]) < 1e-6 * dense
for m in ("scnn", "dcnn", "dcnn_opt"):
    assert set(le[m]) == set(E.COMPONENTS) and all(v >= 0 for v in le[m].values()), m
# DCNN's uncompressed weights: K*C*R*S 16-bit values
assert E.dcnn_dram_bytes(r, prm) >= dense / (L["H"] * L["W"]) * 2
# plot code on this layer
fr = {k: v / r["lane_cycles"]["total"] for k, v in r["lane_cycles"].items() if k != "total"}
paths = [os.path.join(out, f) for f in ("s.png", "l.png", "d.png", "e.png")]
P.speedup_per_layer({"googlenet": [r]}, paths[0], chained={"googlenet": [r]})
try:   # chained markers must be the same layers as the bars
    P.speedup_per_layer({"googlenet": [r]}, paths[0], chained={"googlenet": [dict(r, name="x")]})
    raise SystemExit("mismatched chained layers accepted")
except ValueError as ex:
    assert "different layers" in str(ex)
P.loss_breakdown({"googlenet": fr}, paths[1])
P.density_sweep([0.1, 1.0], [3.0, 0.5], [2.0, 0.8], [1.5, 0.9], paths[2])
P.energy_breakdown({"googlenet": le}, paths[3])
for f in paths:
    assert open(f, "rb").read(8) == b"\x89PNG\r\n\x1a\n", f
print("ok")
PY
then pass pipeline; else fail pipeline "$(tail -3 "$work/pipe.out" | tr '\n' ' ')"; fi

# 4. crossover interpolation and a missing model binary (one-line error, exit 1, no output)
if $py - <<'PY' >"$work/x.out" 2>&1
import run_eval as R
x = R.crossover([0.1, 0.2, 0.3], [4.0, 2.0, 0.5])
assert abs(x - (0.2 + 0.1 / 1.5)) < 1e-12, x
assert R.crossover([0.1, 0.2], [3.0, 2.0]) is None
# synthesis report reader: a hand-made report in synth/report.py's layout, a broken one, none
import json, os, tempfile
d = tempfile.mkdtemp()
good = {"report": {"rows": [{"name": "mults", "mm2_16nm": 0.01, "paper_mm2": 0.008,
                             "paper_tag": "S", "status": "synthesised", "source": "synthesis"},
                            {"name": "xbar", "paper_mm2": 0.026, "status": "not yet"}],
                   "pe_total": {"mm2_16nm": 0.01, "paper_mm2": 0.123, "complete": False}}}
json.dump(good, open(os.path.join(d, "g.json"), "w"))
open(os.path.join(d, "b.json"), "w").write('{"report": {"rows": [')
rows = R.load_area(os.path.join(d, "g.json"))
assert [r[0] for r in rows] == ["mults", "xbar", "PE total"] and rows[1][1] is None, rows
assert rows[2][4].startswith("incomplete"), rows
assert R.load_area(os.path.join(d, "b.json")) == "bad"
assert R.load_area(os.path.join(d, "none.json")) is None
print("ok")
PY
then pass crossover-area; else fail crossover-area "$(tail -3 "$work/x.out" | tr '\n' ' ')"; fi
# 5. energy ratios of results.md section 4: the paper's 2.0x is DCNN / DCNN-opt and the
#    DCNN-opt / SCNN figure it is set against is derived (2.3 / 2.0), tagged as such; on a
#    hand-made network the three ratios are the hand-computed quotients, DCNN-opt / SCNN is
#    s + (1 - s) x, and dram_share_for inverts that (None where no share in [0, 1] does).
if $py - <<'PY' >"$work/ratios.out" 2>&1
import run_eval as R, energy as E
P = R.PAPER
assert P["energy_vs_dcnn"][0] == 2.3 and P["energy_opt_vs_dcnn"][0] == 2.0, P
v, tag = P["energy_vs_dcnn_opt"]
assert abs(v - 2.3 / 2.0) < 1e-12 and "derived" in tag and "P" in tag, (v, tag)
z = {c: 0.0 for c in E.COMPONENTS}
acc = {"scnn": dict(z, mult=10.0, wfifo=10.0, dram=80.0),        # on-chip 20, total 100
       "dcnn_opt": dict(z, mult=12.0, wfifo=18.0, dram=80.0),    # on-chip 30, same DRAM
       "dcnn": dict(z, mult=60.0, wfifo=30.0, dram=150.0)}       # on-chip 90, total 240
q = R.energy_ratios(acc)
close = lambda a, b: abs(a - b) < 1e-12
assert close(q["dcnn_scnn"], 2.4) and close(q["dcnn_opt"], 2.4 / 1.1) and close(q["opt_scnn"], 1.1), q
assert close(q["dcnn_scnn_oc"], 4.5) and close(q["dcnn_opt_oc"], 3.0) and close(q["opt_scnn_oc"], 1.5), q
assert close(q["dram_share"], 0.8) and close(q["dcnn_opt"] * q["opt_scnn"], q["dcnn_scnn"]), q
s_, x = q["dram_share"], q["opt_scnn_oc"]
assert close(s_ + (1 - s_) * x, q["opt_scnn"])
assert close(R.dram_share_for(1.5, 1.1), 0.8) and close(R.dram_share_for(1.5, 1.15), 0.7)
assert R.dram_share_for(1.1, 1.15) is None and R.dram_share_for(1.0, 1.15) is None
print("ok")
PY
then pass energy-ratios; else fail energy-ratios "$(tail -3 "$work/ratios.out" | tr '\n' ' ')"; fi

# 6. the committed docs/results.md (written by make eval) says what the code means: section 1
#    sets the per-layer runs at the catalog densities against the paper (speedup = the row's
#    cycle ratio, diff from that speedup), section 1.1 lists the chained runs beside them with
#    the per-layer inputs at the catalog's 40 %, and section 4 sets DCNN/DCNN-opt against
#    2.0x [P] and DCNN-opt/SCNN against the derived 1.15x, each the quotient of its row's
#    energies.
if $py - docs/results.md <<'PY' >"$work/resmd.out" 2>&1
import re, sys
import run_eval as R
md = open(sys.argv[1]).read()
def tables(text):
    out, cur = [], []
    for line in text.splitlines() + [""]:
        if line.startswith("|"):
            cur.append([c.strip() for c in line.strip().strip("|").split("|")])
        elif cur:
            out.append(cur); cur = []
    return out
def find(head_cell):
    t = [t for t in tables(md) if head_cell in t[0]]
    assert len(t) == 1, (head_cell, len(t))
    h, rows = t[0][0], t[0][2:]
    return [dict(zip(h, r)) for r in rows]
num = lambda c: float(re.match(r"\**([-+\d.,]+)", c).group(1).replace(",", ""))
perf = find("speedup, chained run (model; not compared)")
by = {r["network"]: r for r in perf}
for n in R.NETS:
    r = by[n]
    assert r["run"] == "per layer, catalog densities", r
    sp = num(r["DCNN cycles (model)"]) / num(r["SCNN cycles (model)"])
    assert abs(num(r["speedup (model)"]) - sp) < 0.006, (n, sp, r)
    pv = R.PAPER["speedup"][n][0]
    assert r["speedup (paper)"].startswith(f"{pv}x"), r
    assert r["diff"] == f"{R.pct_diff(sp, pv):+.0f} %", (n, r["diff"], R.pct_diff(sp, pv))
    assert (r["speedup, chained run (model; not compared)"] != "- (not run)") == (n in R.CHAINED), r
ch = {r["network"]: r for r in find("speedup, chained")}
assert sorted(ch) == sorted(R.CHAINED), ch
for n in R.CHAINED:
    assert ch[n]["speedup, per layer"] == by[n]["speedup (model)"].strip("*"), (ch[n], by[n])
    assert ch[n]["speedup, chained"] == by[n]["speedup, chained run (model; not compared)"]
    assert ch[n]["mean input density after layer 1, per layer"] == "40.0 %", ch[n]
en = {r["network"]: r for r in find("DCNN/DCNN-opt on-chip")}
assert en["paper"]["DCNN/SCNN"] == "2.3x [P]" and en["paper"]["DCNN/DCNN-opt"] == "2.0x [P]", en["paper"]
assert en["paper"]["DCNN-opt/SCNN"] == "1.15x [P, derived 2.3/2.0]", en["paper"]
for n in R.NETS:
    r = en[n]
    s_, d_, o_ = (num(r[k]) for k in ("SCNN uJ", "DCNN uJ", "DCNN-opt uJ"))
    for col, v in (("DCNN/SCNN", d_ / s_), ("DCNN/DCNN-opt", d_ / o_), ("DCNN-opt/SCNN", o_ / s_)):
        assert abs(num(r[col]) - v) < 0.01, (n, col, r[col], v)
assert re.search(r"DCNN/DCNN-opt [\d.]+x vs 2\.0x .*DCNN-opt/SCNN [\d.]+x vs 1\.15x", md)
print("ok")
PY
then pass results-md; else fail results-md "$(tail -3 "$work/resmd.out" | tr '\n' ' ')"; fi

$py eval/run_eval.py --scnn "$work/no-such-scnn" --params "$BUILD/gen" --work "$work/w" \
  --md "$work/r.md" --plots "$work/p" >/dev/null 2>"$work/err"
rc=$?
if [ $rc -eq 1 ] && [ "$(wc -l <"$work/err")" -eq 1 ] && grep -q "no-such-scnn" "$work/err" \
   && [ ! -e "$work/r.md" ]; then
  pass bad-binary
else
  fail bad-binary "exit $rc, stderr: $(head -2 "$work/err" | tr '\n' ' ')"
fi
# RTL confirmation rows: the parser of `make verify-pe` logs reads a PASS line's figures (the
# line below is written in the format tb/pe/pe_dpi.c prints) and keeps a failing layer as
# FAIL, never as a row of numbers.
mkdir -p "$work/rtl"
printf 'x\nPASS verify-pe alexnet/conv3 PE (1,5): 18 jobs, compute cycles RTL 100948 = model 100948, 69917 pairs\n' >"$work/rtl/conv3.log"
printf 'FAIL verify-pe alexnet/conv4 PE (5,3) job 2: accumulator bank 0 entry 1\n' >"$work/rtl/conv4.log"
if $py - "$work/rtl" <<'PY' >"$work/rtlpe.out" 2>&1
import sys
import run_eval as R
rows = R.read_rtl_pe_logs(sys.argv[1])
assert len(rows) == 2, rows
a, b = rows
assert a["ok"] and (a["layer"], a["pe"], a["jobs"], a["rtl"], a["model"]) == ("conv3", "(1,5)", 18, 100948, 100948), a
assert not b["ok"] and b["why"].startswith("FAIL verify-pe alexnet/conv4"), b
PY
then pass rtl-pe-logs; else fail rtl-pe-logs "$(tail -3 "$work/rtlpe.out" | tr '\n' ' ')"; fi

[ $fails -eq 0 ]
