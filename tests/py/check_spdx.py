#!/usr/bin/python3
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""Fails if a tracked source file lacks the licence header.

usage: check_spdx.py [--root DIR] [--files PATH...]

A source file (C, C++, SystemVerilog, Verilator config, Python, shell, make, TOML, Yosys
script, liberty, GTKWave layout) must name `SPDX-License-Identifier: Apache-2.0` in its first
600 characters, and the repository must hold the LICENSE file. Markdown, data (.npy, .json,
.png) and the fuzz corpora are not source files. Prints each offender and exits 1, or one
summary line and exits 0.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_repo_paths import tracked, walk  # noqa: E402  (the same file list)

SOURCE_EXT = {".c", ".h", ".cc", ".cpp", ".sv", ".svh", ".v", ".vlt", ".py", ".sh", ".mk",
              ".toml", ".in", ".lib", ".gtkw"}
SOURCE_NAMES = {"Makefile", "run"}
SKIP_DIRS = ("tests/fuzz/corpus/", "tests/fuzz/regress/", "tests/fuzz/dict/")
TAG = "SPDX-License-Identifier: Apache-2.0"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(
        os.path.dirname(os.path.abspath(__file__)))))
    ap.add_argument("--files", nargs="*")
    a = ap.parse_args()
    root = os.path.abspath(a.root)
    files = a.files if a.files is not None else (tracked(root) or walk(root))
    bad, n = [], 0
    if not os.path.isfile(os.path.join(root, "LICENSE")):
        bad.append("LICENSE: missing")
    for rel in files:
        base = os.path.basename(rel)
        if rel.startswith(SKIP_DIRS):
            continue
        if os.path.splitext(base)[1] not in SOURCE_EXT and base not in SOURCE_NAMES:
            continue
        n += 1
        try:
            with open(os.path.join(root, rel), encoding="utf-8", errors="replace") as f:
                head = f.read(600)
        except OSError as e:
            bad.append(f"{rel}: unreadable ({e})")
            continue
        if TAG not in head:
            bad.append(f"{rel}: no '{TAG}' header")
    if bad:
        print("\n".join(bad))
        return 1
    print(f"check_spdx: LICENSE present, all {n} source files carry the SPDX header")
    return 0


if __name__ == "__main__":
    sys.exit(main())
