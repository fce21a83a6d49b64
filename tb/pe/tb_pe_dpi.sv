// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
//
// SystemVerilog testbench of scnn_pe for catalog layers and bundles (make verify-pe). The C
// golden model is reached only through DPI-C (tb/pe/pe_dpi_pkg.sv; C side tb/pe/pe_dpi.c and
// pe_dpi_chk.c, compiled by gcc and linked with libscnn.a): the job layout, the descriptor
// words and the weight vectors come in as DPI arguments, and every value observed on the PE's
// ports is handed back to a DPI check function (which prints the mismatch and fails the run).
// Only the ports of scnn_pe are used.
//
// Plusargs: +net=NET +layer=LAYER [+pe=x,y|busiest] [+seed=N] [+job=J] [+fst=FILE]
//           [+gtkw_layout=FILE +gtkw=FILE] (with +fst: a save file whose view is the first job)
// One clock cycle is 1 ns. The inputs change at the falling clock edge; the PE samples them at
// the rising edge. Built with --timing (Verilator 5.006); tb/pe/tb_pe_dpi_main.cpp runs the
// event loop and returns status_o (0 pass, 1 mismatch, 2 bad arguments / setup error).
module tb_pe_dpi (
  output int status_o
);
  timeunit 1ns;
  timeprecision 1ps;
  import pe_dpi_pkg::*;

  localparam int unsigned AccW      = scnn_pkg::ACC_W;
  localparam int unsigned BankBits  = scnn_pkg::BANK_BITS;
  localparam int unsigned DepthBits = scnn_pkg::BANK_DEPTH_BITS;
  localparam int unsigned GeomW     = scnn_pkg::GEOM_W;
  localparam int unsigned VchBits   = scnn_pkg::VCH_BITS;
  localparam int unsigned ShiftW    = scnn_pkg::SHIFT_W;
  localparam int unsigned LinW      = scnn_pkg::ACC_ENTRY_BITS;
  localparam int unsigned Oaw       = scnn_pkg::OARAM_AW;
  localparam int unsigned OCntW     = scnn_pkg::OARAM_CNT_W;
  localparam int unsigned OShiftW   = scnn_pkg::OSHIFT_W;

  logic clk = 1'b0;
  always #0.5 clk = ~clk;  // 1 ns cycle
  logic rst_n = 1'b0;

  logic                 desc_we = 1'b0;
  logic [VchBits-1:0]   desc_waddr = '0;
  bit   [DescW-1:0]     desc_wdata;
  logic                 iaram_we = 1'b0;
  logic [Iaw-1:0]       iaram_waddr = '0;
  logic [EntW-1:0]      iaram_wdata = '0;
  logic [VchBits:0]     nvch = '0;
  logic [GeomW-1:0]     rx0 = '0, ry0 = '0, rw = '0, rh = '0;
  logic [ShiftW-1:0]    prod_shift = '0;
  logic [LinW:0]        kg = '0;
  logic [GeomW-1:0]     ox0 = '0, oy0 = '0, own_w = '0, own_h = '0;
  logic [OShiftW-1:0]   out_shift = '0;
  logic                 relu = 1'b0, buf_sel = 1'b0, start = 1'b0;
  logic                 w_valid = 1'b0, w_ready;
  bit   [F*EntW-1:0]    w_data;
  logic                 busy, done;
  logic [31:0]          compute_cycles, pairs, issue_cycles, overflow, stall_cycles, halo_ovf;
  logic [7:0]           queue_max;
  logic                 dbg_re = 1'b0, dbg_buf = 1'b0;
  logic [BankBits-1:0]  dbg_bank = '0;
  logic [DepthBits-1:0] dbg_entry = '0;
  logic [AccW-1:0]      dbg_rdata;
  logic                 halo_init = 1'b0, halo_en = 1'b0, halo_req, halo_gnt, halo_o_valid, halo_busy;
  logic [LinW-1:0]      halo_req_k, halo_o_k;
  logic [GeomW-1:0]     halo_req_xo, halo_req_yo, halo_o_xo, halo_o_yo;
  logic [AccW-1:0]      halo_o_value;
  logic                 halo_i_valid = 1'b0;
  logic [LinW-1:0]      halo_i_k = '0;
  logic [GeomW-1:0]     halo_i_xo = '0, halo_i_yo = '0;
  logic [AccW-1:0]      halo_i_value = '0;
  logic                 oaram_clear = 1'b0;
  logic                 drain_start = 1'b0, drain_busy, blk_valid;
  logic [LinW-1:0]      blk_k;
  logic [Oaw-1:0]       blk_base;
  logic [OCntW-1:0]     blk_count;
  logic                 oaram_re = 1'b0;
  logic [Oaw-1:0]       oaram_raddr = '0;
  logic [EntW-1:0]      oaram_rdata;

  scnn_pe dut (
    .clk_i(clk), .rst_ni(rst_n),
    .desc_we_i(desc_we), .desc_waddr_i(desc_waddr), .desc_wdata_i(desc_wdata),
    .iaram_we_i(iaram_we), .iaram_waddr_i(iaram_waddr), .iaram_wdata_i(iaram_wdata),
    .nvch_i(nvch), .rx0_i(rx0), .ry0_i(ry0), .rw_i(rw), .rh_i(rh),
    .prod_shift_i(prod_shift), .kg_i(kg), .ox0_i(ox0), .oy0_i(oy0), .own_w_i(own_w),
    .own_h_i(own_h), .out_shift_i(out_shift), .relu_i(relu), .buf_i(buf_sel),
    .start_i(start),
    .w_valid_i(w_valid), .w_ready_o(w_ready), .w_data_i(w_data),
    .busy_o(busy), .done_o(done), .compute_cycles_o(compute_cycles), .pairs_o(pairs),
    .issue_cycles_o(issue_cycles), .overflow_o(overflow), .stall_cycles_o(stall_cycles),
    .queue_max_o(queue_max),
    .dbg_re_i(dbg_re), .dbg_buf_i(dbg_buf), .dbg_bank_i(dbg_bank), .dbg_entry_i(dbg_entry),
    .dbg_rdata_o(dbg_rdata),
    .halo_init_i(halo_init), .halo_en_i(halo_en), .halo_req_o(halo_req), .halo_req_k_o(halo_req_k),
    .halo_req_xo_o(halo_req_xo), .halo_req_yo_o(halo_req_yo), .halo_gnt_i(halo_gnt),
    .halo_o_valid_o(halo_o_valid), .halo_o_k_o(halo_o_k), .halo_o_xo_o(halo_o_xo),
    .halo_o_yo_o(halo_o_yo), .halo_o_value_o(halo_o_value),
    .halo_i_valid_i(halo_i_valid), .halo_i_k_i(halo_i_k), .halo_i_xo_i(halo_i_xo),
    .halo_i_yo_i(halo_i_yo), .halo_i_value_i(halo_i_value), .halo_busy_o(halo_busy),
    .halo_overflow_o(halo_ovf),
    .oaram_clear_i(oaram_clear), .drain_start_i(drain_start),
    .drain_busy_o(drain_busy), .blk_valid_o(blk_valid),
    .blk_k_o(blk_k), .blk_base_o(blk_base), .blk_count_o(blk_count),
    .oaram_re_i(oaram_re), .oaram_raddr_i(oaram_raddr), .oaram_rdata_o(oaram_rdata)
  );

  // every halo request is granted in its cycle (the PE alone: no competing sender)
  assign halo_gnt = halo_req;

  // halo requests granted and words sent by the current job, in order
  typedef struct packed {
    logic [GeomW-1:0] yo;
    logic [GeomW-1:0] xo;
    logic [LinW-1:0]  k;
  } halo_cell_t;
  typedef struct packed {
    logic [AccW-1:0]  value;
    logic [GeomW-1:0] yo;
    logic [GeomW-1:0] xo;
    logic [LinW-1:0]  k;
  } halo_word_t;
  halo_cell_t req_q[$];
  halo_word_t sent_q[$];

  chandle h;
  // the waves' view: times (ps) of the first job's start, compute done and halo end
  longint t_mark[3] = '{-1, -1, -1};

  // Reads every bank/entry of buffer b through the debug port; each value is checked by the
  // C side (phase 0: after the compute vs scnn_pe_run_job, 1: after the halo exchange vs
  // scnn_job_observe). Returns 1 on the first mismatch.
  task automatic check_buffer(input int phase, input logic b, output int bad);
    int bank, e;
    bad = 0;
    for (bank = 0; bank < (1 << BankBits); bank++) begin
      for (e = 0; e < (1 << DepthBits); e++) begin
        dbg_re = 1'b1;
        dbg_buf = b;
        dbg_bank = BankBits'(bank);
        dbg_entry = DepthBits'(e);
        @(negedge clk);
        dbg_re = 1'b0;
        if (pe_dpi_check_acc(h, phase, bank, e, int'(dbg_rdata)) != 0) begin
          bad = 1;
          return;
        end
      end
    end
  endtask

  // One job: load, compute (weights pushed whenever w_ready), buffer and counters, halo send
  // and receive, buffer again, drain and every output block. Returns 1 on the first mismatch.
  task automatic run_job(input int j, output int bad);
    int v_nvch, v_niaram, v_nwvec, v_nrecv, v_buf, v_rx0, v_ry0, v_rw, v_rh, v_ps, v_kg;
    int v_ox0, v_oy0, v_ow, v_oh, v_os, v_relu;
    int next, cycles, limit, n, hk, hxo, hyo, value, base, count, i, k;
    bad = 1;
    if (pe_dpi_job_begin(h, j) != 0) return;
    pe_dpi_job_sizes(h, v_nvch, v_niaram, v_nwvec, v_nrecv, v_buf);
    pe_dpi_job_region(h, v_rx0, v_ry0, v_rw, v_rh, v_kg, v_ps);
    pe_dpi_job_output(h, v_ox0, v_oy0, v_ow, v_oh, v_os, v_relu);
    // load while idle: IARAM entries, then one descriptor per processed channel
    for (i = 0; i < v_niaram; i++) begin
      @(negedge clk);
      iaram_we = 1'b1;
      iaram_waddr = Iaw'(i);
      iaram_wdata = EntW'(pe_dpi_iaram(h, i));
    end
    @(negedge clk);
    iaram_we = 1'b0;
    for (k = 0; k < v_nvch; k++) begin
      pe_dpi_desc(h, k, desc_wdata);
      desc_we = 1'b1;
      desc_waddr = VchBits'(k);
      @(negedge clk);
    end
    desc_we = 1'b0;
    nvch = (VchBits + 1)'(v_nvch);
    rx0 = GeomW'(v_rx0);
    ry0 = GeomW'(v_ry0);
    rw = GeomW'(v_rw);
    rh = GeomW'(v_rh);
    prod_shift = ShiftW'(v_ps);
    kg = (LinW + 1)'(v_kg);
    ox0 = GeomW'(v_ox0);
    oy0 = GeomW'(v_oy0);
    own_w = GeomW'(v_ow);
    own_h = GeomW'(v_oh);
    out_shift = OShiftW'(v_os);
    relu = v_relu[0];
    buf_sel = v_buf[0];
    start = 1'b1;
    if (t_mark[0] < 0) t_mark[0] = longint'($realtime * 1000.0);
    @(negedge clk);
    start = 1'b0;
    // compute: one weight vector per cycle while w_ready (sampled before the rising edge)
    next = 0;
    cycles = 0;
    limit = pe_dpi_cycle_limit(h);
    while (!done) begin
      if (next < v_nwvec) begin
        pe_dpi_wvec(h, next, w_data);
        w_valid = 1'b1;
      end else begin
        w_valid = 1'b0;
      end
      #0.1;
      if (w_valid && w_ready) next++;
      @(negedge clk);
      cycles++;
      if (cycles > limit) begin
        void'(pe_dpi_fail(h, $sformatf("timeout: done_o never rose (%0d of %0d weight vectors pushed)",
                                         next, v_nwvec)));
        return;
      end
    end
    w_valid = 1'b0;
    if (t_mark[1] < 0) t_mark[1] = longint'($realtime * 1000.0);
    if (next != v_nwvec) begin
      void'(pe_dpi_fail(h, $sformatf("job ended with %0d weight vectors unpushed",
                                       v_nwvec - next)));
      return;
    end
    if (pe_dpi_check_compute(h, compute_cycles, pairs, issue_cycles, overflow, stall_cycles,
                             {24'd0, queue_max}) != 0) return;
    // halo send (the sender owns the debug read port until its last word has left): every
    // granted request (k, xo, yo) and every word on halo_o_* (the cycle after its grant) in
    // order, recorded here and checked after the buffer (a wrong sum shows as a bank/entry)
    // the cycle before the exchange: the sender takes the job's geometry
    halo_init = 1'b1;
    @(negedge clk);
    halo_init = 1'b0;
    halo_en = 1'b1;
    sent_q.delete();
    req_q.delete();
    cycles = 0;
    forever begin
      #0.1;
      if (halo_o_valid) sent_q.push_back({halo_o_value, halo_o_yo, halo_o_xo, halo_o_k});
      if (halo_req) req_q.push_back({halo_req_yo, halo_req_xo, halo_req_k});
      if (!halo_busy || cycles >= limit) break;
      @(negedge clk);
      cycles++;
    end
    halo_en = 1'b0;
    if (halo_busy) begin
      void'(pe_dpi_fail(h, $sformatf("timeout: halo send never ended (%0d words sent)",
                                       sent_q.size())));
      return;
    end
    // the buffer after the compute (nothing received yet; the send only reads)
    @(negedge clk);
    check_buffer(0, v_buf[0], n);
    if (n != 0) return;
    for (i = 0; i < req_q.size(); i++) begin
      if (pe_dpi_check_halo_req(h, i, int'(req_q[i].k), int'(req_q[i].xo),
                                  int'(req_q[i].yo)) != 0) return;
    end
    for (i = 0; i < sent_q.size(); i++) begin
      if (pe_dpi_check_halo_out(h, i, int'(sent_q[i].k), int'(sent_q[i].xo),
                                  int'(sent_q[i].yo), int'(sent_q[i].value)) != 0) return;
    end
    if (pe_dpi_check_halo_out_count(h, sent_q.size()) != 0) return;
    // halo receive: the words the array addresses to this PE, one per cycle, as (k, xo, yo)
    halo_en = 1'b1;
    for (i = 0; i < v_nrecv; i++) begin
      pe_dpi_halo_in(h, i, hk, hxo, hyo, value);
      halo_i_valid = 1'b1;
      halo_i_k = LinW'(hk);
      halo_i_xo = GeomW'(hxo);
      halo_i_yo = GeomW'(hyo);
      halo_i_value = AccW'(value);
      @(negedge clk);
    end
    halo_i_valid = 1'b0;
    cycles = 0;
    while (halo_busy && cycles < limit) begin
      @(negedge clk);
      cycles++;
    end
    halo_en = 1'b0;
    if (halo_busy) begin
      void'(pe_dpi_fail(h, $sformatf("timeout: halo receive never ended (%0d words received)",
                                       v_nrecv)));
      return;
    end
    if (t_mark[2] < 0) t_mark[2] = longint'($realtime * 1000.0);
    check_buffer(1, v_buf[0], n);
    if (n != 0) return;
    // overflows of the compute and of the receive (counted apart)
    if (pe_dpi_check_post_overflow(h, overflow + halo_ovf) != 0) return;
    // drain of the job's buffer: blocks reported on blk_* (the OARAM is a ring: each block
    // follows the previous one), then every entry read from the OARAM
    drain_start = 1'b1;
    cycles = 0;
    do begin
      #0.1;
      // (nested: Verilator 5.006 evaluates a DPI call in `a && f()` even when a is 0)
      if (blk_valid) begin
        if (pe_dpi_check_block(h, int'(blk_k), int'(blk_base), int'(blk_count)) != 0) return;
      end
      @(negedge clk);
      drain_start = 1'b0;
      cycles++;
    end while (busy && cycles < limit);
    if (busy || drain_busy) begin
      void'(pe_dpi_fail(h, "timeout: drain never ended"));
      return;
    end
    for (k = 0; k < v_kg; k++) begin
      if (pe_dpi_block(h, k, base, count) != 0) return;
      for (i = 0; i < count; i++) begin
        oaram_re = 1'b1;
        oaram_raddr = Oaw'((base + i) % scnn_pkg::OARAM_DEPTH);
        @(negedge clk);
        oaram_re = 1'b0;
        if (pe_dpi_check_out_entry(h, k, i, int'(oaram_rdata)) != 0) return;
      end
    end
    pe_dpi_job_end(h);
    bad = 0;
  endtask

  initial begin : p_main
    string net, layer, pe, fst, layout, gtkw;
    int seed, only_job, njobs, bad, j;
    status_o = 2;
    if (!$value$plusargs("net=%s", net)) net = "alexnet";
    if (!$value$plusargs("layer=%s", layer)) layer = "conv3";
    if (!$value$plusargs("pe=%s", pe)) pe = "busiest";
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
    if (!$value$plusargs("job=%d", only_job)) only_job = -1;
    if (!$value$plusargs("fst=%s", fst)) fst = "";
    if (!$value$plusargs("gtkw_layout=%s", layout)) layout = "";
    if (!$value$plusargs("gtkw=%s", gtkw)) gtkw = "";
    if (fst != "") begin
      $dumpfile(fst);
      $dumpvars(0, tb_pe_dpi);
    end
    h = pe_dpi_open(net, layer, pe, seed, DescW, F * EntW);
    if (h != null) begin
      @(negedge clk);
      rst_n = 1'b1;
      // the OARAM ring starts at address 0 (once per run, like once per layer in the array)
      oaram_clear = 1'b1;
      @(negedge clk);
      oaram_clear = 1'b0;
      njobs = pe_dpi_job_count(h);
      if (only_job >= njobs) begin
        void'(pe_dpi_fail(h, $sformatf("job %0d does not exist (%0d jobs)", only_job, njobs)));
      end else begin
        for (j = 0; j < njobs; j++) begin
          if (only_job >= 0 && j != only_job) continue;
          run_job(j, bad);
          if (bad != 0) break;
        end
      end
      status_o = pe_dpi_finish(h);
      if (fst != "" && gtkw != "" && layout != "") begin
        if (pe_dpi_waves_view(h, layout, gtkw, fst, t_mark[0], t_mark[1], t_mark[2]) != 0) begin
          status_o = 2;
        end
      end
      pe_dpi_close(h);
    end
    $finish;
  end
endmodule
