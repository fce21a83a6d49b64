# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""usage: eval_energy_ratios.py

tests/suites/60-eval.sh, test eval.energy-ratios: the energy ratios of docs/results.md section 4
(DCNN/SCNN, DCNN/DCNN-opt, DCNN-opt/SCNN) on a hand-made network, and the paper's figures they
are set against.
Needs PYTHONPATH=eval:$BUILD/gen (the suite sets it); an AssertionError names what is wrong.
"""
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
