# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""usage: eval_dcnn_shape.py

tests/suites/60-eval.sh, test eval.dcnn.shape: DCNN events from shapes against a hand-counted
layer (no model run).
Needs PYTHONPATH=eval:$BUILD/gen (the suite sets it); an AssertionError names what is wrong.
"""
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
