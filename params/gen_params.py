#!/usr/bin/env python3
# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""Generate the C header, SystemVerilog package and Python module
from params/scnn_params.toml, the project's single source of parameters.

usage: gen_params.py [--config NAME|FILE] [--set NAME=VALUE ...] --outdir DIR [SOURCE]

--config selects a named configuration params/configs/NAME.toml (or a file): a table
[set] of [param.*] values that replace the base values of SOURCE; --set overrides a
[param.*] value on top of it (e.g. --set BANK_BITS=4 for A = 16 banks). Derived values and
functions follow automatically. A parameter marked `fixed = true` in SOURCE is not a knob:
overriding it (by --set or a config) is refused with its `why`.
"""
import argparse
import ast
import os
import re
import sys
import tomllib

HERE = os.path.dirname(os.path.abspath(__file__))
IDENT = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")
ALLOWED_NODES = (ast.Expression, ast.BinOp, ast.UnaryOp, ast.Constant, ast.Name, ast.Load,
                 ast.Add, ast.Sub, ast.Mult, ast.Div, ast.FloorDiv, ast.Mod, ast.LShift,
                 ast.RShift, ast.BitAnd, ast.BitOr, ast.BitXor, ast.USub, ast.Call)
CONFIG_DIR = os.path.join(HERE, "configs")


class ParamError(Exception):
    """A refused parameter file, expression or override (the message says why)."""


def clog2(n):
    """Ceiling of log2(n) for n >= 1, as SystemVerilog's $clog2: clog2(1) = 0, clog2(5) = 3."""
    if not isinstance(n, int) or isinstance(n, bool) or n < 1:
        raise ParamError(f"clog2({n}): the argument must be an integer >= 1")
    return (n - 1).bit_length()


# functions of the [derived.*] expression language: name -> (arity, implementation)
EXPR_FUNCS = {"clog2": (1, clog2), "max": (2, max), "min": (2, min)}


def die(msg):
    raise ParamError(msg)


def eval_int(expr, env, what):
    """Evaluate an integer expression over known names (integer division for /)."""
    try:
        tree = ast.parse(expr.replace("/", "//").replace("////", "//"), mode="eval")
    except SyntaxError as e:
        die(f"{what}: cannot parse '{expr}': {e.msg}")
    callees = {id(c.func) for c in ast.walk(tree) if isinstance(c, ast.Call)}
    for node in ast.walk(tree):
        if not isinstance(node, ALLOWED_NODES):
            die(f"{what}: '{expr}' uses {type(node).__name__}, which is not allowed")
        if isinstance(node, ast.Call):
            fn = node.func.id if isinstance(node.func, ast.Name) else None
            if fn not in EXPR_FUNCS or node.keywords:
                die(f"{what}: '{expr}' calls {fn or 'an expression'}; the functions are "
                    f"{', '.join(EXPR_FUNCS)}")
            if len(node.args) != EXPR_FUNCS[fn][0]:
                die(f"{what}: '{expr}': {fn} takes {EXPR_FUNCS[fn][0]} argument(s)")
        elif isinstance(node, ast.Name) and id(node) not in callees and node.id not in env:
            die(f"{what}: '{expr}' names '{node.id}', which is not defined above it")
    scope = dict(env)
    scope.update({n: f for n, (_, f) in EXPR_FUNCS.items()})
    try:
        return int(eval(compile(tree, what, "eval"), {"__builtins__": {}}, scope))
    except ParamError as e:
        die(f"{what}: '{expr}': {e}")
    except ZeroDivisionError:
        die(f"{what}: '{expr}' divides by zero")


def load_config(name_or_path):
    """The overrides of a named configuration: params/configs/NAME.toml (or a path ending in
    .toml). Format: an optional top-level doc string and a table [set] of NAME = integer."""
    path = name_or_path if name_or_path.endswith(".toml") else \
        os.path.join(CONFIG_DIR, f"{name_or_path}.toml")
    if not os.path.isfile(path):
        known = sorted(f[:-5] for f in os.listdir(CONFIG_DIR) if f.endswith(".toml")) \
            if os.path.isdir(CONFIG_DIR) else []
        die(f"config '{name_or_path}': no file {os.path.relpath(path)} (known configs: "
            f"{', '.join(known) or 'none'})")
    try:
        with open(path, "rb") as f:
            cfg = tomllib.load(f)
    except tomllib.TOMLDecodeError as e:
        die(f"{path}: {e}")
    extra = sorted(set(cfg) - {"doc", "set"})
    if extra:
        die(f"{path}: unknown key(s) {', '.join(extra)} (a config has doc and a [set] table)")
    sets = cfg.get("set", {})
    if not isinstance(sets, dict):
        die(f"{path}: [set] must be a table of NAME = integer")
    origin = f"config {os.path.basename(path)[:-5]}"
    out = {}
    for name, val in sets.items():
        if not isinstance(val, int) or isinstance(val, bool) or val < 0:
            die(f"{origin}: {name} = {val!r}: expected a non-negative integer")
        out[name] = (val, origin)
    return out


def load(path, overrides):
    """overrides: {NAME: value} (from --set) or {NAME: (value, origin)} (a config, --set)."""
    overrides = {n: (v if isinstance(v, tuple) else (v, "--set")) for n, v in overrides.items()}
    try:
        with open(path, "rb") as f:
            src = tomllib.load(f)
    except OSError as e:
        die(f"{path}: {e.strerror}")
    except tomllib.TOMLDecodeError as e:
        die(f"{path}: {e}")
    params, env, fixed = [], {}, {}
    for name, p in src.get("param", {}).items():
        if not isinstance(p.get("value"), int) or p["value"] < 0:
            die(f"{path}: param {name} needs a non-negative integer value")
        if p.get("fixed", False) is not False:
            if p["fixed"] is not True or not p.get("why"):
                die(f"{path}: param {name}: fixed = true needs a why = \"...\" (the reason)")
            fixed[name] = p["why"]
        params.append((name, p["value"], p.get("doc", ""), p.get("tag", "")))
        env[name] = p["value"]
    derived_src = src.get("derived", {})
    for name, (val, origin) in overrides.items():
        if name in fixed:
            die(f"{origin} {name}={val}: {name} is fixed, not a knob: {fixed[name]}")
        if name in derived_src:
            die(f"{origin} {name}={val}: {name} is derived (= {derived_src[name]['expr']}); "
                "set the parameters it is computed from")
        if name not in env:
            knobs = [n for n in env if n not in fixed]
            die(f"{origin} {name}: no such parameter (knobs: {', '.join(knobs)})")
        env[name] = val
        params = [(n, val if n == name else v, d, t) for (n, v, d, t) in params]
    derived = []
    for name, d in src.get("derived", {}).items():
        v = eval_int(d["expr"], env, f"derived {name}")
        env[name] = v
        derived.append((name, v, d.get("doc", ""), d["expr"]))
    funcs = []
    for name, fn in src.get("func", {}).items():
        args = fn["args"]
        for ident in IDENT.findall(fn["expr"]):
            if ident not in args and ident not in env:
                die(f"func {name}: '{ident}' is neither an argument nor a parameter")
        funcs.append((name, args, fn["expr"], fn.get("doc", "")))
    # Sanity checks of the architecture, so a bad override fails here with a reason (the
    # options of the scatter network and schedule, when the source has them).
    checks = [
        (env["F"] >= 1 and env["I"] >= 1, "F and I must be >= 1"),
        (1 <= env["BANK_BITS"] <= 10, "BANK_BITS must be in 1..10"),
        (1 <= env["BANK_DEPTH_BITS"] <= 10, "BANK_DEPTH_BITS must be in 1..10"),
        (env["PE_ROWS"] >= 1 and env["PE_COLS"] >= 1, "PE grid must be at least 1x1"),
        (env["WFIFO_DEPTH"] >= 1, "WFIFO_DEPTH must be >= 1"),
        (0 <= env.get("XBAR_QDEPTH", 0) <= 64, "XBAR_QDEPTH must be in 0..64"),
        (env.get("WEIGHT_ORDER", 0) in (0, 1), "WEIGHT_ORDER must be 0 (krs) or 1 (rsk)"),
        (env.get("HALO_OVERLAP", 0) in (0, 1), "HALO_OVERLAP must be 0 or 1"),
        (env.get("BANK_SWZ_MUL", 1) < (1 << 16), "BANK_SWZ_MUL must be < 65536"),
    ]
    for ok, msg in checks:
        if not ok:
            die(msg)
    return params, derived, funcs, env





def gen_c(params, derived, funcs, env, src):
    out = [f"/* Generated by params/gen_params.py from {src}. Do not edit. */",
           "#ifndef SCNN_PARAMS_H", "#define SCNN_PARAMS_H", "", "#include <stdint.h>", ""]
    for n, v, d, t in params:
        out.append(f"#define SCNN_{n} {v} /* {d} [{t}] */")
    out.append("")
    for n, v, d, e in derived:
        out.append(f"#define SCNN_{n} {v} /* {d} = {e} */")
    out.append("")
    names = set(env)
    for n, args, e, d in funcs:
        body = IDENT.sub(lambda m: f"SCNN_{m.group(0)}u" if m.group(0) in names and
                         m.group(0) not in args else m.group(0), e)
        body = re.sub(r"SCNN_(\w+)u", r"(uint32_t)SCNN_\1", body)
        sig = ", ".join(f"uint32_t {a}" for a in args)
        out.append(f"/* {d} */")
        out.append(f"static inline uint32_t scnn_{n}({sig}) {{ return (uint32_t)({body}); }}")
    out += ["", "#endif /* SCNN_PARAMS_H */", ""]
    return "\n".join(out)


def gen_sv(params, derived, funcs, env, src):
    out = [f"// Generated by params/gen_params.py from {src}. Do not edit.", ""]
    # The [func.*] entries are macros, not package functions: Verilator 5.006 inlines a
    # function call with per-call-site temporaries, which keeps the 64 PE instances of the
    # array from sharing one C++ function (tb/README.md, "Build time of the array"). An
    # argument is cast to 32 bits as a function argument would be; the result is 32 bits
    # unsigned.
    for n, args, e, d in funcs:
        body = IDENT.sub(lambda m: f"(32'({m.group(0)}))" if m.group(0) in args
                         else f"scnn_pkg::{m.group(0)}", e)
        out.append(f"// {d}")
        out.append(f"`define SCNN_{n.upper()}({', '.join(args)}) ($unsigned(32'({body})))")
    out += ["", "package scnn_pkg;", ""]
    for n, v, d, t in params:
        out.append(f"  localparam int unsigned {n} = {v};  // {d} [{t}]")
    out.append("")
    for n, v, d, e in derived:
        out.append(f"  localparam int unsigned {n} = {v};  // {d} = {e}")
    out += ["", "endpackage", ""]
    return "\n".join(out)


def gen_py(params, derived, funcs, env, src):
    out = [f'"""Generated by params/gen_params.py from {src}. Do not edit."""']
    for n, v, d, *_ in params + derived:
        out.append(f"{n} = {v}  # {d}")
    out.append("")
    for n, args, e, d in funcs:
        out.append(f"def {n}({', '.join(args)}):")
        out.append(f'    """{d}"""')
        out.append(f"    return {e}")
        out.append("")
    return "\n".join(out)


def write_if_changed(path, text):
    """Write atomically, and only when the text changes (keeps make incremental)."""
    try:
        with open(path) as f:
            if f.read() == text:
                return
    except OSError:
        pass
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", nargs="?", default=os.path.join(HERE, "scnn_params.toml"))
    ap.add_argument("--outdir", required=True)
    ap.add_argument("--config", default="", metavar="NAME|FILE",
                    help="named configuration params/configs/NAME.toml (or a .toml path)")
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE")
    a = ap.parse_args()
    try:
        overrides = load_config(a.config) if a.config else {}
        for s in a.set:
            for item in s.split():
                m = re.fullmatch(r"([A-Z_][A-Z0-9_]*)=(\d+)", item)
                if not m:
                    die(f"--set '{item}': expected NAME=VALUE with a non-negative integer")
                overrides[m.group(1)] = (int(m.group(2)), "--set")
        params, derived, funcs, env = load(a.source, overrides)
    except ParamError as e:
        print(f"gen_params: error: {e}", file=sys.stderr)
        sys.exit(2)
    os.makedirs(a.outdir, exist_ok=True)
    src = os.path.relpath(a.source, os.path.dirname(HERE))
    if a.config and a.config != "default":
        src += f" with config {a.config}"
    if a.set:
        src += f" with --set {' '.join(a.set)}"
    for name, gen in (("scnn_params.h", gen_c), ("scnn_pkg.sv", gen_sv),
                      ("scnn_params.py", gen_py)):
        write_if_changed(os.path.join(a.outdir, name), gen(params, derived, funcs, env, src))


if __name__ == "__main__":
    main()
