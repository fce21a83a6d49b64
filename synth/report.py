# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""Report generator of the SCNN area flow: build/synth/report.{md,json} and area.png.

Input: the result dict of scnn_synth.py (Yosys runs analysed into rows).
`python3 synth/report.py build/synth/report.json` re-renders the Markdown and
the chart from a saved JSON.
"""
import json
import os
import re
import sys

# Paper rows, docs/spec.md section 8 (mm^2 per PE at 16 nm) with its tags.
PAPER_ROWS = [
    ("aram", "IARAM+OARAM", 0.031, "R", "20 KB"),
    ("wfifo", "weight FIFO", 0.004, "R", "0.5 KB"),
    ("mult", "multiplier array", 0.008, "S", "16 multipliers"),
    ("xbar", "scatter crossbar", 0.026, "S", "16x32"),
    ("acc", "accumulator buffers", 0.036, "R", "6 KB"),
    ("other", "other", 0.018, "R", ""),
]
PAPER_PE_TOTAL = (0.123, "S")
PAPER_ARRAY = (7.9, "S")
# Which component modules make a row in the "components" method (no scnn_pe run).
ROW_MODULES = {
    "aram": ["scnn_act_fetch", "scnn_pe_post"],
    "wfifo": ["scnn_wfifo"],
    "mult": ["scnn_mult_array"],
    "xbar": ["scnn_xbar", "scnn_xbar_data", "scnn_bank_queue"],
    "acc": ["scnn_acc_buf"],
    "other": ["scnn_coord", "scnn_ppu", "scnn_halo_tx", "scnn_act_fetch", "scnn_pe_post"],
}


def _fmt(x, nd=1):
    return "-" if x is None else f"{x:,.{nd}f}"


def total_source(res):
    """(method, description) of the PE total: "pe" only when it is the sum of the rows
    of a successful whole-PE run (scnn_pe synthesised with its hierarchy kept)."""
    mode = res.get("pe_total_method", res["mode"])
    if mode == "pe":
        pe = [r for r in res["runs"] if r["top"] == "scnn_pe"]
        if pe and pe[0].get("ok"):
            return "pe", "whole-PE run: scnn_pe synthesised with its hierarchy kept"
        return "none", "none: the whole-PE run (scnn_pe) failed"
    if mode == "components":
        return "components", ("sum of components synthesised one by one "
                              "(no whole-PE run: not the PE's area)")
    return "single", f"one module synthesised on its own ({res['top']}): not the PE's area"


def build_rows(res):
    """Rows of the report from the runs; each value from a netlist or the memory
    model, never from a constant."""
    k45 = 0.19 / res["scale_to_16nm"] if res["scale_to_16nm"] else 1.0  # 45 nm -> library node
    s16 = res["scale_to_16nm"]
    ge = res["ge_um2"]
    ok_runs = [r for r in res["runs"] if r.get("ok")]
    by_top = {r["top"]: r for r in res["runs"]}
    # every component module synthesised, as a run's top or inside one
    synthesised = {c["module"] for r in ok_runs for c in r["components"]}
    sums = {}
    for r in ok_runs:
        for key, e in r["rows"].items():
            s = sums.setdefault(key, {"logic_um2": 0.0, "sram45_um2": 0.0, "cells": 0, "ffs": 0, "srams": 0})
            s["logic_um2"] += e["logic_um2"]
            s["sram45_um2"] += e.get("sram45_um2", 0.0)
            s["cells"] += e["cells"]
            s["ffs"] += e["ffs"]
            s["srams"] += e["srams"]
    rows = []
    for key, name, paper, tag, what in PAPER_ROWS:
        s = sums.get(key)
        if res["mode"] == "pe":
            pe = by_top.get("scnn_pe")
            if pe and pe.get("ok"):
                status = "synthesised" if s else "absent from the scnn_pe netlist"
            else:
                status = "not synthesised: the scnn_pe run failed"
        else:
            mods = ROW_MODULES[key]
            done = [m for m in mods if m in synthesised]
            failed = [m for m in mods if m in by_top and not by_top[m].get("ok")]
            missing = [m for m in mods if m not in synthesised and m not in failed]
            if key == "aram" or key == "other":
                missing = missing + ["scnn_pe (PE glue)"]
            if res["mode"] == "single":
                status = "synthesised (single module run)" if s else "not synthesised in this run"
            elif not done:
                status = "not yet synthesised"
            elif len(done) == len(mods) and key not in ("aram", "other"):
                status = "synthesised (standalone module)"
            else:
                status = "partial"
            if res["mode"] != "single":
                if failed:
                    status += "; failed: " + ", ".join(failed)
                if missing and (done or key in ("aram", "other")):
                    status += "; missing: " + ", ".join(missing)
        row = {"key": key, "name": name, "what": what, "paper_mm2": paper, "paper_tag": tag,
               "status": status}
        if s:
            sram_node = s["sram45_um2"] * k45
            um2 = s["logic_um2"] + sram_node
            parts = []
            if s["cells"]:
                parts.append("synthesis")
            if s["srams"]:
                parts.append(f"memory model ({s['srams']} macros)")
            mm16 = um2 * s16 / 1e6
            row.update({"source": " + ".join(parts) or "synthesis (empty)",
                        "logic_um2": s["logic_um2"], "sram_um2": sram_node, "um2": um2,
                        "kge": um2 / ge / 1000.0, "mm2_16nm": mm16,
                        "diff_pct": (mm16 - paper) / paper * 100.0,
                        "cells": s["cells"], "ffs": s["ffs"], "srams": s["srams"]})
        rows.append(row)
    complete = res["mode"] == "pe" and all(r["status"] == "synthesised" for r in rows)
    have = [r for r in rows if "um2" in r]
    tot_um2 = sum(r["um2"] for r in have)
    method, source = total_source(res)
    total = {"name": "PE total", "complete": complete, "method": method, "source": source,
             "um2": tot_um2 if have else None,
             "kge": tot_um2 / ge / 1000.0 if have else None,
             "mm2_16nm": tot_um2 * s16 / 1e6 if have else None,
             "paper_mm2": PAPER_PE_TOTAL[0], "paper_tag": PAPER_PE_TOTAL[1],
             "cells": sum(r["cells"] for r in have), "ffs": sum(r["ffs"] for r in have),
             "srams": sum(r["srams"] for r in have)}
    total["diff_pct"] = ((total["mm2_16nm"] - PAPER_PE_TOTAL[0]) / PAPER_PE_TOTAL[0] * 100.0
                         if have and complete else None)
    n = res["params"].get("PE_COUNT")
    arr = {"pes": n, "paper_mm2": PAPER_ARRAY[0], "paper_tag": PAPER_ARRAY[1],
           "estimated": True,
           "method": f"PE total x PE_COUNT ({n}); array-level wiring and I/O not included"}
    if have and n:
        arr["mm2_16nm"] = total["mm2_16nm"] * n
        arr["complete"] = complete
        arr["diff_pct"] = ((arr["mm2_16nm"] - PAPER_ARRAY[0]) / PAPER_ARRAY[0] * 100.0
                           if complete else None)
    return rows, total, arr


def render_md(res, rows, total, arr):
    node = res["node_nm"]
    L = []
    w = L.append
    w("# SCNN PE area report (`make synth`)\n")
    w(f"Generated by synth/scnn_synth.py; method and sources in docs/area.md. Mode: **{res['mode']}**"
      + {"pe": " (scnn_pe synthesised with its hierarchy kept)" if total["method"] == "pe"
         else " (the scnn_pe run FAILED: no PE area)",
         "components": " (no whole-PE run: PE components synthesised one by one)",
         "single": f" (one module: {res['top']})"}[res["mode"]] + ".\n")
    w(f"PE total from: **{total['source']}** (method `{total['method']}`).\n")
    for n in res["notes"]:
        w(f"- NOTE: {n}")
    if res["notes"]:
        w("")
    w(f"- Library: `{res['liberty']}` ({node} nm); 1 GE = {res['ge_cell']} = {res['ge_um2']} um^2 "
      "(kGE of a row with SRAMs counts their area as gate equivalents too); "
      f"abc delay target {res['delay_target_ps']} ps; {res['yosys']}.")
    w(f"- 16 nm estimate: area x {res['scale_to_16nm']} (from {node} nm; 45 nm -> 16 nm = 0.19, "
      "Stillmaker & Baas 2017, docs/spec.md section 9).")
    mm = res["memory_model"]
    w(f"- SRAMs: black boxes `scnn_sram`, area = {mm['formula']}, periphery "
      f"{mm['periphery_um2']:.1f} um^2, {mm['bit_um2']:.4f} um^2/bit, extra_port {mm['extra_port']} "
      f"(calibrated on 256x32 = 5,065.7 and 1024x32 = 16,406.1 um^2 at 45 nm).")
    p = res["params"]
    keys = ["F", "I", "DATA_W", "ACC_W", "A", "BANK_DEPTH", "IARAM_DEPTH", "OARAM_DEPTH", "WFIFO_DEPTH",
            "PE_COUNT"]
    w("- Parameters: " + ", ".join(f"{k}={p[k]}" for k in keys if k in p)
      + (f" (overrides: {res['params_set']})" if res["params_set"] else " (defaults)") + ".\n")
    w(f"| component | source | um^2 @{node} nm | kGE | mm^2 @16 nm (est.) | paper mm^2 @16 nm | diff | cells | FFs | status |")
    w("|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for r in rows:
        label = r["name"]
        paper = f"{r['paper_mm2']:.3f} [{r['paper_tag']}]" + (f" ({r['what']})" if r["what"] else "")
        if "um2" in r:
            w(f"| {label} | {r['source']} | {_fmt(r['um2'])} | {_fmt(r['kge'], 2)} | {r['mm2_16nm']:.4f} | "
              f"{paper} | {r['diff_pct']:+.0f} % | {r['cells']:,} | {r['ffs']:,} | {r['status']} |")
        else:
            w(f"| {label} | - | - | - | - | {paper} | - | - | - | **{r['status']}** |")
    t = total
    tl = "**PE total**" if t["complete"] else "**PE total (incomplete: sum of the rows above that exist)**"
    if t["um2"] is not None:
        diff = f"{t['diff_pct']:+.0f} %" if t["diff_pct"] is not None else "n/a (incomplete)"
        short = {"pe": "whole-PE run", "components": "sum of component runs",
                 "single": "single module run"}.get(t["method"], "-")
        w(f"| {tl} | {short} | {_fmt(t['um2'])} | {_fmt(t['kge'], 2)} | {t['mm2_16nm']:.4f} | "
          f"{t['paper_mm2']:.3f} [{t['paper_tag']}] | {diff} | {t['cells']:,} | {t['ffs']:,} | |")
    else:
        w(f"| {tl} | | - | - | - | {t['paper_mm2']:.3f} [{t['paper_tag']}] | - | - | - | "
          + ("**not available: the scnn_pe run failed**" if t["method"] == "none" else "nothing synthesised")
          + " |")
    w("")
    byk = {r["key"]: r for r in rows}
    if "um2" in byk["mult"] and "um2" in byk["xbar"]:
        mx = byk["mult"]["mm2_16nm"] + byk["xbar"]["mm2_16nm"]
        px = byk["mult"]["paper_mm2"] + byk["xbar"]["paper_mm2"]
        w(f"Multiplier array + scatter crossbar together (where the RTL draws the line between "
          f"the two: docs/area.md): {mx:.4f} mm^2 at 16 nm vs the paper's "
          f"{px:.3f} ({(mx - px) / px * 100:+.0f} %).\n")
    if "mm2_16nm" in arr:
        lab = "estimated" if arr["complete"] else "estimated, lower bound (PE incomplete)"
        diff = f"{arr['diff_pct']:+.0f} %" if arr.get("diff_pct") is not None else "n/a"
        w(f"**{arr['pes']}-PE array ({lab})**: {arr['mm2_16nm']:.2f} mm^2 at 16 nm vs the paper's "
          f"{arr['paper_mm2']} mm^2 [{arr['paper_tag']}] ({diff}); {arr['method']}.\n")
    else:
        w(f"**{arr['pes']}-PE array**: not available (nothing synthesised); paper {arr['paper_mm2']} mm^2.\n")

    w("## Synthesis runs\n")
    w("| top | result | seconds | logic um^2 (ours) | logic um^2 (Yosys stat) | longest path (cells) |")
    w("|---|---|---:|---:|---:|---:|")
    for r in res["runs"]:
        if r.get("ok"):
            ours = sum(e["logic_um2"] for e in r["rows"].values())
            w(f"| {r['top']} | ok | {r['seconds']} | {_fmt(ours)} | {_fmt(r.get('yosys_logic_um2'))} | "
              f"{r.get('ltp_cells') if r.get('ltp_cells') is not None else '-'} |")
        else:
            w(f"| {r['top']} | FAILED: {r['error']} | {r.get('seconds', '-')} | - | - | - |")
    for r in res["runs"]:
        if r.get("chparam"):
            w(f"| {r['top']} | parameters set from params/scnn_params.toml: `{r['chparam']}` | | | | |")
    for m in res["missing_components"]:
        w(f"| {m} | not yet synthesised (module missing from the RTL) | - | - | - | - |")
    w("")
    comps = [c for r in res["runs"] if r.get("ok") for c in r["components"]]
    if comps:
        w("## Component instances (hierarchy)\n")
        w(f"| instance | module | row | logic um^2 | SRAM um^2 @45 nm | cells | FFs | SRAM macros |")
        w("|---|---|---|---:|---:|---:|---:|---:|")
        for c in comps:
            w(f"| {c['path']} | {c['module']} | {c['row']} | {_fmt(c['logic_um2'])} | "
              f"{_fmt(c['sram45_um2'])} | {c['cells']:,} | {c['ffs']:,} | {c['srams']} |")
        w("")
    srams = [s for r in res["runs"] if r.get("ok") for s in r["srams"]]
    if srams:
        w("## SRAM macros (Depth/Width read from the netlist; identical instances grouped)\n")
        w("| instances | count | words | bits | ports | um^2 @45 nm each | um^2/bit | total um^2 @45 nm | row |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|---|")
        groups = {}
        for s in srams:
            k = (re.sub(r"\[\d+\]", "[*]", s["path"]), s["words"], s["bits"], s["ports"], s["row"])
            g = groups.setdefault(k, [0, s["area45_um2"]])
            g[0] += 1
        for (pat, words, bits, ports, row), (n, a) in groups.items():
            w(f"| {pat} | {n} | {words} | {bits} | {ports} | {a:,.1f} | {a / (words * bits):.3f} | "
              f"{n * a:,.1f} | {row} |")
        for r in res["runs"]:
            if r.get("ok") and r.get("ltp_through"):
                w(f"Longest path of {r['top']} ({r['ltp_cells']} cells) runs through: "
                  f"{' -> '.join(r['ltp_through'])}.\n")
        notes = sorted({r["sram_port_note"] for r in res["runs"] if r.get("ok") and r["srams"]})
        for n in notes:
            w(f"\nPorts: {n}.")
        w("")
    return "\n".join(L) + "\n"


def render_png(rows, total, path, node, scale):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    names = [r["name"] for r in rows] + ["PE total"]
    ours = [r.get("mm2_16nm") for r in rows] + [total["mm2_16nm"]]
    paper = [r["paper_mm2"] for r in rows] + [total["paper_mm2"]]
    x = range(len(names))
    fig, ax = plt.subplots(figsize=(9, 4.5))
    ax.bar([i - 0.2 for i in x], paper, width=0.4, label="paper (16 nm)", color="#999999")
    ax.bar([i + 0.2 for i in x], [v if v is not None else 0 for v in ours], width=0.4,
           label=f"this RTL ({node} nm area x {scale} -> 16 nm)", color="#3070b0")
    for i, v in enumerate(ours):
        if v is None:
            ax.text(i + 0.2, 0.002, "not\nsynth.", ha="center", va="bottom", fontsize=7, color="red")
    if not total["complete"]:
        ax.text(len(names) - 1 + 0.2, (total["mm2_16nm"] or 0) + 0.003, "incomplete", ha="center",
                fontsize=7, color="red")
    ax.set_xticks(list(x))
    ax.set_xticklabels(names, rotation=20, ha="right")
    ax.set_ylabel("mm^2 per PE at 16 nm")
    ax.set_title("SCNN PE area: synthesis + memory model vs paper")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_all(res, outdir):
    rows, total, arr = build_rows(res)
    res = dict(res)
    res["report"] = {"rows": rows, "pe_total": total, "array": arr}
    tmp = os.path.join(outdir, ".report.json.tmp")
    with open(tmp, "w") as fh:
        json.dump(res, fh, indent=1)
    md = render_md(res, rows, total, arr)
    with open(os.path.join(outdir, ".report.md.tmp"), "w") as fh:
        fh.write(md)
    render_png(rows, total, os.path.join(outdir, ".area.png.tmp.png"), res["node_nm"],
               res["scale_to_16nm"])
    os.replace(tmp, os.path.join(outdir, "report.json"))
    os.replace(os.path.join(outdir, ".report.md.tmp"), os.path.join(outdir, "report.md"))
    os.replace(os.path.join(outdir, ".area.png.tmp.png"), os.path.join(outdir, "area.png"))
    print(md.split("\n## Synthesis runs")[0])
    print(f"written: {outdir}/report.md, {outdir}/report.json, {outdir}/area.png")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: report.py build/synth/report.json")
    try:
        r = json.load(open(sys.argv[1]))
    except (OSError, ValueError) as e:
        sys.exit(f"report.py: {sys.argv[1]}: {e}")
    r.pop("report", None)
    write_all(r, os.path.dirname(os.path.abspath(sys.argv[1])))
