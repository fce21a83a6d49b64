# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""SRAM area model of the SCNN area flow (docs/area.md, section "Memory model").

Every black-boxed `scnn_sram` instance gets its area from `sram_area_um2()`,
with the instance's Depth and Width read from the synthesised netlist.

Model, at 45 nm (the node of the calibration points):

    area(words, bits, ports) = port_factor(ports) * (PERIPHERY_UM2 + BIT_UM2 * words * bits)

- PERIPHERY_UM2 (per macro: decoders, sense amplifiers, control) and BIT_UM2
  (per stored bit, cell array with its share of wiring) are NOT typed in: they
  are solved from the two reference macros of docs/spec.md section 9 (CACTI-based
  FreePDK45 macros, 256x32 = 5,065.7 um^2 and 1024x32 = 16,406.1 um^2), so the
  model reproduces both points exactly.
- A multi-banked buffer is one macro per bank, so each bank pays the fixed
  periphery: small banks are less dense (a 32x24 bank costs ~2.1 um^2/bit,
  the 1024x32 reference 0.50 um^2/bit), which is what docs/spec.md section 9 asks.
- port_factor: we take the references as single-port (one read/write port) macros
  (docs/spec.md does not say).
  A macro with P ports (two-port = one read + one write) is charged
  1 + EXTRA_PORT * (P - 1) times the single-port area: an 8-transistor
  two-port cell has 8/6 of the transistors of a 6T cell plus one more
  word line and bit-line pair per port; EXTRA_PORT = 0.5 is OUR assumption
  (tag [D]), not a published figure; docs/area.md shows its effect.
"""

# Reference macros of docs/spec.md section 9: (words, bits, area um^2 at 45 nm).
REF_POINTS = ((256, 32, 5065.7), (1024, 32, 16406.1))
REF_NODE_NM = 45
EXTRA_PORT = 0.5  # [D] area of each port beyond the first, as a fraction of a single-port macro


def _calibrate():
    (w0, b0, a0), (w1, b1, a1) = REF_POINTS
    bit = (a1 - a0) / (w1 * b1 - w0 * b0)
    periphery = a0 - bit * w0 * b0
    return periphery, bit


PERIPHERY_UM2, BIT_UM2 = _calibrate()


def port_factor(ports):
    if ports < 1:
        raise ValueError(f"memory model: a macro needs at least one port, got {ports}")
    return 1.0 + EXTRA_PORT * (ports - 1)


def sram_area_um2(words, bits, ports=1):
    """Area in um^2 at 45 nm of one SRAM macro of words x bits with `ports` ports."""
    if words < 1 or bits < 1:
        raise ValueError(f"memory model: bad macro size {words} x {bits}")
    return port_factor(ports) * (PERIPHERY_UM2 + BIT_UM2 * words * bits)


def describe():
    return {
        "formula": "port_factor(P) * (periphery + bit * words * bits); port_factor(P) = 1 + extra_port*(P-1)",
        "periphery_um2": PERIPHERY_UM2,
        "bit_um2": BIT_UM2,
        "extra_port": EXTRA_PORT,
        "node_nm": REF_NODE_NM,
        "reference_points": [{"words": w, "bits": b, "area_um2": a} for w, b, a in REF_POINTS],
    }


if __name__ == "__main__":
    import sys
    if len(sys.argv) not in (3, 4):
        sys.exit("usage: memmodel.py WORDS BITS [PORTS]")
    w, b = int(sys.argv[1]), int(sys.argv[2])
    p = int(sys.argv[3]) if len(sys.argv) == 4 else 1
    a = sram_area_um2(w, b, p)
    print(f"{w} x {b} bit, {p} port(s): {a:.1f} um^2 at 45 nm ({a / (w * b):.3f} um^2/bit)")
