# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""usage: eval_pipeline.py BUNDLE_DIR OUT_DIR

tests/suites/60-eval.sh, test eval.pipeline: one small generated layer (BUNDLE_DIR, run by scnn)
through the energy model and the plot code; gated-multiply counts against a NumPy count on the
bundle; plots written to OUT_DIR.
Needs PYTHONPATH=eval:$BUILD/gen (the suite sets it); an AssertionError names what is wrong.
"""
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
paths = [os.path.join(out, f) for f in ("s.png", "l.png", "d.png", "e.png", "q.png")]
P.speedup_per_layer({"googlenet": [r]}, paths[0], chained={"googlenet": [r]})
try:   # chained markers must be the same layers as the bars
    P.speedup_per_layer({"googlenet": [r]}, paths[0], chained={"googlenet": [dict(r, name="x")]})
    raise SystemExit("mismatched chained layers accepted")
except ValueError as ex:
    assert "different layers" in str(ex)
P.loss_breakdown({"googlenet": fr}, paths[1])
P.density_sweep([0.1, 1.0], [3.0, 0.5], [2.0, 0.8], [1.5, 0.9], paths[2])
P.energy_breakdown({"googlenet": le}, paths[3])
P.queue_sweep([(0.10, {"googlenet": 2.0}, 0), (0.14, {"googlenet": 3.0}, 4)], paths[4])
for f in paths:
    assert open(f, "rb").read(8) == b"\x89PNG\r\n\x1a\n", f
print("ok")
