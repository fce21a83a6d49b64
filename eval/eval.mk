# Evaluation: `make eval` reruns the paper's evaluation on the C model and regenerates
# docs/results.md and docs/results/*.png (eval/run_eval.py; energy model eval/energy.py,
# method in docs/energy.md).  The PE-granularity study uses a second model build with
# 4 PEs x 256 multipliers in $(EVAL_BUILD4) (same total multipliers, IARAM/OARAM and
# accumulator banks scaled per PE).  EVAL_SWEEP=N limits the density sweep to N GoogLeNet
# layers (default: all).

EVAL_WORK    := $(BUILD)/eval
EVAL_BUILD4  := $(BUILD)/eval-4pe
EVAL_PARAMS4 := PE_ROWS=2 PE_COLS=2 F=16 I=16 BANK_BITS=9 IARAM_DEPTH=65536 OARAM_DEPTH=65536
EVAL_SWEEP   ?= all## make eval: density sweep over the first N GoogLeNet layers (all: every layer)
EVAL_JOBS    ?= 2## make eval: model runs in parallel
EVAL_RTL_LAYERS := conv1 conv2 conv3 conv4 conv5

.PHONY: eval eval-4pe
eval-4pe:
	@$(MAKE) --no-print-directory cmodel BUILD=$(EVAL_BUILD4) PARAMS="$(EVAL_PARAMS4)" >/dev/null

eval: $(SCNN_BIN) $(GEN)/scnn_params.py eval-4pe | need-numpy need-matplotlib ## reproduce the paper's evaluation: docs/results.md + docs/results/*.png (~6 min)
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
