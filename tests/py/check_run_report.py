# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""usage: check_run_report.py REPORT.json

The report.json of `scnn run` on a bundle is consistent (tests/suites/30-model.sh, ids
model.bundle.*): cycles present, speedup = DCNN cycles / SCNN cycles, the lane-cycle breakdown
sums to its total, products valid <= non-zero <= lanes occupied. Exits 1 with the broken
assertion otherwise.
"""
import json
import sys

r = json.load(open(sys.argv[1]))["layer"]
lc = r["lane_cycles"]
assert r["cycles"] > 0 and r["dcnn_cycles"] > 0, "no cycles"
assert abs(r["speedup"] - r["dcnn_cycles"] / r["cycles"]) < 1e-9, "speedup"
parts = sum(lc[k] for k in ("useful", "fragmentation", "conflict", "fifo_and_pipeline",
                             "imbalance", "clear", "halo", "drain"))
assert parts == lc["total"], f"lane-cycle breakdown {parts} != {lc['total']}"
assert r["products_valid"] <= r["products_nonzero"] <= r["lanes_occupied"]
