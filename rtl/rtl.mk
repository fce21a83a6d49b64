# RTL of one SCNN processing element (rtl/README.md).
# RTL_SRCS is the file list in compile order (the generated package first); other fragments
# (tb/, synth/) use it.

RTL_PKG     := $(GEN)/scnn_pkg.sv
RTL_MODULES := scnn_sram scnn_xbar scnn_ppu scnn_wfifo scnn_act_fetch scnn_coord scnn_mult_array scnn_acc_buf scnn_pe
RTL_SRCS    := $(RTL_PKG) $(addprefix rtl/,$(addsuffix .sv,$(RTL_MODULES)))
RTL_LINT_CFG := rtl/lint.vlt

.PHONY: lint rtl-synth-check
lint: $(RTL_SRCS) ## verilator --lint-only -Wall on every RTL module
	@$(NEED) verilator
	@set -e; for m in $(RTL_MODULES); do \
	  verilator --lint-only -Wall $(RTL_LINT_CFG) $(RTL_SRCS) --top-module $$m; \
	  echo "lint $$m: clean"; done

rtl-synth-check: $(RTL_SRCS) ## quick generic Yosys synth of every RTL module (syntax/synthesizability)
	@$(NEED) yosys
	@mkdir -p $(BUILD)/rtl
	@set -e; for m in $(RTL_MODULES); do \
	  yosys -q -l $(BUILD)/rtl/synth_$$m.log -p "read_verilog -sv $(RTL_SRCS); synth -top $$m" \
	    >/dev/null; echo "yosys synth $$m: ok"; done
