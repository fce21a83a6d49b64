// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
//
// SystemC simulation main of the array testbench tb/array/tb_array_dpi.sv (make verify-sc): the
// same SystemVerilog top and DPI-C side (tb/array/array_*.c) as the C++ build
// (tb/array/tb_array_main.cpp), built with `verilator --sc`; an sc_clock (1 ns period, low for
// the first 0.5 ns, then a rising edge every 1 ns, as the C++ main's toggle) drives clk_i.
// The model is run in slices of kSliceCycles clock periods until $finish. The simulation must
// not run on after $finish (Verilator exits with status 0 on a second $finish): FinishWatch
// stops SystemC at the first rising edge after it, before the next falling edge on which the
// testbench would act. Exit status = the verdict of the testbench (status_o: 0 pass,
// 1 mismatch, 2 bad arguments / setup error).
//
// Plusargs (as the C++ build): +net=NET +layer=LAYER (+net=bundle +layer=DIR) [+seed=N]
// [+out=FILE.npy] [+report=FILE.json].
// No waves here: +fst / +trace_from are not supported by this build; WAVES=1 and the rerun of a
// failing job use the C++ --trace-fst build (build/tb/array_fst/); trace_o is left unread.
#include <cstdio>
#include <memory>

#include <systemc>

#include "Vtb_array_dpi.h"
#include "verilated.h"

namespace {
constexpr double kClockNs = 1.0;          // clock period
constexpr int    kSliceCycles = 1000;     // clock periods per sc_start call

// Calls sc_stop() at the first rising edge of clk after $finish.
struct FinishWatch : sc_core::sc_module {
  sc_core::sc_in<bool> clk;
  SC_HAS_PROCESS(FinishWatch);
  explicit FinishWatch(sc_core::sc_module_name name) : sc_core::sc_module(name), clk("clk") {
    SC_METHOD(check);
    sensitive << clk.pos();
    dont_initialize();
  }
  void check() {
    if (Verilated::gotFinish()) sc_core::sc_stop();
  }
};
}  // namespace

int sc_main(int argc, char **argv) {
  Verilated::commandArgs(argc, argv);  // before the model is built: the SV reads plusargs

  sc_core::sc_clock clk("clk", sc_core::sc_time(kClockNs, sc_core::SC_NS), 0.5,
                        sc_core::sc_time(kClockNs / 2, sc_core::SC_NS), true);
  auto top = std::make_unique<Vtb_array_dpi>("top");
  sc_core::sc_signal<bool> trace("trace");
  sc_core::sc_signal<uint32_t> status("status");
  top->clk_i(clk);
  top->trace_o(trace);
  top->status_o(status);
  FinishWatch watch("watch");
  watch.clk(clk);
  // sc_stop() is how this main ends the run: no "Simulation stopped by user" info line.
  sc_core::sc_report_handler::set_actions("/OSCI/SystemC", sc_core::SC_INFO, sc_core::SC_DO_NOTHING);

  const sc_core::sc_time slice(kClockNs * kSliceCycles, sc_core::SC_NS);
  while (!Verilated::gotFinish() && sc_core::sc_get_status() != sc_core::SC_STOPPED) {
    sc_core::sc_start(slice);
  }
  top->final();
  const int rc = static_cast<int>(status.read());
  std::fflush(stdout);
  return rc;
}
