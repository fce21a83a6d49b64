# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
# SCNN: sparse CNN accelerator (Parashar et al., ISCA 2017) - C golden model,
# RTL, testbench and synthesis flow.  `make help` lists the targets.
#
# Every folder's rules live in its own make fragment (cmodel/cmodel.mk, ...);
# this file holds what they share: the tools, the build folder and the
# parameter header generated from params/scnn_params.toml.

SHELL         := /bin/bash
.DEFAULT_GOAL := all
.DELETE_ON_ERROR:

## Variables a user may set: every `NAME ?= default## description` line of the Makefile and
## its fragments is listed by `make help`.
PYTHON ?= /usr/bin/python3## the Python 3 interpreter (Debian's; numpy and matplotlib come from its packages)
CONFIG ?= default## named parameter set params/configs/<CONFIG>.toml (default, baseline, rsk, banks8, banks16, f2i8, eval-4pe); a config other than default builds into build/<CONFIG>/
CONFIG := $(strip $(CONFIG))
BUILD  ?= build## the build folder (every generated file goes here; default for a CONFIG other than default: build/<CONFIG>)
# A named config other than the default builds into its own folder, so that two configs never
# overwrite each other's files; a BUILD given on the command line or in the environment wins.
ifeq ($(origin BUILD),file)
ifneq ($(CONFIG),default)
BUILD  := build/$(CONFIG)
endif
endif
CONFIG_FILE := params/configs/$(CONFIG).toml
ifeq ($(wildcard $(CONFIG_FILE)),)
$(error CONFIG=$(CONFIG): no file $(CONFIG_FILE) (configs: $(patsubst params/configs/%.toml,%,$(wildcard params/configs/*.toml))))
endif
GEN    := $(BUILD)/gen
NEED   := scripts/need.sh

# --- Tools: installed before any recipe that uses them is expanded ------------------------------
# GNU make expands a whole recipe before it runs the recipe's first line, so a recipe that both
# installs a tool and uses a value derived from it ($(shell verilator --getenv ...), pkg-config)
# would expand that value while the tool is still missing. Instead, a rule names every tool it
# needs as an order-only prerequisite need-<tool> (`target: deps | need-verilator need-cxx`):
# make runs need-<tool> (scripts/need.sh <tool>: installs the Debian package if the tool is
# missing) before it expands the rule's recipe. They are phony, so the check runs on every
# make invocation (a few file tests) and an order-only prerequisite never forces a rebuild.
NEED_TOOLS := cc cxx python numpy matplotlib onnx torch sklearn cjson gtest verilator yosys systemc pkgconfig gtkwave fuzzer
NEED_TARGETS := $(addprefix need-,$(NEED_TOOLS))
.PHONY: $(NEED_TARGETS)
$(NEED_TARGETS):
	@$(NEED) $(patsubst need-%,%,$@)

NET    ?= alexnet##   network of the catalog (alexnet, vgg16, googlenet)
LAYER  ?= conv3##     layer of NET, named as in the Caffe model with / -> _ (verify: all = every layer)
SEED   ?= 1##         seed of the synthetic data generator
BUNDLE ?=##           a layer bundle directory (layer.json, weights.npy, input.npy) instead of NET/LAYER
PARAMS ?=##           ad-hoc parameter overrides on top of CONFIG, e.g. PARAMS="WFIFO_DEPTH=8" (regenerated in place in $(BUILD)/gen)
WAVES  ?= 0##         1 dumps FST waveforms for GTKWave
VERIFY_NO_RERUN ?= 0## 1: make verify does not rerun a failing layer with FST waves

# make verify: NET given (command line or environment) without LAYER, or LAYER=all, verifies the
# whole network, chained (scripts/verify_net.sh). Captured here: the strip below makes every
# origin "file".
VERIFY_NET_RUN := $(if $(filter all,$(strip $(LAYER))),1,$(if $(filter file,$(origin LAYER)),$(if $(filter-out file default undefined,$(origin NET)),1)))

# Strip the inline doc markers of the variables above.
NET    := $(strip $(NET))
LAYER  := $(strip $(LAYER))
SEED   := $(strip $(SEED))
BUNDLE := $(strip $(BUNDLE))
WAVES  := $(strip $(WAVES))
VERIFY_NO_RERUN := $(strip $(VERIFY_NO_RERUN))

# --- Parameters: one source, generated headers ------------------------------
# The headers of $(GEN) are params/scnn_params.toml with the overrides of CONFIG's file and,
# on top, PARAMS. The choice is recorded in a file that changes only when CONFIG or PARAMS
# changes, so that the generated headers (and all they feed) are rebuilt exactly then. A
# PARAMS override regenerates the headers of the config's own folder in place (as before
# configs existed): give BUILD= to keep an ad-hoc variant apart.
PARAMS_SET := $(strip config=$(CONFIG) $(PARAMS))
$(shell mkdir -p $(GEN) && { [ -f $(GEN)/params.set ] && [ "$$(cat $(GEN)/params.set)" = "$(PARAMS_SET)" ] || echo "$(PARAMS_SET)" > $(GEN)/params.set; })

GEN_HDRS := $(GEN)/scnn_params.h $(GEN)/scnn_pkg.sv $(GEN)/scnn_params.py

$(GEN)/.params.stamp: params/scnn_params.toml params/gen_params.py $(CONFIG_FILE) $(GEN)/params.set | need-python
	$(PYTHON) params/gen_params.py --outdir $(GEN) --config $(CONFIG) $(if $(strip $(PARAMS)),--set "$(strip $(PARAMS))")
	@touch $@
$(GEN_HDRS): $(GEN)/.params.stamp

.PHONY: params
params: $(GEN)/.params.stamp ## generate the C/SV/Python parameter headers of CONFIG (+ PARAMS) into $(BUILD)/gen

# --- Folders -----------------------------------------------------------------
include cmodel/cmodel.mk
include tests/tests.mk
include rtl/rtl.mk
include tb/tb.mk
include synth/synth.mk
include eval/eval.mk
include tools/tools.mk

# --- The main job -------------------------------------------------------------------------------
.PHONY: verify
verify: $(SCNN_BIN) | need-numpy ## check a layer: C model vs dense reference, then RTL vs C model (NET, LAYER, SEED or BUNDLE); NET=n alone or LAYER=all: every layer of n, chained on the RTL's outputs
	@$(if $(and $(VERIFY_NET_RUN),$(if $(BUNDLE),,1)),NET=$(NET) SEED=$(SEED) WAVES=$(WAVES) BUG=$(BUG) XSEED=$(XSEED) BUILD=$(BUILD) VERIFY_NO_RERUN=$(VERIFY_NO_RERUN) scripts/verify_net.sh,NET=$(NET) LAYER=$(LAYER) SEED=$(SEED) BUNDLE=$(BUNDLE) WAVES=$(WAVES) BUG=$(BUG) XSEED=$(XSEED) BUILD=$(BUILD) VERIFY_NO_RERUN=$(VERIFY_NO_RERUN) scripts/verify.sh)

.PHONY: verify-sc
verify-sc: $(SCNN_BIN) | need-numpy ## the same check as make verify with the SystemC top (verilator --sc, sc_main)
	@SIM=sc NET=$(NET) LAYER=$(LAYER) SEED=$(SEED) BUNDLE=$(BUNDLE) XSEED=$(XSEED) BUILD=$(BUILD) scripts/verify.sh

# --- Housekeeping --------------------------------------------------------------
.PHONY: all deps help clean
all: $(SCNN_BIN) ## build the C model library and the CLI build/bin/scnn

deps: ## install every Debian package the project uses (as root; idempotent)
	@scripts/deps.sh

clean: ## remove build/
	rm -rf $(BUILD)

help: ## list the targets and the variables a user may set
	@echo "SCNN - make targets:"
	@awk 'BEGIN{FS=":.*## "} /^[a-zA-Z0-9_.-]+:.*## /{printf "  %-16s %s\n",$$1,$$2}' $(MAKEFILE_LIST)
	@echo
	@echo "Variables (make TARGET VAR=value; default after =):"
	@awk '/^[A-Z][A-Z0-9_]* *\?=.*##/{v=$$1; d=$$0; sub(/^[^?]*\?= */,"",d); sub(/ *##.*$$/,"",d); \
	  t=$$0; sub(/^[^#]*## */,"",t); printf "  %-34s %s\n", v "=" d, t}' $(MAKEFILE_LIST)
