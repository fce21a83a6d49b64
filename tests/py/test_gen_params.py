#!/usr/bin/env python3
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""Unit tests of params/gen_params.py: clog2 in [derived.*] expressions, fixed entries,
named configs (params/configs/*.toml), unknown names.  Run: /usr/bin/python3 tests/py/test_gen_params.py
(unittest; exit status 0 when every test passes)."""
import os
import subprocess
import sys
import tempfile
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "params"))
import gen_params as gp  # noqa: E402

BASE = os.path.join(ROOT, "params", "scnn_params.toml")
GEN = os.path.join(ROOT, "params", "gen_params.py")

# a small base toml of its own, so that the tests do not depend on the project's values
MINI = """
[param.F]
value = 4
doc = "rows"
tag = "P"

[param.I]
value = 4
doc = "cols"
tag = "P"

[param.BANK_BITS]
value = 5
doc = "log2 banks"
tag = "P"

[param.BANK_DEPTH_BITS]
value = 5
doc = "log2 depth"
tag = "S"

[param.DATA_W]
value = 16
doc = "width"
tag = "S"
fixed = true
why = "the numerics of the spec"

[param.ACC_W]
value = 24
doc = "acc"
tag = "S"

[param.RUN_W]
value = 4
doc = "run"
tag = "P"

[param.PE_ROWS]
value = 8
doc = "rows"
tag = "P"

[param.PE_COLS]
value = 8
doc = "cols"
tag = "P"

[param.WFIFO_DEPTH]
value = 50
doc = "fifo"
tag = "S"

[derived.MULTS]
expr = "F * I"
doc = "multipliers"

[derived.LANE_W]
expr = "max(clog2(MULTS), 1)"
doc = "lane bits"
"""


def env_of(text, overrides=None):
    with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as f:
        f.write(text)
    try:
        return gp.load(f.name, overrides or {})[3]
    finally:
        os.unlink(f.name)


def run_gen(*args):
    with tempfile.TemporaryDirectory() as d:
        p = subprocess.run([sys.executable, GEN, "--outdir", d, *args], text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        hdr = ""
        if p.returncode == 0:
            with open(os.path.join(d, "scnn_params.h")) as f:
                hdr = f.read()
    return p.returncode, p.stderr, hdr


class Clog2(unittest.TestCase):
    def test_values(self):
        for n, want in [(1, 0), (2, 1), (3, 2), (4, 2), (5, 3), (1023, 10), (1024, 10),
                        (1025, 11)]:
            self.assertEqual(gp.clog2(n), want, f"clog2({n})")
            self.assertEqual(gp.eval_int(f"clog2({n})", {}, "t"), want, f"expr clog2({n})")

    def test_zero_and_negative_refused(self):
        for n in (0, -1, -1024):
            with self.assertRaises(gp.ParamError) as cm:
                gp.clog2(n)
            self.assertIn(">= 1", str(cm.exception))
            with self.assertRaises(gp.ParamError) as cm:
                gp.eval_int(f"clog2({n})", {}, "derived X")
            self.assertIn("derived X", str(cm.exception))

    def test_in_expression_over_names(self):
        self.assertEqual(gp.eval_int("clog2(D + 1) * 2", {"D": 4096}, "t"), 26)
        self.assertEqual(gp.eval_int("max(clog2(M), 1)", {"M": 1}, "t"), 1)

    def test_other_calls_refused(self):
        for e in ("abs(3)", "clog2(1, 2)", "clog2(n=4)"):
            with self.assertRaises(gp.ParamError):
                gp.eval_int(e, {}, "t")

    def test_derived_in_toml(self):
        self.assertEqual(env_of(MINI)["LANE_W"], 4)
        self.assertEqual(env_of(MINI, {"F": 2, "I": 8})["LANE_W"], 4)
        self.assertEqual(env_of(MINI, {"F": 1, "I": 1})["LANE_W"], 1)
        self.assertEqual(env_of(MINI, {"F": 16, "I": 16})["LANE_W"], 8)


class Fixed(unittest.TestCase):
    def test_override_refused_with_message(self):
        with self.assertRaises(gp.ParamError) as cm:
            env_of(MINI, {"DATA_W": 8})
        msg = str(cm.exception)
        self.assertIn("DATA_W", msg)
        self.assertIn("fixed", msg)
        self.assertIn("the numerics of the spec", msg)

    def test_fixed_needs_why(self):
        with self.assertRaises(gp.ParamError) as cm:
            env_of(MINI.replace('why = "the numerics of the spec"\n', ""))
        self.assertIn("why", str(cm.exception))

    def test_project_toml_refuses_on_command_line(self):
        rc, err, _ = run_gen("--set", "DATA_W=8", BASE)
        self.assertEqual(rc, 2)
        self.assertIn("DATA_W is fixed, not a knob", err)
        rc, err, _ = run_gen("--set", "HALO_TAIL=5", BASE)
        self.assertEqual(rc, 2)
        self.assertIn("HALO_TAIL is fixed", err)

    def test_derived_refused(self):
        rc, err, _ = run_gen("--set", "A=16", BASE)
        self.assertEqual(rc, 2)
        self.assertIn("A is derived", err)


class Configs(unittest.TestCase):
    def test_config_selects_values(self):
        rc, err, hdr = run_gen("--config", "banks16", BASE)
        self.assertEqual(rc, 0, err)
        self.assertIn("#define SCNN_BANK_BITS 4 ", hdr)
        self.assertIn("#define SCNN_A 16 ", hdr)
        rc, err, hdr = run_gen("--config", "f2i8", BASE)
        self.assertEqual(rc, 0, err)
        self.assertIn("#define SCNN_F 2 ", hdr)
        self.assertIn("#define SCNN_I 8 ", hdr)
        self.assertIn("#define SCNN_MULTS 16 ", hdr)

    def test_default_config_is_the_base(self):
        _, _, base = run_gen(BASE)
        rc, err, dflt = run_gen("--config", "default", BASE)
        self.assertEqual(rc, 0, err)
        self.assertEqual(base, dflt)

    def test_set_on_top_of_config(self):
        rc, err, hdr = run_gen("--config", "banks16", "--set", "BANK_BITS=3 F=2", BASE)
        self.assertEqual(rc, 0, err)
        self.assertIn("#define SCNN_A 8 ", hdr)
        self.assertIn("#define SCNN_F 2 ", hdr)

    def test_config_file(self):
        with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as f:
            f.write('doc = "test"\n[set]\nWFIFO_DEPTH = 8\n')
        try:
            ov = gp.load_config(f.name)
            self.assertEqual(ov["WFIFO_DEPTH"][0], 8)
            self.assertEqual(env_of(MINI, ov)["WFIFO_DEPTH"], 8)
        finally:
            os.unlink(f.name)

    def test_config_with_fixed_entry_refused(self):
        with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as f:
            f.write('[set]\nDATA_W = 8\n')
        try:
            with self.assertRaises(gp.ParamError) as cm:
                env_of(MINI, gp.load_config(f.name))
            self.assertIn("DATA_W is fixed", str(cm.exception))
            self.assertIn("config ", str(cm.exception))
        finally:
            os.unlink(f.name)

    def test_every_config_file_generates(self):
        d = os.path.join(ROOT, "params", "configs")
        names = sorted(n[:-5] for n in os.listdir(d) if n.endswith(".toml"))
        self.assertIn("default", names)
        for n in names:
            rc, err, _ = run_gen("--config", n, BASE)
            self.assertEqual(rc, 0, f"config {n}: {err}")


class Unknown(unittest.TestCase):
    def test_unknown_parameter_refused(self):
        with self.assertRaises(gp.ParamError) as cm:
            env_of(MINI, {"NO_SUCH": 1})
        self.assertIn("NO_SUCH: no such parameter", str(cm.exception))
        rc, err, _ = run_gen("--set", "NO_SUCH=1", BASE)
        self.assertEqual(rc, 2)
        self.assertIn("NO_SUCH: no such parameter", err)

    def test_unknown_config_refused(self):
        rc, err, _ = run_gen("--config", "no-such-config", BASE)
        self.assertEqual(rc, 2)
        self.assertIn("no-such-config", err)
        self.assertIn("known configs:", err)

    def test_unknown_name_in_config_refused(self):
        with tempfile.NamedTemporaryFile("w", suffix=".toml", delete=False) as f:
            f.write('[set]\nBANKS = 16\n')
        try:
            with self.assertRaises(gp.ParamError) as cm:
                env_of(MINI, gp.load_config(f.name))
            self.assertIn("BANKS: no such parameter", str(cm.exception))
        finally:
            os.unlink(f.name)

    def test_unknown_name_in_expression_refused(self):
        with self.assertRaises(gp.ParamError) as cm:
            gp.eval_int("clog2(NOPE)", {}, "derived X")
        self.assertIn("NOPE", str(cm.exception))


if __name__ == "__main__":
    unittest.main(verbosity=2)
