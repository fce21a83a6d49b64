# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""The result lines of a checker program: Results("cli.") prints "PASS cli.<name>" or
"FAIL cli.<name>: <why>" per check and remembers whether all passed (exit_status())."""
import sys


class Results:
    def __init__(self, prefix):
        self.prefix, self.ok = prefix, True

    def __call__(self, name, ok, why=""):
        self.ok &= bool(ok)
        print(f"PASS {self.prefix}{name}" if ok else f"FAIL {self.prefix}{name}: {why}", flush=True)

    def exit(self):
        sys.exit(0 if self.ok else 1)
