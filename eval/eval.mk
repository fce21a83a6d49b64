# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
# Evaluation: `make eval` reruns the paper's evaluation on the C model and regenerates
# docs/results.md and docs/results/*.png (eval/run_eval.py; energy model eval/energy.py,
# method in docs/energy.md).  The PE-granularity study uses a second model build with
# 4 PEs x 256 multipliers, the named config params/configs/eval-4pe.toml, in $(EVAL_BUILD4)
# (same total multipliers, IARAM/OARAM and accumulator banks scaled per PE; a user's PARAMS
# does not reach it).  EVAL_SWEEP=N limits the density sweep to N GoogLeNet layers (default: all).

EVAL_WORK    := $(BUILD)/eval
EVAL_CONFIG4 := eval-4pe
EVAL_BUILD4  := $(BUILD)/$(EVAL_CONFIG4)
EVAL_SWEEP   ?= all## make eval: density sweep over the first N GoogLeNet layers (all: every layer)
EVAL_JOBS    ?= 2## make eval: model runs in parallel
EVAL_RTL_LAYERS := conv1 conv2 conv3 conv4 conv5

.PHONY: eval eval-4pe
eval-4pe:
	@$(MAKE) --no-print-directory cmodel CONFIG=$(EVAL_CONFIG4) BUILD=$(EVAL_BUILD4) PARAMS= >/dev/null

eval: $(SCNN_BIN) $(GEN)/scnn_params.py eval-4pe | need-numpy need-matplotlib ## reproduce the paper's evaluation: docs/results.md + docs/results/*.png (~9 min)
	@rm -rf $(EVAL_WORK) && mkdir -p $(EVAL_WORK)/rtl docs/results
	@for l in $(EVAL_RTL_LAYERS); do \
	  echo "eval: RTL PE check alexnet/$$l (make verify-pe)"; \
	  $(MAKE) --no-print-directory verify-pe NET=alexnet LAYER=$$l SEED=1 > $(EVAL_WORK)/rtl/$$l.log 2>&1 \
	    || echo "eval: verify-pe alexnet/$$l failed (log: $(EVAL_WORK)/rtl/$$l.log)"; \
	done
	$(PYTHON) eval/run_eval.py --scnn $(SCNN_BIN) --params $(GEN) \
	  --scnn4 $(EVAL_BUILD4)/bin/scnn --params4 $(EVAL_BUILD4)/gen \
	  --work $(EVAL_WORK) --md docs/results.md --plots docs/results \
	  --synth $(BUILD)/synth/report.json --verify-glob '$(BUILD)/verify/*/rtl_report.json' \
	  --rtl-logs $(EVAL_WORK)/rtl --sweep-layers $(EVAL_SWEEP) --jobs $(EVAL_JOBS)
