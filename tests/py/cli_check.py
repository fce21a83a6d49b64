# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""CLI behaviour of build/bin/scnn on bad input (docs/spec.md section 6): every broken
bundle gives exit status 1 with exactly one line on stderr naming the broken
file, and leaves no output and no temporary file behind; usage errors exit 2.

usage: cli_check.py SCNN_BINARY WORKDIR
"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from results import Results  # noqa: E402

scnn, work = sys.argv[1], sys.argv[2]
report = Results("cli.")


def run(*args):
    return subprocess.run([scnn, *args], capture_output=True, text=True)


LAYER = dict(name="t", C=4, H=6, W=6, K=4, R=3, S=3, stride=1, pad=1, groups=2,
             prod_shift=2, out_shift=3, relu=True)


def good_bundle(d):
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    json.dump(LAYER, open(f"{d}/layer.json", "w"))
    rng = np.random.default_rng(1)
    np.save(f"{d}/weights.npy", rng.integers(-99, 99, (4, 2, 3, 3)).astype(np.int16))
    np.save(f"{d}/input.npy", rng.integers(-99, 99, (4, 6, 6)).astype(np.int16))


def broken(name, file, mutate, want):
    """mutate(path) breaks `file` of a good bundle; `want` must be in the message."""
    d = f"{work}/{name}"
    good_bundle(d)
    mutate(f"{d}/{file}")
    p = run("ref", d)
    lines = p.stderr.strip().splitlines()
    why = []
    if p.returncode != 1:
        why.append(f"exit {p.returncode}, expected 1")
    if len(lines) != 1:
        why.append(f"{len(lines)} stderr lines")
    elif f"{d}/{file}" not in lines[0] or want not in lines[0]:
        why.append(f"message '{lines[0]}' lacks the file or '{want}'")
    if os.path.exists(f"{d}/output.npy"):
        why.append("output.npy written")
    if glob.glob(f"{d}/*.tmp.*"):
        why.append("temporary file left")
    report(f"broken.{name}", not why, "; ".join(why))


def rewrite_json(**kv):
    def f(path):
        L = dict(LAYER)
        for k, v in kv.items():
            if v is None:
                L.pop(k)
            else:
                L[k] = v
        json.dump(L, open(path, "w"))
    return f


def raw(data):
    def f(path):
        open(path, "wb").write(data)
    return f


def truncate(n):
    def f(path):
        b = open(path, "rb").read()
        open(path, "wb").write(b[:len(b) - n])
    return f


def save(arr):
    return lambda path: np.save(path, arr)


os.makedirs(work, exist_ok=True)
broken("json_missing_key", "layer.json", rewrite_json(pad=None), 'missing key "pad"')
broken("json_float", "layer.json", rewrite_json(K=4.5), "not an integer")
broken("json_string", "layer.json", rewrite_json(C="4"), "must be an integer")
broken("json_syntax", "layer.json", raw(b'{"name": "t", "C": 4,,}'), "invalid JSON")
broken("json_groups", "layer.json", rewrite_json(groups=3), "does not divide")
broken("json_absent", "layer.json", os.remove, "cannot open")
broken("npy_truncated", "input.npy", truncate(3), "truncated")
broken("npy_trailing", "weights.npy", lambda p: open(p, "ab").write(b"\0\0"), "trailing bytes")
broken("npy_float", "input.npy", save(np.zeros((4, 6, 6), np.float32)), "'<f4' is not int16")
broken("npy_int32", "weights.npy", save(np.zeros((4, 2, 3, 3), np.int32)), "'<i4' is not int16")
broken("npy_bigendian", "input.npy", save(np.zeros((4, 6, 6), ">i2")), "big-endian")
broken("npy_fortran", "input.npy", save(np.asfortranarray(np.zeros((4, 6, 6), np.int16))),
       "Fortran")
broken("npy_shape", "input.npy", save(np.zeros((4, 6, 7), np.int16)), "does not match")
broken("npy_rank", "weights.npy", save(np.zeros((4, 18, 3), np.int16)), "4 expected")
broken("npy_garbage", "input.npy", raw(b"hello, world"), "not a .npy file")
broken("npy_header", "input.npy",
       raw(b"\x93NUMPY\x01\x00\x10\x00{'descr': '<i2',}" + b"\0" * 8), "header")

# A good bundle works (exit 0, output.npy of the right shape).
d = f"{work}/good"
good_bundle(d)
p = run("ref", d)
ok = p.returncode == 0 and np.load(f"{d}/output.npy").shape == (4, 6, 6)
report("good_bundle", ok, f"exit {p.returncode}: {p.stderr.strip()}")
# Output into a missing directory: exit 1, one line, nothing written.
p = run("ref", d, "--out", f"{work}/no/such/dir/o.npy")
report("ref_out_unwritable", p.returncode == 1 and len(p.stderr.strip().splitlines()) == 1
       and "no/such/dir/o.npy" in p.stderr, f"exit {p.returncode}: {p.stderr.strip()}")

# `scnn run` whose report cannot be written (the path is a directory): exit 1,
# one line naming the report path, and no output.npy left without its report.
rd = f"{work}/run_report_dir"
good_bundle(rd)
os.makedirs(f"{rd}/rep")
p = run("run", rd, "--quiet", "--report", f"{rd}/rep")
report("run_report_unwritable",
       p.returncode == 1 and len(p.stderr.strip().splitlines()) == 1 and f"{rd}/rep" in p.stderr
       and not os.path.exists(f"{rd}/output.npy") and not glob.glob(f"{rd}/*.tmp.*"),
       f"exit {p.returncode}: {p.stderr.strip()}; output.npy {os.path.exists(f'{rd}/output.npy')}")

# --out / --report naming one of the bundle's own input files: refused (exit 2,
# one line), the file untouched.
ob = f"{work}/own_files"
good_bundle(ob)
for label, args, f in (("ref_out_is_input", ["ref", ob, "--out", f"{ob}/input.npy"], "input.npy"),
                       ("run_out_is_weights", ["run", ob, "--out", f"{ob}/../own_files/weights.npy"],
                        "weights.npy"),
                       ("run_report_is_layer", ["run", ob, "--report", f"{ob}/layer.json"],
                        "layer.json")):
    before = open(f"{ob}/{f}", "rb").read()
    p = run(*args)
    report(label, p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1 and f in p.stderr
           and open(f"{ob}/{f}", "rb").read() == before, f"exit {p.returncode}: {p.stderr.strip()}")

# `scnn gen` into a directory holding an earlier run's output and report
# removes both: they belong to the old data.
sd = f"{work}/gen_stale"
os.makedirs(sd)
for f in ("output.npy", "report.json"):
    open(f"{sd}/{f}", "w").write("old")
p = run("gen", "--net", "alexnet", "--layer", "conv5", "--out", sd)
report("gen_removes_stale", p.returncode == 0 and sorted(os.listdir(sd)) ==
       ["input.npy", "layer.json", "weights.npy"], f"exit {p.returncode}: {os.listdir(sd)}")

# Usage errors: exit 2 with a message; --help: exit 0 with a usage line.
X = f"{work}/x"
for label, args in (
        ("ref_no_dir", ["ref"]),
        ("ref_bad_option", ["ref", d, "--bogus"]),
        ("gen_missing_options", ["gen", "--net", "alexnet"]),
        ("gen_unknown_net", ["gen", "--net", "nonet", "--layer", "conv1", "--out", X]),
        ("gen_unknown_layer", ["gen", "--net", "alexnet", "--layer", "conv9", "--out", X]),
        ("gen_bad_density", ["gen", "--net", "alexnet", "--layer", "conv1", "--wdens", "1.5",
                             "--out", X]),
        ("gen_bad_seed", ["gen", "--net", "alexnet", "--layer", "conv1", "--seed", "-3",
                          "--out", X]),
        # strtoull alone would wrap " -1" to 2^64 - 1
        ("run_seed_space_minus", ["run", "--net", "alexnet", "--layer", "conv5", "--seed", " -1"]),
        ("run_seed_too_big", ["run", "--net", "alexnet", "--layer", "conv5", "--seed",
                              "18446744073709551616"]),
        ("list_unknown_net", ["list", "--net", "nonet"]),
        ("list_net_without_value", ["list", "--net"]),
        ("ref_out_without_value", ["ref", d, "--out"]),
        ("run_report_without_value", ["run", d, "--report"]),
        ("run_qdepth_too_big", ["run", "--net", "alexnet", "--layer", "conv5", "--xbar-qdepth",
                                "65"]),
        ("run_qdepth_not_a_number", ["run", "--net", "alexnet", "--layer", "conv5",
                                     "--xbar-qdepth", "4x"]),
        ("run_overlap_not_0_or_1", ["run", "--net", "alexnet", "--layer", "conv5",
                                    "--halo-overlap", "2"]),
        ("run_overlap_without_value", ["run", "--net", "alexnet", "--layer", "conv5",
                                       "--halo-overlap"]),
        ("unknown_command", ["frobnicate"])):
    p = run(*args)
    report("usage." + label,
           p.returncode == 2 and p.stderr.strip() != "" and not os.path.exists(X),
           f"exit {p.returncode}, stderr '{p.stderr.strip()}'")
# the experiment options change the machine, not the values: the original contract's
# schedule (no queue, no overlap) still matches the dense reference, in more cycles
base = run("run", "--net", "alexnet", "--layer", "conv5", "--quiet", "--check")
orig = run("run", "--net", "alexnet", "--layer", "conv5", "--quiet", "--check",
           "--xbar-qdepth", "0", "--halo-overlap", "0")
cyc = lambda p: [int(m) for m in re.findall(r"SCNN (\d+) cycles", p.stdout)]
report("run.experiment_options",
       base.returncode == 0 and orig.returncode == 0 and cyc(base) and cyc(orig) and
       cyc(orig)[0] > cyc(base)[0],
       f"exit {base.returncode}/{orig.returncode}, cycles {cyc(base)} / {cyc(orig)}")
for cmd in ("list", "gen", "ref", "run"):
    p = run(cmd, "--help")
    report(f"help.{cmd}", p.returncode == 0 and p.stdout.startswith(f"usage: scnn {cmd}"),
           f"exit {p.returncode}")

report.exit()
