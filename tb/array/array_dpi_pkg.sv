// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
//
// The DPI-C interface of the array testbench tb/array/tb_array_dpi.sv: every function the
// testbench calls on its C side (tb/array/array_env.c: layer, job tables, sequencer, driving
// interfaces; array_chk.c: checks; array_report.c: report, waves' view). The handle h is the C
// side's context (a chandle: the state of one testbench instance, no globals). Once per clock
// cycle, at the falling edge, the testbench calls array_dpi_step and then only the interfaces
// whose event bit the step set (Ev* below); functions returning int return 0 to go on and 1
// when the run is over (a check failed and printed "FAIL verify-array ...", or the layer
// passed): the testbench then closes the handle and calls $finish. Vectors are P lanes, lane p
// = PE p (py*PE_COLS + px) at bits [p*W +: W].
package array_dpi_pkg;
  localparam int unsigned P       = scnn_pkg::PE_COUNT;
  localparam int unsigned F       = scnn_pkg::F;
  localparam int unsigned EntW    = scnn_pkg::ENT_W;
  localparam int unsigned AccW    = scnn_pkg::ACC_W;
  localparam int unsigned LinW    = scnn_pkg::ACC_ENTRY_BITS;
  localparam int unsigned VchBits = scnn_pkg::VCH_BITS;
  localparam int unsigned Iaw     = scnn_pkg::IARAM_AW;
  localparam int unsigned NwW     = scnn_pkg::WFIFO_CNT_W;
  localparam int unsigned DescW   = scnn_pkg::DESC_W;
  localparam int unsigned Oaw     = scnn_pkg::OARAM_AW;
  localparam int unsigned OCntW   = scnn_pkg::OARAM_CNT_W;

  // Event bits of array_dpi_step's result (tb/array/array_env.h: ARRAY_EV_*).
  localparam int unsigned EvRstN       = 0;   // rst_ni high
  localparam int unsigned EvLayerStart = 1;   // layer_start_i pulse
  localparam int unsigned EvGo         = 2;   // go_i pulse, ...
  localparam int unsigned EvGoJob      = 3;   // ... with a job (go_job_i)
  localparam int unsigned EvHaloEnd    = 4;   // call array_dpi_halo_end (an exchange ended)
  localparam int unsigned EvCfg        = 5;   // call array_dpi_cfg (cfg_we_i)
  localparam int unsigned EvLoad       = 6;   // call array_dpi_load
  localparam int unsigned EvWgt        = 7;   // call array_dpi_weights if a pending PE is ready
  localparam int unsigned EvCounters   = 8;   // call array_dpi_counters
  localparam int unsigned EvAcc        = 9;   // call array_dpi_acc
  localparam int unsigned EvOaram      = 10;  // call array_dpi_oaram
  localparam int unsigned EvHoldEnd    = 11;  // call array_dpi_hold_end after the interfaces
  localparam int unsigned EvTrace      = 12;  // waves wanted from this cycle on

  // Schedule event bits of array_dpi_step's argument sched (array_env.h: ARRAY_SCH_*), the
  // array's registered ev_*_o outputs: each is high in the cycle after the one it names.
  localparam int unsigned SchBarrier    = 0;   // ev_barrier_o: the cycle before B_j
  localparam int unsigned SchHaloInit   = 1;   // ev_halo_init_o: the cycle before HS_j
  localparam int unsigned SchHaloLast   = 2;   // ev_halo_last_o: E_j - 1
  localparam int unsigned SchDrainStart = 3;   // ev_drain_start_o: DS_j
  localparam int unsigned SchDrainLast  = 4;   // ev_drain_last_o: drain_end_j - 1

  // --- the layer ------------------------------------------------------------------------------
  // Opens net/layer (net "bundle": layer is a bundle directory) with the generator's data of
  // seed, runs the C model's schedule and checks that every job fits the RTL's interfaces.
  // out_npy / report_json: where the RTL output tensor and the JSON report go ("": not
  // written); trace_from: the first job with waves (-1: none); desc_w / wvec_w: the
  // testbench's descriptor and weight-vector widths (must equal the C side's). Returns the
  // handle, or null (reason on stderr: exit status 2).
  import "DPI-C" function chandle array_dpi_open(input string net, input string layer,
      input int seed, input string out_npy, input string report_json, input int trace_from,
      input int desc_w, input int wvec_w);
  // The layer's constant inputs: product shift, output shift, ReLU.
  import "DPI-C" function void array_dpi_layer(input chandle h, output int prod_shift,
      output int out_shift, output bit relu);
  // Ends the run (a layer not finished is a failure), frees the handle; returns the exit
  // status: 0 every check passed, 1 a mismatch, 2 setup error.
  import "DPI-C" function int array_dpi_close(input chandle h);

  // --- every cycle --------------------------------------------------------------------------------
  // The schedule check and the sequencer, with the array's status outputs hold_o, the
  // schedule events sched (Sch* bits of the ev_*_o outputs, checked against the model's
  // schedule), cycles_o, halo_words_o; returns the cycle's event bits (Ev*), or -1 when the
  // run is over. wto / hto: the output tile of the job being loaded or computed.
  import "DPI-C" function int array_dpi_step(input chandle h, input bit hold, input int sched,
      input int cycles, input int halo_words, output int wto, output int hto);

  // --- driving interfaces (their event bit set) ------------------------------------------------
  // The job configuration of one PE (cfg_pe_i and the cfg_*_i fields), while the array holds.
  import "DPI-C" function int array_dpi_cfg(input chandle h, output int pe, output int nvch,
      output int kg, output int rx0, output int ry0, output int rw, output int rh,
      output int ox0, output int oy0, output int own_w, output int own_h);
  // One descriptor and (new sub-layer) one IARAM word per PE lane: write enables, addresses,
  // data of ld_iaram_*_i and ld_desc_*_i.
  import "DPI-C" function int array_dpi_load(input chandle h,
      output bit [P-1:0] iaram_we, output bit [P*Iaw-1:0] iaram_waddr,
      output bit [P*EntW-1:0] iaram_wdata, output bit [P-1:0] desc_we,
      output bit [P*VchBits-1:0] desc_waddr, output bit [P*DescW-1:0] desc_wdata);
  // The weight streams: w_ready_o in; w_valid_i / w_data_i out (one vector to every ready PE
  // with vectors left); w_pend: the PEs that still have vectors of the job.
  import "DPI-C" function int array_dpi_weights(input chandle h, input bit [P-1:0] w_ready,
      output bit [P-1:0] w_valid, output bit [P*F*EntW-1:0] w_data, output bit [P-1:0] w_pend);

  // --- checking interfaces -----------------------------------------------------------------------
  // The end of a halo exchange (EvHaloEnd, the cycle after E_j - 1): its words (halo_words_o
  // since its start) and every PE's receive overflows hovf (halo_overflow_o, 32 bits each).
  import "DPI-C" function int array_dpi_halo_end(input chandle h, input bit [P*32-1:0] hovf);
  // The finished job's counters of every PE (compute_cycles_o, pairs_o, issue_cycles_o,
  // overflow_o: the compute's overflows, stall_cycles_o: 32 bits each; queue_max_o: 8 bits)
  // at the hold's first cycle; then the next job's tables.
  import "DPI-C" function int array_dpi_counters(input chandle h, input bit [P*32-1:0] ccyc,
      input bit [P*32-1:0] pairs, input bit [P*32-1:0] issue, input bit [P*32-1:0] ovf,
      input bit [P*32-1:0] stall, input bit [P*8-1:0] qmax);
  // Accumulator read-back of the last buffer whose exchange is over (the finished job's, or
  // with HALO_OVERLAP the one before) through the debug port: rdata = dbg_rdata_o of the word
  // asked for in the previous cycle; re, bufsel, bank, entry: the next word's dbg_*_i.
  import "DPI-C" function int array_dpi_acc(input chandle h, input bit [P*AccW-1:0] rdata,
      output bit re, output bit bufsel, output int bank, output int entry);
  // Output blocks reported by the PPUs (a cycle with any blk_valid_o): valid, channel k, OARAM
  // base, entry count per PE.
  import "DPI-C" function int array_dpi_blocks(input chandle h, input bit [P-1:0] valid,
      input bit [P*LinW-1:0] k, input bit [P*Oaw-1:0] base, input bit [P*OCntW-1:0] count);
  // OARAM read-back of the job before: rdata = oaram_rdata_o of the entries asked for in the
  // previous cycle; re, raddr: the next entries' oaram_re_i / oaram_raddr_i.
  import "DPI-C" function int array_dpi_oaram(input chandle h, input bit [P*EntW-1:0] rdata,
      output bit [P-1:0] re, output bit [P*Oaw-1:0] raddr);
  // After the interfaces of a hold cycle: when none had work left, the hold's checks (start
  // cycle, table row, read-back tensor) and the go - or, after the final drain,
  // the layer's checks, rtl_output.npy, the summary, the JSON report and the PASS line.
  import "DPI-C" function int array_dpi_hold_end(input chandle h, input int cycles);

  // --- waves --------------------------------------------------------------------------------------
  // Writes the GTKWave save file out: the signals of layout on the dump fst, the view on the
  // first traced job with markers at its go, barrier and hold (times in ps; -1: not reached).
  // Returns 0, or -1.
  import "DPI-C" function int array_dpi_waves_view(input chandle h, input string layout,
      input string out, input string fst, input longint t_start, input longint t_barrier,
      input longint t_halo_end);
endpackage
