// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
//
// SystemVerilog testbench of the whole array (make verify; make verify-sc builds the same top
// with `verilator --sc`). Everything around scnn_array lives in the C side (tb/array/array_env.c,
// array_chk.c, array_report.c), reached only through the DPI-C functions of
// tb/array/array_dpi_pkg.sv: once per cycle, at the falling edge, array_dpi_step gets the
// array's status outputs and answers with the control inputs for the next rising edge and the
// events of the cycle; only the interfaces with an event are called (job configuration,
// table and IARAM loads, weight streams, counter / accumulator / OARAM checks, block reports).
// The clock comes from the simulation main (tb/array/tb_array_main.cpp or tb_array_sc.cpp):
// one cycle is 1 ns. trace_o tells the main when to write waves; status_o is the verdict
// (0 pass, 1 mismatch, 2 bad arguments / setup error) once $finish is called.
//
// Plusargs: +net=NET +layer=LAYER (+net=bundle +layer=DIR) [+seed=N] [+out=FILE.npy]
//           [+report=FILE.json] [+trace_from=JOB] (the main writes waves from that job on)
//           [+fst=FILE +gtkw_layout=FILE +gtkw=FILE] (a save file whose view is that job)
module tb_array_dpi (
  input  bit clk_i,
  output bit trace_o,
  output int status_o
);
  timeunit 1ns;
  timeprecision 1ps;
  import array_dpi_pkg::*;

  localparam int unsigned PW        = scnn_pkg::PE_W;
  localparam int unsigned BankBits  = scnn_pkg::BANK_BITS;
  localparam int unsigned DepthBits = scnn_pkg::BANK_DEPTH_BITS;
  localparam int unsigned GeomW     = scnn_pkg::GEOM_W;
  localparam int unsigned ShiftW    = scnn_pkg::SHIFT_W;
  localparam int unsigned OShiftW   = scnn_pkg::OSHIFT_W;

  // array inputs (driven from the C side) and outputs
  bit                 rst_n, layer_start, go, go_job, relu, cfg_we, dbg_re, dbg_buf;
  int                 prod_shift, out_shift, wto, hto, cfg_pe, cfg_nvch, cfg_kg;
  int                 cfg_rx0, cfg_ry0, cfg_rw, cfg_rh, cfg_ox0, cfg_oy0, cfg_own_w, cfg_own_h;
  int                 dbg_bank, dbg_entry;
  bit [P-1:0]         ld_iaram_we, ld_desc_we, w_valid, oaram_re, w_pend;
  bit [P*Iaw-1:0]     ld_iaram_waddr;
  bit [P*EntW-1:0]    ld_iaram_wdata;
  bit [P*VchBits-1:0] ld_desc_waddr;
  bit [P*DescW-1:0]   ld_desc_wdata;
  bit [P*F*EntW-1:0]  w_data;
  bit [P*Oaw-1:0]     oaram_raddr;

  logic               hold, halo_phase, job_buf;
  logic               ev_barrier, ev_halo_init, ev_halo_last, ev_drain_start, ev_drain_last;
  logic [31:0]        cycles, halo_words;
  logic [P-1:0]       w_ready, blk_valid;
  logic [P*32-1:0]    ccyc, pairs, issue, ovf, stall, hovf;
  logic [P*8-1:0]     qmax;
  logic [P*AccW-1:0]  dbg_rdata;
  logic [P*LinW-1:0]  blk_k;
  logic [P*Oaw-1:0]   blk_base;
  logic [P*OCntW-1:0] blk_count;
  logic [P*EntW-1:0]  oaram_rdata;

  scnn_array dut (
    .clk_i           (clk_i),
    .rst_ni          (rst_n),
    .layer_start_i   (layer_start),
    .go_i            (go),
    .go_job_i        (go_job),
    .hold_o          (hold),
    .halo_phase_o    (halo_phase),
    .ev_barrier_o    (ev_barrier),
    .ev_halo_init_o  (ev_halo_init),
    .ev_halo_last_o  (ev_halo_last),
    .ev_drain_start_o(ev_drain_start),
    .ev_drain_last_o (ev_drain_last),
    .cycles_o        (cycles),
    .halo_words_o    (halo_words),
    .job_buf_o       (job_buf),
    .prod_shift_i    (ShiftW'(prod_shift)),
    .out_shift_i     (OShiftW'(out_shift)),
    .relu_i          (relu),
    .wto_i           (GeomW'(wto)),
    .hto_i           (GeomW'(hto)),
    .cfg_we_i        (cfg_we),
    .cfg_pe_i        (PW'(cfg_pe)),
    .cfg_nvch_i      ((VchBits + 1)'(cfg_nvch)),
    .cfg_kg_i        ((LinW + 1)'(cfg_kg)),
    .cfg_rx0_i       (GeomW'(cfg_rx0)),
    .cfg_ry0_i       (GeomW'(cfg_ry0)),
    .cfg_rw_i        (GeomW'(cfg_rw)),
    .cfg_rh_i        (GeomW'(cfg_rh)),
    .cfg_ox0_i       (GeomW'(cfg_ox0)),
    .cfg_oy0_i       (GeomW'(cfg_oy0)),
    .cfg_own_w_i     (GeomW'(cfg_own_w)),
    .cfg_own_h_i     (GeomW'(cfg_own_h)),
    .ld_iaram_we_i   (ld_iaram_we),
    .ld_iaram_waddr_i(ld_iaram_waddr),
    .ld_iaram_wdata_i(ld_iaram_wdata),
    .ld_desc_we_i    (ld_desc_we),
    .ld_desc_waddr_i (ld_desc_waddr),
    .ld_desc_wdata_i (ld_desc_wdata),
    .w_valid_i       (w_valid),
    .w_ready_o       (w_ready),
    .w_data_i        (w_data),
    .compute_cycles_o(ccyc),
    .stall_cycles_o  (stall),
    .queue_max_o     (qmax),
    .pairs_o         (pairs),
    .issue_cycles_o  (issue),
    .overflow_o      (ovf),
    .halo_overflow_o (hovf),
    .dbg_re_i        (dbg_re),
    .dbg_buf_i       (dbg_buf),
    .dbg_bank_i      (BankBits'(dbg_bank)),
    .dbg_entry_i     (DepthBits'(dbg_entry)),
    .dbg_rdata_o     (dbg_rdata),
    .blk_valid_o     (blk_valid),
    .blk_k_o         (blk_k),
    .blk_base_o      (blk_base),
    .blk_count_o     (blk_count),
    .oaram_re_i      (oaram_re),
    .oaram_raddr_i   (oaram_raddr),
    .oaram_rdata_o   (oaram_rdata)
  );

  chandle h = null;
  string  fst, layout, gtkw;
  // the waves' view: times (ps) of the first traced job's go, barrier and hold
  longint t_mark[3] = '{-1, -1, -1};

  initial begin : p_open
    string net, layer, out, report;
    int seed, trace_from;
    status_o = 2;
    trace_o = 1'b0;
    if (!$value$plusargs("net=%s", net)) net = "alexnet";
    if (!$value$plusargs("layer=%s", layer)) layer = "conv3";
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
    if (!$value$plusargs("out=%s", out)) out = "";
    if (!$value$plusargs("report=%s", report)) report = "";
    if (!$value$plusargs("trace_from=%d", trace_from)) trace_from = -1;
    if (!$value$plusargs("fst=%s", fst)) fst = "";
    if (!$value$plusargs("gtkw_layout=%s", layout)) layout = "";
    if (!$value$plusargs("gtkw=%s", gtkw)) gtkw = "";
    h = array_dpi_open(net, layer, seed, out, report, trace_from, DescW, F * EntW);
    if (h == null) begin
      $finish;
    end else begin
      array_dpi_layer(h, prod_shift, out_shift, relu);
    end
  end

  // The end of the run: the waves' view, the verdict, $finish.
  task automatic end_run();
    status_o = array_dpi_close(h);
    h = null;
    if (fst != "" && gtkw != "" && layout != "") begin
      if (array_dpi_waves_view(null, layout, gtkw, fst, t_mark[0], t_mark[1], t_mark[2]) != 0)
        status_o = 2;
    end
    $finish;
  endtask

  // The marks of the view: the first go of a job with waves on, its barrier, its next hold.
  task automatic mark_view(input int ev);
    longint now_ps;
    now_ps = longint'($realtime * 1000.0);
    if (t_mark[0] < 0) begin
      if (ev[EvTrace] && ev[EvGo] && ev[EvGoJob]) t_mark[0] = now_ps;
    end else if (t_mark[1] < 0) begin
      if (ev_barrier) t_mark[1] = now_ps;
    end else if (t_mark[2] < 0) begin
      if (hold) t_mark[2] = now_ps;
    end
  endtask

  // Once per cycle: the block reports, the sequencer, then the interfaces with an event. (Every
  // DPI call in its own statement: Verilator 5.006 evaluates a DPI call on the right of && even
  // when the left side is false.)
  always @(negedge clk_i) begin : p_cycle
    int ev, rc, sched;
    if (h != null) begin
      rc = 0;
      ev = 0;
      if (|blk_valid) rc = array_dpi_blocks(h, blk_valid, blk_k, blk_base, blk_count);
      if (rc == 0) begin
        sched = 0;
        sched[SchBarrier]    = ev_barrier;
        sched[SchHaloInit]   = ev_halo_init;
        sched[SchHaloLast]   = ev_halo_last;
        sched[SchDrainStart] = ev_drain_start;
        sched[SchDrainLast]  = ev_drain_last;
        ev = array_dpi_step(h, hold, sched, cycles, halo_words, wto, hto);
        if (ev < 0) rc = 1;
      end
      if (rc == 0 && ev[EvHaloEnd]) rc = array_dpi_halo_end(h, hovf);
      if (rc == 0) begin
        rst_n       = ev[EvRstN];
        layer_start = ev[EvLayerStart];
        go          = ev[EvGo];
        go_job      = ev[EvGoJob];
        trace_o     = ev[EvTrace];
        if (fst != "") mark_view(ev);
        if (ev[EvGoJob]) w_pend = '1;
        if (ev[EvCounters]) rc = array_dpi_counters(h, ccyc, pairs, issue, ovf, stall, qmax);
      end
      cfg_we = 1'b0;
      {cfg_pe, cfg_nvch, cfg_kg, cfg_rx0, cfg_ry0, cfg_rw, cfg_rh} = '0;
      {cfg_ox0, cfg_oy0, cfg_own_w, cfg_own_h} = '0;
      if (rc == 0 && ev[EvCfg]) begin
        cfg_we = 1'b1;
        rc = array_dpi_cfg(h, cfg_pe, cfg_nvch, cfg_kg, cfg_rx0, cfg_ry0, cfg_rw, cfg_rh,
                           cfg_ox0, cfg_oy0, cfg_own_w, cfg_own_h);
      end
      ld_iaram_we = '0;
      ld_desc_we  = '0;
      if (rc == 0 && ev[EvLoad]) begin
        rc = array_dpi_load(h, ld_iaram_we, ld_iaram_waddr, ld_iaram_wdata, ld_desc_we,
                            ld_desc_waddr, ld_desc_wdata);
      end
      w_valid = '0;
      if (rc == 0 && ev[EvWgt]) begin
        if (|(w_ready & w_pend)) rc = array_dpi_weights(h, w_ready, w_valid, w_data, w_pend);
      end
      {dbg_re, dbg_buf, dbg_bank, dbg_entry} = '0;
      if (rc == 0 && ev[EvAcc]) rc = array_dpi_acc(h, dbg_rdata, dbg_re, dbg_buf, dbg_bank, dbg_entry);
      oaram_re = '0;
      if (rc == 0 && ev[EvOaram]) rc = array_dpi_oaram(h, oaram_rdata, oaram_re, oaram_raddr);
      if (rc == 0 && ev[EvHoldEnd]) rc = array_dpi_hold_end(h, cycles);
      if (rc != 0) end_run();
    end
  end

  final begin : p_final
    if (h != null) status_o = array_dpi_close(h);  // (ended without $finish from here)
  end

  /* verilator lint_off UNUSEDSIGNAL */
  logic [1:0] unused_status;   // (waves only)
  /* verilator lint_on UNUSEDSIGNAL */
  assign unused_status = {job_buf, halo_phase};
endmodule
