# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
# tools/: the ONNX importer (docs/onnx.md) and the shipped example network (examples/digits).

ONNX   ?=##           an .onnx model for make import
SAMPLE ?=##           make import: the sample input .npy (C, H, W), float; its activations go into the bundles
BATCH  ?=##           make import: optional .npz (x, y) of held-out samples for the float/integer accuracy check
CALIB  ?=##           make import: optional .npz (x, y) the integer scales are chosen on (default BATCH, else SAMPLE)
OUT    ?=##           make import: the network directory to write (network.json + one bundle per conv layer)

EXAMPLE_DIR := examples/digits
EXAMPLE_NET := $(BUILD)/examples/digits
IMPORT := SCNN_GEN=$(GEN) $(PYTHON) tools/scnn-import

.PHONY: import example example-import example-train
import: $(GEN_HDRS) | need-onnx ## import an ONNX CNN into a network directory (ONNX, SAMPLE, OUT; BATCH, CALIB): scales, bundles, accuracy check
	@$(if $(and $(strip $(ONNX)),$(strip $(SAMPLE)),$(strip $(OUT))),,echo "make import: give ONNX=model.onnx SAMPLE=x.npy OUT=dir (BATCH=, CALIB= optional)" >&2; exit 2)
	$(IMPORT) $(strip $(ONNX)) --input $(strip $(SAMPLE)) --out $(strip $(OUT)) $(if $(strip $(BATCH)),--batch $(strip $(BATCH))) $(if $(strip $(CALIB)),--calib $(strip $(CALIB)))

example-import: $(GEN_HDRS) | need-onnx ## import the shipped pruned digits CNN (examples/digits) into $(BUILD)/examples/digits, with its accuracy check
	$(IMPORT) $(EXAMPLE_DIR)/digits.onnx --input $(EXAMPLE_DIR)/sample.npy --batch $(EXAMPLE_DIR)/test.npz --calib $(EXAMPLE_DIR)/calib.npz --out $(EXAMPLE_NET)

example: example-import $(SCNN_BIN) | need-onnx need-numpy ## the shipped example end to end: import, chained run on the C model, chained verification on the 8x8 array RTL
	$(SCNN_BIN) run --net $(EXAMPLE_NET) --check
	NET=$(EXAMPLE_NET) BUILD=$(BUILD) WAVES=$(WAVES) VERIFY_NO_RERUN=$(VERIFY_NO_RERUN) scripts/verify_net.sh

example-train: | need-torch need-sklearn need-onnx ## retrain, prune and re-export the example (examples/digits/train.py; deterministic)
	$(PYTHON) $(EXAMPLE_DIR)/train.py
