#!/usr/bin/env python3
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""Waves a user can read at once: checks a VCD (fst2vcd's output of a testbench's FST).

  check_waves.py FILE.vcd|- [--clock NAME]     (-: the VCD on stdin, e.g. from fst2vcd)

* one clock cycle is 1 ns: the clock (a 1-bit signal named NAME, default clk or clk_i, the first
  one found) rises every 1 ns in the dump's $timescale;
* no scope is unnamed: no $scope name matches unnamedblk (Verilator's name of a begin block
  without a label).
Reads the header and the first 100 rising clock edges (enough for the period; the rest of a
long dump is not read). Prints one line per finding and exits 1 if there is any, else prints the
timescale and period.
"""
import re
import sys

UNITS = {"s": 1.0, "ms": 1e-3, "us": 1e-6, "ns": 1e-9, "ps": 1e-12, "fs": 1e-15}


def parse(lines, clocks):
    """Returns (timescale in s, clock id, clock rising-edge times, scope paths)."""
    scale, scopes, path, clk_id, header = None, [], [], None, True
    ts_text, in_ts = "", False
    rises, t, last = [], 0, None
    for line in lines:
        if header:
            if in_ts or line.startswith("$timescale"):
                ts_text += " " + line
                in_ts = "$end" not in line
                if not in_ts:
                    m = re.search(r"(\d+)\s*(s|ms|us|ns|ps|fs)\b", ts_text.replace("$timescale", ""))
                    scale = int(m.group(1)) * UNITS[m.group(2)] if m else None
                continue
            w = line.split()
            if not w:
                continue
            if w[0] == "$scope" and len(w) > 2:
                path.append(w[2])
                scopes.append(".".join(path))
            elif w[0] == "$upscope":
                path.pop()
            elif w[0] == "$var" and len(w) > 4 and clk_id is None and w[2] == "1" and w[4] in clocks:
                clk_id = w[3]
            elif w[0] == "$enddefinitions":
                header = False
            continue
        if line.startswith("#"):
            t = int(line[1:])
        elif clk_id is not None and len(line) > 1 and line[0] in "01" and line[1:].strip() == clk_id:
            if line[0] == "1" and last == "0":
                rises.append(t)
                if len(rises) >= 100:
                    break
            last = line[0]
    return scale, clk_id, rises, scopes


def main(argv):
    if not argv or (argv[0].startswith("-") and argv[0] != "-"):
        print(__doc__.strip())
        return 2
    clocks = {"clk", "clk_i"}
    if "--clock" in argv:
        clocks = {argv[argv.index("--clock") + 1]}
    f = sys.stdin if argv[0] == "-" else open(argv[0])
    scale, clk_id, rises, scopes = parse((l.rstrip("\n") for l in f), clocks)
    bad = []
    if scale is None:
        bad.append("no $timescale")
    if clk_id is None:
        bad.append("no 1-bit clock named %s" % " or ".join(sorted(clocks)))
    elif len(rises) < 2:
        bad.append("fewer than two rising clock edges")
    period = None
    if scale is not None and len(rises) >= 2:
        steps = {b - a for a, b in zip(rises, rises[1:])}
        period = min(steps) * scale
        if abs(period - 1e-9) > 1e-15:
            bad.append("clock period %g s (%d x timescale %g s), not 1 ns" % (period, min(steps), scale))
    for s in scopes:
        if re.search(r"unnamedblk", s.split(".")[-1]):
            bad.append("unnamed scope %s" % s)
    for b in bad[:20]:
        print("check_waves: %s: %s" % (argv[0], b))
    if bad:
        return 1
    print("check_waves: %s: timescale %g s, clock period 1 ns, %d scopes, none unnamed"
          % (argv[0], scale, len(scopes)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
