# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""Outside float reference for the ONNX tests: a plain NumPy interpreter of the ONNX operators
the importer supports, written from the ONNX operator definitions (onnx.ai/onnx/operators), with
loops over the filter taps instead of the importer's windowed einsum, and BatchNormalization
applied as its own op (not folded). Shares no code with tools/scnn_onnx.py."""
import numpy as np
from onnx import helper, numpy_helper


def _conv(x, w, b, strides, pads, group):
    N, C, H, W = x.shape
    K, Cg, R, S = w.shape
    sh, sw = strides
    pt, pl, pb, pr = pads
    xp = np.zeros((N, C, H + pt + pb, W + pl + pr))
    xp[:, :, pt:pt + H, pl:pl + W] = x
    Ho, Wo = (H + pt + pb - R) // sh + 1, (W + pl + pr - S) // sw + 1
    y = np.zeros((N, K, Ho, Wo))
    Kg = K // group
    for k in range(K):
        g = k // Kg
        for c in range(Cg):
            for r in range(R):
                for s in range(S):
                    y[:, k] += w[k, c, r, s] * xp[:, g * Cg + c, r:r + sh * (Ho - 1) + 1:sh,
                                                 s:s + sw * (Wo - 1) + 1:sw]
    if b is not None:
        y += b[None, :, None, None]
    return y


def _pool(x, ks, strides, pads, kind):
    N, C, H, W = x.shape
    kh, kw = ks
    pt, pl, pb, pr = pads
    fill = -np.inf if kind == "max" else 0.0
    xp = np.full((N, C, H + pt + pb, W + pl + pr), fill)
    xp[:, :, pt:pt + H, pl:pl + W] = x
    Ho, Wo = (H + pt + pb - kh) // strides[0] + 1, (W + pl + pr - kw) // strides[1] + 1
    y = np.zeros((N, C, Ho, Wo))
    for i in range(Ho):
        for j in range(Wo):
            win = xp[:, :, i * strides[0]:i * strides[0] + kh, j * strides[1]:j * strides[1] + kw]
            y[:, :, i, j] = win.max(axis=(2, 3)) if kind == "max" else win.mean(axis=(2, 3))
    return y


def run(model, x):
    """Float64 outputs of the graph's single output for the batch x (N, C, H, W)."""
    g = model.graph
    env = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in g.initializer}
    data = [i.name for i in g.input if i.name not in env]
    env[data[0]] = np.asarray(x, np.float64)
    for n in g.node:
        a = {at.name: helper.get_attribute_value(at) for at in n.attribute}
        i = [env[v] if v else None for v in n.input]
        op = n.op_type
        if op == "Constant":
            y = numpy_helper.to_array(a["value"]).astype(np.float64)
        elif op == "Conv":
            y = _conv(i[0], i[1], i[2] if len(i) > 2 else None, a.get("strides", [1, 1]),
                      a.get("pads", [0, 0, 0, 0]), a.get("group", 1))
        elif op == "BatchNormalization":
            sc, bi, mu, var = (v[None, :, None, None] for v in i[1:5])
            y = (i[0] - mu) / np.sqrt(var + a.get("epsilon", 1e-5)) * sc + bi
        elif op == "Relu":
            y = np.maximum(i[0], 0)
        elif op in ("MaxPool", "AveragePool"):
            ks = a["kernel_shape"]
            y = _pool(i[0], ks, a.get("strides", ks), a.get("pads", [0, 0, 0, 0]),
                      "max" if op == "MaxPool" else "avg")
        elif op == "Pad":
            p = i[1].astype(int)
            assert not p.any()
            y = i[0]
        elif op == "Flatten":
            y = i[0].reshape(i[0].shape[0], -1)
        elif op == "Reshape":
            shp = [int(v) for v in i[1]]
            shp = [i[0].shape[j] if v == 0 else v for j, v in enumerate(shp)]
            y = i[0].reshape(shp)
        elif op == "Gemm":
            A, B = i[0], i[1]
            if a.get("transB", 0):
                B = B.T
            y = a.get("alpha", 1.0) * (A @ B)
            if len(i) > 2 and i[2] is not None:
                y = y + a.get("beta", 1.0) * i[2]
        elif op == "MatMul":
            y = i[0] @ i[1]
        elif op == "Add":
            y = i[0] + i[1]
        else:
            raise ValueError(f"onnx_ref: op {op} not interpreted")
        env[n.output[0]] = y
    return env[g.output[0].name]
