# C golden model: library build/lib/libscnn.a and CLI build/bin/scnn.
# Depends on nothing in rtl/ or tb/.

CC      ?= gcc
CFLAGS_SCNN := -std=c11 -O2 -g -Wall -Wextra -Werror -D_POSIX_C_SOURCE=200809L \
               -Icmodel/include -I$(GEN) -MMD -MP
SCNN_LIBS   := -lcjson -lm

CMODEL_SRCS := $(wildcard cmodel/src/*.c)
CMODEL_OBJS := $(patsubst cmodel/src/%.c,$(BUILD)/cmodel/%.o,$(CMODEL_SRCS))
CLI_SRCS    := $(wildcard cmodel/cli/*.c)
CLI_OBJS    := $(patsubst cmodel/cli/%.c,$(BUILD)/cli/%.o,$(CLI_SRCS))
SCNN_LIB    := $(BUILD)/lib/libscnn.a
SCNN_BIN    := $(BUILD)/bin/scnn

$(BUILD)/.cmodel-deps:
	@$(NEED) cc cjson python
	@mkdir -p $(@D) && touch $@

$(BUILD)/cmodel/%.o: cmodel/src/%.c $(GEN)/scnn_params.h | $(BUILD)/.cmodel-deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_SCNN) -c $< -o $@

$(BUILD)/cli/%.o: cmodel/cli/%.c $(GEN)/scnn_params.h | $(BUILD)/.cmodel-deps
	@mkdir -p $(@D)
	$(CC) $(CFLAGS_SCNN) -c $< -o $@

$(SCNN_LIB): $(CMODEL_OBJS)
	@mkdir -p $(@D)
	rm -f $@ && ar rcs $@ $^

$(SCNN_BIN): $(CLI_OBJS) $(SCNN_LIB)
	@mkdir -p $(@D)
	$(CC) -o $@ $(CLI_OBJS) $(SCNN_LIB) $(SCNN_LIBS)

.PHONY: cmodel
cmodel: $(SCNN_BIN) ## build the C model library build/lib/libscnn.a and the CLI build/bin/scnn

-include $(CMODEL_OBJS:.o=.d) $(CLI_OBJS:.o=.d)
