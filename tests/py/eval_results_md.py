# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""usage: eval_results_md.py RESULTS_MD

tests/suites/60-eval.sh, test eval.results-md: the committed docs/results.md (RESULTS_MD) says
what the code means: speedups, chained runs, energy ratios.
Needs PYTHONPATH=eval:$BUILD/gen (the suite sets it); an AssertionError names what is wrong.
"""
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
