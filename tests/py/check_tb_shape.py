#!/usr/bin/env python3
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""The shape of the testbench folder (tests/suites/06-tb-shape.sh).

  check_tb_shape.py CHECK [DIR]      (DIR default tb)

CHECK is one of
  file-lines      no file under DIR is longer than 500 lines;
  function-lines  no C/C++ function (in *.c, *.h, *.cpp) under DIR is longer than 120 lines,
                  from the line of its name to its closing brace;
  dpi-args        no `import "DPI-C"` function or task (in *.sv, *.svh) under DIR has more
                  than 12 arguments.
Prints every finding (file:line and the numbers) and exits 1 if there is one.
"""
import os
import re
import sys

MAX_FILE, MAX_FUNC, MAX_ARGS = 500, 120, 12


def files(root, exts):
    for d, _, names in os.walk(root):
        for n in sorted(names):
            if n.endswith(exts):
                yield os.path.join(d, n)


def strip_c(text):
    """The text with comments, strings and character literals blanked (newlines kept)."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            out.append(c + " " * (min(j, n) - i - 1) + (c if j < n else ""))
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


CONTAINER = re.compile(r"\b(struct|class|union|enum|namespace)\b|extern\s*\"")


def functions(path):
    """(name, first line, last line) of every function definition in a C/C++ file."""
    text = strip_c(open(path, errors="replace").read())
    text = re.sub(r"^[ \t]*#.*$", lambda m: " " * len(m.group(0)), text, flags=re.M)
    stack, head_start, found = [], 0, []
    line = 1
    for i, c in enumerate(text):
        if c == "\n":
            line += 1
        elif c in ";{}":
            if c == "{":
                head = text[head_start:i]
                in_func = any(k == "func" for k, _, _ in stack)
                if not in_func and "(" in head and not CONTAINER.search(head) and "=" not in head.split("(")[0]:
                    m = re.search(r"([A-Za-z_~][\w:~]*)\s*\(", head)
                    first = line - head.count("\n") + len(head) - len(head.lstrip()) * 0
                    lead = len(head) - len(head.lstrip("\n \t"))
                    first = line - text[head_start + lead:i].count("\n")
                    stack.append(("func", m.group(1) if m else "?", first))
                elif not in_func and CONTAINER.search(head):
                    stack.append(("container", "", line))
                else:
                    stack.append(("block", "", line))
            elif c == "}" and stack:
                kind, name, first = stack.pop()
                if kind == "func":
                    found.append((name, first, line))
            head_start = i + 1
    return found


def check_file_lines(root):
    bad = []
    for p in files(root, (".c", ".h", ".cpp", ".sv", ".svh", ".mk", ".vlt", ".gtkw", ".md", ".py", ".sh")):
        n = sum(1 for _ in open(p, errors="replace"))
        if n > MAX_FILE:
            bad.append("%s: %d lines (limit %d)" % (p, n, MAX_FILE))
    return bad


def check_function_lines(root):
    bad = []
    for p in files(root, (".c", ".h", ".cpp")):
        for name, a, b in functions(p):
            if b - a + 1 > MAX_FUNC:
                bad.append("%s:%d: function %s is %d lines (limit %d)" % (p, a, name, b - a + 1, MAX_FUNC))
    return bad


def check_dpi_args(root):
    bad = []
    imp = re.compile(r"import\s+\"DPI-C\"\s+(?:(?:context|pure)\s+)?(?:function|task)\b([^;]*);", re.S)
    for p in files(root, (".sv", ".svh")):
        text = re.sub(r"//[^\n]*", "", open(p, errors="replace").read())
        for m in imp.finditer(text):
            sig = m.group(1)
            o, c = sig.find("("), sig.rfind(")")
            name = re.findall(r"(\w+)\s*$", sig[:o])[0] if o > 0 else "?"
            args, depth, cur = [], 0, ""
            for ch in sig[o + 1:c]:
                if ch in "([{":
                    depth += 1
                elif ch in ")]}":
                    depth -= 1
                if ch == "," and depth == 0:
                    args.append(cur)
                    cur = ""
                else:
                    cur += ch
            if cur.strip():
                args.append(cur)
            if len(args) > MAX_ARGS:
                line = text[:m.start()].count("\n") + 1
                bad.append("%s:%d: DPI import %s has %d arguments (limit %d)" % (p, line, name, len(args), MAX_ARGS))
    return bad


def main(argv):
    checks = {"file-lines": check_file_lines, "function-lines": check_function_lines,
              "dpi-args": check_dpi_args}
    if not argv or argv[0] not in checks:
        print(__doc__.strip())
        return 2
    root = argv[1] if len(argv) > 1 else "tb"
    bad = checks[argv[0]](root)
    for b in bad:
        print("check_tb_shape: " + b)
    if not bad:
        print("check_tb_shape: %s: %s within the limits" % (root, argv[0]))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
