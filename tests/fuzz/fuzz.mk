# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
#
# libFuzzer targets (tests/fuzz/fuzz_*.c, tests/README.md). fuzz-build runs a sub-make into
# $(BUILD)/fuzz with CC=clang-14 and SAN_FLAGS set to the sanitizer + fuzzer-coverage flags, so
# the C model library is compiled by the rules of cmodel/cmodel.mk; the rules below (objects and
# links of the targets) are the only new ones and are meant for that sub-make's BUILD.

FUZZ_S ?= 60## seconds each libFuzzer target runs in make fuzz (libFuzzer -max_total_time)
FUZZ_CC      := clang-14
FUZZ_TARGETS := npy layer-json bundle codec
FUZZ_BUILD   := $(BUILD)/fuzz
FUZZ_SAN     := -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
                -fno-sanitize-recover=all

# --- in the sub-make (BUILD = the fuzz build dir) ----------------------------------------------
FUZZ_BINS := $(patsubst %,$(BUILD)/bin/fuzz-%,$(FUZZ_TARGETS) npy-selftest)

$(BUILD)/fuzz-obj/%.o: tests/fuzz/%.c tests/fuzz/fuzz_common.h $(GEN)/scnn_params.h | need-fuzzer need-cjson
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_SCNN) -Itests/fuzz -c $< -o $@

# the negative test: fuzz_npy.c with its planted bug
$(BUILD)/fuzz-obj/fuzz_npy_selftest.o: tests/fuzz/fuzz_npy.c tests/fuzz/fuzz_common.h $(GEN)/scnn_params.h | need-fuzzer need-cjson
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_SCNN) -Itests/fuzz -DSCNN_FUZZ_SELFTEST -c $< -o $@

define FUZZ_LINK
$(BUILD)/bin/fuzz-$(1): $(BUILD)/fuzz-obj/fuzz_$(subst -,_,$(1)).o $(SCNN_LIB)
	@mkdir -p $$(@D)
	$$(CC) $$(SAN_FLAGS) -fsanitize=fuzzer -o $$@ $$< $$(SCNN_LIB) $$(SCNN_LIBS)
endef
$(foreach t,$(FUZZ_TARGETS) npy-selftest,$(eval $(call FUZZ_LINK,$(t))))

.PHONY: fuzz-bins
fuzz-bins: $(FUZZ_BINS)

-include $(wildcard $(BUILD)/fuzz-obj/*.d)

# --- top level ---------------------------------------------------------------------------------
.PHONY: fuzz fuzz-build
fuzz-build: | need-fuzzer ## build the libFuzzer targets (clang-14, ASan+UBSan, C model rebuilt) into build/fuzz/bin
	+@$(MAKE) --no-print-directory BUILD=$(FUZZ_BUILD) CC=$(FUZZ_CC) SAN_FLAGS="$(FUZZ_SAN)" fuzz-bins

fuzz: fuzz-build ## run each libFuzzer target FUZZ_S seconds (crashes: build/fuzz/artifacts/), fail on any crash
	@tests/fuzz/run_fuzz.sh $(FUZZ_BUILD) $(strip $(FUZZ_S)) $(FUZZ_TARGETS)
