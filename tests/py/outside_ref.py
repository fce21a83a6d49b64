# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""Outside-reference checks of `scnn ref` (and `scnn gen`), run by
tests/suites/20-outside-ref.sh.

usage: outside_ref.py quick|full SCNN_BINARY WORKDIR

Which cases run is tests/tiers.txt (tests/py/tiers.py): quick: random layers written from
Python (np.save, json) covering filter sizes 1..11, stride 1/2/4, pad 0..3, groups 1/2, ReLU
on/off, both shifts, densities 0..1, INT16_MIN/MAX and 24-bit overflow; plus a few generated
catalog layers. full: every catalog layer of the three networks.
Each case prints "PASS name" or "FAIL name: reason". The expected output is the
NumPy convolution of spec_conv.py (docs/spec.md section 4), never the C model's.
"""
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from spec_conv import conv_spec, load_bundle  # noqa: E402
from tiers import Tier  # noqa: E402

# docs/spec.md section 7 densities, typed from that page (not read from the C catalog).
WDENS = {
    "alexnet": dict(zip(["conv1", "conv2", "conv3", "conv4", "conv5"],
                        [0.84, 0.38, 0.35, 0.37, 0.37])),
    "vgg16": dict(zip(["conv1_1", "conv1_2", "conv2_1", "conv2_2", "conv3_1", "conv3_2",
                       "conv3_3", "conv4_1", "conv4_2", "conv4_3", "conv5_1", "conv5_2",
                       "conv5_3"],
                      [0.58, 0.22, 0.34, 0.36, 0.53, 0.24, 0.42, 0.32, 0.27, 0.34, 0.35,
                       0.29, 0.36])),
}
FIRST = {"alexnet": "conv1", "vgg16": "conv1_1", "googlenet": "conv1_7x7_s2"}

results = []


def report(name, ok, why=""):
    results.append(ok)
    print(f"PASS {name}" if ok else f"FAIL {name}: {why}", flush=True)


def run_ref(scnn, d):
    p = subprocess.run([scnn, "ref", d], capture_output=True, text=True)
    if p.returncode != 0:
        return None, f"scnn ref exited {p.returncode}: {p.stderr.strip()}"
    m = re.search(r"overflows: (\d+)", p.stdout)
    if not m:
        return None, f"no overflow count in '{p.stdout.strip()}'"
    return int(m.group(1)), ""


def compare(name, d, scnn, expect_overflow=None):
    L, x, w = load_bundle(d)
    ovf, why = run_ref(scnn, d)
    if ovf is None:
        return report(name, False, why)
    got = np.load(f"{d}/output.npy")
    want, want_ovf = conv_spec(L, x, w)
    if got.dtype != np.int16 or got.shape != want.shape:
        return report(name, False, f"output {got.dtype}{got.shape}, expected int16{want.shape}")
    bad = np.argwhere(got != want)
    if bad.size:
        k, y, xx = bad[0]
        return report(name, False, f"{len(bad)} outputs differ, first (k={k}, y={y}, x={xx}): "
                      f"scnn {got[k, y, xx]}, numpy {want[k, y, xx]}")
    if ovf != want_ovf:
        return report(name, False, f"overflow count {ovf}, numpy {want_ovf}")
    if expect_overflow is not None and (want_ovf > 0) != expect_overflow:
        return report(name, False, f"case meant to {'' if expect_overflow else 'not '}overflow "
                      f"has {want_ovf} overflows")
    report(name, True)


def sparse(rng, shape, dens, lo, hi):
    n = int(np.prod(shape))
    v = rng.integers(lo, hi + 1, n, dtype=np.int64)
    v[v == 0] = 1
    v[rng.permutation(n)[:n - int(math.floor(dens * n + 0.5))]] = 0
    return v.astype(np.int16).reshape(shape)


def random_layer(rng, i):
    R = int(rng.choice([1, 3, 5, 7, 11]))
    st = int(rng.choice([1, 2, 4]))
    pad = int(rng.integers(0, 4))
    g = int(rng.choice([1, 2]))
    C = g * int(rng.integers(1, 5))
    K = g * int(rng.integers(1, 5))
    lo_side = max(1, R - 2 * pad)
    H = int(rng.integers(lo_side, lo_side + 14))
    W = int(rng.integers(lo_side, lo_side + 14))
    return dict(name=f"rand{i}", C=C, H=H, W=W, K=K, R=R, S=R, stride=st, pad=pad, groups=g,
                prod_shift=int(rng.integers(0, 16)), out_shift=int(rng.integers(0, 24)),
                relu=bool(rng.integers(0, 2)))


def write_bundle(d, L, x, w, version=None):
    """version: .npy format version for numpy's writer (None = np.save's choice)."""
    os.makedirs(d, exist_ok=True)
    with open(f"{d}/layer.json", "w") as f:
        json.dump(L, f)
    for name, a in (("input", x), ("weights", w)):
        with open(f"{d}/{name}.npy", "wb") as f:
            np.lib.format.write_array(f, a, version=version)


def random_cases(scnn, work, tier):
    rng = np.random.default_rng(20240529)
    ranges = [(-32768, 32767), (-255, 255), (-3, 3), (1, 2047)]
    for i in range(40):
        L = random_layer(rng, i)
        dens, prob = [0.0, 0.1, 0.5, 1.0], [0.1, 0.3, 0.3, 0.3]
        wd, ad = (float(rng.choice(dens, p=prob)) for _ in range(2))
        if i < 4:  # make sure both-dense and empty cases are there
            wd, ad = [(1.0, 1.0), (0.0, 1.0), (1.0, 0.0), (0.3, 0.7)][i]
        wlo, whi = ranges[int(rng.integers(0, 4))]
        alo, ahi = ranges[int(rng.integers(0, 4))]
        w = sparse(rng, (L["K"], L["C"] // L["groups"], L["R"], L["S"]), wd, wlo, whi)
        x = sparse(rng, (L["C"], L["H"], L["W"]), ad, alo, ahi)
        if i % 3 == 0 and w.size and x.size:  # plant the int16 extremes
            w.flat[int(rng.integers(0, w.size))] = -32768
            x.flat[int(rng.integers(0, x.size))] = 32767
            x.flat[int(rng.integers(0, x.size))] = -32768
        if not tier.want(f"outside-ref.random{i}"):
            continue  # (after the draws: every case is the same whichever others run)
        d = f"{work}/rand{i}"
        write_bundle(d, L, x, w, [None, (1, 0), (2, 0), (3, 0)][i % 4])
        compare(f"outside-ref.random{i} (C{L['C']} {L['H']}x{L['W']} K{L['K']} R{L['R']} "
                f"s{L['stride']} p{L['pad']} g{L['groups']} ps{L['prod_shift']} "
                f"os{L['out_shift']} relu{int(L['relu'])} wd{wd} ad{ad})", d, scnn)
    if tier.want("outside-ref.overflow_24bit"):
        overflow_case(scnn, work)
    if tier.want("outside-ref.edge_no_overflow"):
        edge_case(scnn, work)


def overflow_case(scnn, work):
    # Overflow: every product (-32768)*(-32768) = 2^30 with no shift; 2 terms
    # already leave 24 bits. Exact sums 18 * 2^30 at the centre.
    L = dict(name="overflow", C=2, H=5, W=5, K=2, R=3, S=3, stride=1, pad=1, groups=1,
             prod_shift=0, out_shift=8, relu=False)
    w = np.full((2, 2, 3, 3), -32768, np.int16)
    w[1] = 32767
    x = np.full((2, 5, 5), -32768, np.int16)
    write_bundle(f"{work}/overflow", L, x, w)
    compare("outside-ref.overflow_24bit", f"{work}/overflow", scnn, expect_overflow=True)


def edge_case(scnn, work):
    # Near the edge without overflow: 255 terms of 2^15 - 1 -> just below 2^23.
    L = dict(name="edge", C=255, H=1, W=1, K=1, R=1, S=1, stride=1, pad=0, groups=1,
             prod_shift=15, out_shift=0, relu=False)
    w = np.full((1, 255, 1, 1), 32767, np.int16)
    x = np.full((255, 1, 1), 32767, np.int16)
    write_bundle(f"{work}/edge", L, x, w)
    compare("outside-ref.edge_no_overflow", f"{work}/edge", scnn, expect_overflow=False)


def gen_case(scnn, work, net, layer, check_dens=True):
    d = f"{work}/{net}_{layer}"
    t0 = time.time()
    p = subprocess.run([scnn, "gen", "--net", net, "--layer", layer, "--seed", "7", "--out", d],
                       capture_output=True, text=True)
    if p.returncode != 0:
        return report(f"outside-ref.gen.{net}.{layer}", False, p.stderr.strip())
    if check_dens:
        L, x, w = load_bundle(d)
        wd = WDENS.get(net, {}).get(layer, 0.40)  # GoogLeNet: 0.40 assumed (docs/spec.md section 7)
        ad = 1.0 if layer == FIRST[net] else 0.40
        for what, arr, dens in (("weights", w, wd), ("input", x, ad)):
            n = arr.size
            nnz = int(np.count_nonzero(arr))
            exact = int(math.floor(dens * n + 0.5))
            ok = nnz == exact and abs(nnz / n - dens) <= 0.01 * dens
            report(f"outside-ref.density.{net}.{layer}.{what}", ok,
                   f"{nnz}/{n} non-zero = {nnz / n:.5f}, catalog {dens} (exact count {exact})")
    compare(f"outside-ref.gen.{net}.{layer}", d, scnn, expect_overflow=False)
    shutil.rmtree(d, ignore_errors=True)
    return time.time() - t0


def catalog(scnn):
    p = subprocess.run([scnn, "list"], capture_output=True, text=True, check=True)
    rows = [ln.split() for ln in p.stdout.splitlines()[1:] if ln.strip()]
    return [(r[0], r[1]) for r in rows]


def main():
    tier, scnn, work = Tier(sys.argv[1]), sys.argv[2], sys.argv[3]
    os.makedirs(work, exist_ok=True)
    random_cases(scnn, work, tier)
    layers = catalog(scnn)
    if tier.want("outside-ref.catalog_counts"):
        counts = {n: sum(1 for a, _ in layers if a == n) for n in ("alexnet", "vgg16", "googlenet")}
        report("outside-ref.catalog_counts", counts == {"alexnet": 5, "vgg16": 13, "googlenet": 57},
               f"layers per net {counts}, docs/spec.md says 5/13/57")
    # a catalog layer runs (gen, densities, NumPy) if the tier wants its gen id
    for net, layer in layers:
        if not tier.want(f"outside-ref.gen.{net}.{layer}"):
            continue
        dt = gen_case(scnn, work, net, layer)
        if dt and dt > 20:
            print(f"  note: {net}.{layer} took {dt:.1f} s", flush=True)
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
