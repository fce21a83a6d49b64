// Event loop of the SystemVerilog testbench tb/tb_pe_dpi.sv (Verilator --timing): runs until
// $finish and returns the verdict of the DPI-C checks (0 pass, 1 mismatch, 2 setup error).
#include <memory>

#include "Vtb_pe_dpi.h"
#include "scnn_dpi.h"
#include "verilated.h"

int main(int argc, char **argv) {
  auto ctx = std::make_unique<VerilatedContext>();
  ctx->commandArgs(argc, argv);
#if VM_TRACE
  ctx->traceEverOn(true);
#endif
  auto top = std::make_unique<Vtb_pe_dpi>(ctx.get());
  while (!ctx->gotFinish()) {
    top->eval();
    if (!top->eventsPending()) break;
    ctx->time(top->nextTimeSlot());
  }
  top->final();
  if (!ctx->gotFinish()) return 2;
  return scnn_dpi_exit_status();
}
