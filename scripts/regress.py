#!/usr/bin/env python3
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""Run a regression list of `make verify` tasks and write JUnit XML and a Markdown table.

usage: regress.py [--list NAME|FILE] [--backend local] [-j N] [--out DIR] [--build DIR]

A list (tests/regress/<NAME>.txt) has one task a line: an id, the expected verdict (pass, or
fail for a deliberately broken variant) and the `make verify` variables of the task
(NET= LAYER= SEED= XSEED= CONFIG= BUG= or BUNDLE=). The launcher first builds, one after the
other, every array testbench the list needs (one per CONFIG and BUG: `make tb-array`), so
the tasks share the builds and never build at once; then it runs the tasks N at a time, each
`make verify` with its own output folder (the run's tag), and prints a progress line. It
exits 1 if a task expected to pass failed or one expected to fail passed. Logs and results go
to OUT (default <build>/regress/<list>): results.xml (JUnit), results.md, one log per task;
a failing task's folder under build/.../verify/ keeps its files.
Only the local backend exists yet (a Slurm one is issue 15, item 3).
"""
import argparse
import concurrent.futures as cf
import json
import os
import re
import subprocess
import sys
import threading
import time
from xml.sax.saxutils import escape, quoteattr

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIST_DIR = os.path.join(ROOT, "tests", "regress")
VAR = re.compile(r"(NET|LAYER|SEED|XSEED|CONFIG|BUG|BUNDLE)=(\S*)$")
# the tasks' makes see only their own variables, not those of a `make regress` that called us
ENV = {k: x for k, x in os.environ.items()
       if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "BUILD", "NET", "LAYER",
                    "SEED", "XSEED", "CONFIG", "BUG", "BUNDLE", "WAVES", "PARAMS")}


def die(msg):
    print(f"regress: error: {msg}", file=sys.stderr)
    sys.exit(2)


def read_list(path):
    tasks, seen = [], set()
    with open(path) as f:
        for n, line in enumerate(f, 1):
            line = line.split("#", 1)[0].split()
            if not line:
                continue
            where = f"{path}:{n}"
            if len(line) < 2 or line[1] not in ("pass", "fail"):
                die(f"{where}: expected '<id> pass|fail VAR=value ...'")
            tid, expect, v = line[0], line[1], {}
            if tid in seen:
                die(f"{where}: id {tid} given twice")
            seen.add(tid)
            for item in line[2:]:
                m = VAR.match(item)
                if not m:
                    die(f"{where}: '{item}': expected one of NET= LAYER= SEED= XSEED= CONFIG= BUG= BUNDLE=")
                v[m.group(1)] = m.group(2)
            if expect == "fail" and not v.get("BUG"):
                die(f"{where}: a task expected to fail must name a broken variant (BUG=)")
            tasks.append({"id": tid, "expect": expect, "vars": v})
    if not tasks:
        die(f"{path}: no tasks")
    return tasks


BUILD = "build"   # the default config's build folder (--build); another CONFIG builds into build/<CONFIG>


def build_dir(v):
    c = v.get("CONFIG", "default")
    return BUILD if c == "default" else f"build/{c}"


def layer_of(v):
    """The task's layer as make verify's defaults complete it (net/layer), or its bundle."""
    return v.get("BUNDLE") or f"{v.get('NET', 'alexnet')}/{v.get('LAYER', 'conv3')}"


# scripts/verify.sh names the run's folder under <build>/verify/ in its first line
TAG_LINE = re.compile(r"^verify: layer (\S+) ")


def make_args(v):
    return [f"{k}={x}" for k, x in sorted(v.items())] + [f"BUILD={build_dir(v)}"]


class Progress:
    def __init__(self, total):
        self.total, self.done, self.running, self.failed = total, 0, 0, 0
        self.t0, self.lock = time.time(), threading.Lock()

    def show(self, what=""):
        el = time.time() - self.t0
        eta = el / self.done * (self.total - self.done) if self.done else 0
        print(f"regress: {self.done}/{self.total} done, {self.running} running, {self.failed} unexpected"
              f" | {el:.0f} s, ETA {eta:.0f} s {what}", flush=True)


def run_task(t, out, prog):
    v = t["vars"]
    log = os.path.join(out, t["id"] + ".log")
    with prog.lock:
        prog.running += 1
    t0 = time.time()
    with open(log, "w") as f:
        rc = subprocess.call(["make", "--no-print-directory", "-s", "verify", "VERIFY_NO_RERUN=1"]
                             + make_args(v), cwd=ROOT, env=ENV, stdout=f, stderr=subprocess.STDOUT)
    t["wall"], t["rc"], t["log"] = time.time() - t0, rc, log
    t["verdict"] = "pass" if rc == 0 else "fail"
    t["ok"] = t["verdict"] == t["expect"]
    t["report"] = {}
    with open(log) as f:
        lines = f.readlines()
    tags = [m.group(1) for m in map(TAG_LINE.match, lines) if m]
    rep = os.path.join(ROOT, build_dir(v), "verify", tags[0], "rtl_report.json") if tags else ""
    if rep and os.path.exists(rep) and os.path.getmtime(rep) >= t0 - 1:
        with open(rep) as f:
            t["report"] = json.load(f)
    if not t["ok"]:
        why = [x.strip() for x in lines if x.startswith(("FAIL", "verify: error", "failed job"))]
        t["why"] = why[0] if why else f"exit {rc}"
    with prog.lock:
        prog.running -= 1
        prog.done += 1
        prog.failed += 0 if t["ok"] else 1
        prog.show(f"({t['id']}: {t['verdict'].upper()}, expected {t['expect']})")
    return t


def write_results(tasks, out, name, wall):
    bad = [t for t in tasks if not t["ok"]]
    with open(os.path.join(out, "results.xml"), "w") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        f.write(f'<testsuites name={quoteattr("regress-" + name)} tests="{len(tasks)}" '
                f'failures="{len(bad)}" time="{wall:.1f}">\n')
        f.write(f'  <testsuite name={quoteattr(name)} tests="{len(tasks)}" failures="{len(bad)}" '
                f'time="{wall:.1f}">\n')
        for t in tasks:
            f.write(f'    <testcase classname="regress.{name}" name={quoteattr(t["id"])} '
                    f'time="{t["wall"]:.1f}">')
            if not t["ok"]:
                msg = f'expected {t["expect"]}, got {t["verdict"]}: {t.get("why", "")}'
                f.write(f'<failure message={quoteattr(msg)}>{escape("log: " + t["log"])}</failure>')
            f.write("</testcase>\n")
        f.write("  </testsuite>\n</testsuites>\n")
    rows = ["| id | layer | seed | xseed | config | bug | cycles RTL / model | speedup | wall s "
            "| result | expected | log |", "|---|---|---|---|---|---|---|---|---:|---|---|---|"]
    for t in tasks:
        v, r = t["vars"], t["report"]
        layer = layer_of(v)
        cyc = f"{r['cycles']} / {r['model_cycles']}" if r else "-"
        sp = f"{r['dcnn_cycles'] / r['cycles']:.2f}x" if r and r.get("cycles") else "-"
        rows.append(f"| {t['id']} | {layer} | {v.get('SEED', '1')} | {v.get('XSEED', '0')} | "
                    f"{v.get('CONFIG', 'default')} | {v.get('BUG', '')} | {cyc} | {sp} | "
                    f"{t['wall']:.1f} | {t['verdict'].upper()} | {t['expect']} | "
                    f"{os.path.relpath(t['log'], ROOT)} |")
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write(f"# Regression `{name}`: {len(tasks) - len(bad)} of {len(tasks)} as expected, "
                f"{wall:.0f} s\n\n" + "\n".join(rows) + "\n")
    return bad


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--list", default="quick", help="tests/regress/NAME.txt or a file")
    ap.add_argument("--backend", default="local")
    ap.add_argument("-j", type=int, default=2, help="tasks at once (default 2)")
    ap.add_argument("--out", default="")
    ap.add_argument("--build", default="build", help="the default config's build folder")
    a = ap.parse_args()
    global BUILD
    BUILD = a.build
    if a.backend != "local":
        die(f"BACKEND={a.backend}: only the local backend exists yet (a Slurm backend is issue 15, item 3)")
    if a.j < 1:
        die(f"-j {a.j}: expected at least 1")
    path = a.list if os.path.isfile(a.list) else os.path.join(LIST_DIR, a.list + ".txt")
    if not os.path.isfile(path):
        lists = sorted(x[:-4] for x in os.listdir(LIST_DIR) if x.endswith(".txt"))
        die(f"LIST={a.list}: no such list (lists: {' '.join(lists)}) or file")
    name = os.path.splitext(os.path.basename(path))[0]
    tasks = read_list(path)
    out = os.path.abspath(a.out or os.path.join(ROOT, BUILD, "regress", name))
    os.makedirs(out, exist_ok=True)
    t0 = time.time()
    builds = sorted({(t["vars"].get("CONFIG", "default"), t["vars"].get("BUG", "")) for t in tasks})
    for c, b in builds:
        print(f"regress: building the array testbench CONFIG={c}{' BUG=' + b if b else ''}", flush=True)
        blog = os.path.join(out, f"build-{c}{'-' + b if b else ''}.log")
        with open(blog, "w") as f:
            if subprocess.call(["make", "--no-print-directory", "-s", "tb-array", f"CONFIG={c}", f"BUG={b}",
                                f"BUILD={build_dir({'CONFIG': c})}"],
                               cwd=ROOT, env=ENV, stdout=f, stderr=subprocess.STDOUT):
                die(f"the build CONFIG={c} BUG={b} failed (log: {blog})")
    prog = Progress(len(tasks))
    prog.show(f"(list {name}, {len(tasks)} tasks, {a.j} at once)")
    with cf.ThreadPoolExecutor(max_workers=a.j) as ex:
        list(ex.map(lambda t: run_task(t, out, prog), tasks))
    wall = time.time() - t0
    bad = write_results(tasks, out, name, wall)
    print(f"regress: {len(tasks) - len(bad)} of {len(tasks)} as expected in {wall:.0f} s; "
          f"{os.path.relpath(out, ROOT)}/results.md, results.xml")
    for t in bad:
        v = t["vars"]
        print(f"regress: UNEXPECTED {t['id']}: {layer_of(v)} "
              f"seed {v.get('SEED', '1')} xseed {v.get('XSEED', '0')} config {v.get('CONFIG', 'default')}"
              f"{' bug ' + v['BUG'] if v.get('BUG') else ''}: expected {t['expect']}, got {t['verdict']}"
              f" ({t.get('why', '')}); log {os.path.relpath(t['log'], ROOT)}")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
