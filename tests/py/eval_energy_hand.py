# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""usage: eval_energy_hand.py

tests/suites/60-eval.sh, test eval.energy.hand: per-event energies at 45 nm and a hand-made
event count against the figures of docs/spec.md section 11.
Needs PYTHONPATH=eval:$BUILD/gen (the suite sets it); an AssertionError names what is wrong.
"""
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
