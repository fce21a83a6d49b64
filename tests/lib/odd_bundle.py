# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""Writes a layer bundle outside the catalog with NumPy (an odd plane, stride 2, pad 0, K not
a multiple of 4): used by the RTL suites to run a user's bundle through make verify-pe and
make verify. Usage: odd_bundle.py DIR"""
import json
import os
import sys

import numpy as np

d = sys.argv[1]
os.makedirs(d, exist_ok=True)
rng = np.random.default_rng(7)
C, H, W, K, R, S = 5, 17, 19, 6, 3, 3
w = (rng.integers(-500, 500, (K, C, R, S)) * (rng.random((K, C, R, S)) < 0.4)).astype("<i2")
x = (rng.integers(-500, 500, (C, H, W)) * (rng.random((C, H, W)) < 0.5)).astype("<i2")
np.save(os.path.join(d, "weights.npy"), w)
np.save(os.path.join(d, "input.npy"), x)
json.dump(dict(name="odd", C=C, H=H, W=W, K=K, R=R, S=S, stride=2, pad=0, groups=1,
               prod_shift=4, out_shift=6, relu=True), open(os.path.join(d, "layer.json"), "w"))
