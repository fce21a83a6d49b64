# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
"""usage: old_recipe_shape.py TB_MK

Rewrites a copy of tb/tb.mk (tests/suites/07-first-build.sh, test
first-build.old-recipe-shape-fails) into the recipe shape that failed on a fresh machine:
verilation and the DPI library in one recipe whose first line installs Verilator (no order-only
need-verilator), so that the gcc line, which asks verilator for its include folder, is expanded
before Verilator is there. Exits non-zero if the stage rules of tb_dpi_build are not found.
"""
import sys
p = sys.argv[1]; s = open(p).read()
stage1 = ("$(BUILD)/tb/$(1)/V$(2).mk: $(RTL_SRCS) $(RTL_LINT_CFG) $(filter-out %.c,$(5)) "
          "$(BUILD)/tb/$(1).flags | need-verilator\n")
stage2 = ("$(BUILD)/tb/$(1)/libtb_dpi.a: $(BUILD)/tb/$(1)/V$(2).mk $(3) $(call tb_dpi_hdrs,$(3)) \\\n"
          "    $(TB_DPI_COMMON) | need-cc need-verilator\n")
i, j = s.find(stage1), s.find(stage2)
if i < 0 or j < i:
    sys.exit("tb/tb.mk: the stage rules of tb_dpi_build were not found")
head = "$(BUILD)/tb/$(1)/libtb_dpi.a: $(RTL_SRCS) $(RTL_LINT_CFG) $(5) $(3) $(TB_DPI_COMMON)\n\t@$$(NEED) verilator cc\n"
body = s[i + len(stage1):j].rstrip("\n") + "\n"
s = s[:i] + head + body + s[j + len(stage2):]
open(p, "w").write(s)
