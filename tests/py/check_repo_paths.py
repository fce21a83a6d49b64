#!/usr/bin/python3
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""Fails if a tracked text file names a path outside the repository.

usage: check_repo_paths.py [--root DIR] [--files PATH...]

Scans the files `git ls-files` lists in DIR (default: the repository this script is in; if DIR
is not a git checkout, every file outside .git and the build folder), or only the given PATHs
(relative to DIR), and reports three kinds of reference:

  1. the sibling folder the project's brief used to live in: a relative path whose first
     component after the leading dot-dot steps is `shared` (always reported, wherever it would
     resolve);
  2. a relative path that starts with one or more dot-dot steps and, resolved from its base
     directory, climbs above DIR. The base is the file's own directory (Markdown links, C
     includes, Python); for Makefiles, make fragments (*.mk) and shell scripts it is DIR, since
     make and the project's scripts run from the repository root - unless the same logical line
     (backslash continuations joined) first changes directory with `cd X`, `-C X` or
     `--directory=X`; then the base is X (a variable such as $(BUILD) counts as one directory
     level; an absolute X is not checked);
  3. an absolute path into the folders `work`, `root` or `home` at the file-system root (a
     machine's work area or home directories).

Only relative paths that *start* with dot-dot count: `$(dirname "$0")/..` or `{d}/../x` build a
path from something else and are not checked. Binary files (a NUL byte in the first 8 KiB, or
not UTF-8) are skipped. ALLOW lists the references that are legitimate despite the rules.

Prints `file:line: path` per offender and exits 1, or one summary line and exits 0.
"""
import argparse
import os
import posixpath
import re
import subprocess
import sys

# (file, exact path as reported, reason). Keep it short; every entry needs a reason.
ALLOW = [
]

UP = r"\.\./"                        # one dot-dot step, written so this file does not match it
SIBLING = "shared"
# a relative path: optional ./, one or more dot-dot steps, then path characters
REL = re.compile(r"(?<![\w.$/~\-}\)])(?:\./)?(?:" + UP + r")+[^\s'\"`()<>\[\]{},;|&*]*")
ABS = re.compile(r"(?<![\w.$/~\-}\):])/(?:work|root|home)(?=/|$|[\s'\"`),;:])[^\s'\"`()<>\[\]{},;|&*]*")
CD = re.compile(r"(?:(?<![\w-])cd|(?<!\S)-C|--directory=?)\s*"
                r"(\"[^\"]*\"|'[^']*'|(?:\$\$?\([^()]*\)|\$\{[^}]*\}|[^\s;&|()])+)")
VAR = re.compile(r"\$\$?\((?:[^()]|\([^()]*\))*\)|\$\{[^}]*\}|\$\w+")


def root_based(path, first_line):
    name = os.path.basename(path)
    if name == "Makefile" or name.endswith((".mk", ".sh")):
        return True
    return first_line.startswith("#!") and re.search(r"\b(ba)?sh\b", first_line) is not None


def logical_lines(text, join):
    """(physical line number of each character offset's line, logical text) pairs."""
    phys = text.split("\n")
    if not join:
        for i, line in enumerate(phys, 1):
            yield [(0, i)], line
        return
    buf, starts = "", []
    for i, line in enumerate(phys, 1):
        starts.append((len(buf), i))
        if line.endswith("\\"):
            buf += line[:-1] + " "
            continue
        yield starts, buf + line
        buf, starts = "", []
    if starts:
        yield starts, buf


def line_of(starts, pos):
    n = starts[0][1]
    for off, i in starts:
        if off <= pos:
            n = i
    return n


def escapes(base, rel):
    p = posixpath.normpath(posixpath.join(base, rel))
    return p == ".." or p.startswith("../")


def clean(tok):
    """Drops sentence punctuation after a path (but keeps a final dot-dot step)."""
    while tok.endswith(":") or (tok.endswith(".") and not tok.endswith("..")):
        tok = tok[:-1]
    return tok


def check_file(root, path):
    try:
        data = open(os.path.join(root, path), "rb").read()
    except OSError as e:
        return [(path, 0, f"(unreadable: {e.strerror})")]
    if b"\0" in data[:8192]:
        return []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return []
    first = text.split("\n", 1)[0]
    from_root = root_based(path, first)
    file_dir = posixpath.dirname(path)
    out = []
    for starts, line in logical_lines(text, from_root):
        for m in REL.finditer(line):
            tok = clean(m.group(0))
            after = re.sub(r"^(?:\./)?(?:" + UP + r")+", "", tok)
            bad = after == SIBLING or after.startswith(SIBLING + "/")
            if not bad:
                base = file_dir
                if from_root:
                    base = ""
                    cds = [c for c in CD.finditer(line, 0, m.start())]
                    if cds:
                        d = cds[-1].group(1).strip("\"'")
                        d = VAR.sub("VAR", d)
                        if d.startswith("/"):
                            continue
                        base = posixpath.normpath(d)
                bad = escapes(base, tok)
            if bad:
                out.append((path, line_of(starts, m.start()), tok))
        for m in ABS.finditer(line):
            out.append((path, line_of(starts, m.start()), clean(m.group(0))))
    return out


def tracked(root):
    """The files git tracks in root, or None if root is not a git work tree (or no git)."""
    try:
        p = subprocess.run(["git", "-C", root, "ls-files", "-z"], capture_output=True)
    except OSError:
        return None
    if p.returncode != 0:
        return None
    return [f for f in p.stdout.decode().split("\0") if f]


def walk(root):
    build = os.environ.get("BUILD", "build")
    out = []
    for d, dirs, names in os.walk(root):
        rel = os.path.relpath(d, root)
        dirs[:] = [x for x in dirs if not (rel == "." and x in (".git", build))]
        out += [posixpath.normpath(posixpath.join(rel, n)) for n in names]
    return sorted(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", default=os.path.dirname(os.path.dirname(os.path.dirname(
        os.path.abspath(__file__)))), help="repository root (default: this script's repository)")
    ap.add_argument("--files", nargs="+", help="check only these files (relative to --root)")
    a = ap.parse_args()
    how = "tracked files"
    if a.files:
        files, how = a.files, "files"
    else:
        files = tracked(a.root)
        if files is None:  # not a git checkout (e.g. an unpacked archive): every file but build/
            files, how = walk(a.root), "files (no git checkout: all files outside .git and build/)"
    allow = {(f, t) for f, t, _ in ALLOW}
    bad, allowed = [], 0
    for f in files:
        if os.path.isdir(os.path.join(a.root, f)):
            continue
        for path, n, tok in check_file(a.root, f):
            if (path, tok) in allow:
                allowed += 1
            else:
                bad.append((path, n, tok))
    for path, n, tok in bad:
        print(f"{path}:{n}: {tok}")
    if bad:
        print(f"check_repo_paths: {len(bad)} reference(s) outside the repository "
              f"in {len(files)} files", file=sys.stderr)
        return 1
    print(f"check_repo_paths: {len(files)} {how}, no path outside the repository"
          + (f" ({allowed} allowlisted)" if allowed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
