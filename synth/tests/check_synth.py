#!/usr/bin/python3
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""Checks of the area flow, run by tests/suites/50-synth.sh (quick tier).

Each check prints `PASS synth.<name>` or `FAIL synth.<name>: reason`.  Expected
values are hand-derived from docs/spec.md section 9 (cell areas, memory reference
points) and from the generated parameters, never taken from the flow's output.

    check_synth.py lib   LIBERTY
    check_synth.py tiny  OUTDIR GEN                  (runs the flow on synth/tests/tiny_top.sv)
    check_synth.py dir   OUTDIR GEN_LO GEN_HI SRC... (one component, two parameter sets)
    check_synth.py pe    SYNTHDIR SRC...             (the report of `make synth` on the PE)
    check_synth.py neg   SYNTHDIR TMPDIR SRC...      (the `pe` checks fail on broken copies of it)
    check_synth.py pefail OUTDIR GEN SRC...          (a failing whole-PE run: exit 1, no total)

SRC... are the RTL files; the `pe` check derives from them, independently of the flow,
which modules scnn_pe instantiates (directly or below) and which are not PE modules
(scnn_array, scnn_halo_net, ...).
"""
import copy
import itertools
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SYNTH = os.path.dirname(HERE)
sys.path.insert(0, SYNTH)

failures = 0


def result(name, ok, why=""):
    global failures
    if ok:
        print(f"PASS synth.{name}")
    else:
        failures += 1
        print(f"FAIL synth.{name}: {why}")


# docs/spec.md section 9, typed from that page (Nangate45 X1 areas, um^2).
SPEC_AREAS = {
    "INV_X1": 0.532, "BUF_X1": 0.798, "NAND2_X1": 0.798, "NOR2_X1": 0.798, "AND2_X1": 1.064,
    "OR2_X1": 1.064, "NAND3_X1": 1.064, "AOI21_X1": 1.064, "OAI21_X1": 1.064, "AOI22_X1": 1.330,
    "XOR2_X1": 1.596, "XNOR2_X1": 1.596, "MUX2_X1": 1.862, "HA_X1": 2.660, "FA_X1": 4.256,
    "DFF_X1": 4.522, "DFFR_X1": 5.320,
}
# What each cell computes, from its name (Nangate pin names), as Python on a dict of inputs.
EXPECTED_FN = {
    "INV_X1": {"ZN": lambda v: not v["A"]},
    "BUF_X1": {"Z": lambda v: v["A"]},
    "NAND2_X1": {"ZN": lambda v: not (v["A1"] and v["A2"])},
    "NAND3_X1": {"ZN": lambda v: not (v["A1"] and v["A2"] and v["A3"])},
    "NOR2_X1": {"ZN": lambda v: not (v["A1"] or v["A2"])},
    "AND2_X1": {"ZN": lambda v: v["A1"] and v["A2"]},
    "OR2_X1": {"ZN": lambda v: v["A1"] or v["A2"]},
    "AOI21_X1": {"ZN": lambda v: not (v["A"] or (v["B1"] and v["B2"]))},
    "OAI21_X1": {"ZN": lambda v: not (v["A"] and (v["B1"] or v["B2"]))},
    "AOI22_X1": {"ZN": lambda v: not ((v["A1"] and v["A2"]) or (v["B1"] and v["B2"]))},
    "XOR2_X1": {"Z": lambda v: v["A"] != v["B"]},
    "XNOR2_X1": {"ZN": lambda v: v["A"] == v["B"]},
    "MUX2_X1": {"Z": lambda v: v["B"] if v["S"] else v["A"]},
    "HA_X1": {"S": lambda v: v["A"] != v["B"], "CO": lambda v: v["A"] and v["B"]},
    "FA_X1": {"S": lambda v: (v["A"] + v["B"] + v["CI"]) % 2 == 1,
              "CO": lambda v: (v["A"] + v["B"] + v["CI"]) >= 2},
}


def liberty_cells(path):
    text = re.sub(r"/\*.*?\*/", "", open(path).read(), flags=re.S)
    cells = {}
    for m in re.finditer(r"\bcell\s*\(\s*(\w+)\s*\)\s*\{", text):
        i, depth, j = m.end(), 1, m.end()
        while depth:
            depth += (text[j] == "{") - (text[j] == "}")
            j += 1
        body = text[i:j]
        pins = {}
        for p in re.finditer(r"\bpin\s*\(\s*(\w+)\s*\)\s*\{(.*?direction\s*:\s*(\w+).*?)(?=\bpin\s*\(|\Z)",
                             body, flags=re.S):
            fn = re.search(r'function\s*:\s*"([^"]*)"', p.group(2))
            pins[p.group(1)] = (p.group(3), fn.group(1) if fn else None)
        cells[m.group(1)] = {"area": float(re.search(r"\barea\s*:\s*([0-9.]+)", body).group(1)),
                             "pins": pins, "body": body}
    return cells


def eval_fn(expr, v):
    py = expr.replace("!", " not ").replace("&", " and ").replace("|", " or ")
    # ^ on booleans is xor in Python; keep it, but parenthesised bools need ints
    return bool(eval(py, {"__builtins__": {}}, {k: bool(x) for k, x in v.items()}))


def check_lib(path):
    cells = liberty_cells(path)
    bad = [f"{c}: {cells.get(c, {}).get('area')} != {a}" for c, a in SPEC_AREAS.items()
           if c not in cells or abs(cells[c]["area"] - a) > 1e-9]
    result("lib.areas_match_spec", not bad, "; ".join(bad))
    bad = []
    for c, outs in EXPECTED_FN.items():
        pins = cells.get(c, {}).get("pins", {})
        ins = sorted(p for p, (d, _) in pins.items() if d == "input")
        for out, want in outs.items():
            if out not in pins or not pins[out][1]:
                bad.append(f"{c}.{out} missing")
                continue
            for bits in itertools.product([0, 1], repeat=len(ins)):
                v = dict(zip(ins, bits))
                if eval_fn(pins[out][1], v) != bool(want(v)):
                    bad.append(f"{c}.{out}={pins[out][1]} wrong at {v}")
                    break
    result("lib.functions_match_names", not bad, "; ".join(bad[:3]))
    ff = cells.get("DFF_X1", {}).get("body", "")
    ffr = cells.get("DFFR_X1", {}).get("body", "")
    ok = (re.search(r'next_state\s*:\s*"D"', ff) and re.search(r'clocked_on\s*:\s*"CK"', ff)
          and re.search(r'clear\s*:\s*"!RN"', ffr) and not re.search(r"clear", ff))
    result("lib.flops", bool(ok), "DFF_X1/DFFR_X1 ff groups not as expected")


def run_flow(out, gen, srcs, top, only=""):
    cmd = ["/usr/bin/python3", os.path.join(SYNTH, "scnn_synth.py"), "--gen", gen, "--liberty",
           os.path.join(SYNTH, "lib", "scnn_area45.lib"), "--top", top, "--out", out]
    if only:
        cmd += ["--only", only]
    p = subprocess.run(cmd + srcs, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return p.returncode, p.stdout


def gen_params(gen):
    env = {}
    exec(open(os.path.join(gen, "scnn_params.py")).read(), {}, env)
    return env


def check_tiny(out, gen):
    import memmodel
    # the real memory wrapper: the flow black-boxes it by name and reads Depth/Width
    srcs = [os.path.join(HERE, "tiny_top.sv"),
            os.path.join(os.path.dirname(os.path.dirname(HERE)), "rtl", "scnn_sram.sv")]
    rc, text = run_flow(out, gen, srcs, "tiny_top")
    files = [os.path.join(out, f) for f in ("report.md", "report.json", "area.png")]
    ok = rc == 0 and all(os.path.getsize(f) > 0 for f in files if os.path.exists(f)) and all(
        os.path.exists(f) for f in files)
    result("flow.tiny.runs", ok, f"exit {rc}: {text.strip().splitlines()[-1:] if text else ''}")
    if not ok:
        return
    rep = json.load(open(os.path.join(out, "report.json")))
    run = rep["runs"][0]
    net = json.load(open(os.path.join(run["dir"], "netlist.json")))
    lib = set(SPEC_AREAS)
    types = {}
    for mname, m in net["modules"].items():
        if m.get("attributes", {}).get("blackbox"):
            continue
        for c in m["cells"].values():
            types[c["type"]] = types.get(c["type"], 0) + 1
    stray = [t for t in types if t not in lib and t not in net["modules"]]
    logic = [t for t in types if t in lib and not t.startswith("DFF")]
    result("flow.tiny.abc_maps_onto_lib", not stray and len(logic) >= 3,
           f"unmapped cell types {stray}" if stray else f"only {logic} used")
    result("flow.tiny.flops", types.get("DFFR_X1") == 8 and types.get("DFF_X1") == 4,
           f"want 8 DFFR_X1 + 4 DFF_X1 (tiny_top.sv), got {types.get('DFFR_X1')} + {types.get('DFF_X1')}")
    ours = sum(SPEC_AREAS[t] * n for t, n in types.items() if t in lib)
    yo = run.get("yosys_logic_um2")
    rows = sum(e["logic_um2"] for e in run["rows"].values())
    result("flow.tiny.area_sums", yo is not None and abs(ours - yo) < 0.01 and abs(rows - yo) < 0.01,
           f"cells x docs/spec.md areas {ours:.3f}, flow {rows:.3f}, Yosys stat {yo}")
    p = gen_params(gen)
    srams = run["srams"]
    ok = (len(srams) == 1 and srams[0]["words"] == p["BANK_DEPTH"] and srams[0]["bits"] == p["ACC_W"]
          and srams[0]["ports"] == 2)
    result("flow.tiny.sram_from_netlist", ok,
           f"want 1 macro {p['BANK_DEPTH']}x{p['ACC_W']} 2 ports, got {srams}")
    if ok:
        # hand formula: line through the two docs/spec.md points in area vs bits, x1.5 for two ports
        bits = p["BANK_DEPTH"] * p["ACC_W"]
        want = 1.5 * (5065.7 + (16406.1 - 5065.7) * (bits - 8192) / (32768 - 8192))
        result("flow.tiny.sram_area", abs(srams[0]["area45_um2"] - want) < 0.01,
               f"{srams[0]['area45_um2']} != {want}")
    result("flow.tiny.ltp", isinstance(run.get("ltp_cells"), int) and run["ltp_cells"] > 0,
           f"longest path {run.get('ltp_cells')}")
    ok = (abs(memmodel.sram_area_um2(256, 32) - 5065.7) < 1e-6
          and abs(memmodel.sram_area_um2(1024, 32) - 16406.1) < 1e-6
          and memmodel.sram_area_um2(32, 24) / 768 > memmodel.sram_area_um2(256, 32) / 8192
          > memmodel.sram_area_um2(1024, 32) / 32768)
    result("memmodel.calibration", ok, "reference points not reproduced or density not falling with size")


def check_direction(out, gen_lo, gen_hi, srcs):
    """A larger A (more banks) must make the crossbar and the accumulator rows larger."""
    only = "scnn_xbar,scnn_acc_buf"
    reps = []
    for tag, gen in (("lo", gen_lo), ("hi", gen_hi)):
        rc, text = run_flow(os.path.join(out, tag), gen, srcs, "pe", only)
        if rc != 0:
            result("dir.runs", False, f"{tag}: exit {rc}: {text.strip().splitlines()[-1:]}")
            return
        reps.append(json.load(open(os.path.join(out, tag, "report.json"))))
    failed = [r["top"] + ": " + r["error"] for rep in reps for r in rep["runs"] if not r["ok"]]
    result("dir.runs", not failed, "; ".join(failed))
    if failed:
        return
    a_lo, a_hi = gen_params(gen_lo)["A"], gen_params(gen_hi)["A"]
    for key, name in (("xbar", "scatter crossbar"), ("acc", "accumulator buffers")):
        lo = {r["key"]: r for r in reps[0]["report"]["rows"]}[key]
        hi = {r["key"]: r for r in reps[1]["report"]["rows"]}[key]
        ok = "um2" in lo and "um2" in hi and hi["um2"] > lo["um2"] * 1.3
        result(f"dir.{key}_grows_with_A", ok,
               f"{name}: A={a_lo} {lo.get('um2')} um^2, A={a_hi} {hi.get('um2')} um^2")
    # accumulator macros: exactly 2*A of BANK_DEPTH x ACC_W each
    for rep, gen in zip(reps, (gen_lo, gen_hi)):
        p = gen_params(gen)
        macros = [s for r in rep["runs"] for s in r["srams"] if s["row"] == "acc"]
        ok = len(macros) == 2 * p["A"] and all(
            s["words"] == p["BANK_DEPTH"] and s["bits"] == p["ACC_W"] for s in macros)
        result(f"dir.acc_macros_A{p['A']}", ok,
               f"want {2 * p['A']} macros of {p['BANK_DEPTH']}x{p['ACC_W']}, got {len(macros)}")
    # rows of modules not synthesised are reported as such, with no number
    aram = {r["key"]: r for r in reps[0]["report"]["rows"]}["aram"]
    result("dir.missing_rows_empty", "um2" not in aram and "not" in aram["status"],
           f"IARAM+OARAM row without its module: {aram}")


# --- The whole-PE report of `make synth` --------------------------------------------
PE = "scnn_pe"
SRAM = "scnn_sram"
ROW_KEYS = ["aram", "wfifo", "mult", "xbar", "acc", "other"]


def rtl_hierarchy(srcs):
    """(modules instantiated under scnn_pe, modules defined in SRC but not under it),
    from the source text: instantiations `name #(` or `name u_x (` / `name u_x [`."""
    defs, insts = set(), {}
    for f in srcs:
        text = open(f, errors="replace").read()
        text = re.sub(r"//.*", "", re.sub(r"/\*.*?\*/", "", text, flags=re.S))
        for m in re.finditer(r"^\s*module\s+(\w+)(.*?)^\s*endmodule", text, flags=re.M | re.S):
            defs.add(m.group(1))
            insts[m.group(1)] = set(re.findall(r"^\s*(\w+)\s*(?:#\s*\(|\w+\s*[\[(])", m.group(2),
                                               flags=re.M))
    under, todo = set(), [PE]
    while todo:
        m = todo.pop()
        for c in insts.get(m, ()):
            if c in defs and c not in under:
                under.add(c)
                todo.append(c)
    return under, defs - under - {PE}


def netlist_modules(path):
    """Base names of the modules of a Yosys JSON netlist."""
    names = json.load(open(path))["modules"]
    base = set()
    for n in names:
        if n.startswith("$paramod"):
            parts = n.split("\\")
            n = parts[1] if len(parts) > 1 else n
        base.add(n.lstrip("\\"))
    return base


def pe_problems(rep, md, srcs, net_mods=None):
    """{check name: problem or ""} for the report of a whole-PE `make synth` run."""
    P = {}
    under, not_pe = rtl_hierarchy(srcs)
    total = rep.get("report", {}).get("pe_total", {})
    rows = rep.get("report", {}).get("rows", [])
    runs = rep.get("runs", [])
    pe_runs = [r for r in runs if r.get("top") == PE]
    why = []
    if rep.get("mode") != "pe" or rep.get("pe_total_method") != "pe":
        why.append(f"mode {rep.get('mode')}, pe_total_method {rep.get('pe_total_method')}")
    if total.get("method") != "pe":
        why.append(f"report.pe_total.method {total.get('method')} ({total.get('source')})")
    if len(runs) != 1 or len(pe_runs) != 1 or not pe_runs[0].get("ok"):
        why.append("runs: " + ", ".join(f"{r.get('top')} {'ok' if r.get('ok') else 'FAILED'}"
                                        for r in runs))
    if "PE total from: **whole-PE run" not in md:
        why.append("report.md does not say the total is from the whole-PE run")
    P["pe.total_from_pe_run"] = "; ".join(why)
    run = pe_runs[0] if pe_runs else {}
    comps = run.get("components", [])
    why = []
    byk = {r.get("key"): r for r in rows}
    for k in ROW_KEYS:
        r = byk.get(k)
        if not r or "um2" not in r or r.get("status") != "synthesised":
            why.append(f"row {k}: {r and r.get('status')}")
        elif f"| {r['name']} | " not in md:
            why.append(f"row {k} not in report.md")
    if not total.get("complete") or not isinstance(total.get("um2"), (int, float)) or \
            not re.search(r"^\| \*\*PE total\*\* \| whole-PE run \| [0-9,.]+ \|", md, flags=re.M):
        why.append(f"PE total: complete {total.get('complete')}, um2 {total.get('um2')}")
    if not comps:
        why.append("no component instances")
    P["pe.table"] = "; ".join(why)
    # nothing of the array in the PE report: not a run, not an instance, not in the netlist
    if not {"scnn_array", "scnn_halo_net"} <= not_pe:
        P["pe.no_array_module"] = f"the RTL scan found no array modules ({sorted(not_pe)})"
    else:
        seen = ({r.get("top") for r in runs} | {c.get("module") for c in comps}
                | set(run.get("hierarchy", [])) | (net_mods or set()))
        bad = sorted(seen & not_pe)
        bad += sorted(m for m in not_pe if re.search(r"\b" + m + r"\b", md) and m not in bad)
        P["pe.no_array_module"] = f"not under {PE} but in the PE report: {bad}" if bad else ""
    # the report's components are the PE's hierarchy (the explicit COMPONENT_ROW list of the
    # flow covers it exactly)
    mods = {c.get("module") for c in comps} - {PE}
    want = under - {SRAM}
    why = []
    if mods != want:
        why.append(f"components {sorted(mods)} != modules under {PE} in the RTL {sorted(want)}")
    if run.get("unlisted_modules") or run.get("listed_not_in_pe"):
        why.append(f"COMPONENT_ROW vs hierarchy: unlisted {run.get('unlisted_modules')}, "
                   f"listed but absent {run.get('listed_not_in_pe')}")
    P["pe.components_are_pe_hierarchy"] = "; ".join(why)
    # sums: rows = total; component instances + SRAM macros = rows; logic = Yosys' stat
    why = []
    k45 = 0.19 / rep.get("scale_to_16nm", 0.19)
    have = [r for r in rows if "um2" in r]
    tot = total.get("um2") or 0.0
    srow = sum(r["um2"] for r in have)
    if abs(srow - tot) > 1e-6 * max(1.0, tot):
        why.append(f"rows sum to {srow:.1f}, total {tot:.1f}")
    if abs(sum(r.get("cells", 0) for r in have) - total.get("cells", -1)) != 0:
        why.append("cell counts of the rows do not add up to the total's")
    scomp = sum(c["logic_um2"] + c["sram45_um2"] * k45 for c in comps)
    if abs(scomp - tot) > 1e-6 * max(1.0, tot):
        why.append(f"component instances sum to {scomp:.1f}, total {tot:.1f}")
    for r in have:
        lg = sum(c["logic_um2"] for c in comps if c.get("row") == r["key"])
        sr = sum(s["area45_um2"] for s in run.get("srams", []) if s.get("row") == r["key"]) * k45
        if abs(lg + sr - r["um2"]) > 1e-6 * max(1.0, r["um2"]):
            why.append(f"row {r['key']}: instances {lg:.1f} + SRAMs {sr:.1f} != {r['um2']:.1f}")
    yo = run.get("yosys_logic_um2")
    logic = sum(c["logic_um2"] for c in comps)
    if yo is None or abs(yo - logic) > 0.01 + 1e-6 * logic:
        why.append(f"logic {logic:.2f} vs Yosys stat -top {yo}")
    P["pe.sums"] = "; ".join(why)
    return P


def load_report(d):
    return json.load(open(os.path.join(d, "report.json"))), open(os.path.join(d, "report.md")).read()


def check_pe(d, srcs):
    files = [os.path.join(d, f) for f in ("report.md", "report.json", "area.png")]
    bad = [f for f in files if not os.path.exists(f) or os.path.getsize(f) == 0]
    result("pe.report_files", not bad, f"missing or empty: {bad}")
    if bad:
        return
    rep, md = load_report(d)
    net = [r for r in rep["runs"] if r.get("top") == PE and r.get("ok")]
    net_mods = netlist_modules(os.path.join(net[0]["dir"], "netlist.json")) if net else None
    for name, why in pe_problems(rep, md, srcs, net_mods).items():
        result(name, not why, why)


def check_neg(d, tmp, srcs):
    """Broken copies of a good report: the `pe` check (run as a command, on a report
    written to TMP) must fail, naming the check that catches each break."""
    rep, md = load_report(d)
    pe = [i for i, r in enumerate(rep["runs"]) if r["top"] == PE][0]

    def fallback(r, m):  # what the old flow did: components one by one after a PE failure
        r["mode"] = r["pe_total_method"] = "components"
        r["report"]["pe_total"]["method"] = "components"
        r["report"]["pe_total"]["source"] = "sum of components synthesised one by one"
        r["runs"][pe]["ok"] = False
        r["runs"].append(dict(r["runs"][pe], top="scnn_xbar", ok=True))
        return r, m.replace("PE total from: **whole-PE run", "PE total from: **sum of components")

    def marked(r, m):  # the JSON says fallback, all else as in a good run
        r["pe_total_method"] = "components"
        return r, m

    def halo(r, m):  # an array module booked in the PE (its "other" row)
        c = dict(r["runs"][pe]["components"][0], module="scnn_halo_net", path="scnn_pe.u_halo",
                 row="other", logic_um2=0.0, sram45_um2=0.0, cells=0, ffs=0, srams=0)
        r["runs"][pe]["components"].append(c)
        return r, m

    def bad_sum(r, m):  # a row that does not add up
        row = [x for x in r["report"]["rows"] if x["key"] == "xbar"][0]
        row["um2"] += 1000.0
        return r, m

    cases = [("fallback", fallback, "pe.total_from_pe_run"),
             ("marked_components", marked, "pe.total_from_pe_run"),
             ("halo_net", halo, "pe.no_array_module"),
             ("bad_sum", bad_sum, "pe.sums")]
    for tag, fn, want in cases:
        r, m = fn(copy.deepcopy(rep), md)
        o = os.path.join(tmp, tag)
        os.makedirs(o, exist_ok=True)
        json.dump(r, open(os.path.join(o, "report.json"), "w"))
        open(os.path.join(o, "report.md"), "w").write(m)
        open(os.path.join(o, "area.png"), "wb").write(open(os.path.join(d, "area.png"), "rb").read())
        p = subprocess.run([sys.executable, os.path.abspath(__file__), "pe", o] + srcs,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        caught = p.returncode != 0 and re.search(rf"^FAIL synth\.{re.escape(want)}:", p.stdout, re.M)
        result(f"neg.{tag}", bool(caught),
               f"the pe check did not fail {want} (exit {p.returncode}): "
               + " | ".join(ln for ln in p.stdout.splitlines() if ln.startswith("FAIL")))


def check_pefail(out, gen, srcs):
    """The whole-PE run made to fail (the file of scnn_xbar left out: elaboration stops at
    `hierarchy -check`, in a few seconds): the flow must exit non-zero and say so, write a
    report with no PE total, and not fall back to the components (the old flow did); the
    `pe` check must reject that report."""
    cmd = ["/usr/bin/python3", os.path.join(SYNTH, "scnn_synth.py"), "--gen", gen, "--liberty",
           os.path.join(SYNTH, "lib", "scnn_area45.lib"), "--top", "pe", "--out", out]
    broken = [f for f in srcs if os.path.basename(f) != "scnn_xbar.sv"]
    if len(broken) == len(srcs):
        result("pefail.exit_and_message", False, "rtl/scnn_xbar.sv not among the sources")
        return
    p = subprocess.run(cmd + broken, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    said = re.search(r"^scnn_synth: FAILED: the whole-PE run of scnn_pe", p.stdout, re.M)
    result("pefail.exit_and_message", p.returncode != 0 and bool(said),
           f"exit {p.returncode}, output: {p.stdout.strip().splitlines()[-2:]}")
    try:
        rep, _ = load_report(out)
    except OSError as e:
        result("pefail.report_no_total", False, f"no report: {e}")
        return
    t = rep["report"]["pe_total"]
    ok = (t.get("method") == "none" and t.get("um2") is None and [r["top"] for r in rep["runs"]] == [PE]
          and not any("um2" in r for r in rep["report"]["rows"]))
    result("pefail.report_no_total", ok,
           f"method {t.get('method')}, total {t.get('um2')}, runs {[r['top'] for r in rep['runs']]}")
    q = subprocess.run([sys.executable, os.path.abspath(__file__), "pe", out] + srcs,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    result("pefail.pe_check_rejects", q.returncode != 0 and bool(
        re.search(r"^FAIL synth\.pe\.total_from_pe_run:", q.stdout, re.M)), q.stdout.strip()[-300:])


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    cmd = sys.argv[1]
    if cmd == "lib":
        check_lib(sys.argv[2])
    elif cmd == "tiny":
        check_tiny(sys.argv[2], sys.argv[3])
    elif cmd == "dir":
        check_direction(sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:])
    elif cmd == "pe":
        check_pe(sys.argv[2], sys.argv[3:])
    elif cmd == "pefail":
        check_pefail(sys.argv[2], sys.argv[3], sys.argv[4:])
    elif cmd == "neg":
        check_neg(sys.argv[2], sys.argv[3], sys.argv[4:])
    else:
        sys.exit(__doc__)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
