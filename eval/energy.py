# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""Energy model of SCNN, DCNN and DCNN-opt (docs/spec.md section 11; method in docs/energy.md).

Energy = sum over events of (event count x energy per event).  Every per-event energy is
built from the published 45 nm figures below (Horowitz, ISSCC 2014, as listed in
docs/spec.md section 11 - tag [R]: recalled there, not checked against the paper's text) and
scaled to 16 nm with one factor (Stillmaker & Baas 2017, tag [R], see ENERGY_45_TO_16).

Event counts:
  * SCNN: the cycle-level model's report counters (scnn run --report).
  * DCNN: derived from the layer shape, the model's tiling (Kc, passes) and the report's
    dense_macs (docs/energy.md section 4).
  * DCNN-opt: DCNN with zero-operand multiplies/accumulations gated (the model's count of
    products with two non-zero operands) and the compressed DRAM traffic of SCNN.

All energies are in pJ.  Nothing here runs the model: the functions take report dicts.
"""

import math

# --- Published 45 nm, 0.9 V figures (Horowitz, "Computing's energy problem (and what we can
# do about it)", ISSCC 2014, Fig. 1.1.9), as listed in docs/spec.md section 11 [R]. ---------
HOROWITZ_45NM = {
    "add8_pj": 0.03,        # 8-bit integer add
    "add32_pj": 0.1,        # 32-bit integer add
    "mult8_pj": 0.2,        # 8-bit integer multiply
    "mult32_pj": 3.1,       # 32-bit integer multiply
    # 64-bit read from an SRAM of the given size (bytes -> pJ)
    "sram64_pj": ((8 * 1024, 10.0), (32 * 1024, 20.0), (1024 * 1024, 100.0)),
    # DRAM: 1.3 - 2.6 nJ per 64-bit access; we use the midpoint
    "dram64_pj": (1300.0, 2600.0),
}

# Stillmaker & Baas, "Scaling equations for the accurate prediction of CMOS device
# performance from 180 nm to 7 nm", Integration 58 (2017): energy-per-operation factor
# from 45 nm to 16 nm.  Tag [R]: the value is recalled, not confirmed from the paper's
# table (the project could not read the table offline).  It multiplies every on-chip
# event equally, so it changes only the share of DRAM energy (DRAM interface energy is
# not a logic-node quantity and is NOT scaled).
ENERGY_45_TO_16 = 0.35
ENERGY_45_TO_16_TAG = "R"

# Crossbar traversal: no published figure in docs/spec.md section 11.  Project assumption [D]:
# one product crossing the (F*I) x A crossbar costs as much as one ACC_W-bit add
# (a mux tree of log2(A) levels switching ACC_W bits is of the order of an adder's
# switched capacitance).  Its share is shown separately in every breakdown.
XBAR_AS_ADDS = 1.0

COMPONENTS = ("mult", "acc_add", "acc_sram", "xbar", "iaram", "oaram", "wfifo",
              "halo", "ppu", "dram")


def interp_add(bits):
    """Add energy (45 nm, pJ): linear in the width through the 8- and 32-bit points."""
    h = HOROWITZ_45NM
    return h["add8_pj"] + (bits - 8) * (h["add32_pj"] - h["add8_pj"]) / (32 - 8)


def interp_mult(bits):
    """Multiply energy (45 nm, pJ): power law through the 8- and 32-bit points
    (exponent log(3.1/0.2)/log(4) = 1.98, i.e. ~quadratic in the width, as an array
    multiplier's partial-product count is)."""
    h = HOROWITZ_45NM
    expo = math.log(h["mult32_pj"] / h["mult8_pj"]) / math.log(32 / 8)
    return h["mult8_pj"] * (bits / 8) ** expo


def sram_access(size_bytes, bits):
    """Energy (45 nm, pJ) to read or write `bits` bits of an SRAM of `size_bytes` bytes.
    The 64-bit access energy is interpolated log-log between the published sizes
    (8 KB 10 pJ, 32 KB 20 pJ, 1 MB 100 pJ); below 8 KB the 8-32 KB slope (energy ~
    sqrt(size), the bit/word-line length) is extrapolated; above 1 MB the last slope.
    The result is scaled linearly with the word width (bits / 64)."""
    pts = HOROWITZ_45NM["sram64_pj"]
    if size_bytes <= 0 or bits <= 0:
        raise ValueError(f"energy: bad SRAM size {size_bytes} B or width {bits} bits")
    if size_bytes <= pts[1][0]:
        (s0, e0), (s1, e1) = pts[0], pts[1]
    else:
        (s0, e0), (s1, e1) = pts[1], pts[2]
    slope = math.log(e1 / e0) / math.log(s1 / s0)
    e64 = e0 * (size_bytes / s0) ** slope
    return e64 * bits / 64.0


def dram_bit():
    """DRAM energy per bit (pJ): midpoint of 1.3 - 2.6 nJ per 64-bit access; not node-scaled."""
    lo, hi = HOROWITZ_45NM["dram64_pj"]
    return (lo + hi) / 2.0 / 64.0


def event_energies(p, scale=None):
    """Per-event energies (pJ) at 16 nm for the architecture parameters `p` (a module or
    dict with the names of build/gen/scnn_params.py).  Returns a dict event -> pJ."""
    g = (lambda n: p[n]) if isinstance(p, dict) else (lambda n: getattr(p, n))
    s = ENERGY_45_TO_16 if scale is None else scale
    entry_bits = g("DATA_W") + g("RUN_W")              # compressed entry (value + run)
    iaram_bytes = g("IARAM_DEPTH") * entry_bits / 8.0
    oaram_bytes = g("OARAM_DEPTH") * entry_bits / 8.0
    wfifo_bytes = g("WFIFO_DEPTH") * g("F") * entry_bits / 8.0
    bank_bytes = g("BANK_DEPTH") * g("ACC_W") / 8.0     # one accumulator bank
    acc_w, data_w = g("ACC_W"), g("DATA_W")
    e = {
        "mult": interp_mult(data_w) * s,
        "add_acc": interp_add(acc_w) * s,
        "xbar": XBAR_AS_ADDS * interp_add(acc_w) * s,
        "acc_access": sram_access(bank_bytes, acc_w) * s,       # one read or one write
        "iaram_entry": sram_access(iaram_bytes, entry_bits) * s,
        "iaram_dense": sram_access(iaram_bytes, data_w) * s,
        "oaram_entry": sram_access(oaram_bytes, entry_bits) * s,
        "oaram_dense": sram_access(oaram_bytes, data_w) * s,
        "wfifo_entry": sram_access(wfifo_bytes, entry_bits) * s,
        "wfifo_dense": sram_access(wfifo_bytes, data_w) * s,
        "dram_bit": dram_bit(),
    }
    return e


def energy(ev, e):
    """Energy per component (pJ) of an event-count dict `ev` (see scnn_events) under the
    per-event energies `e`.  Accumulator update = read + add + write of one bank entry."""
    need = ("mults", "xbar", "acc_updates", "acc_reads", "iaram", "iaram_dense",
            "oaram", "oaram_dense", "wfifo", "wfifo_dense", "halo_words", "ppu", "dram_bits")
    for k in need:
        if k not in ev or ev[k] < 0:
            raise ValueError(f"energy: event count '{k}' missing or negative")
    return {
        "mult": ev["mults"] * e["mult"],
        "acc_add": ev["acc_updates"] * e["add_acc"],
        "acc_sram": ev["acc_updates"] * 2 * e["acc_access"] + ev["acc_reads"] * e["acc_access"],
        "xbar": ev["xbar"] * e["xbar"],
        "iaram": ev["iaram"] * e["iaram_entry"] + ev["iaram_dense"] * e["iaram_dense"],
        "oaram": ev["oaram"] * e["oaram_entry"] + ev["oaram_dense"] * e["oaram_dense"],
        "wfifo": ev["wfifo"] * e["wfifo_entry"] + ev["wfifo_dense"] * e["wfifo_dense"],
        "halo": ev["halo_words"] * e["acc_access"],     # the sender's read; the add is an update
        "ppu": ev["ppu"] * e["add_acc"],                # requantise ~ one ACC_W-bit add per value
        "dram": ev["dram_bits"] * e["dram_bit"],
    }


def _zero_events():
    return {k: 0 for k in ("mults", "xbar", "acc_updates", "acc_reads", "iaram", "iaram_dense",
                           "oaram", "oaram_dense", "wfifo", "wfifo_dense", "halo_words", "ppu",
                           "dram_bits")}


def scnn_events(r):
    """SCNN event counts from one layer of the model's report (dict)."""
    s, d = r["sram_entries"], r["dram_bytes"]
    ev = _zero_events()
    # every occupied lane multiplies (placeholder and out-of-plane products included)
    ev["mults"] = r["lanes_occupied"]
    ev["xbar"] = r["products_valid"]               # only valid products are routed
    ev["acc_updates"] = s["acc_updates"]           # products + halo additions
    ev["acc_reads"] = s["acc_drain_reads"]         # PPU reads the finished buffer
    ev["iaram"] = s["iaram_reads"]
    ev["oaram"] = s["oaram_writes"]
    ev["wfifo"] = s["wfifo_writes"] + s["wfifo_reads"]
    ev["halo_words"] = s["halo_words"]
    ev["ppu"] = s["acc_drain_reads"]
    ev["dram_bits"] = 8 * d["total"]
    return ev


def dcnn_shape(r, p):
    """Shape-derived dense quantities of one layer for DCNN (docs/energy.md section 4)."""
    g = (lambda n: p[n]) if isinstance(p, dict) else (lambda n: getattr(p, n))
    C, H, W, K = r["C"], r["H"], r["W"], r["K"]
    R, S, groups = r["R"], r["S"], r["groups"]
    Ho, Wo, kc = r["Ho"], r["Wo"], r["kc"]
    cg, kg = C // groups, K // groups
    jobs_per_group = math.ceil(kg / kc)
    # active PEs: tiles of ceil(W/PE_COLS) x ceil(H/PE_ROWS) (docs/microarch.md section 2)
    wt, ht = math.ceil(W / g("PE_COLS")), math.ceil(H / g("PE_ROWS"))
    active = math.ceil(W / wt) * math.ceil(H / ht)
    return {
        "in_values": C * H * W,
        "out_values": K * Ho * Wo,
        "weights": K * cg * R * S,
        "iaram_reads": groups * cg * H * W * jobs_per_group,   # each activation once per job
        "wfifo_writes": active * K * cg * R * S,               # every PE gets every weight
        "wfifo_reads": r["dense_macs"] / g("I"),               # one weight per I activations
        "active_pes": active,
    }


def dcnn_events(r, p, opt=False):
    """DCNN (opt=False) or DCNN-opt (opt=True) event counts for one layer: same array,
    same tiling and Kc, every value processed; no scatter crossbar (the dense dataflow's
    product -> accumulator mapping is static).  DCNN-opt gates multiplies and accumulator
    updates whose operands include a zero and uses SCNN's compressed DRAM traffic."""
    sh = dcnn_shape(r, p)
    s, d = r["sram_entries"], r["dram_bytes"]
    ev = _zero_events()
    products = r["products_valid"] if opt else r["dense_macs"]
    ev["mults"] = products
    ev["acc_updates"] = products + s["halo_words"]  # same tiling -> same halo cells
    ev["acc_reads"] = s["acc_drain_reads"]          # every own cell, as SCNN
    ev["iaram_dense"] = sh["iaram_reads"]          # pass-border overlap ignored
    ev["oaram_dense"] = sh["out_values"]
    ev["wfifo_dense"] = sh["wfifo_writes"] * r.get("passes", 1) + sh["wfifo_reads"]
    ev["halo_words"] = s["halo_words"]
    ev["ppu"] = s["acc_drain_reads"]
    if opt:
        ev["dram_bits"] = 8 * d["total"]
    else:
        ev["dram_bits"] = 8 * dcnn_dram_bytes(r, p)
    return ev


def dcnn_dram_bytes(r, p):
    """Uncompressed DRAM bytes of DCNN: DATA_W-bit weights always; input activations and
    outputs where SCNN moves them (first layer / multi-pass / OARAM overflow), scaled from
    SCNN's compressed byte count by the dense/compressed ratio of that tensor."""
    g = (lambda n: p[n]) if isinstance(p, dict) else (lambda n: getattr(p, n))
    bpv = g("DATA_W") / 8.0                 # bytes per dense value
    bpe = (g("DATA_W") + g("RUN_W")) / 8.0  # bytes per compressed entry
    sh = dcnn_shape(r, p)
    d = r["dram_bytes"]
    total = sh["weights"] * bpv
    if d["activations_in"] > 0:
        nz = max(r["density_in"] * sh["in_values"], 1.0)
        # SCNN's bytes / (nnz entries) gives the re-load factor of overlapping pass borders
        total += sh["in_values"] * bpv * max(1.0, d["activations_in"] / (nz * bpe))
    if d["outputs"] > 0:
        total += sh["out_values"] * bpv * max(1.0, d["outputs"] /
                                              (max(r["density_out"] * sh["out_values"], 1.0) * bpe))
    return total


def layer_energies(r, p, e=None):
    """{'scnn': {...}, 'dcnn': {...}, 'dcnn_opt': {...}} component energies (pJ) of a layer."""
    e = e or event_energies(p)
    return {
        "scnn": energy(scnn_events(r), e),
        "dcnn": energy(dcnn_events(r, p, opt=False), e),
        "dcnn_opt": energy(dcnn_events(r, p, opt=True), e),
    }


def total(comp):
    return sum(comp.values())


def on_chip(comp):
    return sum(v for k, v in comp.items() if k != "dram")
