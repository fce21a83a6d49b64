# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""Outside reference: the convolution of docs/spec.md section 4, written from that
text in NumPy. It shares nothing with the C model (no C code, no generated
tables): only the formulas of docs/spec.md and the .npy/.json files.

    p   = w * a                       (exact)
    t   = p >> ps                     (arithmetic shift = floor)
    acc = sum(t) mod 2^24, signed     (wrap-around), overflow if the exact sum
                                      leaves [-2^23, 2^23 - 1]
    v   = (acc + (2^(os-1) if os > 0 else 0)) >> os
    v   = clamp(v, -32768, 32767); out = max(v, 0) if relu else v
"""
import json

import numpy as np

ACC_W = 24  # docs/spec.md section 2: accumulator width


def out_size(n, f, stride, pad):
    return (n + 2 * pad - f) // stride + 1


def exact_sums(L, x, w):
    """Exact (int64) sums of shifted products, shape (K, Ho, Wo)."""
    C, H, W, K = L["C"], L["H"], L["W"], L["K"]
    R, S, st, pad, g, ps = L["R"], L["S"], L["stride"], L["pad"], L["groups"], L["prod_shift"]
    assert x.shape == (C, H, W) and w.shape == (K, C // g, R, S)
    Ho, Wo = out_size(H, R, st, pad), out_size(W, S, st, pad)
    P = Ho * Wo
    xp = np.zeros((C, H + 2 * pad, W + 2 * pad), np.int64)
    xp[:, pad:pad + H, pad:pad + W] = x
    cg, kg = C // g, K // g
    acc = np.zeros((K, P), np.int64)
    for gi in range(g):
        for r in range(R):          # r pairs with y (rows), s with x (columns)
            for s in range(S):
                patch = xp[gi * cg:(gi + 1) * cg,
                           r:r + st * (Ho - 1) + 1:st,
                           s:s + st * (Wo - 1) + 1:st].reshape(cg, P)
                wrs = w[gi * kg:(gi + 1) * kg, :, r, s].astype(np.int64)
                if ps == 0:
                    # no per-product shift: a plain integer matrix product is exact
                    acc[gi * kg:(gi + 1) * kg] += wrs @ patch
                    continue
                kk, cc = np.nonzero(wrs)  # zero weights contribute t = 0 (docs/spec.md section 4)
                if kk.size == 0:
                    continue
                wv = wrs[kk, cc]
                starts = np.flatnonzero(np.r_[True, kk[1:] != kk[:-1]])
                rows = gi * kg + kk[starts]
                step = max(1, (1 << 22) // kk.size)
                for p0 in range(0, P, step):
                    t = (wv[:, None] * patch[cc, p0:p0 + step]) >> ps
                    acc[rows, p0:p0 + step] += np.add.reduceat(t, starts, axis=0)
    return acc.reshape(K, Ho, Wo)


def requantise(L, exact):
    """Returns (int16 output, number of overflowing outputs)."""
    lo, hi = -(1 << (ACC_W - 1)), (1 << (ACC_W - 1)) - 1
    overflows = int(np.count_nonzero((exact < lo) | (exact > hi)))
    acc = ((exact - lo) & ((1 << ACC_W) - 1)) + lo
    os_ = L["out_shift"]
    v = (acc + ((1 << (os_ - 1)) if os_ > 0 else 0)) >> os_
    v = np.clip(v, -32768, 32767)
    if L["relu"]:
        v = np.maximum(v, 0)
    return v.astype(np.int16), overflows


def conv_spec(L, x, w):
    return requantise(L, exact_sums(L, x, w))


def load_bundle(d):
    with open(f"{d}/layer.json") as f:
        L = json.load(f)
    L["relu"] = int(L["relu"])
    return L, np.load(f"{d}/input.npy"), np.load(f"{d}/weights.npy")
