# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""usage: eval_crossover_area.py

tests/suites/60-eval.sh, test eval.crossover-area: eval/run_eval.py's crossover interpolation
and its synthesis-report reader (good, broken, missing report).
Needs PYTHONPATH=eval:$BUILD/gen (the suite sets it); an AssertionError names what is wrong.
"""
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
