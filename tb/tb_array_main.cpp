// Simulation main of the array testbench tb/tb_array_dpi.sv (C++ build): toggles the clock,
// writes FST waves from the job the testbench names (+trace_from=J, +fst=FILE; only in the
// --trace-fst build), and returns the DPI side's exit status (0 pass, 1 mismatch, 2 setup).
#include <cstdio>
#include <cstring>
#include <memory>

#include "Vtb_array_dpi.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_fst_c.h"
#endif

#include "scnn_adpi.h"

int main(int argc, char **argv) {
  auto ctx = std::make_unique<VerilatedContext>();
  ctx->commandArgs(argc, argv);
  auto top = std::make_unique<Vtb_array_dpi>(ctx.get());
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
    ctx->timeInc(5);
    top->eval();
#if VM_TRACE
    if (tfp && scnn_adpi_trace_on()) tfp->dump(ctx->time());
#endif
  }
  top->final();
#if VM_TRACE
  if (tfp) tfp->close();
#endif
  return scnn_adpi_close();
}
