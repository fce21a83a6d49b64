# SCNN: sparse CNN accelerator (Parashar et al., ISCA 2017) - C golden model,
# RTL, testbench and synthesis flow.  `make help` lists the targets.
#
# Every folder's rules live in its own make fragment (cmodel/cmodel.mk, ...);
# this file holds what they share: the tools, the build folder and the
# parameter header generated from params/scnn_params.toml.

SHELL         := /bin/bash
.DEFAULT_GOAL := all
.DELETE_ON_ERROR:

PYTHON ?= /usr/bin/python3
BUILD  ?= build
GEN    := $(BUILD)/gen
NEED   := scripts/need.sh

## Variables a user may set (shown by `make help`, as is every `NAME ?= value## text` line of
## the fragments):
NET    ?= alexnet##   network of the catalog (alexnet, vgg16, googlenet)
LAYER  ?= conv3##     layer of NET, named as in the Caffe model with / -> _ (verify: all = every layer)
SEED   ?= 1##         seed of the synthetic data generator
BUNDLE ?=##           a layer bundle directory (layer.json, weights.npy, input.npy) instead of NET/LAYER
PARAMS ?=##           parameter overrides, e.g. PARAMS="BANK_BITS=4" (see params/scnn_params.toml)
WAVES  ?= 0##         1 dumps FST waveforms for GTKWave

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

# --- Parameters: one source, generated headers ------------------------------
# The overrides are recorded in a file that changes only when PARAMS changes,
# so that the generated headers (and all they feed) are rebuilt exactly then.
$(shell mkdir -p $(GEN) && { [ -f $(GEN)/params.set ] && [ "$$(cat $(GEN)/params.set)" = "$(strip $(PARAMS))" ] || echo "$(strip $(PARAMS))" > $(GEN)/params.set; })

GEN_HDRS := $(GEN)/scnn_params.h $(GEN)/scnn_pkg.sv $(GEN)/scnn_params.mk $(GEN)/scnn_params.py

$(GEN)/.params.stamp: params/scnn_params.toml params/gen_params.py $(GEN)/params.set
	@$(NEED) python
	$(PYTHON) params/gen_params.py --outdir $(GEN) $(if $(strip $(PARAMS)),--set "$(strip $(PARAMS))")
	@touch $@
$(GEN_HDRS): $(GEN)/.params.stamp

.PHONY: params
params: $(GEN)/.params.stamp ## generate the C/SV/Make/Python parameter headers into build/gen

# --- Folders -----------------------------------------------------------------
include cmodel/cmodel.mk
include tests/tests.mk
include rtl/rtl.mk
include tb/tb.mk
include synth/synth.mk
include eval/eval.mk

# --- The main job -------------------------------------------------------------------------------
.PHONY: verify
verify: $(SCNN_BIN) ## check a layer: C model vs dense reference, then RTL vs C model (NET, LAYER, SEED or BUNDLE); NET=n alone or LAYER=all: every layer of n, chained on the RTL's outputs
	@$(NEED) numpy
	@$(if $(and $(VERIFY_NET_RUN),$(if $(BUNDLE),,1)),NET=$(NET) SEED=$(SEED) WAVES=$(WAVES) BUG=$(BUG) BUILD=$(BUILD) scripts/verify_net.sh,NET=$(NET) LAYER=$(LAYER) SEED=$(SEED) BUNDLE=$(BUNDLE) WAVES=$(WAVES) BUG=$(BUG) BUILD=$(BUILD) scripts/verify.sh)

.PHONY: verify-sc
verify-sc: $(SCNN_BIN) ## the same check as make verify with the SystemC top (verilator --sc, sc_main)
	@$(NEED) numpy
	@SIM=sc NET=$(NET) LAYER=$(LAYER) SEED=$(SEED) BUNDLE=$(BUNDLE) BUILD=$(BUILD) scripts/verify.sh

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
	@echo "Variables (make TARGET VAR=value):"
	@awk '/^[A-Z][A-Z0-9_]* *\?=[^#]*##/{v=$$1; sub(/^[^#]*##+ */,""); printf "  %-16s %s\n",v,$$0}' $(MAKEFILE_LIST)
