# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
# Verilator testbenches (tb/README.md), one folder per family: tb/common (shared helpers),
# tb/unit (component benches), tb/pe (the PE), tb/array (the 8x8 array). Builds are cached under
# $(BUILD)/tb/<name>/. The C model is linked as the C library $(SCNN_LIB) (compiled by gcc),
# never handed to Verilator. One clock cycle is 1 ns: modules without a timescale (the RTL) get
# 1ns/1ps, the SV tops say so themselves.

TB_TIMESCALE    := --timescale 1ns/1ps
VERILATOR_FLAGS := --cc --exe --build -j 2 -O2 --x-assign fast --x-initial fast -Wno-fatal \
  $(TB_TIMESCALE)
TB_CFLAGS  := -O2 -I$(abspath cmodel/include) -I$(abspath $(GEN)) -I$(abspath tb/common)
TB_LDFLAGS := $(abspath $(SCNN_LIB)) -lcjson -lm

# tb_rule(name, top module, C++ sources, extra verilator flags)
define tb_rule
$(BUILD)/tb/$(1)/V$(2): $(RTL_SRCS) $(3) tb/common/tb_common.h $(SCNN_LIB) $(GEN)/scnn_params.h | need-verilator need-cxx
	@mkdir -p $(BUILD)/tb/$(1)
	@# Verilator's own makefile does not know the -LDFLAGS libraries: remove the binary so
	@# that a changed C model library is always relinked.
	@rm -f $$@
	verilator $(VERILATOR_FLAGS) $(4) --top-module $(2) -Mdir $(BUILD)/tb/$(1) \
	  $(RTL_LINT_CFG) $(RTL_SRCS) $(abspath $(3)) -CFLAGS "$(TB_CFLAGS)" -LDFLAGS "$(TB_LDFLAGS)" \
	  > $(BUILD)/tb/$(1).build.log 2>&1 || { tail -n 30 $(BUILD)/tb/$(1).build.log; exit 1; }
endef

$(eval $(call tb_rule,xbar,scnn_xbar,tb/unit/tb_xbar.cpp,))
$(eval $(call tb_rule,ppu,scnn_ppu,tb/unit/tb_ppu.cpp,))

TB_UNITS := xbar ppu
.PHONY: tb-units
tb-units: $(BUILD)/tb/xbar/Vscnn_xbar $(BUILD)/tb/ppu/Vscnn_ppu ## build and run the RTL component testbenches (crossbar arbiter, PPU)
	$(BUILD)/tb/xbar/Vscnn_xbar $(SEED)
	$(BUILD)/tb/ppu/Vscnn_ppu $(SEED)

# The PE under the C++ harness (random jobs, make verify-pe-random; cached); the FST variant is
# a separate build.
TB_PE_SRCS := tb/pe/tb_pe.cpp tb/pe/tb_pe_drv.cpp
TB_PE_HDRS := tb/pe/tb_pe_drv.h tb/pe/tb_pe_ref.h
$(eval $(call tb_rule,pe,scnn_pe,$(TB_PE_SRCS),))
$(eval $(call tb_rule,pe_fst,scnn_pe,$(TB_PE_SRCS),--trace-fst))
$(BUILD)/tb/pe/Vscnn_pe $(BUILD)/tb/pe_fst/Vscnn_pe: $(TB_PE_HDRS)

# Deliberately broken RTL variants (`define SCNN_BUG_*): the PE tests must fail on each (C++
# harness: random jobs; the SV testbench below: make verify-pe BUG=...).
TB_PE_BUGS := BANK PLACEHOLDER NO_BYPASS FIFO_DEPTH PPU_PLACEHOLDER QUEUE_ROOM QUEUE_ORDER PE_STUCK \
  NO_RESET
$(foreach b,$(TB_PE_BUGS),$(eval $(call tb_rule,pe_bug_$(b),scnn_pe,$(TB_PE_SRCS),+define+SCNN_BUG_$(b) --trace-fst)))
$(foreach b,$(TB_PE_BUGS),$(BUILD)/tb/pe_bug_$(b)/Vscnn_pe): $(TB_PE_HDRS)

# --- Testbenches with the C model through DPI-C: one three-stage build ---------------------------
# The DPI testbenches (PE and array) leave the initial state of the RTL to the run: with
# --x-initial unique every register and memory starts at 0, or at random values from a seed
# (XSEED=N: the plusargs +verilator+rand+reset+2 +verilator+seed+N); --x-assign unique the same
# for the values Verilator gives an X (the RTL writes none itself).
TB_XFLAGS := --x-assign unique --x-initial unique
XSEED ?= 0## make verify, verify-pe: initial state of the RTL, 0 every register and memory at 0, N > 0 random from seed N
XSEED := $(strip $(XSEED))

# tb_dpi_build(name, top module, DPI C sources, verilator flags, verilator sources,
#              C++ make flags[, environment for verilator and make])
# 1. verilate (no --build): C++ sources, the makefile V<top>.mk and the DPI prototypes
#    V<top>__Dpi.h (the imports of the testbench's *_dpi_pkg.sv);
# 2. the DPI C side, every one of its C files compiled by gcc with the prototypes
#    force-included (a prototype that differs from the SV import is a compile error), into the
#    C library libtb_dpi.a;
# 3. Verilator's generated makefile compiles the model and links it with that library and the
#    C model library $(SCNN_LIB).
# Stage 2 uses Verilator's include directory and stage 3 (SystemC) pkg-config: both are
# order-only need-<tool> prerequisites, so a fresh machine installs the tool before make
# expands the recipe that asks it (Makefile, "Tools").
VERILATOR_ROOT_DIR = $(shell verilator --getenv VERILATOR_ROOT)
TB_DPI_COMMON := $(wildcard tb/common/*.h) $(GEN)/scnn_params.h $(wildcard cmodel/include/*.h)
TB_DPI_CFLAGS := $(TB_CFLAGS)
# the headers of a DPI C side: those of its folders
tb_dpi_hdrs = $(wildcard $(addsuffix *.h,$(sort $(dir $(1)))))

# Each build keeps its Verilator and C++ flags in $(BUILD)/tb/<name>.flags, rewritten only when
# they change: a build whose flags changed (a new tb.mk, ARRAY_THREADS=) is verilated again.
.PHONY: FORCE
FORCE:
define tb_dpi_build
$(BUILD)/tb/$(1).flags: FORCE
	@mkdir -p $$(@D)
	@echo '$(4) | $(6)' | cmp -s - $$@ || echo '$(4) | $(6)' > $$@

$(BUILD)/tb/$(1)/V$(2).mk: $(RTL_SRCS) $(RTL_LINT_CFG) $(filter-out %.c,$(5)) $(BUILD)/tb/$(1).flags | need-verilator
	@mkdir -p $(BUILD)/tb/$(1)
	@echo "verilator: building $(1) (log: $(BUILD)/tb/$(1).build.log)"
	@$(7) verilator $(4) --top-module $(2) -Mdir $(BUILD)/tb/$(1) $(RTL_LINT_CFG) \
	  $(filter %.vlt,$(5)) $(RTL_SRCS) $(filter %.sv,$(5)) $(abspath $(filter %.cpp,$(5))) \
	  -CFLAGS "$(TB_DPI_CFLAGS)" \
	  -LDFLAGS "$(abspath $(BUILD)/tb/$(1)/libtb_dpi.a) $(TB_LDFLAGS)" \
	  > $(BUILD)/tb/$(1).build.log 2>&1 || { tail -n 30 $(BUILD)/tb/$(1).build.log; exit 1; }

$(BUILD)/tb/$(1)/libtb_dpi.a: $(BUILD)/tb/$(1)/V$(2).mk $(3) $(call tb_dpi_hdrs,$(3)) \
    $(TB_DPI_COMMON) | need-cc need-verilator
	@for c in $(3); do \
	  echo "$$(CC) $$$$c"; \
	  $$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Wall -Wextra -Werror \
	    -I$$(VERILATOR_ROOT_DIR)/include/vltstd -Icmodel/include -I$(GEN) \
	    $(addprefix -I,$(sort $(dir $(3)))) -include $(BUILD)/tb/$(1)/V$(2)__Dpi.h \
	    -c $$$$c -o $(BUILD)/tb/$(1)/$$$$(basename $$$$c .c).o || exit 1; \
	done
	@rm -f $$@ && ar rcs $$@ $(patsubst %.c,$(BUILD)/tb/$(1)/%.o,$(notdir $(3)))

$(BUILD)/tb/$(1)/V$(2): $(BUILD)/tb/$(1)/libtb_dpi.a $(SCNN_LIB) \
    $(filter %.h,$(5)) | need-cxx
	@# Verilator's makefile does not know the -LDFLAGS libraries: remove the binary so that a
	@# changed library is always relinked.
	@rm -f $$@
	@# the testbench's own C++ main is recompiled every time (a few seconds): its dependency
	@# file names the source's path, which goes stale when the source moves
	@rm -f $(foreach c,$(notdir $(basename $(filter %.cpp,$(5)))),$(BUILD)/tb/$(1)/$(c).o $(BUILD)/tb/$(1)/$(c).d)
	@$(7) $$(MAKE) --no-print-directory -C $(BUILD)/tb/$(1) -f V$(2).mk -j 2 $(6) \
	  >> $(BUILD)/tb/$(1).build.log 2>&1 || { tail -n 30 $(BUILD)/tb/$(1).build.log; exit 1; }
endef

# --- The PE testbench: SystemVerilog top, C model through DPI-C (make verify-pe) ----------------
# tb/pe/tb_pe_dpi.sv with its imports tb/pe/pe_dpi_pkg.sv; the C side tb/pe/pe_dpi.c (layer,
# job layout, report) and pe_dpi_chk.c (checks). Verilator --timing.
TB_DPI_VFLAGS := --cc --exe --timing -O2 $(TB_XFLAGS) -Wno-fatal $(TB_TIMESCALE)
TB_DPI_SRCS   := tb/pe/pe_dpi_pkg.sv tb/pe/tb_pe_dpi.sv tb/pe/tb_pe_dpi_main.cpp
TB_DPI_C      := tb/pe/pe_dpi.c tb/pe/pe_dpi_chk.c tb/common/tb_gtkw.c

$(eval $(call tb_dpi_build,pe_dpi,tb_pe_dpi,$(TB_DPI_C),$(TB_DPI_VFLAGS),$(TB_DPI_SRCS),))
$(eval $(call tb_dpi_build,pe_dpi_fst,tb_pe_dpi,$(TB_DPI_C),$(TB_DPI_VFLAGS) --trace-fst,$(TB_DPI_SRCS),))
$(foreach b,$(TB_PE_BUGS),$(eval $(call tb_dpi_build,pe_dpi_bug_$(b),tb_pe_dpi,$(TB_DPI_C),$(TB_DPI_VFLAGS) +define+SCNN_BUG_$(b) --trace-fst,$(TB_DPI_SRCS),)))

# The GTKWave layout tb/pe/scnn_pe.gtkw names the signals of the C++ harness (top = scnn_pe);
# in the SV testbench the PE is TOP.tb_pe_dpi.dut. The re-rooted layout is the template of the
# save file each run with waves writes next to its FST (view on the first job, markers).
TB_DPI_GTKW := $(BUILD)/tb/scnn_pe_dpi.gtkw
$(TB_DPI_GTKW): tb/pe/scnn_pe.gtkw
	@mkdir -p $(dir $@)
	sed -e 's/TOP\.scnn_pe\./TOP.tb_pe_dpi.dut./g' \
	  -e 's/^\[treeopen\] TOP\.$$/[treeopen] TOP.\n[treeopen] TOP.tb_pe_dpi./' $< > $@

# --- make verify-pe ---------------------------------------------------------------------------
PE ?= busiest## make verify-pe: the PE, x,y (0-based column,row) or busiest (most C-model compute cycles)
PE := $(strip $(PE))
BUG ?=## a deliberately broken RTL variant (SCNN_BUG_<BUG>; must FAIL): PE: BANK PLACEHOLDER NO_BYPASS FIFO_DEPTH PPU_PLACEHOLDER QUEUE_ROOM QUEUE_ORDER PE_STUCK NO_RESET (with XSEED=N); array: BANK NO_BYPASS HALO_PRIO HALO_BLOCK SEQ_STUCK EARLY_START
BUG := $(strip $(BUG))
TB_PE_BIN     := $(if $(BUG),$(BUILD)/tb/pe_bug_$(BUG)/Vscnn_pe,$(BUILD)/tb/pe/Vscnn_pe)
TB_WAVES      := $(BUILD)/tb/waves/pe_$(if $(BUNDLE),bundle_$(notdir $(abspath $(BUNDLE))),$(NET)_$(LAYER))$(if $(BUG),_bug_$(BUG)).fst
TB_WAVES_GTKW := $(TB_WAVES:.fst=.gtkw)

TB_DPI_BIN     := $(if $(BUG),$(BUILD)/tb/pe_dpi_bug_$(BUG)/Vtb_pe_dpi,$(BUILD)/tb/pe_dpi/Vtb_pe_dpi)
TB_DPI_FST_BIN := $(if $(BUG),$(TB_DPI_BIN),$(BUILD)/tb/pe_dpi_fst/Vtb_pe_dpi)
TB_DPI_ARGS    := $(if $(BUNDLE),+net=bundle +layer=$(BUNDLE),+net=$(NET) +layer=$(LAYER)) +pe=$(PE) +seed=$(SEED) \
  $(if $(filter-out 0,$(XSEED)),+verilator+rand+reset+2 +verilator+seed+$(XSEED))
TB_DPI_WAVES   := +fst=$(TB_WAVES) +gtkw_layout=$(TB_DPI_GTKW) +gtkw=$(TB_WAVES_GTKW)

.PHONY: verify-pe verify-pe-random
verify-pe: $(TB_DPI_BIN) $(TB_DPI_GTKW) $(if $(filter 1,$(WAVES)),$(TB_DPI_FST_BIN)) ## one PE (PE=x,y, default the busiest) of NET/LAYER or BUNDLE: SV testbench, C model through DPI-C, every job
	@case "$(XSEED)" in ''|*[!0-9]*|0?*) echo "verify-pe: error: XSEED='$(XSEED)': expected 0 or a decimal seed without leading zeros" >&2; exit 2;; esac
	@mkdir -p $(dir $(TB_WAVES))
	@$(if $(filter-out 0,$(XSEED)),echo "verify-pe: every register and memory of the RTL starts random (XSEED=$(XSEED))";) \
	if [ "$(WAVES)" = 1 ]; then \
	  $(TB_DPI_FST_BIN) $(TB_DPI_ARGS) $(TB_DPI_WAVES); rc=$$?; \
	  echo "waves: gtkwave $(TB_WAVES) $(TB_WAVES_GTKW)"; exit $$rc; fi; \
	$(if $(BUG),echo "verify-pe: deliberately broken RTL variant SCNN_BUG_$(BUG)";) \
	$(TB_DPI_BIN) $(TB_DPI_ARGS) | tee $(BUILD)/tb/verify-pe.log; \
	rc=$${PIPESTATUS[0]}; \
	if [ $$rc -eq 1 ]; then \
	  job=$$(sed -n 's/^failed job: //p' $(BUILD)/tb/verify-pe.log); \
	  echo "verify-pe: re-running job $$job with waves"; \
	  $(MAKE) --no-print-directory $(TB_DPI_FST_BIN) >/dev/null && \
	  $(TB_DPI_FST_BIN) $(TB_DPI_ARGS) +job=$$job $(TB_DPI_WAVES) >/dev/null; \
	  echo "waves: gtkwave $(TB_WAVES) $(TB_WAVES_GTKW)"; fi; \
	exit $$rc

VERIFY_JOBS ?= 500## make verify-pe-random: number of random PE jobs
verify-pe-random: $(TB_PE_BIN) ## VERIFY_JOBS random PE jobs (empty, dense, placeholders, one bank, overflow, full FIFO) vs the C model
	$(TB_PE_BIN) random $(VERIFY_JOBS) $(SEED)

# --- The array testbench: SystemVerilog top + C side through DPI-C (make verify) ---------------
# tb/array/tb_array_dpi.sv is a thin shell around scnn_array (imports tb/array/array_dpi_pkg.sv);
# the C side is the array's environment (array_env.c), checker (array_chk.c) and report
# (array_report.c). Clocked from C++ (tb/array/tb_array_main.cpp), no --timing.
ARRAY_THREADS ?= 1## verilator --threads N for the array testbench build (1: single-threaded)
ARRAY_THREADS := $(strip $(ARRAY_THREADS))
# -fno-life -fno-life-post: two of Verilator's passes that run once per PE instance; without
# them verilation took 46 s instead of 56 s and the simulation was as fast (5,318 and 5,233
# cycles/s on conv3; tb/README.md, "Build time of the array"). The slow (initial/settle) code
# is compiled with -O0: it runs once.
TB_ARRAY_VFLAGS := --cc --exe -O3 -fno-life -fno-life-post $(TB_XFLAGS) -Wno-fatal $(TB_TIMESCALE) \
  $(if $(filter-out 1,$(ARRAY_THREADS)),--threads $(ARRAY_THREADS))
TB_ARRAY_SRCS   := tb/array/array.vlt tb/array/array_dpi_pkg.sv tb/array/tb_array_dpi.sv \
  tb/array/tb_array_main.cpp
TB_ARRAY_OPT    := OPT_FAST="-O2" OPT_SLOW="-O0"
TB_ARRAY_DPI    := tb/array/array_env.c tb/array/array_chk.c tb/array/array_report.c \
  tb/common/tb_gtkw.c

$(eval $(call tb_dpi_build,array,tb_array_dpi,$(TB_ARRAY_DPI),$(TB_ARRAY_VFLAGS),$(TB_ARRAY_SRCS),$(TB_ARRAY_OPT)))
# The trace code of 64 PEs is large straight-line C++: gcc -O2 took more than 15 minutes per
# file (1.8 GB), so the FST build is compiled with -O0.
$(eval $(call tb_dpi_build,array_fst,tb_array_dpi,$(TB_ARRAY_DPI),$(TB_ARRAY_VFLAGS) --trace-fst,$(TB_ARRAY_SRCS),OPT_FAST=-O0 OPT_SLOW=-O0 OPT_GLOBAL=-O0))
$(eval $(call tb_dpi_build,bench_array,tb_array_dpi,$(TB_ARRAY_DPI),$(TB_ARRAY_VFLAGS),$(TB_ARRAY_SRCS),$(TB_ARRAY_OPT)))

# Deliberately broken array variants (negative tests: make verify BUG=... must fail):
# the PE bugs above that show at layer level, and two of the halo network / sender.
TB_ARRAY_BUGS := BANK NO_BYPASS HALO_PRIO HALO_BLOCK SEQ_STUCK EARLY_START
# (no --trace-fst: tracing 64 PEs doubles the C++ build; the negative tests need no waves)
$(foreach b,$(TB_ARRAY_BUGS),$(eval $(call tb_dpi_build,array_bug_$(b),tb_array_dpi,$(TB_ARRAY_DPI),$(TB_ARRAY_VFLAGS) +define+SCNN_BUG_$(b),$(TB_ARRAY_SRCS),$(TB_ARRAY_OPT))))

TB_ARRAY_BIN     := $(if $(BUG),$(BUILD)/tb/array_bug_$(BUG)/Vtb_array_dpi,$(BUILD)/tb/array/Vtb_array_dpi)
TB_ARRAY_FST_BIN := $(BUILD)/tb/array_fst/Vtb_array_dpi

.PHONY: tb-array tb-array-fst
tb-array: $(TB_ARRAY_BIN) ## build the array testbench (Verilator, C model through DPI-C; BUG= for a broken variant)
tb-array-fst: $(TB_ARRAY_FST_BIN) ## build the array testbench with FST waves (used by WAVES=1 and the rerun of a failing job)

# --- the array testbench with a SystemC top (make verify-sc) -----------------------------------
# The same SV top, DPI-C side and flags as the array above, built with `verilator --sc` (the
# model is an sc_module) and clocked by an sc_clock in tb/array/tb_array_sc.cpp (sc_main; no waves:
# WAVES=1 uses the C++ build). SystemC from libsystemc-dev; SYSTEMC_INCLUDE / SYSTEMC_LIBDIR
# (environment or make) override pkg-config's answer and are handed to Verilator and to its
# generated makefile.
SYSTEMC_INCLUDE ?=## SystemC headers for make verify-sc (default: pkg-config systemc, else /usr/include)
SYSTEMC_LIBDIR  ?=## SystemC library folder for make verify-sc (default: pkg-config systemc, else the multiarch lib folder)
TB_SC_INCLUDE = $(or $(strip $(SYSTEMC_INCLUDE)),$(shell pkg-config --variable=includedir systemc 2>/dev/null),/usr/include)
TB_SC_LIBDIR  = $(or $(strip $(SYSTEMC_LIBDIR)),$(shell pkg-config --variable=libdir systemc 2>/dev/null),/usr/lib/$(shell $(CC) -print-multiarch))
TB_SC_ENV     = SYSTEMC_INCLUDE=$(TB_SC_INCLUDE) SYSTEMC_LIBDIR=$(TB_SC_LIBDIR)
TB_ARRAY_SC_VFLAGS := --sc $(filter-out --cc,$(TB_ARRAY_VFLAGS))
TB_ARRAY_SC_SRCS   := $(filter-out tb/array/tb_array_main.cpp,$(TB_ARRAY_SRCS)) tb/array/tb_array_sc.cpp
TB_ARRAY_SC_BIN    := $(BUILD)/tb/array_sc/Vtb_array_dpi

$(eval $(call tb_dpi_build,array_sc,tb_array_dpi,$(TB_ARRAY_DPI),$(TB_ARRAY_SC_VFLAGS),$(TB_ARRAY_SC_SRCS),$(TB_ARRAY_OPT),$$(TB_SC_ENV)))
$(BUILD)/tb/array_sc/Vtb_array_dpi.mk $(TB_ARRAY_SC_BIN): | need-systemc need-pkgconfig need-cc

.PHONY: tb-array-sc
tb-array-sc: $(TB_ARRAY_SC_BIN) ## build the array testbench with the SystemC top (verilator --sc, tb/array/tb_array_sc.cpp)

# --- make regress: a list of make verify tasks (scripts/regress.py, tests/regress/<LIST>.txt) ---
LIST ?= quick## make regress: the regression list tests/regress/<LIST>.txt (quick, nightly) or a file
BACKEND ?= local## make regress: where the tasks run (local: this machine; a Slurm backend is not built yet)
REGRESS_J ?= 2## make regress: tasks at once on the local backend
.PHONY: regress
regress: $(SCNN_BIN) | need-verilator need-numpy ## run a regression list (LIST=quick|nightly, BACKEND=local, REGRESS_J=2): builds once per config and variant, then the tasks in parallel -> build/regress/<LIST>/results.md, results.xml (JUnit); exit 1 on an unexpected result
	@/usr/bin/python3 scripts/regress.py --list "$(strip $(LIST))" --backend "$(strip $(BACKEND))" -j "$(strip $(REGRESS_J))" --build "$(if $(filter default,$(CONFIG)),$(BUILD),build)"

.PHONY: bench-rtl
BENCH_REF ?= 7ae1c40## make bench-rtl: the git commit whose array testbench is the reference of the ratios
bench-rtl: ## RTL benchmark: clean array testbench build and conv3 cycles/s, each vs BENCH_REF's as a ratio in one run; make verify LAYER=conv3 wall time
	@BUILD=$(BUILD) BENCH_REF=$(BENCH_REF) scripts/bench_rtl.sh
