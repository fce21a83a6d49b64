// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
//
// The DPI-C interface of the PE testbench tb/pe/tb_pe_dpi.sv: every function the testbench
// calls on its C side (tb/pe/pe_dpi.c: layer, job layout, report; tb/pe/pe_dpi_chk.c: checks).
// The handle h is the C side's context (a chandle: the state of one testbench instance, no
// globals). Check functions return 0 when the value matches the C model, else 1 after printing
// "FAIL verify-pe ..." (the testbench then stops). Values cross as int, string or bit vectors.
package pe_dpi_pkg;
  localparam int unsigned F     = scnn_pkg::F;
  localparam int unsigned EntW  = scnn_pkg::ENT_W;
  localparam int unsigned Iaw   = scnn_pkg::IARAM_AW;
  localparam int unsigned NwW   = scnn_pkg::WFIFO_CNT_W;
  localparam int unsigned DescW = scnn_pkg::DESC_W;

  // --- layer and PE ------------------------------------------------------------------------
  // Opens net/layer (net "bundle": layer is a bundle directory) with the generator's data of
  // seed, picks the PE pe ("x,y" or "busiest": most C-model compute cycles) and prints the
  // table head. desc_w / wvec_w: the testbench's descriptor and weight-vector widths (must
  // equal the C side's). Returns the handle, or null (reason on stderr).
  import "DPI-C" function chandle pe_dpi_open(input string net, input string layer,
      input string pe, input int seed, input int desc_w, input int wvec_w);
  // Frees the handle's state.
  import "DPI-C" function void pe_dpi_close(input chandle h);
  // Number of jobs of the layer.
  import "DPI-C" function int pe_dpi_job_count(input chandle h);

  // --- one job: its layout for the PE's ports ----------------------------------------------
  // Runs the C model on job j (the PE alone and the whole array) and lays it out; 0, or 1
  // (failed: the job does not fit the PE's interfaces).
  import "DPI-C" function int pe_dpi_job_begin(input chandle h, input int j);
  // nvch: descriptors (processed channels), niaram: IARAM entries, nwvec: weight vectors,
  // nrecv: halo words addressed to the PE, bufsel: accumulator buffer of the job (j & 1).
  import "DPI-C" function void pe_dpi_job_sizes(input chandle h, output int nvch,
      output int niaram, output int nwvec, output int nrecv, output int bufsel);
  // The job's accumulator region (rx0, ry0, rw, rh), output channels kg, product shift.
  import "DPI-C" function void pe_dpi_job_region(input chandle h, output int rx0,
      output int ry0, output int rw, output int rh, output int kg, output int prod_shift);
  // The PE's own output tile (ox0, oy0, own_w, own_h) and the layer's out_shift and relu.
  import "DPI-C" function void pe_dpi_job_output(input chandle h, output int ox0,
      output int oy0, output int own_w, output int own_h, output int out_shift,
      output int relu);
  // IARAM entry i ({run, value}).
  import "DPI-C" function int pe_dpi_iaram(input chandle h, input int i);
  // Descriptor word of processed channel k.
  import "DPI-C" function void pe_dpi_desc(input chandle h, input int k,
      output bit [DescW-1:0] d);
  // Weight vector i (F entries) in the PE's work order.
  import "DPI-C" function void pe_dpi_wvec(input chandle h, input int i,
      output bit [F*EntW-1:0] d);
  // Halo word i addressed to the PE: local channel k, output coordinates (xo, yo), value
  // (ACC_W bits).
  import "DPI-C" function void pe_dpi_halo_in(input chandle h, input int i, output int k,
      output int xo, output int yo, output int value);
  // Cycle budget of a phase of the job (a timeout is a failure): the watchdog, from the
  // model's cycles of the job (pe_dpi.c).
  import "DPI-C" function int pe_dpi_cycle_limit(input chandle h);

  // --- checks (0: match, 1: mismatch printed) ----------------------------------------------
  // Accumulator word raw of bank/entry; phase 0: after the compute (scnn_pe_run_job), 1: after
  // the halo exchange (scnn_job_observe).
  import "DPI-C" function int pe_dpi_check_acc(input chandle h, input int phase,
      input int bank, input int entry, input int raw);
  // The PE's counters after the compute: compute cycles, pairs, issue cycles, overflows, bank
  // stall cycles (summed over the banks), peak bank queue occupancy (microarch 4.3).
  import "DPI-C" function int pe_dpi_check_compute(input chandle h, input int cycles,
      input int pairs, input int issue, input int ovf, input int stall, input int qmax);
  // Granted halo request i: (k, xo, yo).
  import "DPI-C" function int pe_dpi_check_halo_req(input chandle h, input int i, input int k,
      input int xo, input int yo);
  // Halo word i sent: (k, xo, yo) and its raw ACC_W-bit value.
  import "DPI-C" function int pe_dpi_check_halo_out(input chandle h, input int i, input int k,
      input int xo, input int yo, input int raw);
  // Number n of halo words sent.
  import "DPI-C" function int pe_dpi_check_halo_out_count(input chandle h, input int n);
  // Overflow counter after the halo exchange.
  import "DPI-C" function int pe_dpi_check_post_overflow(input chandle h, input int ovf);
  // Output block reported by the drain: channel k, OARAM base, entry count.
  import "DPI-C" function int pe_dpi_check_block(input chandle h, input int k, input int base,
      input int count);
  // Where block k was reported (base, count), for the read-back; 1 if it never was.
  import "DPI-C" function int pe_dpi_block(input chandle h, input int k, output int base,
      output int count);
  // Entry i of output block k read from the OARAM ({run, value}).
  import "DPI-C" function int pe_dpi_check_out_entry(input chandle h, input int k, input int i,
      input int raw);
  // A failure found by the testbench itself (timeout, ...): prints msg, returns 1.
  import "DPI-C" function int pe_dpi_fail(input chandle h, input string msg);

  // --- report --------------------------------------------------------------------------------
  // The job's table row (cycles RTL/model, pairs, conflicts, utilisation, overflows).
  import "DPI-C" function void pe_dpi_job_end(input chandle h);
  // The PASS line (if nothing failed); returns 0 (pass) or 1 (a check failed).
  import "DPI-C" function int pe_dpi_finish(input chandle h);
  // Writes the GTKWave save file out: the layout's signals on the dump fst, the view on the
  // first job run, markers at its start, compute done and halo end (times in ps). 0, or -1.
  import "DPI-C" function int pe_dpi_waves_view(input chandle h, input string layout,
      input string out, input string fst, input longint t_start, input longint t_done,
      input longint t_halo_end);
endpackage
