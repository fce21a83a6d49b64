# Copyright the SCNN contributors.
# SPDX-License-Identifier: Apache-2.0
# RTL of the SCNN processing element and the 8x8 PE array (rtl/README.md).
# RTL_SRCS is the file list in compile order (the generated package first); other fragments
# (tb/, synth/) use it.

RTL_PKG     := $(GEN)/scnn_pkg.sv
RTL_MODULES := scnn_sram scnn_xbar scnn_xbar_data scnn_bank_queue scnn_ppu scnn_wfifo scnn_act_fetch scnn_coord scnn_mult_array scnn_acc_buf scnn_pe_post scnn_halo_tx scnn_pe scnn_halo_net scnn_array
RTL_SRCS    := $(RTL_PKG) $(addprefix rtl/,$(addsuffix .sv,$(RTL_MODULES)))
RTL_LINT_CFG := rtl/lint.vlt

.PHONY: lint rtl-synth-check
lint: $(RTL_SRCS) | need-verilator ## verilator --lint-only -Wall on every RTL module
	@set -e; for m in $(RTL_MODULES); do \
	  verilator --lint-only -Wall $(RTL_LINT_CFG) $(RTL_SRCS) --top-module $$m; \
	  echo "lint $$m: clean"; done

# Quick check that Yosys 0.23 reads and elaborates the design: coarse synthesis (up to
# techmapping, scnn_sram black-boxed) of the top modules, with `check -assert` (no latches,
# no undriven or multi-driven nets). The full flow with area is synth/ (`make synth`).
RTL_SYNTH_TOPS := scnn_pe scnn_ppu
rtl-synth-check: $(RTL_SRCS) | need-yosys ## quick Yosys 0.23 coarse synth of the RTL (scnn_sram black-boxed) + check
	@mkdir -p $(BUILD)/rtl
	@set -e; for m in $(RTL_SYNTH_TOPS); do \
	  yosys -q -l $(BUILD)/rtl/synth_$$m.log -p "read_verilog -sv $(RTL_SRCS); blackbox scnn_sram; \
	    synth -top $$m -run :fine; check -assert" >/dev/null; echo "yosys coarse synth $$m: ok"; done
	@# the array's glue (sequencer, job registers, halo network) with the PEs black-boxed, at
	@# 2x2 PEs (the same code; 8x8 takes Yosys 0.23 more than 8 minutes for the 64x64 network)
	@yosys -q -l $(BUILD)/rtl/synth_scnn_array.log -p "read_verilog -sv $(RTL_SRCS); \
	  blackbox scnn_sram scnn_pe; chparam -set Rows 2 -set Cols 2 scnn_array; \
	  synth -top scnn_array -run :fine; check -assert" >/dev/null; \
	  echo "yosys coarse synth scnn_array (2x2, PEs black-boxed): ok"
	@yosys -q -l $(BUILD)/rtl/synth_scnn_sram.log -p "read_verilog -sv rtl/scnn_sram.sv; \
	  synth -top scnn_sram; check -assert" >/dev/null; echo "yosys synth scnn_sram: ok"
