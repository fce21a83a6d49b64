# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
# Area flow (synth/README.md, docs/area.md): Yosys synthesis of the PE with its hierarchy kept,
# black-boxed SRAMs priced by synth/memmodel.py, report in build/synth/. The PE total comes
# from the whole-PE run only: if it fails, make synth says so and fails (no fallback).
#   make synth [LIBERTY=/path/lib] [NODE_NM=45] [TOP=pe|array|<module>] [CONFIG=banks16] [PARAMS=...]
# The report of a config other than default is in build/<CONFIG>/synth/.

LIBERTY ?= synth/lib/scnn_area45.lib## make synth: the liberty cell library (the shipped 45 nm area library)
NODE_NM ?= 45## make synth: the node of LIBERTY in nm (the report also scales to 16 nm)
TOP     ?= pe## make synth: pe (the PE per component), array, or one module name
SYNTH_DIR     := $(BUILD)/synth
SYNTH_LIBERTY := $(or $(strip $(LIBERTY)),synth/lib/scnn_area45.lib)
SYNTH_NODE_NM := $(or $(strip $(NODE_NM)),45)
SYNTH_TOP     := $(or $(strip $(TOP)),pe)
# The RTL file list of rtl/rtl.mk; every .sv under rtl/ while that list does not exist yet.
SYNTH_SRCS    := $(or $(strip $(RTL_SRCS)),$(wildcard rtl/*.sv))

.PHONY: synth
synth: $(GEN)/scnn_pkg.sv | need-yosys need-python need-matplotlib ## area of the PE per component vs the paper (LIBERTY=, NODE_NM=, TOP=pe|array, CONFIG=, PARAMS=) -> build/synth/report.md; fails if the whole-PE run fails
	$(PYTHON) synth/scnn_synth.py --gen $(GEN) --liberty $(SYNTH_LIBERTY) --node-nm $(SYNTH_NODE_NM) \
	  --top $(SYNTH_TOP) --out $(SYNTH_DIR) --params-set "$(strip $(if $(filter-out default,$(CONFIG)),CONFIG=$(CONFIG)) $(PARAMS))" $(filter-out $(GEN)/%,$(SYNTH_SRCS))
