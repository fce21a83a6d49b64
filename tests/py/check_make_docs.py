#!/usr/bin/python3
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""Checks that the docs and comments name real make targets and that `make help` lists every
variable a user may set.

usage: check_make_docs.py [--root DIR] [--make MAKE] [--files PATH...]

1. Targets: every `make [options] [VAR=value ...] WORD` in a tracked text file (code, comments,
   Markdown) names a target of the project's makefiles (the rules `make -pq` prints) - or WORD
   is an English word of the prose list PROSE ("make sure", "make the ..."). An unknown WORD is
   reported as `file:line: make WORD`.
2. Variables: every `NAME ?= ...` assignment in the Makefile and its fragments is a variable a
   user may set; each must carry a `## description` and appear in the output of `make help`.
   A missing one is reported as `file:line: NAME`.

Prints the offenders and exits 1, or a summary line and exits 0.
"""
import argparse
import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_repo_paths import tracked, walk  # noqa: E402  (the same file list as that checker)

# Words that follow "make" in English prose, not target names.
PROSE = {"a", "an", "the", "it", "its", "them", "this", "that", "these", "sure", "every", "each",
         "one", "no", "room", "use", "runs", "rules", "invocation", "incremental", "gcc",
         "fragment", "fragments", "flags", "expands", "targets", "target", "bank", "variables",
         "database", "file", "files", "itself", "is", "and", "or",
         "of", "to", "in", "into", "on", "for", "with", "from", "would", "will",
         "can", "does", "do"}

MAKE_RE = re.compile(r"\bmake((?:\s+(?:-[-A-Za-z]+(?:=\S+)?|-C\s+\S+|[A-Z_][A-Z0-9_]*=\S*))*)"
                     r"\s+([a-z][a-z0-9_.-]*)")
VAR_RE = re.compile(r"^([A-Z][A-Z0-9_]*)\s*\?=(.*)$")


def read_text(path):
    try:
        with open(path, "rb") as f:
            data = f.read()
        if b"\0" in data[:8192]:
            return None
        return data.decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def make_targets(root, make):
    """The explicit targets of the makefiles in root (the database of make -pq)."""
    out = subprocess.run([make, "-C", root, "-pq", "--no-print-directory", "BUILD=build"],
                         capture_output=True, text=True)
    targets = set()
    for line in out.stdout.splitlines():
        m = re.match(r"^([A-Za-z0-9][^\s:=#%]*):(?!=)", line)
        if m:
            targets.add(m.group(1))
    if "help" not in targets:
        sys.exit("check_make_docs: could not read the make database (no 'help' target)")
    return targets


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(
        os.path.dirname(os.path.abspath(__file__)))))
    ap.add_argument("--make", default="make")
    ap.add_argument("--files", nargs="*")
    a = ap.parse_args()
    root = os.path.abspath(a.root)
    files = a.files if a.files is not None else (tracked(root) or walk(root))
    targets = make_targets(root, a.make)
    bad = []
    n_refs = 0
    for rel in files:
        text = read_text(os.path.join(root, rel))
        if text is None:
            continue
        for no, line in enumerate(text.splitlines(), 1):
            for m in MAKE_RE.finditer(line):
                word = m.group(2).rstrip(".,;:")
                if not word or word in PROSE:
                    continue
                n_refs += 1
                if word not in targets:
                    bad.append(f"{rel}:{no}: make {word} (no such target)")
    # variables
    helped = subprocess.run([a.make, "-C", root, "--no-print-directory", "help"],
                            capture_output=True, text=True).stdout
    listed = set(re.findall(r"^  ([A-Z][A-Z0-9_]*)=", helped, re.M))
    n_vars = 0
    mk_files = [f for f in files if f == "Makefile" or f.endswith(".mk")]
    for rel in mk_files:
        text = read_text(os.path.join(root, rel)) or ""
        for no, line in enumerate(text.splitlines(), 1):
            m = VAR_RE.match(line)
            if not m:
                continue
            n_vars += 1
            name = m.group(1)
            if "##" not in m.group(2):
                bad.append(f"{rel}:{no}: {name} (a user variable without a ## description)")
            elif name not in listed:
                bad.append(f"{rel}:{no}: {name} (not listed by make help)")
    if bad:
        print("\n".join(bad))
        return 1
    print(f"check_make_docs: {n_refs} make-target references in {len(files)} files name real "
          f"targets; make help lists all {n_vars} user variables")
    return 0


if __name__ == "__main__":
    sys.exit(main())
