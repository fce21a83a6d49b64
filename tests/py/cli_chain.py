# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""`scnn gen --chain-from` (tests/suites/25-cli.sh, ids cli.chain.*): the bundle's input must
be the previous layer's output max-pooled as the catalog says (pooled here with NumPy, Caffe
ceil mode written out independently), its weights those of a plain `scnn gen --seed S*1000+i`
(what `scnn run --net` uses for layer i), and a file whose shape does not chain must be refused
with both shapes named and nothing written.

usage: cli_chain.py SCNN_BINARY WORKDIR
"""
import json
import os
import subprocess
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from results import Results  # noqa: E402

scnn, work = sys.argv[1], sys.argv[2]
report = Results("cli.chain.")


def run(*args):
    return subprocess.run([scnn, *args], capture_output=True, text=True)


def maxpool_ceil(x, k, s):
    c, h, w = x.shape
    def side(n):  # Caffe ceil mode: ceil((n - k) / s) + 1 windows, each starting inside the plane
        if n < k:
            return 1
        o = -(-(n - k) // s) + 1
        return o - 1 if (o - 1) * s >= n else o
    ho, wo = side(h), side(w)
    out = np.empty((c, ho, wo), np.int16)
    for y in range(ho):
        for x_ in range(wo):
            out[:, y, x_] = x[:, y * s:y * s + k, x_ * s:x_ * s + k].max(axis=(1, 2))
    return out


def load(d, f):
    return np.load(os.path.join(d, f))


rng = np.random.default_rng(25)
seed = 7
# (layer, index in alexnet, previous layer's output shape, its pool (k, s) or None)
cases = [("conv2", 1, (96, 55, 55), (3, 2)), ("conv4", 3, (384, 13, 13), None)]
for layer, i, shape, pool in cases:
    prev = rng.integers(-300, 3000, shape).astype(np.int16)
    prev[rng.random(shape) < 0.5] = 0
    src = f"{work}/{layer}_prev.npy"
    np.save(src, prev)
    d, plain = f"{work}/{layer}", f"{work}/{layer}_plain"
    p = run("gen", "--net", "alexnet", "--layer", layer, "--seed", str(seed), "--chain-from", src,
            "--out", d)
    if p.returncode != 0:
        report(f"{layer}.gen", False, f"exit {p.returncode}: {p.stderr.strip()}")
        continue
    want = maxpool_ceil(prev, *pool) if pool else prev
    got = load(d, "input.npy")
    report(f"{layer}.input", got.dtype == np.int16 and got.shape == want.shape
           and np.array_equal(got, want),
           f"input {got.dtype}{got.shape} != previous output {shape} pooled {pool} -> {want.shape}"
           f" ({int((got != want).sum()) if got.shape == want.shape else 'shape'} differ)")
    p = run("gen", "--net", "alexnet", "--layer", layer, "--seed", str(seed * 1000 + i), "--out",
            plain)
    ok = p.returncode == 0 and np.array_equal(load(d, "weights.npy"), load(plain, "weights.npy"))
    report(f"{layer}.weights", ok, f"weights differ from scnn gen --seed {seed * 1000 + i}")
    lj = json.load(open(f"{d}/layer.json"))
    report(f"{layer}.layer", (lj["C"], lj["H"], lj["W"]) == want.shape and lj["relu"] in (1, True),
           f"layer.json {lj} does not describe a {want.shape} input")

# non-chaining shapes: a conv2 output for conv2 (wrong layer before), and the first layer
bad = f"{work}/bad_prev.npy"
np.save(bad, np.ones((96, 27, 27), np.int16))
for name, layer, want in [("shape", "conv2", ["(96, 27, 27)", "(96, 55, 55)", "conv1"]),
                          ("first", "conv1", ["conv1", "first"])]:
    d = f"{work}/bad_{name}"
    p = run("gen", "--net", "alexnet", "--layer", layer, "--seed", "1", "--chain-from", bad,
            "--out", d)
    lines = p.stderr.strip().splitlines()
    why = []
    if p.returncode != 1:
        why.append(f"exit {p.returncode}, expected 1")
    if len(lines) != 1 or not all(w in lines[0] for w in want + [bad]):
        why.append(f"message {lines} lacks one of {want + [bad]}")
    if os.path.exists(d):
        why.append(f"{d} written")
    report(f"reject.{name}", not why, "; ".join(why))
p = run("gen", "--net", "alexnet", "--layer", "conv2", "--adens", "0.5", "--chain-from", bad,
        "--out", f"{work}/bad_adens")
report("reject.adens", p.returncode == 2 and "--adens" in p.stderr,
       f"exit {p.returncode} ({p.stderr.strip()}), expected 2 naming --adens")
report.exit()
