#!/usr/bin/python3
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""SCNN area flow driver: Yosys synthesis of the PE (or of the PE components
that exist), memory model for the black-boxed SRAMs, area report.

    scnn_synth.py --gen build/gen --liberty synth/lib/scnn_area45.lib \
                  --node-nm 45 --top pe --out build/synth  rtl/a.sv rtl/b.sv ...

TOP: `pe` (default) synthesises scnn_pe with its hierarchy kept; the components
of the report are the component modules found under scnn_pe in its netlist.  If
that run fails, the flow says so and exits non-zero: there is no PE total (the
component-by-component method never stands in for it).  Only when scnn_pe does
not exist in the sources (or with --only, for tests) is every component of
COMPONENT_ROW that exists synthesised on its own ("components" method, recorded
in the report as the source of the total).  `array` does the same as `pe` and
labels the 64-PE line as estimated from the PE.  Any other value is a module
name synthesised on its own (tests use this).

Every number in the report comes from a Yosys netlist (cells x liberty areas)
or from synth/memmodel.py applied to the Depth/Width of each scnn_sram
instance read from that netlist.  See docs/area.md.
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import memmodel  # noqa: E402
import report  # noqa: E402

SRAM = "scnn_sram"
PE_TOP = "scnn_pe"
ARRAY_TOP = "scnn_array"
# PE component module -> paper row (docs/spec.md section 8).  The PE's own glue counts as
# "other"; a module under scnn_pe that is neither listed here nor named after a listed
# module (component_row) is booked in the row of the component around it, and the
# report lists it (run["unlisted_modules"]).  Listed modules that scnn_pe does not
# instantiate are reported too (run["listed_not_in_pe"]); the quick tier fails on both.
# Array-level modules (scnn_array, scnn_halo_net) are not PE components.
COMPONENT_ROW = {
    "scnn_wfifo": "wfifo",
    "scnn_mult_array": "mult",
    "scnn_xbar": "xbar",
    "scnn_bank_queue": "xbar",  # the scatter network's product queues (XBAR_QDEPTH)
    "scnn_acc_buf": "acc",
    "scnn_coord": "other",
    "scnn_ppu": "other",
    "scnn_halo_tx": "other",    # halo send buffer of the PE
    "scnn_act_fetch": "other",  # its logic; its IARAM banks go to "aram" (SRAM_ROW_RULES)
    "scnn_pe_post": "other",    # halo send + drain; its OARAM goes to "aram" (SRAM_ROW_RULES)
}
COMPONENTS = list(COMPONENT_ROW)
# SRAM instances that do not belong to the row of the component around them:
# (module that instantiates the SRAM, regex on the instance path, row).  The first
# match wins; an SRAM matching none belongs to its enclosing component's row
# (e.g. the weight FIFO storage, the accumulator banks, the descriptor table).
SRAM_ROW_RULES = [
    ("scnn_act_fetch", r"\bu_bank\b", "aram"),  # IARAM, I-way interleaved banks
    (None, r"(?i)[io]aram", "aram"),            # any instance named *iaram* / *oaram*
]
# Scaling of areas to 16 nm (docs/spec.md section 9: x0.19 from 45 nm, Stillmaker & Baas 2017).
SCALE_TO_16 = {45: 0.19, 16: 1.0}
DELAY_PS = 1000  # abc delay target: 1 GHz, the paper's clock (docs/spec.md section 2)


def component_row(module):
    """Row of a component module: exact name, or a sub-module named after it
    (scnn_xbar_data -> the row of scnn_xbar); None for other modules."""
    if module in COMPONENT_ROW:
        return COMPONENT_ROW[module]
    for k, r in COMPONENT_ROW.items():
        if module.startswith(k + "_"):
            return r
    return None


def die(msg):
    print(f"scnn_synth: {msg}", file=sys.stderr)
    sys.exit(1)


# --- Liberty ------------------------------------------------------------------
def parse_liberty(path):
    """{cell: {"area": float, "seq": bool}} of a liberty file (cells with an ff or
    latch group are sequential)."""
    try:
        text = open(path, encoding="utf-8", errors="replace").read()
    except OSError as e:
        die(f"{path}: cannot read the liberty file ({e.strerror})")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    cells = {}
    for m in re.finditer(r"\bcell\s*\(\s*\"?([\w$\\.\[\]]+)\"?\s*\)\s*\{", text):
        name, i, depth = m.group(1), m.end(), 1
        j = i
        while depth and j < len(text):
            c = text[j]
            depth += (c == "{") - (c == "}")
            j += 1
        body = text[i:j]
        a = re.search(r"\barea\s*:\s*([0-9.eE+-]+)", body)
        if not a:
            continue
        seq = re.search(r"\b(ff|latch|ff_bank|latch_bank)\s*\(", body) is not None
        cells[name] = {"area": float(a.group(1)), "seq": seq}
    if not cells:
        die(f"{path}: no cell with an area found - not a liberty file?")
    return cells


def gate_equivalent(cells, path):
    if "NAND2_X1" in cells:
        return "NAND2_X1", cells["NAND2_X1"]["area"]
    cand = sorted((v["area"], k) for k, v in cells.items() if re.match(r"(?i)^.*nand2.*", k))
    if not cand:
        die(f"{path}: no NAND2 cell to define the gate equivalent")
    return cand[0][1], cand[0][0]


# --- Sources --------------------------------------------------------------------
def scan_sources(srcs):
    """module name -> file, and file -> set of identifiers it mentions."""
    defs, mentions = {}, {}
    for f in srcs:
        try:
            text = open(f, encoding="utf-8", errors="replace").read()
        except OSError as e:
            die(f"{f}: cannot read RTL source ({e.strerror})")
        text = re.sub(r"//.*", "", re.sub(r"/\*.*?\*/", "", text, flags=re.S))
        for m in re.finditer(r"^\s*module\s+(\w+)", text, flags=re.M):
            defs.setdefault(m.group(1), f)
        mentions[f] = set(re.findall(r"\b([A-Za-z_]\w*)\b", text))
    return defs, mentions


def closure(top, defs, mentions):
    """Files needed to elaborate `top`: its file and those of every module it
    mentions, transitively (so that a broken unrelated file does not stop it)."""
    files, todo = [], [top]
    seen = set()
    while todo:
        mod = todo.pop()
        if mod in seen or mod not in defs:
            continue
        seen.add(mod)
        f = defs[mod]
        if f not in files:
            files.append(f)
        todo += [m for m in mentions[f] if m in defs and m not in seen]
    return files


def module_params(name, file):
    """Parameter names declared in the header of module `name` (for chparam)."""
    text = open(file, encoding="utf-8", errors="replace").read()
    text = re.sub(r"//.*", "", re.sub(r"/\*.*?\*/", "", text, flags=re.S))
    m = re.search(r"\bmodule\s+" + re.escape(name) + r"\b(.*?);", text, flags=re.S)
    if not m:
        return []
    header = m.group(1)
    if not header.lstrip().startswith("#"):
        return []
    return re.findall(r"\bparameter\b[^=,;()]*?\b(\w+)\s*=", header)


def caps(name):
    """RTL parameter name -> params/scnn_params.toml name: BankBits -> BANK_BITS, F -> F."""
    if name.isupper():
        return name
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper()


def load_params(gen):
    path = os.path.join(gen, "scnn_params.py")
    env = {}
    try:
        exec(compile(open(path).read(), path, "exec"), {}, env)
    except OSError as e:
        die(f"{path}: cannot read the generated parameters ({e.strerror}); run `make params`")
    return {k: v for k, v in env.items() if isinstance(v, int) and k.isupper()}


# --- Yosys runs ---------------------------------------------------------------------
def fill(name, **kw):
    text = open(os.path.join(HERE, "ys", name)).read()
    for k, v in kw.items():
        text = text.replace(f"@{k}@", str(v))
    return text


def yosys(script_text, script_path, log, timeout):
    """Runs one Yosys script; returns None or a one-line error."""
    with open(script_path, "w") as fh:
        fh.write(script_text)
    try:
        p = subprocess.run(["yosys", "-q", "-l", log, "-s", script_path], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return f"Yosys did not finish in {timeout} s (log: {log})"
    if p.returncode != 0:
        text = p.stdout + (open(log, errors="replace").read() if os.path.exists(log) else "")
        err = [ln.strip() for ln in text.splitlines() if "ERROR" in ln]
        return (err[0] if err else f"Yosys exited {p.returncode}") + f" (log: {log})"
    return None


def rtlil_blocks(path):
    """Module blocks of an RTLIL file: {name: {"text", "blackbox", "ports", "cells"}}."""
    blocks, pending, cur = {}, [], None
    for ln in open(path, errors="replace").read().splitlines(keepends=True):
        if cur is None:
            if ln.startswith("attribute "):
                pending.append(ln)
            elif ln.startswith("module "):
                name = ln.split(None, 1)[1].strip()
                cur = {"name": name, "lines": pending + [ln], "attrs": pending}
                pending = []
            else:
                pending = []
            continue
        cur["lines"].append(ln)
        if ln.rstrip("\n") == "end":
            text = "".join(cur["lines"])
            ports = [l for l in cur["lines"] if re.match(r"\s+wire\b.*\b(input|output|inout)\s+\d+\s", l)]
            cells = set(re.findall(r"^\s+cell\s+(\S+)\s", text, flags=re.M))
            bb = any(re.match(r"attribute \\(blackbox|whitebox) 1", a) for a in cur["attrs"])
            blocks[cur["name"]] = {"text": text, "blackbox": bb, "ports": ports, "cells": cells,
                                   "attrs": cur["attrs"]}
            cur = None
    return blocks


def stub(name, blk):
    """A black-box copy of an RTLIL module: its ports only."""
    return ("attribute \\blackbox 1\n" + f"module {name}\n" + "".join(blk["ports"]) + "end\n")


def safe(name):
    return re.sub(r"[^A-Za-z0-9_]+", "_", base_name(name)) + "_" + \
        hashlib.sha1(name.encode()).hexdigest()[:8]


def run_yosys(top, files, gen, lib, lib_cells, out, timeout, params, jobs):
    """Elaborates `top`, synthesises every module of its hierarchy in its own Yosys
    (`jobs` at a time), merges the mapped modules, reports.  Returns a run dict."""
    os.makedirs(out, exist_ok=True)
    defs_here = set()
    for f in files:
        defs_here |= set(re.findall(r"^\s*module\s+(\w+)", open(f, errors="replace").read(), flags=re.M))
    chparam = ""
    top_file = [f for f in files if re.search(r"^\s*module\s+" + re.escape(top) + r"\b",
                                               open(f, errors="replace").read(), flags=re.M)]
    if top_file:
        sets = [f"-set {p} {params[caps(p)]}" for p in module_params(top, top_file[0])
                if caps(p) in params]
        if sets:
            chparam = f"chparam {' '.join(sets)} {top}"
    t0 = time.time()
    err = yosys(fill("elab.ys.in", PKG=os.path.join(gen, "scnn_pkg.sv"), SRCS=" ".join(files),
                     BLACKBOX=f"blackbox {SRAM}" if SRAM in defs_here and top != SRAM else "",
                     CHPARAM=chparam, TOP=top, OUT=out),
                os.path.join(out, "elab.ys"), os.path.join(out, "elab.log"), timeout)
    if err:
        return {"ok": False, "error": err, "seconds": round(time.time() - t0, 1)}
    blocks = rtlil_blocks(os.path.join(out, "elab.il"))
    if "\\" + top not in blocks:
        # every later step (module runs, merge, stat -top, netlist walk) names the top
        tops = [n for n in blocks if base_name(n) == top]
        return {"ok": False, "seconds": round(time.time() - t0, 1),
                "error": f"elaboration: no module named {top} in {out}/elab.il"
                         + (f" (it is called {tops[0]})" if tops else "")}
    # largest first, so that the two longest runs do not end up one after the other
    todo = sorted((n for n, b in blocks.items() if not b["blackbox"]),
                  key=lambda n: -len(blocks[n]["text"]))
    mdir = os.path.join(out, "modules")
    os.makedirs(mdir, exist_ok=True)

    def synth_module(name):
        b = blocks[name]
        tag = safe(name)
        text = "".join(blocks[c]["text"] if blocks[c]["blackbox"] else stub(c, blocks[c])
                       for c in sorted(b["cells"]) if c in blocks) + b["text"]
        src = os.path.join(mdir, tag + ".in.il")
        with open(src, "w") as fh:
            fh.write(text)
        t = time.time()
        e = yosys(fill("module.ys.in", IN=src, MOD=name if not name.startswith("\\") else name[1:],
                       LIB=lib, DELAY_PS=DELAY_PS, OUTSTAT=os.path.join(mdir, tag + ".stat.txt"),
                       OUT=os.path.join(mdir, tag + ".out.il")),
                  os.path.join(mdir, tag + ".ys"), os.path.join(mdir, tag + ".log"), timeout)
        return name, tag, e, round(time.time() - t, 1)

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as ex:
        done = list(ex.map(synth_module, todo))
    errs = [f"{base_name(n)}: {e}" for n, _, e, _ in done if e]
    if errs:
        return {"ok": False, "error": "; ".join(errs), "seconds": round(time.time() - t0, 1)}
    merged = [b["text"] for b in blocks.values() if b["blackbox"]]
    for name, tag, _, _ in done:
        mapped = rtlil_blocks(os.path.join(mdir, tag + ".out.il"))
        if name not in mapped:
            return {"ok": False, "error": f"{name}: missing from its mapped netlist",
                    "seconds": round(time.time() - t0, 1)}
        merged.append(mapped[name]["text"])
    with open(os.path.join(out, "merged.il"), "w") as fh:
        fh.write("".join(merged))
    seq = sorted(c for c, v in lib_cells.items() if v["seq"])
    cut = [f"t:{c}" for c in seq] + ([f"t:{SRAM}"] if SRAM in defs_here else [])
    err = yosys(fill("merge.ys.in", IN=os.path.join(out, "merged.il"), TOP=top, LIB=lib, OUT=out,
                     LTP_SEL="* " + " ".join(f"{c} %d" for c in cut)),
                os.path.join(out, "merge.ys"), os.path.join(out, "merge.log"), timeout)
    secs = round(time.time() - t0, 1)
    if err:
        return {"ok": False, "error": err, "seconds": secs}
    return {"ok": True, "seconds": secs, "chparam": chparam,
            "module_seconds": {base_name(n): t for n, _, _, t in done}}


# --- Netlist analysis -------------------------------------------------------------
def base_name(mod):
    """scnn_xbar from a Yosys-derived name like $paramod$<hash>\\scnn_xbar or
    $paramod\\scnn_xbar\\A=..."""
    if mod.startswith("$paramod"):
        parts = mod.split("\\")
        return parts[1] if len(parts) > 1 else mod
    return mod.lstrip("\\")


def pval(v):
    """A Yosys JSON parameter value (binary string or int) as int."""
    if isinstance(v, int):
        return v
    s = str(v).strip()
    if re.fullmatch(r"[01xz]+", s):
        return int(s.replace("x", "0").replace("z", "0"), 2)
    return int(s)


def analyse(netlist_path, top, lib_cells, top_row):
    """Walks the synthesised hierarchy from `top` and attributes each library cell
    and each SRAM macro to a paper row.  Returns rows, per-instance components,
    SRAM list and totals; raises on cells that are neither library cells,
    modules nor the SRAM black box (an unmapped netlist)."""
    d = json.load(open(netlist_path))
    mods = d["modules"]
    sram_mods = [m for m in mods if base_name(m) == SRAM]
    ports = 1
    port_note = "no address port found in scnn_sram; assumed single-port"
    if sram_mods:
        names = [n for n, p in mods[sram_mods[0]]["ports"].items() if p["direction"] == "input"
                 and re.search(r"addr", n, re.I)]
        if names:
            ports = len(names)
            port_note = f"{ports} port(s): address inputs {', '.join(sorted(names))} of scnn_sram"
    rows = {}
    comps = []
    srams = []
    unmapped = {}
    seen_mods = set()  # base names of the modules instantiated under the top

    def row_entry(r):
        return rows.setdefault(r, {"logic_um2": 0.0, "sram_um2": 0.0, "cells": 0, "ffs": 0, "srams": 0})

    def walk(mod, path, row, comp):
        m = mods[mod]
        for cname, c in m["cells"].items():
            t = c["type"]
            bt = base_name(t)
            ipath = f"{path}.{cname.lstrip(chr(92))}"
            if t in lib_cells:
                e = row_entry(row)
                e["logic_um2"] += lib_cells[t]["area"]
                e["cells"] += 1
                e["ffs"] += lib_cells[t]["seq"]
                comp["logic_um2"] += lib_cells[t]["area"]
                comp["cells"] += 1
                comp["ffs"] += lib_cells[t]["seq"]
            elif bt == SRAM:
                prm = c.get("parameters", {})
                if "Depth" not in prm or "Width" not in prm:
                    # a derived black box carries them on its module instead
                    prm = mods.get(t, {}).get("parameter_default_values", {})
                if "Depth" not in prm or "Width" not in prm:
                    raise RuntimeError(f"{netlist_path}: SRAM {ipath} has no Depth/Width parameter")
                words, bits = pval(prm["Depth"]), pval(prm["Width"])
                r = row
                for rmod, rpat, rrow in SRAM_ROW_RULES:
                    if (rmod is None or base_name(mod) == rmod) and re.search(rpat, ipath):
                        r = rrow
                        break
                a = memmodel.sram_area_um2(words, bits, ports)
                srams.append({"path": ipath, "words": words, "bits": bits, "ports": ports,
                              "area45_um2": a, "row": r})
                e = row_entry(r)
                e["srams"] += 1
                e["sram45_um2"] = e.get("sram45_um2", 0.0) + a
                comp["sram45_um2"] += a
                comp["srams"] += 1
            elif t in mods:
                seen_mods.add(bt)
                sub_row = component_row(bt) or row
                if component_row(bt):
                    sub = {"module": bt, "path": ipath, "row": sub_row, "logic_um2": 0.0,
                           "sram45_um2": 0.0, "cells": 0, "ffs": 0, "srams": 0}
                    comps.append(sub)
                    walk(t, ipath, sub_row, sub)
                else:
                    walk(t, ipath, sub_row, comp)
            else:
                unmapped[t] = unmapped.get(t, 0) + 1

    top_mod = [m for m in mods if mods[m].get("attributes", {}).get("top") or base_name(m) == top]
    if not top_mod:
        raise RuntimeError(f"{netlist_path}: top module {top} not in the netlist")
    top_comp = {"module": top, "path": top, "row": top_row, "logic_um2": 0.0, "sram45_um2": 0.0,
                "cells": 0, "ffs": 0, "srams": 0}
    comps.insert(0, top_comp)
    walk(top_mod[0], top, top_row, top_comp)
    if unmapped:
        raise RuntimeError(f"{netlist_path}: cells not mapped to the liberty: "
                           + ", ".join(f"{k} x{v}" for k, v in sorted(unmapped.items())))
    hier = sorted(seen_mods)
    return {"rows": rows, "components": comps, "srams": srams, "sram_ports": ports,
            "sram_port_note": port_note, "hierarchy": hier,
            "unlisted_modules": [m for m in hier if component_row(m) is None],
            "listed_not_in_pe": ([m for m in COMPONENTS if m not in seen_mods]
                                 if top == PE_TOP else [])}


def parse_stat_area(path, top):
    """Yosys' own hierarchical sum of the library cell areas (stat -top), used
    to cross-check ours."""
    try:
        text = open(path).read()
    except OSError:
        return None
    m = re.findall(r"Chip area for top module '[^']*': ([0-9.]+)", text)
    if m:
        return float(m[-1])
    # no hierarchy below the top: its own area is the total
    m = re.findall(r"Chip area for module '\\?([^']*)': ([0-9.]+)", text)
    return float(m[-1][1]) if len(m) == 1 else None


def parse_ltp(path):
    """(length in cells, instances the longest path runs through, in order)."""
    try:
        text = open(path).read()
    except OSError:
        return None, []
    m = re.findall(r"Longest topological path in \S+ \(length=(\d+)\)", text)
    if not m:
        return None, []
    through = []
    for node in re.findall(r"^\s+\d+: (\S+)", text, flags=re.M):
        f = re.match(r"\$flatten\\([\w.\[\]]+?)\.[$\\]", node)
        inst = f.group(1) if f else "(top)"
        if not through or through[-1] != inst:
            through.append(inst)
    return max(int(x) for x in m), through


def synth_one(top, top_row, defs, mentions, args, lib_cells, params, timeout, jobs):
    out = os.path.join(args.out, "runs", top)
    files = closure(top, defs, mentions)
    res = run_yosys(top, files, args.gen, args.liberty, lib_cells, out, timeout, params, jobs)
    res.update({"top": top, "files": files, "dir": out})
    if not res["ok"]:
        return res
    try:
        res.update(analyse(os.path.join(out, "netlist.json"), top, lib_cells, top_row))
    except (RuntimeError, ValueError, KeyError) as e:
        res.update({"ok": False, "error": str(e)})
        return res
    res["yosys_logic_um2"] = parse_stat_area(os.path.join(out, "stat.txt"), top)
    res["ltp_cells"], res["ltp_through"] = parse_ltp(os.path.join(out, "ltp.txt"))
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--gen", required=True, help="folder of the generated parameter headers")
    ap.add_argument("--liberty", required=True)
    ap.add_argument("--node-nm", type=int, default=45)
    ap.add_argument("--top", default="pe")
    ap.add_argument("--out", required=True)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--timeout", type=int, default=1200, help="seconds per Yosys run")
    ap.add_argument("--params-set", default="", help="CONFIG and PARAMS overrides, recorded in the report")
    ap.add_argument("--only", default="", help="comma-separated components to synthesise (tests)")
    ap.add_argument("srcs", nargs="*")
    args = ap.parse_args()

    if shutil.which("yosys") is None:
        die("yosys not found (scripts/need.sh yosys installs it)")
    if args.node_nm not in SCALE_TO_16:
        die(f"NODE_NM={args.node_nm}: no scaling factor to 16 nm known for this node "
            f"(known: {', '.join(str(k) for k in SCALE_TO_16)} nm; docs/spec.md section 9)")
    lib = os.path.abspath(args.liberty)
    args.liberty = lib
    lib_cells = parse_liberty(lib)
    ge_cell, ge_area = gate_equivalent(lib_cells, lib)
    params = load_params(args.gen)
    pkg = os.path.join(args.gen, "scnn_pkg.sv")
    if not os.path.exists(pkg):
        die(f"{pkg}: missing; run `make params`")
    # the package is read first by every run; drop it from the list if given
    srcs = [s for s in args.srcs if s.endswith((".sv", ".v")) and os.path.basename(s) != "scnn_pkg.sv"]
    defs, mentions = scan_sources(srcs)
    top_arg = {"pe": PE_TOP, "array": PE_TOP}.get(args.top, args.top)
    if top_arg != PE_TOP and top_arg not in defs:
        die(f"TOP={args.top}: no module {top_arg} in the RTL sources")
    os.makedirs(args.out, exist_ok=True)
    # no stale run or report is left to be read as this run's result
    shutil.rmtree(os.path.join(args.out, "runs"), ignore_errors=True)
    for f in ("report.md", "report.json", "area.png"):
        if os.path.exists(os.path.join(args.out, f)):
            os.remove(os.path.join(args.out, f))

    runs = []
    notes = []
    missing = []
    if top_arg == PE_TOP and PE_TOP in defs and not args.only:
        # The whole PE, its hierarchy kept: the only method that gives the PE total.
        mode = "pe"
        r = synth_one(PE_TOP, "other", defs, mentions, args, lib_cells, params, args.timeout,
                      args.jobs)
        runs.append(r)
        if r["ok"]:
            for m in r["unlisted_modules"]:
                notes.append(f"{m}: instantiated under scnn_pe but not in COMPONENT_ROW "
                             "(synth/scnn_synth.py); booked in the row of the component around it")
            for m in r["listed_not_in_pe"]:
                notes.append(f"{m}: in COMPONENT_ROW but not instantiated under scnn_pe")
    elif top_arg == PE_TOP:
        # No PE top in the sources (or --only, for tests): the listed components that
        # exist, each on its own; the total is their sum and the report says so.
        mode = "components"
        if not args.only:
            notes.append("scnn_pe (the PE top) does not exist in the RTL sources: "
                         "components synthesised one by one; the PE total is their sum")
        tops = (SRAM, PE_TOP, ARRAY_TOP)

        def inside(m):
            """m is instantiated by another module (not the PE): it is synthesised
            within that module's run, not on its own (no double count)."""
            return any(m in mentions[f] for o, f in defs.items() if o != m and o not in tops)

        want = [c for c in COMPONENTS if not args.only or c in args.only.split(",")]
        present = [c for c in want if c in defs and (args.only or not inside(c))]
        missing = [c for c in want if c not in defs]
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as ex:
            runs += list(ex.map(lambda c: synth_one(c, COMPONENT_ROW.get(c, "other"), defs, mentions,
                                                    args, lib_cells, params, args.timeout, 1),
                                present))
    else:
        mode = "single"
        runs.append(synth_one(top_arg, COMPONENT_ROW.get(top_arg, "other"), defs, mentions, args,
                              lib_cells, params, args.timeout, args.jobs))

    result = {
        "mode": mode,
        # where the PE total of the report comes from (report.md says it in words)
        "pe_total_method": mode,
        "top": args.top,
        "liberty": lib,
        "node_nm": args.node_nm,
        "scale_to_16nm": SCALE_TO_16[args.node_nm],
        "ge_cell": ge_cell,
        "ge_um2": ge_area,
        "delay_target_ps": DELAY_PS,
        "params_set": args.params_set,
        "params": params,
        "memory_model": memmodel.describe(),
        "missing_components": missing,
        "notes": notes,
        "runs": runs,
        "yosys": subprocess.run(["yosys", "-V"], stdout=subprocess.PIPE, text=True).stdout.strip(),
    }
    report.write_all(result, args.out)
    failed = [r for r in runs if not r["ok"]]
    for r in failed:
        what = "the whole-PE run" if mode == "pe" else "the run"
        print(f"scnn_synth: FAILED: {what} of {r['top']}: {r['error']}", file=sys.stderr)
    if failed and mode == "pe":
        print("scnn_synth: no PE area: the report lists the failed run and no total "
              f"({args.out}/report.md)", file=sys.stderr)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
