#!/usr/bin/env python3
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""Writes the seed corpora of the libFuzzer targets, tests/fuzz/corpus/<target>/: small hand-made
inputs, valid and slightly broken, plus the dictionaries tests/fuzz/dict/<target>.dict.
Deterministic and without NumPy (its .npy header layout varies between versions), so that
re-running it reproduces the committed files byte for byte:
    python3 tests/fuzz/make_corpus.py   # then git status shows nothing
The .npy seed ok_3d_3x1x7.npy is the input the planted bug of fuzz-npy-selftest fires on."""
import json
import os
import shutil
import struct

HERE = os.path.dirname(os.path.abspath(__file__))
SEP = b"\n--\n"  # fuzz_bundle.c FUZZ_SEP


def npy(shape, values=None, descr="'<i2'", fortran="False", version=(1, 0), header=None,
        payload=None):
    """A .npy file; every part can be overridden to break it."""
    n = 1
    for d in shape:
        n *= d
    if header is None:
        shp = "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"
        header = "{'descr': %s, 'fortran_order': %s, 'shape': %s, }" % (descr, fortran, shp)
    h = header.encode("latin-1")
    pre = 10 if version[0] == 1 else 12
    pad = (64 - (pre + len(h) + 1) % 64) % 64
    h = h + b" " * pad + b"\n"
    size = struct.pack("<H", len(h)) if version[0] == 1 else struct.pack("<I", len(h))
    if payload is None:
        vals = values if values is not None else [((i * 37) % 23) - 11 for i in range(n)]
        payload = b"".join(struct.pack("<h", v) for v in vals)
    return b"\x93NUMPY" + bytes(version) + size + h + payload


def layer(**kv):
    L = dict(name="t", C=4, H=6, W=6, K=4, R=3, S=3, stride=1, pad=1, groups=2, prod_shift=2,
             out_shift=3, relu=True)
    for k, v in kv.items():
        if v is None:
            L.pop(k)
        else:
            L[k] = v
    return L


def js(obj):
    return json.dumps(obj).encode()


def npy_seeds():
    ok = npy((4, 6, 6))
    return {
        "ok_1d.npy": npy((5,)),
        "ok_2d.npy": npy((2, 3)),
        "ok_3d_3x1x7.npy": npy((3, 1, 7)),
        "ok_4d.npy": npy((2, 1, 3, 3)),
        "ok_empty.npy": npy((3, 0)),
        "ok_v2.npy": npy((2, 2), version=(2, 0)),
        "ok_v3.npy": npy((2, 2), version=(3, 0)),
        "ok_keys_reordered.npy": npy((2, 2), header='{"shape": (2, 2), "fortran_order": False, '
                                     '"descr": "<i2"}'),
        "ok_long_suffix.npy": npy((2, 2), header="{'descr': '<i2', 'fortran_order': False, "
                                  "'shape': (2L, 2L), }"),
        "bad_truncated.npy": ok[:-3],
        "bad_trailing.npy": ok + b"\0\0",
        "bad_magic.npy": b"\x93NUMPZ" + ok[6:],
        "bad_bigendian.npy": npy((2, 2), descr="'>i2'"),
        "bad_float.npy": npy((2, 2), descr="'<f4'", payload=b"\0" * 16),
        "bad_fortran.npy": npy((2, 2), fortran="True"),
        "bad_0d.npy": npy((), header="{'descr': '<i2', 'fortran_order': False, 'shape': (), }"),
        "bad_5d.npy": npy((1, 1, 1, 1, 2)),
        "bad_absurd.npy": npy((1,), header="{'descr': '<i2', 'fortran_order': False, "
                              "'shape': (99999999999, 99999999999), }", payload=b""),
        "bad_version.npy": npy((2,), version=(4, 0)),
        "bad_hlen.npy": ok[:8] + b"\xff\xff" + ok[10:],
        "bad_dup_key.npy": npy((2,), header="{'descr': '<i2', 'descr': '<i2', "
                               "'fortran_order': False, 'shape': (2,)}"),
        "bad_structured.npy": npy((2,), header="{'descr': [('a', '<i2')], "
                                  "'fortran_order': False, 'shape': (2,)}"),
        "bad_header_short.npy": b"\x93NUMPY\x01\x00\x10\x00{'descr': '<i2',}" + b"\0" * 8,
        "bad_garbage.npy": b"hello, world",
    }


def json_seeds():
    return {
        "ok.json": js(layer()),
        "ok_source_relu0.json": js(layer(relu=0, source="make_corpus.py")),
        "ok_floats.json": b'{"name":"f","C":3.0,"H":5,"W":7,"K":2,"R":1,"S":1,"stride":2,'
                          b'"pad":0,"groups":1,"prod_shift":0,"out_shift":0,"relu":false}',
        "ok_pretty.json": json.dumps(layer(name="conv1", C=3, H=11, W=11, K=8, R=11, S=11,
                                           stride=4, pad=0, groups=1), indent=2).encode() + b"\n",
        "bad_missing.json": js(layer(pad=None)),
        "bad_float.json": js(layer(K=4.5)),
        "bad_string.json": js(layer(C="4")),
        "bad_bool.json": js(layer(H=True)),
        "bad_groups.json": js(layer(groups=3)),
        "bad_unknown_key.json": js(dict(layer(), strid=1)),
        "bad_dup_key.json": js(layer())[:-1] + b', "C": 4}',
        "bad_syntax.json": b'{"name": "t", "C": 4,,}',
        "bad_trailing.json": js(layer()) + b" x",
        "bad_empty.json": b"  \n",
        "bad_array.json": b"[1, 2, 3]",
        "bad_huge.json": js(layer())[:-1].replace(b'"K": 4', b'"K": 1e400') + b"}",
        "bad_range.json": js(layer(C=2 ** 40)),
        "bad_name.json": js(layer(name="x" * 64)),
        "bad_name_ctrl.json": js(layer(name="a\tb")),
        "bad_filter.json": js(layer(R=9, pad=0)),
        "bad_nested.json": b'{"name": "t", "source": ' + b"[" * 200 + b"]" * 200 + b"}",
    }


def bundle(L, wshape=None, ishape=None, parts=3):
    C, K, g = L.get("C", 1), L.get("K", 1), L.get("groups", 1)
    ws = wshape or (K, C // g, L.get("R", 1), L.get("S", 1))
    ins = ishape or (C, L.get("H", 1), L.get("W", 1))
    return SEP.join([js(L), npy(ws), npy(ins)][:parts])


def bundle_seeds():
    return {
        "ok.bundle": bundle(layer()),
        "ok_stride2.bundle": bundle(layer(name="s2", C=2, H=7, W=5, K=3, R=3, S=2, stride=2,
                                          pad=1, groups=1, relu=False)),
        "ok_1x1.bundle": bundle(layer(name="p", C=3, H=4, W=4, K=5, R=1, S=1, pad=0, groups=1)),
        "ok_big_shift.bundle": bundle(layer(name="sh", C=1, H=3, W=3, K=1, R=3, S=3, pad=2,
                                            groups=1, prod_shift=0, out_shift=0)),
        "bad_input_shape.bundle": bundle(layer(), ishape=(4, 6, 7)),
        "bad_weight_rank.bundle": bundle(layer(), wshape=(4, 18, 3)),
        "bad_no_input.bundle": bundle(layer(), parts=2),
        "bad_json_only.bundle": bundle(layer(), parts=1),
        "bad_json.bundle": SEP.join([b'{"name": "t"}', npy((1, 1, 1, 1)), npy((1, 1, 1))]),
    }


def entries(es):
    return b"".join(struct.pack("<hB", v, r) for v, r in es)


def codec_seeds():
    dec = lambda n, es: b"\x00" + struct.pack("<H", n) + entries(es)  # noqa: E731
    enc = lambda vals: b"\x01" + b"".join(struct.pack("<h", v) for v in vals)  # noqa: E731
    # PE job: x0 y0 w h rv sv pad_y pad_x, rx0 ry0 (int16), rw rh kg, own origin, own size,
    # prod_shift, order, nv, then the activation entry count and the entries
    pe = lambda geo, na, es: b"\x02" + geo + bytes([na]) + entries(es)  # noqa: E731
    g_ok = bytes([0, 0, 4, 4, 3, 3, 1, 1]) + struct.pack("<hh", 0, 0) + \
        bytes([4, 4, 2, 0, 4 | 4 << 5, 2, 0, 0])
    return {
        "dec_spec_example": dec(24, [(5, 2), (0, 15), (7, 4)]),
        "dec_empty": dec(8, []),
        "dec_full": dec(4, [(1, 0), (-2, 0), (3, 0), (32767, 0)]),
        "dec_past_end": dec(4, [(1, 0), (2, 3)]),
        "dec_run_too_long": dec(40, [(9, 16)]),
        "dec_short_placeholder": dec(40, [(0, 3), (1, 0)]),
        "dec_placeholder_last": dec(40, [(4, 0), (0, 15)]),
        "dec_zero_block": dec(0, [(1, 0)]),
        "enc_values": enc([0, 0, 5] + [0] * 20 + [7]),
        "enc_long_zeros": enc([0] * 50 + [-1] + [0] * 40),
        "enc_dense": enc([1, -1, 32767, -32768, 2, 3]),
        "pe_ok": pe(g_ok, 3, [(5, 0), (2, 3), (-7, 6), (3, 0), (4, 2), (1, 9)]),
        "pe_act_past_end": pe(g_ok, 2, [(5, 0), (2, 15), (3, 0)]),
        "pe_wgt_past_end": pe(g_ok, 1, [(5, 0), (3, 15), (3, 15)]),
        "pe_region_too_big": pe(g_ok[:12] + bytes([100, 100, 9]) + g_ok[15:], 1,
                                [(1, 0), (1, 0)]),
    }


def dicts():
    keys = ["name", "C", "H", "W", "K", "R", "S", "stride", "pad", "groups", "prod_shift",
            "out_shift", "relu", "source"]
    j = ['"%s"' % k for k in keys] + ["true", "false", "null", "1e9", "-1", "0.5", ":", ","]
    n = ["\\x93NUMPY", "'descr'", "'<i2'", "'>i2'", "'fortran_order'", "False", "True",
         "'shape'", "(", ")", ", ", "}", "L"]
    return {"npy": n, "layer-json": j, "bundle": j + n + ["\\x0a--\\x0a"]}


def main():
    for target, seeds in (("npy", npy_seeds()), ("layer-json", json_seeds()),
                          ("bundle", bundle_seeds()), ("codec", codec_seeds())):
        d = os.path.join(HERE, "corpus", target)
        shutil.rmtree(d, ignore_errors=True)
        os.makedirs(d)
        for name, data in sorted(seeds.items()):
            with open(os.path.join(d, name), "wb") as f:
                f.write(data)
    dd = os.path.join(HERE, "dict")
    os.makedirs(dd, exist_ok=True)
    for target, toks in dicts().items():
        with open(os.path.join(dd, target + ".dict"), "w") as f:
            f.write("# libFuzzer dictionary, written by tests/fuzz/make_corpus.py\n")
            for t in toks:
                f.write('"' + t.replace('"', '\\"') + '"\n')


if __name__ == "__main__":
    main()
