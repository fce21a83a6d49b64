#!/usr/bin/python3
"""Checks of the area flow, run by tests/suites/50-synth.sh (quick tier).

Each check prints `PASS synth.<name>` or `FAIL synth.<name>: reason`.  Expected
values are hand-derived from docs/spec.md section 9 (cell areas, memory reference
points) and from the generated parameters, never taken from the flow's output.

    check_synth.py lib   LIBERTY
    check_synth.py tiny  OUTDIR GEN                  (runs the flow on synth/tests/tiny_top.sv)
    check_synth.py dir   OUTDIR GEN_LO GEN_HI SRC... (one component, two parameter sets)
"""
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
    else:
        sys.exit(__doc__)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
