#!/usr/bin/python3
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""Chaining helper of scripts/verify_net.sh for imported networks (docs/onnx.md):
  scnn_chain.py plan NETDIR              one line per conv layer: index name dir
  scnn_chain.py input NETDIR I PREV OUT  OUT = layer I's input: layer I-1's between-layer step
                                         (bias, ReLU, pooling; post_op) applied to PREV
  scnn_chain.py class NETDIR LAST        the class the fc layers give for LAST, the last conv
                                         layer's real output
Errors are one line and exit 1."""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scnn_onnx  # noqa: E402


def main(a):
    try:
        if len(a) == 2 and a[0] == "plan":
            for i, l in enumerate(scnn_onnx.load_netdir(a[1])["layers"]):
                print(i, l["name"], l["dir"])
        elif len(a) == 5 and a[0] == "input":
            v = scnn_onnx.chain_input(a[1], int(a[2]), np.load(a[3], allow_pickle=False))
            tmp = a[4] + ".tmp.npy"
            np.save(tmp, np.ascontiguousarray(v, "<i2"), allow_pickle=False)
            os.replace(tmp, a[4])
        elif len(a) == 3 and a[0] == "class":
            print(scnn_onnx.classify(a[1], np.load(a[2], allow_pickle=False)))
        else:
            print(__doc__.strip(), file=sys.stderr)
            return 2
        return 0
    except (OSError, ValueError, KeyError, IndexError, TypeError) as e:
        print(f"scnn_chain: error: {' '.join(a[:2])}: {type(e).__name__}: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
