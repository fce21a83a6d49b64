# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
# C golden model: library build/lib/libscnn.a and CLI build/bin/scnn.
# Depends on nothing in rtl/ or tb/.

# make's built-in default of CC is cc: replace it (not a value from the command line or the
# environment) by gcc, which the DPI libraries are documented to be built with.
ifeq ($(origin CC),default)
undefine CC
endif
CC      ?= gcc## the C compiler of the C model, the CLI and the DPI-C libraries
# Hook for instrumented builds in their own BUILD dir (make test-sanitize, make fuzz): added to
# every compile and link line of the model, the CLI and the unit tests; empty by default.
SAN_FLAGS ?=## extra compile+link flags (make test-sanitize / make fuzz set them in their own BUILD)
CFLAGS_SCNN := -std=c11 -O2 -g -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L \
               -Icmodel/include -I$(GEN) -MMD -MP $(SAN_FLAGS)
SCNN_LIBS   := -lcjson -lm

CMODEL_SRCS := $(wildcard cmodel/src/*.c)
CMODEL_OBJS := $(patsubst cmodel/src/%.c,$(BUILD)/cmodel/%.o,$(CMODEL_SRCS))
CLI_SRCS    := $(wildcard cmodel/cli/*.c)
CLI_OBJS    := $(patsubst cmodel/cli/%.c,$(BUILD)/cli/%.o,$(CLI_SRCS))
SCNN_LIB    := $(BUILD)/lib/libscnn.a
SCNN_BIN    := $(BUILD)/bin/scnn

$(BUILD)/cmodel/%.o: cmodel/src/%.c $(GEN)/scnn_params.h | need-cc need-cjson
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_SCNN) -c $< -o $@

$(BUILD)/cli/%.o: cmodel/cli/%.c $(GEN)/scnn_params.h | need-cc need-cjson
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_SCNN) -c $< -o $@

$(SCNN_LIB): $(CMODEL_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(SCNN_BIN): $(CLI_OBJS) $(SCNN_LIB) | need-cc need-cjson
	@mkdir -p $(@D)
	$(CC) $(SAN_FLAGS) -o $@ $(CLI_OBJS) $(SCNN_LIB) $(SCNN_LIBS)

.PHONY: cmodel
cmodel: $(SCNN_BIN) ## build the C model library build/lib/libscnn.a and the CLI build/bin/scnn

-include $(CMODEL_OBJS:.o=.d) $(CLI_OBJS:.o=.d)

# Benchmarks: the whole chained AlexNet and VGG-16 conv stacks on the model
# (one thread). Targets on the project machine: AlexNet < 5 s, VGG-16 < 60 s.
BENCH_NETS ?= alexnet vgg16## networks of make bench-cmodel
.PHONY: bench bench-cmodel
bench-cmodel: $(SCNN_BIN) ## C-model benchmark: wall time and simulated non-zero products/s of the AlexNet and VGG-16 stacks
	@mkdir -p $(BUILD)/bench
	@for net in $(BENCH_NETS); do \
	  t0=$$(date +%s.%N); \
	  $(SCNN_BIN) run --net $$net --quiet --report $(BUILD)/bench/$$net.json >$(BUILD)/bench/$$net.txt || exit 1; \
	  t1=$$(date +%s.%N); \
	  grep -E "^$$net: SCNN|^model:" $(BUILD)/bench/$$net.txt | sed "s/^/  /"; \
	  printf 'bench %-8s wall %.2f s for the whole stack (table: %s)\n' $$net \
	    "$$(awk "BEGIN{print $$t1 - $$t0}")" $(BUILD)/bench/$$net.txt; \
	done

bench: bench-cmodel bench-rtl ## run the benchmarks (C model stacks; RTL: array build time, make verify LAYER=conv3 wall time, cycles/s)
