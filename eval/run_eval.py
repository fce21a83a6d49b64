#!/usr/bin/python3
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""`make eval`: runs the cycle-level model on the paper's networks and writes
docs/results.md with its plots (docs/results/*.png).  Every number in the document is
computed here from the model's JSON reports (or, where present, the synthesis and RTL
reports); the paper's figures come from PAPER below with the tags of docs/spec.md.

usage: run_eval.py --scnn BIN [--scnn4 BIN --params4 DIR] --params DIR --work DIR
                   --md FILE --plots DIR [--sweep-layers all|N] [--jobs N]
"""

import argparse
import concurrent.futures as cf
import glob
import importlib.util
import re
import json
import math
import os
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import energy as E           # noqa: E402
import plots as P            # noqa: E402

# The paper's figures, docs/spec.md section 8, with its confidence tags.
PAPER = {
    "speedup": {"alexnet": (2.37, "S"), "googlenet": (2.19, "S"), "vgg16": (3.52, "S")},
    "speedup_mean": (2.7, "P"),
    "energy_vs_dcnn": (2.3, "P"),                 # DCNN / SCNN energy
    "energy_opt_vs_dcnn": (2.0, "P"),             # DCNN / DCNN-opt energy (DCNN-opt over DCNN)
    # SCNN over DCNN-opt (DCNN-opt / SCNN energy) is not quoted: it follows from the two [P]
    # figures above, 2.3 / 2.0 (docs/spec.md section 8)
    "energy_vs_dcnn_opt": (2.3 / 2.0, "P, derived 2.3/2.0"),
    "energy_layer_range": ((0.89, 4.7), "S"),
    "dense_perf": (0.79, "S"),        # SCNN / DCNN performance at density 1.0
    "dense_energy": (1.33, "S"),      # SCNN / DCNN energy at density 1.0
    "crossover": (0.85, "S"),
    "d01_speedup": (24.0, "S"),
    "d01_energy": (0.06, "S"),
    "util_64x16": (0.59, "S"),
    "util_4x256": (0.35, "S"),
    "late_1x1_util": (0.20, "S"),
}
NETS = ("alexnet", "googlenet", "vgg16")
# networks also run chained (`scnn run --net NET`: each layer's input is the previous layer's
# output after ReLU and pooling); every network is run per layer at the catalog densities,
# and those runs are the ones set against the paper (docs/results.md section 1)
CHAINED = ("alexnet", "vgg16")
DENSITIES = [round(0.1 * i, 1) for i in range(1, 11)]
IDEAL_AT = (0.1, 1.0)


# ablation (docs/results.md section 1.3): tag, scnn run options
ABLATION = (
    ("contract", ["--xbar-qdepth", "0", "--weight-order", "krs", "--halo-overlap", "0"]),
    ("queue", ["--xbar-qdepth", "4", "--weight-order", "krs", "--halo-overlap", "0"]),
    ("order", ["--xbar-qdepth", "0", "--weight-order", "rsk", "--halo-overlap", "0"]),
    ("overlap", ["--xbar-qdepth", "0", "--weight-order", "krs", "--halo-overlap", "1"]),
    ("all", ["--xbar-qdepth", "4", "--weight-order", "rsk", "--halo-overlap", "1"]),
)
ABLATION_NAMES = {"contract": "original contract", "queue": "+ bank queues (depth 4)",
                  "order": "+ weight order rsk", "overlap": "+ halo overlap",
                  "all": "all three"}
QDEPTHS = (0, 1, 2, 4, 8)


def log(msg):
    print(f"[eval {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def die(msg):
    print(f"run_eval.py: {msg}", file=sys.stderr)
    sys.exit(1)


def load_params(d):
    path = os.path.join(d, "scnn_params.py")
    if not os.path.isfile(path):
        die(f"{path}: missing (run `make params`)")
    spec = importlib.util.spec_from_file_location(f"scnn_params_{abs(hash(d))}", path)
    m = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m)
    return m


def run(cmd, what):
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    except OSError as ex:
        die(f"{what}: cannot run {cmd[0]}: {ex}")
    if r.returncode != 0:
        die(f"{what}: `{' '.join(cmd)}` failed (exit {r.returncode}): "
            f"{(r.stderr.strip().splitlines() or ['no message'])[-1]}")
    return r.stdout


def snapshot(src, dst):
    try:
        shutil.copy2(src, dst + ".tmp")
        os.replace(dst + ".tmp", dst)
    except OSError as ex:
        die(f"{src}: cannot copy the model binary: {ex}")
    return dst


def read_json(path, what):
    try:
        with open(path) as fh:
            return json.load(fh)
    except (OSError, ValueError) as ex:
        die(f"{path}: cannot read {what}: {ex}")


def catalog(scnn):
    """{net: [layer names in order]} from `scnn list`."""
    out = run([scnn, "list"], "scnn list")
    cat = {}
    for line in out.splitlines()[1:]:
        f = line.split()
        if len(f) >= 2:
            cat.setdefault(f[0], []).append(f[1])
    for n in NETS:
        if n not in cat:
            die(f"scnn list: network {n} missing from the catalog")
    return cat


def layer_progress(net, r):
    log(f"{net:9s} {r['name']:26s} SCNN {r['cycles']:>10d} cyc  DCNN {r['dcnn_cycles']:>10d} cyc  "
        f"speedup {r['speedup']:5.2f}  util {100 * r['utilisation']:5.1f} %")


def run_network(scnn, net, cat, work, tag, jobs, extra=(), chained=False):
    """Per-layer reports of a network: the chained run (`scnn run --net NET`) if chained,
    else one run per layer on data generated at the catalog densities (`scnn run --net NET
    --layer L`: the generator of `scnn gen`, seed 1000 x seed + layer index)."""
    os.makedirs(work, exist_ok=True)
    if chained:
        tag += "-chained"
        rep = os.path.join(work, f"{tag}_{net}.json")
        log(f"{tag}: {net} (chained, {len(cat[net])} layers) ...")
        run([scnn, "run", "--net", net, "--seed", "1", "--quiet", "--report", rep] + list(extra),
            f"{net}")
        layers = read_json(rep, "model report")["layers"]
        for r in layers:
            layer_progress(net, r)
        return layers

    def one(layer):
        rep = os.path.join(work, f"{tag}_{net}_{layer}.json")
        run([scnn, "run", "--net", net, "--layer", layer, "--seed", "1", "--quiet",
             "--report", rep] + list(extra), f"{net}/{layer}")
        d = read_json(rep, "model report")
        r = d["layers"][0] if "layers" in d else d["layer"]
        layer_progress(net, r)
        return r
    log(f"{tag}: {net} (per layer on generated data, not chained, {len(cat[net])} layers) ...")
    with cf.ThreadPoolExecutor(jobs) as ex:
        return list(ex.map(one, cat[net]))


def sweep(scnn, layers, work, jobs):
    """Density sweep on GoogLeNet: weight density = activation density = d."""
    os.makedirs(work, exist_ok=True)

    def one(arg):
        d, layer = arg
        b = os.path.join(work, f"d{d:.1f}_{layer}")
        run([scnn, "gen", "--net", "googlenet", "--layer", layer, "--seed", "1",
             "--wdens", f"{d}", "--adens", f"{d}", "--out", b], f"gen {layer} d={d}")
        rep = b + ".json"
        run([scnn, "run", b, "--quiet", "--report", rep, "--out", os.path.join(b, "output.npy")],
            f"run {layer} d={d}")
        r = read_json(rep, "model report")["layer"]
        if d in IDEAL_AT:   # the conflict-free experiment at the two points the paper quotes
            rep_i = b + ".ideal.json"
            run([scnn, "run", b, "--quiet", "--ideal-crossbar", "--report", rep_i, "--out",
                 os.path.join(b, "output.npy")], f"run --ideal-crossbar {layer} d={d}")
            r["_ideal"] = read_json(rep_i, "model report")["layer"]
        for f in ("input.npy", "weights.npy", "output.npy"):   # keep the reports only
            try:
                os.remove(os.path.join(b, f))
            except OSError:
                pass
        log(f"sweep d={d:.1f} {layer:26s} speedup {r['speedup']:6.2f}")
        return (d, r)
    res = {d: [] for d in DENSITIES}
    with cf.ThreadPoolExecutor(jobs) as ex:
        for d, r in ex.map(one, [(d, l) for d in DENSITIES for l in layers]):
            res[d].append(r)
    return res


# --- aggregation -------------------------------------------------------------------------
def net_perf(layers, mults):
    sc = sum(r["cycles"] for r in layers)
    dc = sum(r["dcnn_cycles"] for r in layers)
    useful = sum(r["products_valid"] for r in layers)
    dense = sum(r["dense_macs"] for r in layers)
    return {"scnn": sc, "dcnn": dc, "speedup": dc / sc, "util": useful / (sc * mults),
            "dcnn_util": dense / (dc * mults), "work_red": dense / max(useful, 1)}


def loss_fracs(layers):
    keys = [k for k in layers[0]["lane_cycles"] if k != "total"]
    tot = sum(r["lane_cycles"]["total"] for r in layers)
    return {k: sum(r["lane_cycles"][k] for r in layers) / tot for k in keys}


def net_energy(layers, p):
    e = E.event_energies(p)
    acc = {m: {c: 0.0 for c in E.COMPONENTS} for m in ("scnn", "dcnn", "dcnn_opt")}
    per_layer = []
    for r in layers:
        le = E.layer_energies(r, p, e)
        per_layer.append(le)
        for m in acc:
            for c, v in le[m].items():
                acc[m][c] += v
    return acc, per_layer


def energy_ratios(acc):
    """The energy ratios of one network (acc: {machine: {component: pJ}}), total and on-chip:
    dcnn_scnn = DCNN / SCNN (the paper's 2.3x), dcnn_opt = DCNN / DCNN-opt (the paper's 2.0x,
    DCNN-opt's improvement over DCNN), opt_scnn = DCNN-opt / SCNN (SCNN over DCNN-opt; the
    paper's implied 2.3 / 2.0); the *_oc keys on-chip only; dram_share = DRAM / SCNN total."""
    t = {m: E.total(acc[m]) for m in ("scnn", "dcnn", "dcnn_opt")}
    o = {m: E.on_chip(acc[m]) for m in ("scnn", "dcnn", "dcnn_opt")}
    return {"dcnn_scnn": t["dcnn"] / t["scnn"], "dcnn_opt": t["dcnn"] / t["dcnn_opt"],
            "opt_scnn": t["dcnn_opt"] / t["scnn"], "dcnn_scnn_oc": o["dcnn"] / o["scnn"],
            "dcnn_opt_oc": o["dcnn"] / o["dcnn_opt"], "opt_scnn_oc": o["dcnn_opt"] / o["scnn"],
            "dram_share": acc["scnn"]["dram"] / t["scnn"]}


def dram_share_for(x, target):
    """DCNN-opt moves SCNN's DRAM bytes, so with SCNN's DRAM share s and an on-chip ratio
    x = DCNN-opt / SCNN on-chip, DCNN-opt / SCNN = s + (1 - s) x.  The share s in [0, 1] that
    gives target at this x, or None if none does."""
    if x == 1.0:
        return None
    s = (x - target) / (x - 1.0)
    return s if 0.0 <= s <= 1.0 else None


def load_area(path):
    """Rows (name, mm^2 per PE at 16 nm or None, paper mm^2, paper tag, status) of the
    synthesis report (synth/report.py format), None if absent, "bad" if unreadable."""
    if not os.path.isfile(path):
        return None
    try:
        with open(path) as fh:
            rep = json.load(fh)["report"]
        rows = [(r["name"], r.get("mm2_16nm"), r.get("paper_mm2"), r.get("paper_tag", "?"),
                 r.get("status", ""), r.get("source", "-")) for r in rep["rows"]]
        t = rep["pe_total"]
        rows.append(("PE total", t.get("mm2_16nm"), t.get("paper_mm2"), t.get("paper_tag", "?"),
                     "complete" if t.get("complete") else "incomplete (sum of the rows present)",
                     "sum of the rows"))
        return rows
    except (OSError, ValueError, KeyError, TypeError, IndexError) as ex:
        log(f"{path}: not in the expected format ({ex}); area section skipped")
        return "bad"


def crossover(ds, ys):
    """Smallest-to-largest scan: density where ys crosses 1.0 (linear interpolation)."""
    for i in range(len(ds) - 1):
        if (ys[i] - 1.0) * (ys[i + 1] - 1.0) <= 0 and ys[i] != ys[i + 1]:
            return ds[i] + (1.0 - ys[i]) * (ds[i + 1] - ds[i]) / (ys[i + 1] - ys[i])
    return None


def pct_diff(ours, paper):
    return 100.0 * (ours - paper) / paper


# --- document ------------------------------------------------------------------------------
def fmt_tag(v, tag):
    return f"{v} [{tag}]"


def table(head, rows):
    out = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(out)


def biggest_losses(fr, n=2):
    items = sorted(((v, k) for k, v in fr.items() if k != "useful"), reverse=True)[:n]
    return ", ".join(f"{k} {100 * v:.1f} %" for v, k in items)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scnn", required=True)
    ap.add_argument("--params", required=True)
    ap.add_argument("--scnn4")
    ap.add_argument("--params4")
    ap.add_argument("--work", required=True)
    ap.add_argument("--md", required=True)
    ap.add_argument("--plots", required=True)
    ap.add_argument("--synth", default="build/synth/report.json")
    ap.add_argument("--synth-q", default="build/synth-q{q}/synth/report.json",
                    help="synthesis report of the bank-queue depth q (queue-depth sweep)")
    ap.add_argument("--verify-glob", default="build/verify/*/rtl_report.json")
    ap.add_argument("--rtl-logs", help="directory of `make verify-pe` logs, one per layer")
    ap.add_argument("--sweep-layers", default="all")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    t0 = time.time()
    for b in [a.scnn] + ([a.scnn4] if a.scnn4 else []):
        if not os.access(b, os.X_OK):
            die(f"{b}: model binary missing (make cmodel)")
    # snapshot the model binaries: a rebuild in the shared tree must not hit a running eval
    snap = os.path.join(a.work, "bin")
    os.makedirs(snap, exist_ok=True)
    a.scnn = snapshot(a.scnn, os.path.join(snap, "scnn"))
    if a.scnn4:
        a.scnn4 = snapshot(a.scnn4, os.path.join(snap, "scnn-4pe"))
    p = load_params(a.params)
    mults = p.PE_COUNT * p.MULTS
    cat = catalog(a.scnn)
    os.makedirs(a.plots, exist_ok=True)

    # 1. performance: per layer at the catalog densities (set against the paper), and the
    #    chained runs of CHAINED (kept beside them, docs/results.md section 1.1)
    nets = {n: run_network(a.scnn, n, cat, os.path.join(a.work, "nets"), "base", a.jobs)
            for n in NETS}
    perf = {n: net_perf(nets[n], mults) for n in NETS}
    losses = {n: loss_fracs(nets[n]) for n in NETS}
    chain = {n: run_network(a.scnn, n, cat, os.path.join(a.work, "nets"), "base", a.jobs,
                            chained=True) for n in CHAINED}
    cperf = {n: net_perf(chain[n], mults) for n in CHAINED}
    for n in CHAINED:
        if [r["name"] for r in chain[n]] != [r["name"] for r in nets[n]]:
            die(f"{n}: the chained and the per-layer runs list different layers")
    # model experiments (options of scnn run, not the contract) isolating the conflict loss
    expt = {}
    for tag, opt in (("ideal-crossbar", ["--ideal-crossbar"]),
                     ("k-fastest", ["--weight-order", "k-fastest"])):
        expt[tag] = {n: net_perf(run_network(a.scnn, n, cat, os.path.join(a.work, "expt"),
                                             tag, a.jobs, opt), mults) for n in NETS}

    # ablation of the three choices of the scatter network and the schedule (docs/microarch.md
    # 4.3, 3, 5.6), and the bank-queue depth sweep; every run is the same per-layer data
    abl = {}
    for tag, opt in ABLATION:
        runs = {n: run_network(a.scnn, n, cat, os.path.join(a.work, "ablation"), tag, a.jobs,
                               opt) for n in NETS}
        abl[tag] = {n: dict(net_perf(runs[n], mults), **{"loss": loss_fracs(runs[n])})
                    for n in NETS}
    qsw = {}
    for q in QDEPTHS:
        runs = {n: run_network(a.scnn, n, cat, os.path.join(a.work, "qsweep"), f"q{q}", a.jobs,
                               ["--xbar-qdepth", str(q), "--halo-overlap", "1",
                                "--weight-order", "krs"]) for n in NETS}
        qpath = a.synth_q.format(q=q)
        if not os.path.isfile(qpath) and q == p.XBAR_QDEPTH:
            qpath = a.synth              # the default build has that depth
        qa = load_area(qpath)
        tot = [r for r in qa if r[0] == "PE total"] if isinstance(qa, list) else []
        qsw[q] = {"perf": {n: net_perf(runs[n], mults) for n in NETS},
                  "area": tot[0][1] if tot and tot[0][4] == "complete" else None,
                  "area_src": qpath}
    pts = [(qsw[q]["area"], {n: qsw[q]["perf"][n]["speedup"] for n in NETS}, q)
           for q in QDEPTHS if qsw[q]["area"] is not None]
    qpng = os.path.join(a.plots, "queue_depth_sweep.png")
    if len(pts) >= 2:
        P.queue_sweep(pts, qpng)
    elif os.path.exists(qpng):
        os.remove(qpng)              # no stale plot without its synthesis reports

    # 2. density sweep
    g_layers = cat["googlenet"]
    if a.sweep_layers != "all":
        k = int(a.sweep_layers)
        step = max(1, len(g_layers) // k)
        g_layers = g_layers[::step][:k]
    sw = sweep(a.scnn, g_layers, os.path.join(a.work, "sweep"), a.jobs)
    sw_perf = {d: net_perf(sw[d], mults) for d in DENSITIES}
    sw_en = {d: net_energy(sw[d], p)[0] for d in DENSITIES}

    # 3. energy
    en = {n: net_energy(nets[n], p) for n in NETS}
    cen = {n: net_energy(chain[n], p) for n in CHAINED}

    # 4. PE granularity
    gran = None
    if a.scnn4:
        p4 = load_params(a.params4)
        m4 = p4.PE_COUNT * p4.MULTS
        if m4 != mults:
            die(f"{a.params4}: the granularity build has {m4} multipliers, the base {mults}")
        n4 = {n: run_network(a.scnn4, n, cat, os.path.join(a.work, "nets4"), "pe4", a.jobs)
              for n in NETS}
        gran = {"p4": p4, "perf": {n: net_perf(n4[n], m4) for n in NETS},
                "loss": {n: loss_fracs(n4[n]) for n in NETS}}

    # 5. plots
    log("plots ...")
    P.speedup_per_layer(nets, os.path.join(a.plots, "speedup_per_layer.png"), chained=chain)
    P.loss_breakdown({n: losses[n] for n in NETS}, os.path.join(a.plots, "loss_breakdown.png"))
    P.density_sweep(DENSITIES, [sw_perf[d]["speedup"] for d in DENSITIES],
                    [E.total(sw_en[d]["dcnn"]) / E.total(sw_en[d]["scnn"]) for d in DENSITIES],
                    [E.total(sw_en[d]["dcnn_opt"]) / E.total(sw_en[d]["scnn"]) for d in DENSITIES],
                    os.path.join(a.plots, "density_sweep.png"))
    P.energy_breakdown({n: en[n][0] for n in NETS}, os.path.join(a.plots, "energy_breakdown.png"))
    area = load_area(a.synth)
    area_png = os.path.join(a.plots, "area_breakdown.png")
    if area is not None and area != "bad":
        P.area(area, area_png)
    elif os.path.exists(area_png):
        os.remove(area_png)          # no stale plot without its report
    rtl = sorted(glob.glob(a.verify_glob))
    rtl_pe = read_rtl_pe_logs(a.rtl_logs) if a.rtl_logs else []

    # 6. document
    a.abl, a.qsw, a.qpng = abl, qsw, (qpng if len(pts) >= 2 else None)
    md = render(a, p, cat, nets, perf, losses, expt, g_layers, sw, sw_perf, sw_en, en, gran, area, rtl,
                rtl_pe, time.time() - t0, chain, cperf, cen)
    tmp = a.md + ".tmp"
    with open(tmp, "w") as fh:
        fh.write(md)
    os.replace(tmp, a.md)
    log(f"written {a.md} and {a.plots}/*.png in {time.time() - t0:.0f} s")


VERIFY_PE_PASS = re.compile(r"^PASS verify-pe (\S+)/(\S+) PE \((\d+),(\d+)\): (\d+) jobs, "
                            r"compute cycles RTL (\d+) = model (\d+)")


def read_rtl_pe_logs(d):
    """One row per `make verify-pe` log: the PASS line's figures, or the FAIL line."""
    rows = []
    for f in sorted(glob.glob(os.path.join(d, "*.log"))):
        lines = open(f, errors="replace").read().splitlines()
        m = next((VERIFY_PE_PASS.match(x) for x in lines if VERIFY_PE_PASS.match(x)), None)
        if m:
            rows.append({"net": m[1], "layer": m[2], "pe": f"({m[3]},{m[4]})", "jobs": int(m[5]),
                         "rtl": int(m[6]), "model": int(m[7]), "ok": True})
        else:
            bad = next((x for x in lines if x.startswith("FAIL")), "no PASS line (see log)")
            rows.append({"net": "-", "layer": os.path.basename(f)[:-4], "ok": False,
                         "why": f"{bad} ({f})"})
    return rows


def render(a, p, cat, nets, perf, losses, expt, g_layers, sw, sw_perf, sw_en, en, gran, area, rtl,
           rtl_pe, elapsed, chain, cperf, cen):
    L = []
    w = L.append
    rel = os.path.relpath(a.plots, os.path.dirname(os.path.abspath(a.md)) or ".")
    w("# SCNN evaluation results (generated by `make eval` - do not edit)\n")
    w(f"Generated by `eval/run_eval.py` in {elapsed:.0f} s. Every number below is computed by the "
      "run from the cycle-level C model's JSON reports (**model**), the energy model "
      "`eval/energy.py` applied to those reports (**model+energy**, method in "
      "[energy.md](energy.md)), or, where the files exist, the synthesis report (**synthesis**) "
      "and RTL reports (**RTL**). The paper's figures (**paper**) carry the tags of "
      "docs/spec.md: [P] quoted from the paper, [S] from secondary summaries, [R] recalled. "
      "Architecture: "
      f"{p.PE_ROWS}x{p.PE_COLS} PEs, F={p.F}, I={p.I}, {p.PE_COUNT * p.MULTS} multipliers "
      "(params/scnn_params.toml). Data: the model's seeded synthetic generator (seed 1) at the "
      "docs/spec.md section 7 densities. Every network is run **per layer at the catalog "
      "densities** (`scnn run --net NET --layer L`: each layer on its own generated input and "
      "weights; not chained); these runs are the ones set against the paper (section 1). "
      f"{' and '.join(CHAINED)} are also run **chained** (`scnn run --net NET`: each layer's "
      "input is the previous layer's output after ReLU and pooling); those runs are listed "
      "beside the per-layer ones, labelled *chained*, and not set against the paper "
      "(section 1.1 gives the reason).\n")
    w("Speedup = DCNN cycles / SCNN cycles of the same model (docs/microarch.md section 6). "
      "It factors exactly into *work reduction* (dense MACs / useful products) x "
      "(SCNN multiplier utilisation / DCNN multiplier utilisation), which the tables list so "
      "that every gap to the paper can be traced to a term.\n")

    # -- 1. performance
    w("## 1. Performance per network\n")
    w("Per layer at the catalog densities (model) against the paper; the last column is the "
      "chained run of the same network (model, section 1.1), which the diff column does not "
      "use.\n")
    rows = []
    for n in NETS:
        pf = perf[n]
        pv, tg = PAPER["speedup"][n]
        rows.append([n, "per layer, catalog densities", f"{pf['scnn']:,}",
                     f"{pf['dcnn']:,}", f"**{pf['speedup']:.2f}x**", f"{pv}x [{tg}]",
                     f"{pct_diff(pf['speedup'], pv):+.0f} %", f"{pf['work_red']:.2f}x",
                     f"{100 * pf['util']:.1f} %", f"{100 * pf['dcnn_util']:.1f} %",
                     f"{cperf[n]['speedup']:.2f}x" if n in CHAINED else "- (not run)"])
    mean = sum(perf[n]["speedup"] for n in NETS) / len(NETS)
    cmean = sum((cperf[n] if n in CHAINED else perf[n])["speedup"] for n in NETS) / len(NETS)
    pm, tm = PAPER["speedup_mean"]
    unchained = [n for n in NETS if n not in CHAINED]
    rows.append(["mean (arithmetic)", "", "", "", f"**{mean:.2f}x**", f"{pm}x [{tm}]",
                 f"{pct_diff(mean, pm):+.0f} %", "", "", "",
                 f"{cmean:.2f}x (" + ", ".join(unchained) + " per layer)" if unchained
                 else f"{cmean:.2f}x"])
    w(table(["network", "run", "SCNN cycles (model)", "DCNN cycles (model)", "speedup (model)",
             "speedup (paper)", "diff", "work reduction (model)", "SCNN util (model)",
             "DCNN util (model)", "speedup, chained run (model; not compared)"], rows))
    w("")
    w(f"![speedup per layer]({rel}/speedup_per_layer.png)\n")
    for n in NETS:
        pf, pv = perf[n], PAPER["speedup"][n][0]
        fr = losses[n]
        dens_in = [r["density_in"] for r in nets[n]]
        diff = pct_diff(pf["speedup"], pv)
        txt = (f"**{n}** (per layer): model {pf['speedup']:.2f}x vs paper {pv}x ({diff:+.0f} %). "
               f"The model removes {pf['work_red']:.2f}x of the dense work (useful products "
               f"are {100 / pf['work_red']:.1f} % of the dense MACs; mean input density of the "
               f"layers {100 * sum(dens_in) / len(dens_in):.1f} %), but SCNN keeps its "
               f"multipliers busy only {100 * pf['util']:.1f} % of the time against DCNN's "
               f"{100 * pf['dcnn_util']:.1f} %, so the speedup is {pf['work_red']:.2f} x "
               f"{pf['util']:.3f} / {pf['dcnn_util']:.3f} = {pf['speedup']:.2f}x. ")
        if abs(diff) > 15:
            ic = expt["ideal-crossbar"][n]["speedup"]
            txt += (f"The difference exceeds 15 %; the measured cause is the SCNN lane-cycle "
                    f"loss: the largest terms are {biggest_losses(fr)} of all multiplier "
                    f"lane-cycles (table in section 3). Removing the conflict stalls "
                    f"(`--ideal-crossbar`, section 1.2) gives {ic:.2f}x "
                    f"({pct_diff(ic, pv):+.0f} % from the paper). ")
        w(txt + "\n")

    # -- 1.1 chained runs
    w("### 1.1 Chained runs (model): listed, not set against the paper\n")
    w("The paper evaluates each network at the per-layer densities of the pruned networks, "
      "which are the catalog's (docs/spec.md section 7: the weight densities of Han et al., a "
      "dense input to the first layer, 40 % activation density elsewhere from the paper's "
      "50-70 % zero activations [P]). The per-layer runs use exactly those densities, so they "
      "are the like-for-like comparison. In a chained run each layer's input density is "
      "measured on the previous layer's output instead, and with synthetic data that density "
      "is an artefact: the generator's weights and activations have no spatial structure, "
      "so a max-pool window is rarely all zero and pooling raises the density well above the "
      "previous layer's output density. Same model, same weight densities; only the input "
      "activations differ (the first layer of each network gets the same generated input in "
      "both runs).\n")
    rows = []
    for n in CHAINED:
        a_, c_ = perf[n], cperf[n]
        di_p = [r["density_in"] for r in nets[n][1:]]
        di_c = [r["density_in"] for r in chain[n][1:]]
        rows.append([n, f"{a_['speedup']:.2f}x", f"{c_['speedup']:.2f}x",
                     f"{a_['work_red']:.2f}x", f"{c_['work_red']:.2f}x",
                     f"{100 * a_['util']:.1f} %", f"{100 * c_['util']:.1f} %",
                     f"{100 * sum(di_p) / len(di_p):.1f} %", f"{100 * sum(di_c) / len(di_c):.1f} %",
                     f"{PAPER['speedup'][n][0]}x [{PAPER['speedup'][n][1]}]"])
    w(table(["network", "speedup, per layer", "speedup, chained", "work reduction, per layer",
             "work reduction, chained", "SCNN util, per layer", "SCNN util, chained",
             "mean input density after layer 1, per layer", "same, chained", "paper speedup"],
            rows))
    w("")
    for n in CHAINED:
        a_, c_ = perf[n], cperf[n]
        prev = {r["name"]: q for q, r in zip([None] + chain[n][:-1], chain[n])}
        hi = [r for r in chain[n] if r.get("input_chained") and r["density_in"] > 0.6
              and prev[r["name"]] is not None]
        txt = (f"**{n}** chained: {c_['speedup']:.2f}x against {a_['speedup']:.2f}x per layer "
               f"({pct_diff(c_['speedup'], a_['speedup']):+.0f} %); work reduction "
               f"{c_['work_red']:.2f}x against {a_['work_red']:.2f}x, SCNN utilisation "
               f"{100 * c_['util']:.1f} % against {100 * a_['util']:.1f} % (DCNN cycles "
               f"{c_['dcnn']:,} against {a_['dcnn']:,}: DCNN uses SCNN's tiling, Kc and passes, "
               "which follow the data; docs/microarch.md section 6). ")
        if hi:
            txt += ("Chained inputs denser than 60 %: " + "; ".join(
                f"{r['name']} {100 * r['density_in']:.0f} % (previous layer's output "
                f"{100 * prev[r['name']]['density_out']:.0f} % dense"
                + (f", then {prev[r['name']]['pool_k']}x{prev[r['name']]['pool_k']} max-pool"
                   if prev[r['name']].get('pool_k') else "") + ")"
                for r in hi[:4]) + ". ")
        w(txt + "\n")

    w("### 1.2 Experiments: how much of the gap is crossbar conflicts (model options)\n")
    w("Two options of `scnn run` that are *not* the contract (docs/dataflow.md section 6): "
      "`--ideal-crossbar` lets every pair issue in one cycle (no bank-conflict stalls), "
      "`--weight-order k-fastest` orders a weight block with the output channel fastest "
      "(docs/dataflow.md proposes it to keep the products of one pair off a common "
      "accumulator entry). Same data (the per-layer runs of section 1), same values.\n")
    rows = []
    for n in NETS:
        pv, tg = PAPER["speedup"][n]
        ic, kf = expt["ideal-crossbar"][n], expt["k-fastest"][n]
        rows.append([n, f"{perf[n]['speedup']:.2f}x", f"{kf['speedup']:.2f}x",
                     f"{ic['speedup']:.2f}x", f"{100 * ic['util']:.1f} %", f"{pv}x [{tg}]"])
    w(table(["network", "contract (model)", "k-fastest weights (model)",
             "ideal crossbar (model)", "SCNN util, ideal crossbar", "paper"], rows))
    w("")

    w("### 1.3 Ablation: bank queues, weight order, halo overlap (model)\n")
    w("The machine with each of the three choices of issue 13 alone and together, on the same "
      "per-layer data as section 1 (`scnn run` options `--xbar-qdepth`, `--weight-order`, "
      "`--halo-overlap`; docs/microarch.md 4.3, 3, 5.6; the RTL implements every row). "
      "Speedup over DCNN, and the conflict and halo shares of all multiplier lane-cycles.\n")
    rows = []
    for tag, opt in ABLATION:
        row = [ABLATION_NAMES[tag], "`" + " ".join(opt) + "`"]
        for n in NETS:
            x = a.abl[tag][n]
            row += [f"{x['speedup']:.2f}x", f"{100 * x['loss'].get('conflict', 0):.1f}",
                    f"{100 * x['loss'].get('halo', 0):.1f}"]
        rows.append(row)
    w(table(["configuration", "options"] +
            [h for n in NETS for h in (f"{n} speedup", "confl %", "halo %")], rows))
    w("\nThe default parameters (`XBAR_QDEPTH` = %d, `WEIGHT_ORDER` = %s, `HALO_OVERLAP` = %d) "
      "are the rows of section 1.\n" % (p.XBAR_QDEPTH, "krs" if p.WEIGHT_ORDER == 0 else "rsk",
                                        p.HALO_OVERLAP))
    w("### 1.4 Bank-queue depth against PE area (model; synthesis)\n")
    w("Halo overlap on, weight order krs, queue depth `XBAR_QDEPTH` swept; the PE area is the "
      "whole-PE total of the synthesis report of that depth "
      "(`make synth BUILD=build/synth-qQ PARAMS=\"XBAR_QDEPTH=Q\"`; 16 nm estimate), where "
      "the report exists.\n")
    rows = []
    for q in QDEPTHS:
        x = a.qsw[q]
        ar = f"{x['area']:.4f}" if x["area"] is not None else "not measured"
        rows.append([q] + [f"{x['perf'][n]['speedup']:.2f}x" for n in NETS] + [ar])
    w(table(["XBAR_QDEPTH"] + [f"{n} speedup (model)" for n in NETS] +
            ["PE mm^2 at 16 nm (synthesis)"], rows))
    if a.qpng:
        w(f"\n![queue depth sweep]({os.path.relpath(a.qpng, os.path.dirname(a.md))})\n")
    w("")

    # per-layer tables
    w("### Per-layer performance (model)\n")
    w("Per layer at the catalog densities; for " + " and ".join(CHAINED) + " the last three "
      "columns are the same layer in the chained run.\n")
    for n in NETS:
        w(f"#### {n}\n")
        keys = [k for k in nets[n][0]["lane_cycles"] if k != "total"]
        rows = []
        for i, r in enumerate(nets[n]):
            lc = r["lane_cycles"]
            row = [r["name"], r["kc"], r["passes"], f"{100 * r['density_in']:.1f}",
                   f"{100 * r['density_w']:.1f}", f"{r['cycles']:,}", f"{r['dcnn_cycles']:,}",
                   f"{r['speedup']:.2f}", f"{100 * r['utilisation']:.1f}"] + \
                [f"{100 * lc[k] / lc['total']:.1f}" for k in keys]
            if n in CHAINED:
                c = chain[n][i]
                row += [f"{100 * c['density_in']:.1f}", f"{c['speedup']:.2f}",
                        f"{100 * c['utilisation']:.1f}"]
            rows.append(row)
        w(table(["layer", "Kc", "passes", "in dens %", "w dens %", "SCNN cyc", "DCNN cyc",
                 "speedup", "util %"] + [f"{k} %" for k in keys] +
                (["chained: in dens %", "chained: speedup", "chained: util %"]
                 if n in CHAINED else []), rows))
        w("")
    g = nets["googlenet"]
    late = [r for r in g if r["R"] == 1 and r["S"] == 1 and r["H"] <= 7]
    if late:
        u = [r["utilisation"] for r in late]
        pv, tg = PAPER["late_1x1_util"]
        w(f"GoogLeNet's late 1x1 layers (7x7 planes, {len(late)} layers): model utilisation "
          f"{100 * min(u):.1f} - {100 * max(u):.1f} % (Kc {min(r['kc'] for r in late)} - "
          f"{max(r['kc'] for r in late)}); paper: below {100 * pv:.0f} % [{tg}] with Kc = 8 [{tg}].\n")

    # -- 2. sweep
    w("## 2. Density sweep (GoogLeNet, weight density = activation density)\n")
    if len(g_layers) == len(cat["googlenet"]):
        w(f"All {len(g_layers)} GoogLeNet layers at each density, generated with "
          "`scnn gen --wdens d --adens d --seed 1`, each run as a single layer.\n")
    else:
        w(f"Subset of {len(g_layers)} GoogLeNet layers (every n-th of the catalog): "
          f"{', '.join(g_layers)}.\n")
    w(f"![density sweep]({rel}/density_sweep.png)\n")
    rows = []
    sp = [sw_perf[d]["speedup"] for d in DENSITIES]
    er = [E.total(sw_en[d]["scnn"]) / E.total(sw_en[d]["dcnn"]) for d in DENSITIES]
    for d, s_, e_ in zip(DENSITIES, sp, er):
        pf = sw_perf[d]
        rows.append([f"{d:.1f}", f"{pf['scnn']:,}", f"{pf['dcnn']:,}", f"{s_:.2f}x",
                     f"{100 * pf['util']:.1f} %", f"{100 * e_:.1f} %",
                     f"{100 * E.total(sw_en[d]['scnn']) / E.total(sw_en[d]['dcnn_opt']):.1f} %"])
    w(table(["density", "SCNN cycles", "DCNN cycles", "SCNN speedup", "SCNN util",
             "SCNN energy / DCNN", "SCNN energy / DCNN-opt"], rows))
    w("\n(all model / model+energy)\n")
    xo = crossover(DENSITIES, sp)
    xe = crossover(DENSITIES, [1 / x for x in er])
    rows = [
        ["performance at density 1.0 (SCNN/DCNN)", f"{100 * sp[-1]:.0f} %",
         fmt_tag(f"{100 * PAPER['dense_perf'][0]:.0f} %", PAPER['dense_perf'][1]),
         f"{pct_diff(sp[-1], PAPER['dense_perf'][0]):+.0f} %"],
        ["energy at density 1.0 (SCNN/DCNN)", f"{er[-1]:.2f}x",
         fmt_tag(f"{PAPER['dense_energy'][0]}x", PAPER['dense_energy'][1]),
         f"{pct_diff(er[-1], PAPER['dense_energy'][0]):+.0f} %"],
        ["speedup at density 0.1", f"{sp[0]:.1f}x",
         fmt_tag(f"{PAPER['d01_speedup'][0]:.0f}x", PAPER['d01_speedup'][1]),
         f"{pct_diff(sp[0], PAPER['d01_speedup'][0]):+.0f} %"],
        ["energy at density 0.1 (SCNN/DCNN)", f"{100 * er[0]:.1f} %",
         fmt_tag(f"{100 * PAPER['d01_energy'][0]:.0f} %", PAPER['d01_energy'][1]),
         f"{pct_diff(er[0], PAPER['d01_energy'][0]):+.0f} %"],
        ["performance crossover density", f"{xo:.2f}" if xo else "none in 0.1-1.0",
         fmt_tag(f"~{PAPER['crossover'][0]}", PAPER['crossover'][1]),
         f"{pct_diff(xo, PAPER['crossover'][0]):+.0f} %" if xo else "-"],
        ["energy crossover density", f"{xe:.2f}" if xe else "none in 0.1-1.0", "-", "-"],
    ]
    w(table(["figure", "model", "paper", "diff"], rows))
    w("")
    d1, d0 = sw[1.0], sw[0.1]
    f1, f0 = loss_fracs(d1), loss_fracs(d0)
    pf1, pf0 = sw_perf[1.0], sw_perf[0.1]
    w(f"At density 1.0 nearly every dense MAC is a useful product (work reduction "
      f"{pf1['work_red']:.2f}x), so SCNN's speed relative to DCNN is its utilisation "
      f"{100 * pf1['util']:.1f} % over DCNN's {100 * pf1['dcnn_util']:.1f} %; SCNN's largest "
      f"losses there are {biggest_losses(f1, 3)} of the lane-cycles. At density 0.1 the "
      f"work reduction is {pf0['work_red']:.1f}x and utilisation {100 * pf0['util']:.1f} % "
      f"(largest losses {biggest_losses(f0, 3)}), giving {sp[0]:.1f}x. "
      "\n")
    ideal = {d: net_perf([r["_ideal"] for r in sw[d]], p.PE_COUNT * p.MULTS) for d in IDEAL_AT}
    w(f"Experiment (`--ideal-crossbar`, no bank-conflict stalls; not the contract): density 1.0 "
      f"gives {100 * ideal[1.0]['speedup']:.0f} % of DCNN's performance (paper "
      f"{100 * PAPER['dense_perf'][0]:.0f} % [{PAPER['dense_perf'][1]}]), density 0.1 "
      f"{ideal[0.1]['speedup']:.1f}x (paper {PAPER['d01_speedup'][0]:.0f}x "
      f"[{PAPER['d01_speedup'][1]}]), so the conflict term accounts for the part of the gap "
      "between the contract's figures and these.\n")
    e1 = sw_en[1.0]
    dif = sorted(((e1["scnn"][c] - e1["dcnn"][c], c) for c in E.COMPONENTS),
                 key=lambda t: -abs(t[0]))[:3]
    w(f"Energy at density 1.0: SCNN {E.total(e1['scnn']) / 1e6:.1f} uJ vs DCNN "
      f"{E.total(e1['dcnn']) / 1e6:.1f} uJ; the components that differ most (SCNN - DCNN) are "
      + ", ".join(f"{c} {v / 1e6:+.1f} uJ" for v, c in dif) +
      f" (DRAM is {100 * e1['scnn']['dram'] / E.total(e1['scnn']):.0f} % of SCNN's energy at this "
      "point). At density 0.1 SCNN uses "
      f"{100 * er[0]:.1f} % of DCNN's energy (on-chip only: "
      f"{100 * E.on_chip(sw_en[0.1]['scnn']) / E.on_chip(sw_en[0.1]['dcnn']):.1f} %).\n")

    # -- 3. loss + energy
    w("## 3. Where the cycles go: lane-cycle breakdown per network (model)\n")
    w(f"![loss breakdown]({rel}/loss_breakdown.png)\n")
    keys = list(losses[NETS[0]].keys())
    w(table(["network"] + keys, [[n] + [f"{100 * losses[n][k]:.1f} %" for k in keys]
                                 for n in NETS]))
    w("\nEach multiplier lane-cycle of the SCNN run (cycles x multipliers) is either *useful* "
      "(a valid product) or lost to one cause (docs/dataflow.md, the model's report). "
      "*conflict*: crossbar bank conflicts - a pair issues for as many cycles as the most "
      "loaded accumulator bank; *fragmentation*: lanes left empty by vectors shorter than "
      "F or I and invalid (out-of-plane, placeholder) products; *imbalance*: PEs idle at the "
      "output-channel-group barrier; *halo*/*drain*: exchange and drain not hidden by the "
      "double buffer; *clear*: clearing a job's accumulator buffer; *fifo_and_pipeline*: "
      "waiting for weight vectors and the multiplier-to-accumulator pipeline. DRAM stalls are not modelled (the model has no DRAM bandwidth limit; "
      "its DRAM traffic is counted and priced in the energy model).\n")

    w("## 4. Energy (model+energy)\n")
    w(f"![energy breakdown]({rel}/energy_breakdown.png)\n")
    pe, pt = PAPER["energy_vs_dcnn"]
    pp, ppt = PAPER["energy_opt_vs_dcnn"]
    po, pto = PAPER["energy_vs_dcnn_opt"]
    w(f"The paper gives SCNN's energy improvement over DCNN ({pe}x [{pt}], DCNN/SCNN) and "
      f"DCNN-opt's improvement over DCNN ({pp}x [{ppt}], DCNN/DCNN-opt); SCNN's improvement "
      f"over DCNN-opt (DCNN-opt/SCNN) is not quoted but follows from the two: "
      f"{pe} / {pp} = {po:.2f}x (docs/spec.md section 8). Each model ratio below stands next "
      "to the paper's figure for the same ratio. Per-layer runs at the catalog densities "
      "(section 1).\n")
    rows = []
    ratios = {n: energy_ratios(en[n][0]) for n in NETS}
    keys = ("dcnn_scnn", "dcnn_opt", "opt_scnn", "dcnn_scnn_oc", "dcnn_opt_oc", "opt_scnn_oc")
    for n in NETS:
        acc, q = en[n][0], ratios[n]
        ts, td, to = (E.total(acc[m]) for m in ("scnn", "dcnn", "dcnn_opt"))
        rows.append([n, f"{ts / 1e6:.1f}", f"{td / 1e6:.1f}", f"{to / 1e6:.1f}"] +
                    [f"**{q[k]:.2f}x**" for k in keys[:3]] + [f"{q[k]:.2f}x" for k in keys[3:]] +
                    [f"{100 * q['dram_share']:.0f} %"])
    mean = {k: sum(ratios[n][k] for n in NETS) / len(NETS) for k in keys}
    rows.append(["mean", "", "", ""] + [f"**{mean[k]:.2f}x**" for k in keys[:3]] +
                [f"{mean[k]:.2f}x" for k in keys[3:]] + [""])
    rows.append(["paper", "", "", "", f"{pe}x [{pt}]", f"{pp}x [{ppt}]", f"{po:.2f}x [{pto}]",
                 "", "", "", ""])
    w(table(["network", "SCNN uJ", "DCNN uJ", "DCNN-opt uJ", "DCNN/SCNN", "DCNN/DCNN-opt",
             "DCNN-opt/SCNN", "DCNN/SCNN on-chip", "DCNN/DCNN-opt on-chip",
             "DCNN-opt/SCNN on-chip", "DRAM share of SCNN"], rows))
    lr = [E.total(l["dcnn"]) / E.total(l["scnn"]) for n in NETS for l in en[n][1]]
    (lo, hi), tg = PAPER["energy_layer_range"]
    w(f"\nPer-layer DCNN/SCNN energy ratio (all {len(lr)} layers): {min(lr):.2f}x - "
      f"{max(lr):.2f}x (paper: {lo}x - {hi}x [{tg}]).\n")
    d_e = pct_diff(mean["dcnn_scnn"], pe)
    d_p = pct_diff(mean["dcnn_opt"], pp)
    d_o = pct_diff(mean["opt_scnn"], po)
    w(f"Model vs paper: DCNN/SCNN {mean['dcnn_scnn']:.2f}x vs {pe}x ({d_e:+.0f} %), "
      f"DCNN/DCNN-opt {mean['dcnn_opt']:.2f}x vs {pp}x ({d_p:+.0f} %), DCNN-opt/SCNN "
      f"{mean['opt_scnn']:.2f}x vs {po:.2f}x ({d_o:+.0f} %; the paper's value derived). ")
    comp_share = {c: sum(en[n][0]["scnn"][c] for n in NETS) for c in E.COMPONENTS}
    tot = sum(comp_share.values())
    top = sorted(comp_share.items(), key=lambda kv: -kv[1])[:3]
    w("SCNN's energy is led by " + ", ".join(f"{c} {100 * v / tot:.0f} %" for c, v in top) +
      " (summed over the three networks).\n")
    # DCNN-opt / SCNN: same DRAM bytes, so an exact mix of 1 (DRAM) and the on-chip ratio
    parts = []
    for n in NETS:
        q = ratios[n]
        need = dram_share_for(q["opt_scnn_oc"], po)
        parts.append(f"{n}: s = {100 * q['dram_share']:.0f} % and x = {q['opt_scnn_oc']:.2f}x "
                     f"give {q['opt_scnn']:.2f}x (the paper's {po:.2f}x would take s = "
                     + (f"{100 * need:.0f} %)" if need is not None else
                        f"none in 0-100 %, x is {'below' if q['opt_scnn_oc'] < po else 'at'}"
                        f" {po:.2f}x)"))
    w("*DCNN-opt/SCNN.* DCNN-opt moves SCNN's compressed DRAM bytes (docs/energy.md), so "
      "its ratio to SCNN is exactly s + (1 - s) x, with s the DRAM share of SCNN's energy and "
      "x the on-chip DCNN-opt/SCNN ratio: " + "; ".join(parts) + ". "
      f"On-chip alone the mean is {mean['opt_scnn_oc']:.2f}x. ")
    if mean["opt_scnn"] >= po:
        w(f"The model's total ratio is at or above the paper's {po:.2f}x. ")
    elif mean["opt_scnn_oc"] > po:
        w(f"That is above the paper's {po:.2f}x, so it is the DRAM share (set by the "
          "docs/spec.md section 11 DRAM energy per bit against on-chip events scaled by the "
          "45->16 nm factor of energy.md) that pulls the model's total ratio below the "
          "paper's. ")
    else:
        w(f"That is below the paper's {po:.2f}x too, so no DRAM share closes the gap; it is "
          "in the on-chip terms. ")
    dif = {c: sum(en[n][0]["dcnn_opt"][c] - en[n][0]["scnn"][c] for n in NETS)
           for c in E.COMPONENTS if c != "dram"}
    top = sorted(dif.items(), key=lambda kv: -abs(kv[1]))[:4]
    w("The on-chip components that differ most between DCNN-opt and SCNN (DCNN-opt - SCNN, "
      "summed over the three networks) are " +
      ", ".join(f"{c} {v / 1e6:+.1f} uJ" for c, v in top) + ": with zero operands gated as "
      "docs/spec.md section 11 defines DCNN-opt (no multiply or accumulate energy for them), "
      "DCNN-opt keeps mainly its dense buffer reads as overhead.\n")
    # DCNN / DCNN-opt: a mix of the DRAM ratio and the on-chip ratio, weighted by DCNN-opt's
    # DRAM share
    sd = {m: sum(en[n][0][m]["dram"] for n in NETS) for m in ("scnn", "dcnn", "dcnn_opt")}
    so = {m: sum(E.on_chip(en[n][0][m]) for n in NETS) for m in ("scnn", "dcnn", "dcnn_opt")}
    sh_o = sd["dcnn_opt"] / (sd["dcnn_opt"] + so["dcnn_opt"])
    w(f"*DCNN/DCNN-opt.* The two differ in DRAM bytes (DCNN's uncompressed 16-bit values "
      f"against the compressed format: DCNN/DCNN-opt DRAM energy {sd['dcnn'] / sd['dcnn_opt']:.2f}x "
      f"summed over the three networks) and in the gated multiplies and accumulations "
      f"(on-chip {so['dcnn'] / so['dcnn_opt']:.2f}x). Weighted by DCNN-opt's DRAM share "
      f"s = {100 * sh_o:.0f} % (s x DRAM ratio + (1 - s) x on-chip ratio), these give "
      f"{sh_o:.3f} x {sd['dcnn'] / sd['dcnn_opt']:.2f} + {1 - sh_o:.3f} x "
      f"{so['dcnn'] / so['dcnn_opt']:.2f} = "
      f"{(sd['dcnn'] + so['dcnn']) / (sd['dcnn_opt'] + so['dcnn_opt']):.2f}x "
      f"for the three networks together (the mean of the per-network ratios is "
      f"{mean['dcnn_opt']:.2f}x, paper {pp}x [{ppt}]).\n")
    if abs(d_e) > 15:
        w(f"*DCNN/SCNN.* The DRAM share ties the ratio to the DRAM traffic ratio, which is "
          f"{sd['dcnn'] / sd['scnn']:.2f}x (uncompressed 16-bit values vs compressed 20-bit "
          "entries) over the three networks.\n")
    # the chained runs (not compared)
    rows = []
    for n in CHAINED:
        q = energy_ratios(cen[n][0])
        ai_p = sum(r["dram_bytes"]["activations_in"] for r in nets[n]) / \
            sum(r["dram_bytes"]["total"] for r in nets[n])
        ai_c = sum(r["dram_bytes"]["activations_in"] for r in chain[n]) / \
            sum(r["dram_bytes"]["total"] for r in chain[n])
        rows.append([f"{n} (chained)", f"{E.total(cen[n][0]['scnn']) / 1e6:.1f}",
                     f"{q['dcnn_scnn']:.2f}x", f"{q['dcnn_opt']:.2f}x", f"{q['opt_scnn']:.2f}x",
                     f"{100 * q['dram_share']:.0f} %", f"{100 * ai_c:.0f} %",
                     f"{100 * ai_p:.0f} %"])
    w("Chained runs (section 1.1; not set against the paper), same energy model. A chained "
      "layer reads its input from the previous layer's OARAM where it fits, a per-layer run "
      "loads it from DRAM; the last two columns give the input activations' share of SCNN's "
      "DRAM bytes in each:\n")
    w(table(["network", "SCNN uJ", "DCNN/SCNN", "DCNN/DCNN-opt", "DCNN-opt/SCNN",
             "DRAM share of SCNN", "input activations in SCNN DRAM bytes, chained",
             "same, per layer"], rows))
    w("")
    rows = []
    for n in NETS:
        acc = en[n][0]
        for m in ("scnn", "dcnn", "dcnn_opt"):
            t = E.total(acc[m])
            rows.append([n, m] + [f"{100 * acc[m][c] / t:.1f}" for c in E.COMPONENTS])
    w(table(["network", "machine"] + [f"{c} %" for c in E.COMPONENTS], rows))
    w("")
    ee = E.event_energies(p)
    w("Per-event energies used (16 nm, pJ; derivation in energy.md): " +
      ", ".join(f"{k} {v:.4g}" for k, v in ee.items()) + ".\n")
    # sensitivity to the DRAM energy per bit (the dominant assumption)
    lo, hi = E.HOROWITZ_45NM["dram64_pj"]
    rows = []
    for label, bit in ((f"{lo / 1000:.2f} nJ / 64 bit (low end)", lo / 64),
                       ("midpoint (used above)", ee["dram_bit"]),
                       (f"{hi / 1000:.2f} nJ / 64 bit (high end)", hi / 64),
                       ("0 (on-chip only)", 0.0)):
        e2 = dict(ee, dram_bit=bit)
        rr = []
        for n in NETS:
            acc = {m: {c: 0.0 for c in E.COMPONENTS} for m in ("scnn", "dcnn", "dcnn_opt")}
            for r in nets[n]:
                le = E.layer_energies(r, p, e2)
                for m in acc:
                    for c, v in le[m].items():
                        acc[m][c] += v
            q = energy_ratios(acc)
            rr.append((q["dcnn_scnn"], q["dcnn_opt"], q["opt_scnn"]))
        rows.append([label, f"{bit:.1f}"] + [" / ".join(f"{x:.2f}x" for x in t) for t in rr] +
                    [" / ".join(f"{sum(t[i] for t in rr) / len(rr):.2f}x" for i in range(3))])
    w("Sensitivity to the DRAM energy per bit (docs/spec.md section 11 gives a range), "
      "DCNN/SCNN / DCNN/DCNN-opt / DCNN-opt/SCNN (model+energy):\n")
    w(table(["DRAM energy", "pJ/bit"] + list(NETS) + ["mean"], rows))
    w(f"\nPaper: {pe}x [{pt}] / {pp}x [{ppt}] / {po:.2f}x [{pto}].\n")
    w("#### Per-layer energy (model+energy, uJ)\n")
    rows = []
    for n in NETS:
        for r, le in zip(nets[n], en[n][1]):
            ts, td, to = (E.total(le[m]) for m in ("scnn", "dcnn", "dcnn_opt"))
            rows.append([n, r["name"], f"{ts / 1e6:.2f}", f"{td / 1e6:.2f}", f"{to / 1e6:.2f}",
                         f"{td / ts:.2f}x", f"{td / to:.2f}x", f"{to / ts:.2f}x",
                         f"{E.on_chip(le['dcnn']) / E.on_chip(le['scnn']):.2f}x"])
    w(table(["network", "layer", "SCNN", "DCNN", "DCNN-opt", "DCNN/SCNN", "DCNN/DCNN-opt",
             "DCNN-opt/SCNN", "DCNN/SCNN on-chip"], rows))
    w("")

    # -- 5. granularity
    w("## 5. PE granularity (64 PEs x 16 multipliers vs 4 PEs x 256)\n")
    if gran is None:
        w("Not run: the 4-PE model build was not given.\n")
    else:
        p4 = gran["p4"]
        w(f"Second model build with PE_ROWS={p4.PE_ROWS} PE_COLS={p4.PE_COLS} F={p4.F} I={p4.I} "
          f"BANK_BITS={p4.BANK_BITS} (A = {p4.A} = 2FI banks), IARAM/OARAM {p4.IARAM_DEPTH} entries "
          f"(the 64-PE totals, as the PE count is 16x smaller), same number of multipliers "
          f"({p4.PE_COUNT * p4.MULTS}). Everything else as the base build.\n")
        rows = []
        u64 = []
        u4 = []
        for n in NETS:
            a_, b_ = perf[n], gran["perf"][n]
            u64.append(a_["util"])
            u4.append(b_["util"])
            rows.append([n, f"{100 * a_['util']:.1f} %", f"{100 * b_['util']:.1f} %",
                         f"{a_['speedup']:.2f}x", f"{b_['speedup']:.2f}x",
                         biggest_losses(gran["loss"][n])])
        rows.append(["mean", f"{100 * sum(u64) / 3:.1f} %", f"{100 * sum(u4) / 3:.1f} %", "", "", ""])
        rows.append(["paper", fmt_tag(f"{100 * PAPER['util_64x16'][0]:.0f} %", "S"),
                     fmt_tag(f"{100 * PAPER['util_4x256'][0]:.0f} %", "S"), "", "", ""])
        w(table(["network", "util 64x16 (model)", "util 4x256 (model)", "speedup 64x16",
                 "speedup 4x256", "largest losses 4x256"], rows))
        c64 = sum(losses[n].get("conflict", 0) for n in NETS) / len(NETS)
        c4 = sum(gran["loss"][n].get("conflict", 0) for n in NETS) / len(NETS)
        w(f"\nThe coarse configuration's mean conflict loss is {100 * c4:.1f} % of the lane-cycles "
          f"against {100 * c64:.1f} % for 64x16 (a 16x16 pair routes 256 products into "
          f"{p4.A} banks and issues for as many cycles as its most loaded bank). The ratio of the "
          f"mean utilisations is {sum(u4) / sum(u64):.2f} (paper: "
          f"{PAPER['util_4x256'][0] / PAPER['util_64x16'][0]:.2f} [S]); the absolute "
          "utilisations are lower than the paper's for the reasons of section 1.\n")

    # -- 6. area
    w("## 6. Area (synthesis)\n")
    if area is None:
        w("Not available: build/synth/report.json does not exist (run `make synth`, then "
          "`make eval`).\n")
    elif area == "bad":
        w("build/synth/report.json exists but is not in the expected format; skipped.\n")
    else:
        w(f"![area breakdown]({rel}/area_breakdown.png)\n")
        w(table(["component", "mm^2 per PE at 16 nm (synthesis)", "paper mm^2", "diff",
                 "source", "status"],
                [[nm, f"{v:.4f}" if isinstance(v, (int, float)) else "-",
                  f"{pv} [{tg}]" if pv is not None else "-",
                  f"{pct_diff(v, pv):+.0f} %" if isinstance(v, (int, float)) and pv else "-",
                  src, st] for nm, v, pv, tg, st, src in area]))
        far = [f"{nm} ({pct_diff(v, pv):+.0f} %, {src})" for nm, v, pv, tg, st, src in area
               if isinstance(v, (int, float)) and pv and abs(pct_diff(v, pv)) > 15]
        if far:
            w("\nRows more than 15 % from the paper: " + "; ".join(far) + ". The area flow's "
              "own report (build/synth/report.md, synth/README.md) gives the per-row method "
              "(standard-cell synthesis vs the SRAM memory model); `make eval` does not "
              "re-derive it.")
        w("\nSource: build/synth/report.json from `make synth` (tags of the paper column: "
          "see docs/spec.md section 8 and synth/report.md).\n")

    # -- 7. RTL
    w("## 7. RTL confirmation\n")
    if rtl_pe:
        w("PE level: `make eval` runs "
          "`make verify-pe` on every AlexNet layer (the bundle `scnn gen --seed 1` makes: the "
          "generator and catalog densities of section 1's per-layer runs, but seed 1 where "
          "those use the network run's per-layer seed 1000 + layer index, so the data and "
          "cycle counts are not section 1's): the busiest PE (most C-model compute cycles) runs every job of "
          "the layer on the Verilator-compiled RTL, checked through DPI against the C model "
          "(accumulator banks, halo words, output blocks, cycles). Compute cycles of that PE, "
          "summed over the layer's jobs:\n")
        rows = []
        for r in rtl_pe:
            if r["ok"]:
                same = "identical" if r["rtl"] == r["model"] else f"{r['rtl'] - r['model']:+,d}"
                rows.append([f"{r['net']}/{r['layer']}", r["pe"], r["jobs"], f"{r['rtl']:,}",
                             f"{r['model']:,}", same])
            else:
                rows.append([r["layer"], "-", "-", "FAIL", "-", r["why"]])
        w(table(["layer", "PE (x,y)", "jobs", "compute cycles (RTL)", "compute cycles (model)",
                 "RTL vs model"], rows))
        w("")
    if not rtl:
        w("Whole-layer RTL cycles (the array, issue 5): not available yet. No "
          "build/verify/*/rtl_report.json exists; when `make verify` on the array writes one, "
          "`make eval` lists it here next to the model.\n")
    else:
        rows = []
        for f in rtl:
            try:
                d = json.load(open(f))
                if not isinstance(d, dict):
                    raise ValueError("not a JSON object")
                rows.append([f, d.get("cycles", "-"), d.get("model_cycles", "-"),
                             "PASS" if d.get("pass") else "FAIL"])
            except (OSError, ValueError) as ex:
                rows.append([f, f"unreadable: {ex}", "-", "-"])
        w(table(["RTL report (make verify)", "RTL cycles", "C-model cycles", "result"], rows))
        w("")
    return "\n".join(L) + "\n"


if __name__ == "__main__":
    main()
