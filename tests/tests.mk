# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
# Tests: GoogleTest unit tests of the C model (through the C harness shim in
# tests/harness), outside-reference checks in Python/NumPy (tests/py), and the
# suites in tests/suites (one script each, run in name order by
# tests/run_tier.sh, each printing PASS/FAIL lines).

ifeq ($(origin CXX),default)
undefine CXX
endif
CXX ?= g++## the C++ compiler of the unit tests
GTEST_FILTER ?=## make test-unit: a GoogleTest filter, e.g. 'Codec.*'
SAN_CXXFLAGS ?=## extra flags of the unit tests' C++ only, after SAN_FLAGS (make test-sanitize: -O0)
GTEST_CXXFLAGS := -std=c++17 -O1 -g -Wall -Wextra -Werror -Icmodel/include -I$(GEN) \
                  -Itests/harness -MMD -MP $(SAN_FLAGS) $(SAN_CXXFLAGS)
UNIT_SRCS    := $(wildcard tests/unit/*.cc)
UNIT_OBJS    := $(patsubst tests/unit/%.cc,$(BUILD)/tests/%.o,$(UNIT_SRCS))
HARNESS_SRCS := $(wildcard tests/harness/*.c)
HARNESS_OBJS := $(patsubst tests/harness/%.c,$(BUILD)/tests/harness/%.o,$(HARNESS_SRCS))
UNIT_BIN     := $(BUILD)/tests/unit_tests

$(BUILD)/tests/%.o: tests/unit/%.cc $(GEN)/scnn_params.h | need-cxx need-gtest need-cjson
	@mkdir -p $(@D)
	$(CXX) $(GTEST_CXXFLAGS) -c $< -o $@

$(BUILD)/tests/harness/%.o: tests/harness/%.c $(GEN)/scnn_params.h | need-cc need-cjson
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_SCNN) -Itests/harness -c $< -o $@

$(UNIT_BIN): $(UNIT_OBJS) $(HARNESS_OBJS) $(SCNN_LIB) | need-cxx need-gtest
	@mkdir -p $(@D)
	$(CXX) $(SAN_FLAGS) -o $@ $(UNIT_OBJS) $(HARNESS_OBJS) $(SCNN_LIB) -lgtest -lgtest_main -lpthread $(SCNN_LIBS)

.PHONY: test test-quick test-full test-unit test-list
test: test-quick ## run the quick test tier (what CI runs; a few minutes)

test-quick: $(UNIT_BIN) $(SCNN_BIN) | need-numpy need-onnx ## quick tier: unit tests, outside references, small layers
	@BUILD=$(BUILD) tests/run_tier.sh quick

test-full: $(UNIT_BIN) $(SCNN_BIN) | need-numpy need-onnx ## full tier: every catalog layer of AlexNet, VGG-16, GoogLeNet (long)
	@BUILD=$(BUILD) tests/run_tier.sh full

TIER ?= quick## make test-list: the tier whose test ids to print (quick or full)
test-list: ## print the test ids a tier runs (TIER=quick|full; from tests/tiers.txt), without running them
	@tests/run_tier.sh --list $(strip $(TIER))

test-unit: $(UNIT_BIN) ## only the GoogleTest unit tests (GTEST_FILTER=... to select)
	$(UNIT_BIN) $(if $(strip $(GTEST_FILTER)),--gtest_filter=$(strip $(GTEST_FILTER)))

# Sanitized build: the rules above and those of cmodel/cmodel.mk, run again by a sub-make into
# $(BUILD)/sanitize with gcc's AddressSanitizer + UndefinedBehaviorSanitizer through SAN_FLAGS.
# The C model keeps -O2; the test code is compiled -O0 (instrumented gtest code compiles ~3x
# faster so, and the model is what is under test).
SAN_BUILD    := $(BUILD)/sanitize
SAN_SANITIZE := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

.PHONY: sanitize-build test-sanitize
sanitize-build: ## build the C model, the CLI and the unit tests with ASan+UBSan (gcc) into build/sanitize
	+@$(MAKE) --no-print-directory BUILD=$(SAN_BUILD) CC=gcc CXX=g++ SAN_FLAGS="$(SAN_SANITIZE)" \
	  SAN_CXXFLAGS=-O0 $(SAN_BUILD)/tests/unit_tests $(SAN_BUILD)/bin/scnn

test-sanitize: ## unit tests and the CLI bad-input suite on the ASan+UBSan build (any sanitizer report fails)
	@BUILD=$(BUILD) tests/suites/15-sanitize.sh quick

# make test-fresh: the README's two commands on a minimal Debian 12 root made with debootstrap
# from this machine's apt source (scripts/test_fresh.sh; as root, about 30 minutes). It checks
# the commit FRESH_REF of FRESH_SRC, not the work tree's uncommitted changes.
FRESH_ROOT ?= $(BUILD)/fresh/root## chroot of make test-fresh (unpacked afresh every run; the debootstrap result is kept in $(BUILD)/fresh/cache)
FRESH_SRC  ?=## repository make test-fresh clones (default: this one)
FRESH_REF  ?=## commit or branch of FRESH_SRC make test-fresh checks (default: its HEAD)

.PHONY: test-fresh
test-fresh: ## fresh-machine check: make verify LAYER=conv3 and make test in a new Debian 12 minbase chroot (root; ~30 min)
	@BUILD=$(BUILD) FRESH_ROOT=$(strip $(FRESH_ROOT)) $(if $(strip $(FRESH_SRC)),FRESH_SRC=$(strip $(FRESH_SRC))) \
	  $(if $(strip $(FRESH_REF)),FRESH_REF=$(strip $(FRESH_REF))) scripts/test_fresh.sh

-include $(UNIT_OBJS:.o=.d) $(HARNESS_OBJS:.o=.d)
include tests/fuzz/fuzz.mk
