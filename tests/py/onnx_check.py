# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""Tests of the ONNX importer (tools/scnn-import, docs/onnx.md), ids onnx.*.

Tiny graphs are built here with onnx.helper. Each accepted graph is imported through the command
line, then checked against computations that are not the importer's:
  * float: the importer's float path (scnn_onnx.float_forward) vs tests/py/onnx_ref.py, an
    independent NumPy interpreter of the ONNX ops (BatchNormalization unfolded);
  * integer: every bundle's expected.npy (the importer's integer reference) vs `scnn scnn ref`
    (the C dense reference) and vs tests/py/spec_conv.py (the spec's formulas in NumPy);
  * chaining: `scnn run --net NETDIR --check`, the C model's chain with its own C between-layer
    step, must reproduce the importer's inputs and outputs of every layer;
  * the integer network's class of the sample vs the float class.
Refused graphs must give one line naming the node, exit 1, and leave no directory behind.
usage: onnx_check.py SCNN WORK GEN [quick|full]"""
import glob
import json
import os
import re
import shutil
import subprocess
import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "tools"))
import onnx_ref  # noqa: E402
import spec_conv  # noqa: E402
import scnn_onnx  # noqa: E402
from results import Results  # noqa: E402

R = Results("onnx.")
SCNN, WORK, GEN = sys.argv[1:4]
os.environ["SCNN_GEN"] = GEN
IMPORT = ["/usr/bin/python3", os.path.join(ROOT, "tools", "scnn-import")]
rng = np.random.RandomState(16)


def init(name, arr):
    return numpy_helper.from_array(np.asarray(arr, np.float32), name)


def model(nodes, inits, in_shape, out="y"):
    g = helper.make_graph(nodes, "t", [helper.make_tensor_value_info("x", TensorProto.FLOAT,
                                                                     [1] + list(in_shape))],
                          [helper.make_tensor_value_info(out, TensorProto.FLOAT, None)], inits)
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 13)])
    m.ir_version = 8
    return m


def sparse(shape, dens=0.5, scale=0.5):
    w = rng.randn(*shape) * scale
    return w * (rng.rand(*shape) < dens)


def run_import(name, m, x, extra=()):
    d = os.path.join(WORK, name)
    os.makedirs(d, exist_ok=True)
    path = os.path.join(d, "m.onnx")
    with open(path, "wb") as f:
        f.write(m.SerializeToString())
    np.save(os.path.join(d, "x.npy"), x.astype(np.float32))
    out = os.path.join(d, "net")
    p = subprocess.run(IMPORT + [path, "--input", os.path.join(d, "x.npy"), "--out", out,
                                 *extra], capture_output=True, text=True)
    return p, out, path


def check_accepted(name, m, x, want=None):
    """Imports m and runs the independent checks; want(netjson, layers) adds graph-specific ones."""
    p, out, path = run_import(name, m, x)
    if p.returncode:
        return R(name, False, f"import failed: {p.stderr.strip()}")
    why = []
    net = json.load(open(os.path.join(out, "network.json")))
    for L in net["layers"]:
        b = os.path.join(out, L["dir"])
        exp = np.load(os.path.join(b, "expected.npy"))
        q = subprocess.run([SCNN, "ref", b, "--out", os.path.join(b, "ref.npy")],
                           capture_output=True, text=True)
        if q.returncode or not np.array_equal(np.load(os.path.join(b, "ref.npy")), exp):
            why.append(f"{L['name']}: expected.npy != scnn ref {q.stderr.strip()}")
        lj, xi, wi = spec_conv.load_bundle(b)
        if not np.array_equal(spec_conv.conv_spec(lj, xi, wi)[0], exp):
            why.append(f"{L['name']}: expected.npy != spec_conv")
        os.remove(os.path.join(b, "ref.npy"))
    q = subprocess.run([SCNN, "run", "--net", out, "--check", "--quiet"], capture_output=True,
                       text=True)
    if q.returncode or "every layer's input and output equal it" not in q.stdout:
        why.append(f"scnn run --net: {q.stderr.strip() or q.stdout.strip()[-200:]}")
    import onnx
    mm = onnx.load(path)
    ref = onnx_ref.run(mm, x[None])
    _, stages = scnn_onnx.parse(mm)
    got = scnn_onnx.float_forward(stages, x[None])
    if not np.allclose(got, ref.reshape(got.shape), rtol=1e-9, atol=1e-9):
        why.append(f"float path differs from onnx_ref by {np.abs(got - ref.reshape(got.shape)).max()}")
    cls = int(np.argmax(ref.ravel()))
    if net["sample_class"] != cls and np.sort(ref.ravel())[-1] - np.sort(ref.ravel())[-2] > 0.05:
        why.append(f"integer class {net['sample_class']} != float class {cls}")
    if want:
        why += want(net, out)
    R(name, not why, "; ".join(why))


def check_refused(name, m, x, node, pat):
    p, out, _ = run_import(name, m, x)
    lines = p.stderr.strip().splitlines()
    left = [f for f in os.listdir(os.path.dirname(out)) if f.startswith((".scnn-import", "net"))]
    ok = (p.returncode == 1 and len(lines) == 1 and node in lines[0] and re.search(pat, lines[0])
          and "Traceback" not in p.stderr and not left)
    R(name, ok, f"rc {p.returncode}, stderr {p.stderr.strip()[:300]!r}, left {left}")


def layer_json(out, i):
    net = json.load(open(os.path.join(out, "network.json")))
    return json.load(open(os.path.join(out, net["layers"][i]["dir"], "layer.json")))


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    N = helper.make_node
    x8 = rng.rand(3, 8, 8) * (rng.rand(3, 8, 8) < 0.7)

    # Conv with bias (stride 1, pad 1) + Relu, a second conv, Flatten + Gemm
    w1, b1, w2 = sparse((8, 3, 3, 3)), rng.randn(8) * 0.1, sparse((6, 8, 3, 3))
    wf, bf = sparse((10, 6 * 8 * 8), 0.5, 0.1), rng.randn(10) * 0.1
    m = model([N("Conv", ["x", "w1", "b1"], ["c1"], name="c1", pads=[1] * 4),
               N("Relu", ["c1"], ["r1"], name="r1"),
               N("Conv", ["r1", "w2"], ["c2"], name="c2", pads=[1] * 4),
               N("Relu", ["c2"], ["r2"], name="r2"),
               N("Flatten", ["r2"], ["f"], name="f"),
               N("Gemm", ["f", "wf", "bf"], ["y"], name="fc", transB=1)],
              [init("w1", w1), init("b1", b1), init("w2", w2), init("wf", wf), init("bf", bf)],
              (3, 8, 8))

    def bias_relu(net, out):
        L0, L1 = layer_json(out, 0), layer_json(out, 1)
        why = []
        if L0["relu"] or not net["layers"][0]["relu_post"] or not net["layers"][0]["bias"]:
            why.append("conv with bias: ReLU must be in the between-layer step, after the bias")
        if not L1["relu"] or net["layers"][1]["bias"]:
            why.append("conv without bias: ReLU must run on SCNN (layer.json relu)")
        return why
    check_accepted("conv-bias-relu-gemm", m, x8, bias_relu)

    # stride 2 and groups
    w1, w2 = sparse((8, 1, 3, 3)), sparse((8, 4, 3, 3))
    m = model([N("Conv", ["x", "w1"], ["c1"], name="c1", pads=[1] * 4, strides=[2, 2], group=4),
               N("Relu", ["c1"], ["r1"], name="r1"),
               N("Conv", ["r1", "w2"], ["y"], name="c2", pads=[1] * 4, group=2)],
              [init("w1", w1), init("w2", w2)], (4, 9, 9))
    x9 = rng.rand(4, 9, 9)

    def s2g(net, out):
        L0, L1 = layer_json(out, 0), layer_json(out, 1)
        ok = (L0["stride"], L0["groups"], L0["H"], L1["H"], L1["groups"]) == (2, 4, 9, 5, 2)
        return [] if ok else [f"layer.json stride/groups/planes wrong: {L0}, {L1}"]
    check_accepted("stride2-groups", m, x9, s2g)

    # BatchNormalization folded into the conv (no bias of its own)
    w1 = sparse((6, 3, 3, 3))
    bn = [init("sc", rng.rand(6) + 0.5), init("bi", rng.randn(6) * 0.2),
          init("mu", rng.randn(6) * 0.2), init("var", rng.rand(6) + 0.3)]
    m = model([N("Conv", ["x", "w1"], ["c1"], name="c1", pads=[1] * 4),
               N("BatchNormalization", ["c1", "sc", "bi", "mu", "var"], ["b1"], name="bn1",
                 epsilon=1e-3),
               N("Relu", ["b1"], ["y"], name="r1")], [init("w1", w1)] + bn, (3, 8, 8))
    check_accepted("batchnorm-folded", m, x8)

    # MaxPool with padding (3x3/2 p1) and AveragePool (2x2/2), Reshape + MatMul + Add + Relu + Gemm
    w1, w2 = sparse((8, 3, 3, 3)), sparse((8, 8, 3, 3))
    wm, bm = sparse((8 * 2 * 2, 12), 0.6, 0.2), rng.randn(12) * 0.1
    wg = sparse((5, 12), 0.6, 0.3)
    m = model([N("Conv", ["x", "w1"], ["c1"], name="c1", pads=[1] * 4),
               N("Relu", ["c1"], ["r1"], name="r1"),
               N("MaxPool", ["r1"], ["p1"], name="mp", kernel_shape=[3, 3], strides=[2, 2],
                 pads=[1] * 4),
               N("Conv", ["p1", "w2"], ["c2"], name="c2", pads=[1] * 4),
               N("Relu", ["c2"], ["r2"], name="r2"),
               N("AveragePool", ["r2"], ["p2"], name="ap", kernel_shape=[2, 2], strides=[2, 2]),
               N("Reshape", ["p2", "shape"], ["f"], name="rs"),
               N("MatMul", ["f", "wm"], ["mm"], name="mm"),
               N("Add", ["mm", "bm"], ["a"], name="add"),
               N("Relu", ["a"], ["r3"], name="r3"),
               N("Gemm", ["r3", "wg"], ["y"], name="fc2", transB=1)],
              [init("w1", w1), init("w2", w2), init("wm", wm), init("bm", bm), init("wg", wg),
               numpy_helper.from_array(np.array([1, -1], np.int64), "shape")], (3, 8, 8))

    def pools(net, out):
        p0, p1 = net["layers"][0]["pools"], net["layers"][1]["pools"]
        ok = (p0 == [{"type": "max", "k": 3, "s": 2, "pad": 1}] and
              p1 == [{"type": "avg", "k": 2, "s": 2, "pad": 0}] and len(net["fc"]) == 2)
        return [] if ok else [f"pools/fc wrong: {p0} {p1} {net['fc']}"]
    check_accepted("pools-reshape-matmul", m, x8, pools)

    # pooling of negative values (no ReLU): the average rounds with floor on both chains, the
    # max pool's padding never wins
    w1, b1, w2, b2 = sparse((6, 3, 3, 3)), rng.randn(6) * 0.3, sparse((6, 6, 3, 3)), rng.randn(6)
    m = model([N("Conv", ["x", "w1", "b1"], ["c1"], name="c1", pads=[1] * 4),
               N("AveragePool", ["c1"], ["p1"], name="ap", kernel_shape=[3, 3], strides=[1, 1]),
               N("Conv", ["p1", "w2", "b2"], ["c2"], name="c2", pads=[1] * 4),
               N("MaxPool", ["c2"], ["y"], name="mp", kernel_shape=[2, 2], strides=[2, 2],
                 pads=[1] * 4)],
              [init("w1", w1), init("b1", b1), init("w2", w2), init("b2", b2)], (3, 8, 8))

    def negative_pool(net, out):
        a = np.load(os.path.join(out, net["layers"][1]["dir"], "input.npy"))
        return [] if (a < 0).any() else ["conv2's input has no negative value to pool"]
    check_accepted("pools-negative-values", m, x8 - 0.3, negative_pool)

    # refusals
    w1 = sparse((4, 3, 3, 3))
    m = model([N("Conv", ["x", "w1"], ["c1"], name="c1"), N("Sigmoid", ["c1"], ["y"], name="sig")],
              [init("w1", w1)], (3, 8, 8))
    check_refused("refuse.unsupported-op", m, x8, "'sig'", r"unsupported op Sigmoid")
    m = model([N("Conv", ["x", "w1"], ["y"], name="c3d")], [init("w1", sparse((4, 3, 3)))],
              (3, 8, 8))
    check_refused("refuse.conv-weight-not-4d", m, x8, "'c3d'", r"3 dimensions")
    m = model([N("Conv", ["x", "w1"], ["c1"], name="c1"), N("Flatten", ["c1"], ["f"], name="f"),
               N("Gemm", ["f", "wf"], ["y"], name="fcbad", transB=1)],
              [init("w1", w1), init("wf", sparse((10, 99)))], (3, 8, 8))
    check_refused("refuse.shape-does-not-chain", m, x8, "'fcbad'", r"does not chain with 144")
    m = model([N("Conv", ["x", "w1"], ["y"], name="cch")], [init("w1", sparse((4, 5, 3, 3)))],
              (3, 8, 8))
    check_refused("refuse.conv-channels", m, x8, "'cch'", r"does not chain")

    # nothing half-written: a refused import leaves an existing network directory untouched
    good = os.path.join(WORK, "conv-bias-relu-gemm", "net")
    before = sorted(glob.glob(good + "/**", recursive=True))
    sigm = model([N("Sigmoid", ["x"], ["y"], name="s0")], [], (3, 8, 8))
    bad = os.path.join(WORK, "bad.onnx")
    open(bad, "wb").write(sigm.SerializeToString())
    p = subprocess.run(IMPORT + [bad, "--input", os.path.join(WORK, "conv-bias-relu-gemm", "x.npy"),
                                 "--out", good], capture_output=True, text=True)
    after = sorted(glob.glob(good + "/**", recursive=True))
    R("refuse.keeps-existing-dir", p.returncode == 1 and before == after and
      not glob.glob(os.path.join(WORK, "conv-bias-relu-gemm", ".scnn-import*")),
      f"rc {p.returncode}, files changed: {set(before) ^ set(after)}")
    p = subprocess.run(IMPORT + [bad, "--input", os.path.join(WORK, "nonexistent.npy"),
                                 "--out", os.path.join(WORK, "x")], capture_output=True, text=True)
    R("refuse.bad-file", p.returncode == 1 and len(p.stderr.strip().splitlines()) == 1 and
      "Traceback" not in p.stderr, f"rc {p.returncode} {p.stderr[:300]!r}")

    # the shipped example: integer top-1 within the margin of float on the held-out samples;
    # float accuracy recomputed here by onnx_ref
    ex = os.path.join(ROOT, "examples", "digits")
    out = os.path.join(WORK, "digits")
    p = subprocess.run(IMPORT + [os.path.join(ex, "digits.onnx"), "--input",
                                 os.path.join(ex, "sample.npy"), "--batch",
                                 os.path.join(ex, "test.npz"), "--calib",
                                 os.path.join(ex, "calib.npz"), "--out", out],
                       capture_output=True, text=True)
    mt = re.search(r"float top-1 ([\d.]+) %, integer top-1 ([\d.]+) %", p.stdout)
    import onnx
    z = np.load(os.path.join(ex, "test.npz"))
    fl = onnx_ref.run(onnx.load(os.path.join(ex, "digits.onnx")), z["x"]).argmax(1)
    fl_acc = 100 * float((fl == z["y"]).mean())
    ok = (p.returncode == 0 and mt and abs(float(mt.group(1)) - fl_acc) < 0.01 and
          float(mt.group(2)) >= float(mt.group(1)) - 1.0)
    R("example.integer-accuracy", ok,
      f"rc {p.returncode}, printed {mt.groups() if mt else p.stderr.strip()}, onnx_ref {fl_acc:.2f}")
    dens = [float((np.load(f) != 0).mean()) for f in sorted(glob.glob(out + "/conv*/weights.npy"))]
    R("example.pruned", len(dens) >= 4 and max(dens) <= 0.40, f"conv weight densities {dens}")
    q = subprocess.run([SCNN, "run", "--net", out, "--check", "--quiet"], capture_output=True,
                       text=True)
    R("example.chained-model", q.returncode == 0 and "equal it (4 layers)" in q.stdout,
      q.stderr.strip() or q.stdout[-300:])

    # negative: the checks can fail. A network directory whose reference was altered in one value
    # is caught by scnn run --net; an integer accuracy that must not fall below float + 100 points
    # is refused and nothing is written.
    broken = os.path.join(WORK, "digits-broken")
    shutil.copytree(out, broken)
    e = os.path.join(broken, "conv3", "expected.npy")
    a = np.load(e)
    a.flat[7] += 1
    np.save(e, a)
    q = subprocess.run([SCNN, "run", "--net", broken, "--quiet"], capture_output=True, text=True)
    R("negative.altered-reference-caught", q.returncode == 1 and
      "conv3: 0 inputs and 1 outputs differ" in q.stdout, q.stdout[-300:] + q.stderr)
    # scnn run --net on a broken network directory: one line, exit 1
    bj = os.path.join(WORK, "digits-badjson")
    shutil.copytree(out, bj)
    open(os.path.join(bj, "network.json"), "w").write('{"format": "scnn-net-1", "layers": [')
    q = subprocess.run([SCNN, "run", "--net", bj], capture_output=True, text=True)
    R("cli.bad-network-json", q.returncode == 1 and len(q.stderr.strip().splitlines()) == 1 and
      "network.json: malformed JSON" in q.stderr, q.stderr[:300])
    net = json.load(open(os.path.join(out, "network.json")))
    net["layers"][1]["pools"] = []  # conv2's max-pool dropped: conv3 no longer chains
    json.dump(net, open(os.path.join(bj, "network.json"), "w"))
    q = subprocess.run([SCNN, "run", "--net", bj, "--quiet"], capture_output=True, text=True)
    R("cli.chain-shape-mismatch", q.returncode == 1 and len(q.stderr.strip().splitlines()) == 1 and
      "layer conv3 takes (32, 4, 4), the output of conv2 after its step is (32, 8, 8)" in q.stderr,
      q.stderr[:300])
    small = os.path.join(WORK, "conv-bias-relu-gemm")
    xs = rng.rand(20, 3, 8, 8)
    np.savez(os.path.join(small, "batch.npz"), x=xs, y=np.zeros(20, np.int64))
    p2 = subprocess.run(IMPORT + [os.path.join(small, "m.onnx"), "--input",
                                  os.path.join(small, "x.npy"), "--batch",
                                  os.path.join(small, "batch.npz"), "--margin", "-100", "--out",
                                  os.path.join(WORK, "digits-margin")],
                        capture_output=True, text=True)
    R("negative.accuracy-margin-refused", p2.returncode == 1 and "below float" in p2.stderr and
      not os.path.exists(os.path.join(WORK, "digits-margin")), p2.stderr.strip()[:300])
    R.exit()


if __name__ == "__main__":
    main()
