# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""usage: eval_rtl_pe_logs.py LOG_DIR

tests/suites/60-eval.sh, test eval.rtl-pe-logs: the parser of `make verify-pe` logs (LOG_DIR
holds one PASS and one FAIL log).
Needs PYTHONPATH=eval:$BUILD/gen (the suite sets it); an AssertionError names what is wrong.
"""
import sys
import run_eval as R
rows = R.read_rtl_pe_logs(sys.argv[1])
assert len(rows) == 2, rows
a, b = rows
assert a["ok"] and (a["layer"], a["pe"], a["jobs"], a["rtl"], a["model"]) == ("conv3", "(1,5)", 18, 100948, 100948), a
assert not b["ok"] and b["why"].startswith("FAIL verify-pe alexnet/conv4"), b
