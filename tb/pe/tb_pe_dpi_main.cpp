// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
//
// Event loop of the SystemVerilog testbench tb/pe/tb_pe_dpi.sv (Verilator --timing): runs until
// $finish and returns the testbench's status_o (0 pass, 1 mismatch, 2 bad arguments / setup
// error); 2 as well if the simulation stopped without $finish.
#include <memory>

#include "Vtb_pe_dpi.h"
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
  return static_cast<int>(top->status_o);
}
