# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""Plots of `make eval` (matplotlib, Agg backend, PNG).  Each function takes numbers
already computed by run_eval.py and writes one file atomically (tmp + rename)."""

import os

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

PAPER_SPEEDUP = {"alexnet": 2.37, "googlenet": 2.19, "vgg16": 3.52}   # docs/spec.md section 8 [S]


def _save(fig, path):
    tmp = path + ".tmp.png"
    fig.tight_layout()
    fig.savefig(tmp, dpi=100)
    plt.close(fig)
    os.replace(tmp, path)


def speedup_per_layer(nets, path, chained=None):
    """nets: {net: [layer report dicts]}; bars of the model's per-layer speedup.  chained:
    optional {net: [layer report dicts]} of chained runs of the same layers, drawn as
    markers over the bars."""
    chained = chained or {}
    fig, axes = plt.subplots(len(nets), 1, figsize=(12, 3.2 * len(nets)))
    axes = axes if len(nets) > 1 else [axes]
    for ax, (n, layers) in zip(axes, nets.items()):
        x = range(len(layers))
        ax.bar(list(x), [r["speedup"] for r in layers], color="#3070b0",
               label="model, per layer at the catalog densities")
        if n in chained:
            if [r["name"] for r in chained[n]] != [r["name"] for r in layers]:
                raise ValueError(f"{n}: chained and per-layer runs list different layers")
            ax.plot(list(x), [r["speedup"] for r in chained[n]], "o", color="#e08020",
                    label="model, chained run (not compared)")
        ax.axhline(1.0, color="black", lw=0.8)
        if n in PAPER_SPEEDUP:
            ax.axhline(PAPER_SPEEDUP[n], color="#c03030", ls="--",
                       label=f"paper network speedup {PAPER_SPEEDUP[n]}x [S]")
        ax.set_xticks(list(x))
        ax.set_xticklabels([r["name"].replace("inception_", "") for r in layers], rotation=90,
                           fontsize=6 if len(layers) > 20 else 8)
        ax.set_ylabel("speedup over DCNN")
        ax.set_title(f"{n}: SCNN speedup per layer (model)")
        ax.legend(fontsize=7)
    _save(fig, path)


def loss_breakdown(fracs, path):
    """fracs: {net: {term: fraction of lane-cycles}} (useful included); stacked bars."""
    nets = list(fracs)
    keys = list(fracs[nets[0]])
    fig, ax = plt.subplots(figsize=(8, 4.5))
    bottom = [0.0] * len(nets)
    cmap = plt.get_cmap("tab10")
    for i, k in enumerate(keys):
        v = [100 * fracs[n].get(k, 0.0) for n in nets]
        ax.bar(nets, v, bottom=bottom, label=k, color=cmap(i % 10))
        bottom = [b + x for b, x in zip(bottom, v)]
    ax.set_ylabel("% of multiplier lane-cycles")
    ax.set_title("SCNN multiplier lane-cycles: useful work and losses (model)")
    ax.legend(fontsize=8, bbox_to_anchor=(1.02, 1), loc="upper left")
    _save(fig, path)


def density_sweep(dens, speedup, e_dcnn, e_opt, path):
    """speedup: SCNN speedup over DCNN; e_dcnn / e_opt: DCNN (opt) energy / SCNN energy."""
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(11, 4.2))
    a1.plot(dens, speedup, "o-", color="#3070b0", label="SCNN / DCNN performance (model)")
    a1.axhline(1.0, color="black", lw=0.8)
    a1.plot([1.0], [0.79], "s", color="#c03030", label="paper 0.79 at 1.0 [S]")
    a1.plot([0.1], [24.0], "s", color="#c03030", mfc="none", label="paper 24x at 0.1 [S]")
    a1.set_yscale("log")
    a1.set_xlabel("weight density = activation density")
    a1.set_ylabel("speedup over DCNN (log)")
    a1.set_title("GoogLeNet density sweep: performance")
    a1.legend(fontsize=7)
    a2.plot(dens, [1 / x for x in e_dcnn], "o-", color="#3070b0", label="SCNN / DCNN energy")
    a2.plot(dens, [1 / x for x in e_opt], "^-", color="#30a050", label="SCNN / DCNN-opt energy")
    a2.axhline(1.0, color="black", lw=0.8)
    a2.plot([1.0], [1.33], "s", color="#c03030", label="paper 1.33 at 1.0 [S]")
    a2.plot([0.1], [0.06], "s", color="#c03030", mfc="none", label="paper 0.06 at 0.1 [S]")
    a2.set_yscale("log")
    a2.set_xlabel("weight density = activation density")
    a2.set_ylabel("relative energy (log)")
    a2.set_title("GoogLeNet density sweep: energy (model+energy)")
    a2.legend(fontsize=7)
    _save(fig, path)


def energy_breakdown(acc, path):
    """acc: {net: {machine: {component: pJ}}}; stacked bars per network and machine,
    normalised to the DCNN energy of the same network (left) and absolute (right)."""
    labels, cols, norm = [], [], []
    for n, m in acc.items():
        ref = sum(m["dcnn"].values()) or 1.0
        for mach in ("scnn", "dcnn", "dcnn_opt"):
            labels.append(f"{n}\n{mach}")
            cols.append(m[mach])
            norm.append(ref)
    comps = list(cols[0])
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(14, 4.8))
    cmap = plt.get_cmap("tab10")
    for ax, scale, ylab in ((a1, norm, "energy / DCNN energy of the network"),
                            (a2, [1e6] * len(cols), "energy per inference (uJ)")):
        bottom = [0.0] * len(cols)
        for i, c in enumerate(comps):
            v = [col[c] / sc for col, sc in zip(cols, scale)]
            ax.bar(range(len(cols)), v, bottom=bottom, label=c, color=cmap(i % 10))
            bottom = [b + x for b, x in zip(bottom, v)]
        ax.set_xticks(range(len(cols)))
        ax.set_xticklabels(labels, fontsize=6)
        ax.set_ylabel(ylab)
    a1.set_title("Relative energy by component (model+energy, 16 nm)")
    a2.set_title("Absolute energy by component")
    a2.legend(fontsize=7, bbox_to_anchor=(1.01, 1), loc="upper left")
    _save(fig, path)


def area(rows, path):
    """rows: [(name, mm2 ours or None, mm2 paper or None, paper tag, status)]."""
    fig, ax = plt.subplots(figsize=(9, 4.2))
    x = range(len(rows))
    ax.bar([i - 0.2 for i in x], [r[2] or 0 for r in rows], width=0.4, color="#999999",
           label="paper (16 nm)")
    ax.bar([i + 0.2 for i in x], [r[1] or 0 for r in rows], width=0.4, color="#3070b0",
           label="synthesis + memory model, scaled to 16 nm")
    ax.set_xticks(list(x))
    ax.set_xticklabels([r[0] for r in rows], rotation=20, ha="right", fontsize=8)
    ax.set_ylabel("mm^2 per PE")
    ax.set_title("PE area breakdown (build/synth/report.json)")
    ax.legend(fontsize=8)
    _save(fig, path)


def queue_sweep(pts, path):
    """Speedup over DCNN against PE area, one point per bank-queue depth (pts: (area mm^2,
    {net: speedup}, depth))."""
    fig, ax = plt.subplots(figsize=(6, 4))
    nets = list(pts[0][1])
    for n in nets:
        xs = [a for a, _, _ in pts]
        ys = [sp[n] for _, sp, _ in pts]
        ax.plot(xs, ys, marker="o", label=n)
        for a, sp, q in pts:
            ax.annotate(f"Q={q}", (a, sp[n]), textcoords="offset points", xytext=(4, 4),
                        fontsize=7)
    ax.set_xlabel("PE area, mm^2 at 16 nm (synthesis)")
    ax.set_ylabel("speedup over DCNN (model)")
    ax.set_title("bank-queue depth: speedup against PE area")
    ax.legend()
    _save(fig, path)
