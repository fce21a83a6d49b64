// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
//
// Simulation main of the array testbench tb/array/tb_array_dpi.sv (C++ build): toggles the
// clock (one cycle = 1 ns), writes FST waves while the testbench's trace_o is high (from the
// job +trace_from=J names; +fst=FILE, only in the --trace-fst build), and returns the
// testbench's status_o (0 pass, 1 mismatch, 2 setup error).
#include <cstdio>
#include <cstring>
#include <memory>

#include "Vtb_array_dpi.h"
#include "tb_common.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_fst_c.h"
#endif

int main(int argc, char **argv) {
  auto ctx = std::make_unique<VerilatedContext>();
  ctx->commandArgs(argc, argv);
  auto top = std::make_unique<Vtb_array_dpi>(ctx.get());
  const uint64_t half = tb_half_cycle(ctx->timeprecision());
#if VM_TRACE
  std::unique_ptr<VerilatedFstC> tfp;
  const char *fst = ctx->commandArgsPlusMatch("fst=");
  if (fst && *fst) {
    ctx->traceEverOn(true);
    tfp = std::make_unique<VerilatedFstC>();
    top->trace(tfp.get(), 99);
    tfp->open(fst + std::strlen("+fst="));
  }
#endif
  top->clk_i = 0;
  top->eval();
  while (!ctx->gotFinish()) {
    top->clk_i = !top->clk_i;
    ctx->timeInc(half);
    top->eval();
#if VM_TRACE
    if (tfp && top->trace_o) tfp->dump(ctx->time());
#endif
  }
  top->final();
#if VM_TRACE
  if (tfp) tfp->close();
#endif
  return static_cast<int>(top->status_o);
}
