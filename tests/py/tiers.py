# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""The test tiers as data: reads tests/tiers.txt (its format is described at its top and in
tests/README.md).

usage: tiers.py list quick|full|setup|any      the ids (and families) of that tier, file order
       tiers.py value quick|full NAME          a tier-dependent value (a `param` line)
       tiers.py check quick|full SUITE LOG     after a suite ran: FAIL lines for the ids listed
                                               for the tier that LOG has no PASS/FAIL line of,
                                               and for ids in LOG not listed (or without the
                                               suite's prefix); exit 1 if any

From Python (tests/py/outside_ref.py):  t = tiers.Tier("quick"); if t.want("x.y"): ...
An id is wanted if a line of the tier names it, or a family of the tier (an entry with `*`,
matched like a shell pattern) covers it.
"""
import fnmatch
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TIERS_TXT = os.path.join(ROOT, "tests", "tiers.txt")
SUITES = os.path.join(ROOT, "tests", "suites")
TIER_WORDS = ("quick", "full", "setup")
RESULT = re.compile(r"^(PASS|FAIL) (\S+)")


class TiersError(Exception):
    pass


def suite_prefixes():
    """suite file 40-rtl.sh -> short name 'rtl' (every id of that suite starts with 'rtl.')"""
    return {re.sub(r"^\d+-", "", f[:-3]): f[:-3]
            for f in sorted(os.listdir(SUITES)) if f.endswith(".sh")}


def parse(path=TIERS_TXT):
    """(entries, params): entries [(id-or-family, set of tiers, line)], params {name: {tier: v}}"""
    entries, params, seen = [], {}, {}
    prefixes = suite_prefixes()
    with open(path) as f:
        for n, line in enumerate(f, 1):
            words = line.split("#", 1)[0].split()
            if not words:
                continue
            where = f"{os.path.relpath(path, ROOT)}:{n}"
            if words[0] == "param":
                if len(words) < 3:
                    raise TiersError(f"{where}: param NAME quick=V full=V")
                vals = {}
                for w in words[2:]:
                    t, eq, v = w.partition("=")
                    if not eq or t not in ("quick", "full"):
                        raise TiersError(f"{where}: '{w}' is not quick=VALUE or full=VALUE")
                    vals[t] = v
                if set(vals) != {"quick", "full"}:
                    raise TiersError(f"{where}: param {words[1]} needs a quick= and a full= value")
                params[words[1]] = vals
                continue
            ident, tiers = words[0], words[1:]
            bad = [t for t in tiers if t not in TIER_WORDS]
            if not tiers or bad:
                raise TiersError(f"{where}: {ident}: tiers must be some of {' '.join(TIER_WORDS)}"
                                 f" (got '{' '.join(tiers)}')")
            if "setup" in tiers and len(tiers) > 1:
                raise TiersError(f"{where}: {ident}: 'setup' stands alone")
            if ident.split(".", 1)[0] not in prefixes or "." not in ident:
                raise TiersError(f"{where}: {ident} does not start with a suite's short name "
                                 f"and a dot ({', '.join(p + '.' for p in prefixes)})")
            if ident in seen:
                raise TiersError(f"{where}: {ident} is listed again (first at line {seen[ident]})")
            seen[ident] = n
            entries.append((ident, set(tiers), n))
    return entries, params


class Tier:
    def __init__(self, tier, path=TIERS_TXT):
        self.tier = tier
        self.entries, self.params = parse(path)

    def ids(self, tier=None):
        tier = tier or self.tier
        return [e for e, ts, _ in self.entries if tier == "any" or tier in ts]

    def want(self, ident):
        """True if this tier runs ident; an id no line of any tier covers is an error."""
        if not any(fnmatch.fnmatchcase(ident, e) for e in self.ids("any")):
            print(f"FAIL {ident}: not listed in tests/tiers.txt", flush=True)
            return False
        return any(fnmatch.fnmatchcase(ident, e) for e in self.ids())

    def value(self, name):
        if name not in self.params:
            raise TiersError(f"tests/tiers.txt: no param {name}")
        return self.params[name][self.tier]


def check(tier, suite, log):
    """FAIL lines for the tier's ids of SUITE that LOG lacks, and for ids LOG has unlisted.
    Setup ids (printed only on FAIL) may stand in the log; once one has, the ids the suite did
    not reach are one note instead."""
    t = Tier(tier)
    prefix = re.sub(r"^\d+-", "", suite) + "."
    printed = []
    with open(log, errors="replace") as f:
        for line in f:
            m = RESULT.match(line)
            if m:
                printed.append(m.group(2).rstrip(":"))
    out = []
    missing = [e for e in t.ids()
               if e.startswith(prefix) and not any(fnmatch.fnmatchcase(p, e) for p in printed)]
    setup_failed = [p for p in printed if any(fnmatch.fnmatchcase(p, e) for e in t.ids("setup"))]
    if missing and setup_failed:
        # the suite stopped at a failed set-up step (already a FAIL): one note, not a FAIL each
        out.append(f"  ({len(missing)} ids of the {tier} tier not run after FAIL "
                   f"{setup_failed[0]}: {' '.join(missing[:5])}{' ...' if len(missing) > 5 else ''})")
    else:
        out += [f"FAIL {e}: listed for the {tier} tier in tests/tiers.txt, but {suite} printed "
                f"no PASS/FAIL line for it" for e in missing]
    allowed = t.ids() + t.ids("setup")
    for p in dict.fromkeys(printed):
        if not p.startswith(prefix):
            out.append(f"FAIL {p}: printed by {suite}, whose ids start with '{prefix}'")
        elif not any(fnmatch.fnmatchcase(p, e) for e in allowed):
            out.append(f"FAIL {p}: printed by {suite}, but not listed for the {tier} tier "
                       f"in tests/tiers.txt")
    return out


def main(argv):
    usage = __doc__.split("\n\n")[1]
    if len(argv) < 2:
        sys.exit(usage)
    cmd, tier = argv[0], argv[1]
    if tier not in ("quick", "full") + (("setup", "any") if cmd == "list" else ()):
        sys.exit(f"tiers.py: unknown tier '{tier}'\n{usage}")
    try:
        if cmd == "list" and len(argv) == 2:
            print("\n".join(Tier(tier).ids()))
        elif cmd == "value" and len(argv) == 3:
            print(Tier(tier).value(argv[2]))
        elif cmd == "check" and len(argv) == 4:
            out = check(tier, argv[2], argv[3])
            if out:
                print("\n".join(out))
            return 1 if any(line.startswith("FAIL") for line in out) else 0
        else:
            sys.exit(usage)
    except (TiersError, OSError) as e:
        sys.exit(f"tiers.py: {e}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
