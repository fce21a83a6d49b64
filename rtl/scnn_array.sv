// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// scnn_array: the PE_ROWS x PE_COLS array of SCNN PEs with its layer sequencer and halo
// network (docs/microarch.md section 5).
//
// Sequencer (one job = one output-channel group of a sub-layer, all PEs in lockstep; the
// schedule of docs/microarch.md section 5, item 6 with HaloOverlap = 1, items 1-5 with 0):
//   HOLD  the array waits for the memory side: per-PE job configuration (cfg_*), IARAM and
//         descriptor tables (ld_*), and observation of the drained buffers (dbg_*) and the
//         OARAMs (oaram_*). No cycle is counted and the halo path is frozen (a halo exchange
//         in progress resumes after it). go_i leaves it: go_job_i starts the next job in every
//         PE (buffer parity alternates, double buffering); go_i alone starts the layer's end.
//   RUN   every PE clears its buffer and computes; weights arrive on w_* (one stream per PE).
//         When every PE is done (the barrier, B_j) -> WAIT.
//   WAIT  until the next job may start: the previous job's drain is over (and with
//         HaloOverlap = 0 this job's halo exchange too); the array then holds (hold_o).
//   LAST  (go_i without a job) until the last exchange and drain are over and the PPUs are
//         idle -> HOLD.
// Beside it, the halo exchanges (one at a time, in job order, from the barrier on: HS_j) and
// the drains (one at a time, in job order, from the exchange's end on: DS_j) start by
// themselves; ev_*_o mark their cycles for the testbench. cycles_o counts the cycles outside
// HOLD plus the go_i cycle: the layer's cycle count that docs/microarch.md section 5 defines
// (the model's scnn_stats.cycles).
//
// Memory side: the job tables are written while in HOLD (the testbench's DRAM model; the
// model assumes them in place, so those cycles are not counted). Weights: one stream per PE,
// each PE fetching its job's weight vectors in its own work order (microarch 4.4).
module scnn_array #(
  parameter int unsigned Rows       = scnn_pkg::PE_ROWS,
  parameter int unsigned Cols       = scnn_pkg::PE_COLS,
  parameter int unsigned F          = scnn_pkg::F,
  parameter int unsigned AccW       = scnn_pkg::ACC_W,
  parameter int unsigned BankBits   = scnn_pkg::BANK_BITS,
  parameter int unsigned DepthBits  = scnn_pkg::BANK_DEPTH_BITS,
  parameter int unsigned GeomW      = scnn_pkg::GEOM_W,
  parameter int unsigned VchBits    = scnn_pkg::VCH_BITS,
  parameter bit          HaloOverlap = scnn_pkg::HALO_OVERLAP != 0,
  localparam int unsigned P         = Rows * Cols,
  localparam int unsigned PW        = (P > 1) ? $clog2(P) : 1,
  localparam int unsigned EntW      = scnn_pkg::ENT_W,
  localparam int unsigned Iaw       = scnn_pkg::IARAM_AW,
  localparam int unsigned DescW     = scnn_pkg::DESC_W,
  localparam int unsigned ShiftW    = scnn_pkg::SHIFT_W,
  localparam int unsigned OShiftW   = scnn_pkg::OSHIFT_W,
  localparam int unsigned LinW      = scnn_pkg::ACC_ENTRY_BITS,
  localparam int unsigned Oaw       = scnn_pkg::OARAM_AW,
  localparam int unsigned OCntW     = scnn_pkg::OARAM_CNT_W
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  // sequencer
  input  logic                   layer_start_i,   // in HOLD: new layer (parity, counters, OARAM rings)
  input  logic                   go_i,            // in HOLD: leave it
  input  logic                   go_job_i,        //   ... starting the next job
  output logic                   hold_o,
  output logic                   halo_phase_o,    // a halo exchange runs (HS_j .. E_j - 1)
  // schedule events, registered: each is high in the cycle after the (counted) cycle that
  // names it, which is the cycle before B_j (barrier) and HS_j (exchange start), E_j - 1
  // (exchange end), DS_j (drain start), drain_end_j - 1 (drain end); so cycles_o - 1 is that
  // cycle (microarch section 5)
  output logic                   ev_barrier_o,
  output logic                   ev_halo_init_o,
  output logic                   ev_halo_last_o,
  output logic                   ev_drain_start_o,
  output logic                   ev_drain_last_o,
  output logic [31:0]            cycles_o,
  output logic [31:0]            halo_words_o,
  output logic                   job_buf_o,       // buffer of the last job started
  // layer-wide configuration (stable during a layer)
  input  logic [ShiftW-1:0]      prod_shift_i,
  input  logic [OShiftW-1:0]     out_shift_i,
  input  logic                   relu_i,
  // per-job configuration (HOLD): ownership tiles and one PE's job fields per write
  input  logic [GeomW-1:0]       wto_i,
  input  logic [GeomW-1:0]       hto_i,
  input  logic                   cfg_we_i,
  input  logic [PW-1:0]          cfg_pe_i,
  input  logic [VchBits:0]       cfg_nvch_i,
  input  logic [LinW:0]          cfg_kg_i,
  input  logic [GeomW-1:0]       cfg_rx0_i,
  input  logic [GeomW-1:0]       cfg_ry0_i,
  input  logic [GeomW-1:0]       cfg_rw_i,
  input  logic [GeomW-1:0]       cfg_rh_i,
  input  logic [GeomW-1:0]       cfg_ox0_i,
  input  logic [GeomW-1:0]       cfg_oy0_i,
  input  logic [GeomW-1:0]       cfg_own_w_i,
  input  logic [GeomW-1:0]       cfg_own_h_i,
  // per-PE table loading (HOLD), one lane per PE
  input  logic [P-1:0]           ld_iaram_we_i,
  input  logic [P*Iaw-1:0]       ld_iaram_waddr_i,
  input  logic [P*EntW-1:0]      ld_iaram_wdata_i,
  input  logic [P-1:0]           ld_desc_we_i,
  input  logic [P*VchBits-1:0]   ld_desc_waddr_i,
  input  logic [P*DescW-1:0]     ld_desc_wdata_i,
  // weights, one stream per PE
  input  logic [P-1:0]           w_valid_i,
  output logic [P-1:0]           w_ready_o,
  input  logic [P*F*EntW-1:0]    w_data_i,
  // per-PE counters of the last job
  output logic [P*32-1:0]        compute_cycles_o,
  output logic [P*32-1:0]        pairs_o,
  output logic [P*32-1:0]        issue_cycles_o,
  output logic [P*32-1:0]        overflow_o,      // the compute's overflows
  output logic [P*32-1:0]        halo_overflow_o, // the last exchange's receive overflows
  output logic [P*32-1:0]        stall_cycles_o,  // bank stall cycles (microarch 4.3)
  output logic [P*8-1:0]         queue_max_o,     // bank queues' peak occupancy
  // accumulator observation (HOLD): the same bank/entry of every PE
  input  logic                   dbg_re_i,
  input  logic                   dbg_buf_i,
  input  logic [BankBits-1:0]    dbg_bank_i,
  input  logic [DepthBits-1:0]   dbg_entry_i,
  output logic [P*AccW-1:0]      dbg_rdata_o,
  // output blocks and the OARAMs
  output logic [P-1:0]           blk_valid_o,
  output logic [P*LinW-1:0]      blk_k_o,
  output logic [P*Oaw-1:0]       blk_base_o,
  output logic [P*OCntW-1:0]     blk_count_o,
  input  logic [P-1:0]           oaram_re_i,
  input  logic [P*Oaw-1:0]       oaram_raddr_i,
  output logic [P*EntW-1:0]      oaram_rdata_o
);
  typedef enum logic [1:0] {SqHold, SqRun, SqWait, SqLast} sq_e;
  sq_e         sq_d, sq_q;
  logic        jbuf_q, first_q;
  logic [31:0] cyc_q;
  logic        start, drain_start, new_buf, run, hold;
  logic        barrier, halo_init, halo_last, drain_last, can_start;
  logic        hpend_q, hrun_q, dpend_q, drun_q;
  logic [1:0]  owe_q;        // jobs past their barrier whose drain is not over

  // ---- per-PE job configuration registers --------------------------------------------------
  logic [VchBits:0] c_nvch [P];
  logic [LinW:0]    c_kg [P];
  logic [GeomW-1:0] c_rx0 [P], c_ry0 [P], c_rw [P], c_rh [P];
  logic [GeomW-1:0] c_ox0 [P], c_oy0 [P], c_own_w [P], c_own_h [P];
  always_ff @(posedge clk_i) begin
    if (cfg_we_i) begin
      c_nvch[cfg_pe_i]  <= cfg_nvch_i;
      c_kg[cfg_pe_i]    <= cfg_kg_i;
      c_rx0[cfg_pe_i]   <= cfg_rx0_i;
      c_ry0[cfg_pe_i]   <= cfg_ry0_i;
      c_rw[cfg_pe_i]    <= cfg_rw_i;
      c_rh[cfg_pe_i]    <= cfg_rh_i;
      c_ox0[cfg_pe_i]   <= cfg_ox0_i;
      c_oy0[cfg_pe_i]   <= cfg_oy0_i;
      c_own_w[cfg_pe_i] <= cfg_own_w_i;
      c_own_h[cfg_pe_i] <= cfg_own_h_i;
    end
  end

  // ---- the PEs ---------------------------------------------------------------------------------
  logic [P-1:0]       done, halo_busy, drain_busy, busy;
  logic [P-1:0]       h_req, h_gnt, h_out_valid, h_in_valid;
  logic [P*LinW-1:0]  h_req_k, h_in_k;
  logic [P*GeomW-1:0] h_req_xo, h_req_yo, h_in_xo, h_in_yo;
  logic [P*AccW-1:0]  h_out_value, h_in_value;
  logic               halo_en;
  logic [GeomW-1:0]   h_wto, h_hto;

  assign halo_en = hrun_q && run;

  for (genvar p = 0; p < P; p++) begin : g_pe
    /* verilator lint_off UNUSEDSIGNAL */
    logic [LinW-1:0]  out_k;      // (waves only) the sent word's coordinates
    logic [GeomW-1:0] out_xo, out_yo;
    /* verilator lint_on UNUSEDSIGNAL */
    scnn_pe u_pe (
      .clk_i           (clk_i),
      .rst_ni          (rst_ni),
      .desc_we_i       (ld_desc_we_i[p]),
      .desc_waddr_i    (ld_desc_waddr_i[p*VchBits +: VchBits]),
      .desc_wdata_i    (ld_desc_wdata_i[p*DescW +: DescW]),
      .iaram_we_i      (ld_iaram_we_i[p]),
      .iaram_waddr_i   (ld_iaram_waddr_i[p*Iaw +: Iaw]),
      .iaram_wdata_i   (ld_iaram_wdata_i[p*EntW +: EntW]),
      .nvch_i          (c_nvch[p]),
      .rx0_i           (c_rx0[p]),
      .ry0_i           (c_ry0[p]),
      .rw_i            (c_rw[p]),
      .rh_i            (c_rh[p]),
      .prod_shift_i    (prod_shift_i),
      .kg_i            (c_kg[p]),
      .ox0_i           (c_ox0[p]),
      .oy0_i           (c_oy0[p]),
      .own_w_i         (c_own_w[p]),
      .own_h_i         (c_own_h[p]),
      .out_shift_i     (out_shift_i),
      .relu_i          (relu_i),
      .buf_i           (start ? new_buf : jbuf_q),
      .start_i         (start),
      .w_valid_i       (w_valid_i[p]),
      .w_ready_o       (w_ready_o[p]),
      .w_data_i        (w_data_i[p*F*EntW +: F*EntW]),
      .busy_o          (busy[p]),
      .done_o          (done[p]),
      .compute_cycles_o(compute_cycles_o[p*32 +: 32]),
      .pairs_o         (pairs_o[p*32 +: 32]),
      .issue_cycles_o  (issue_cycles_o[p*32 +: 32]),
      .overflow_o      (overflow_o[p*32 +: 32]),
      .stall_cycles_o  (stall_cycles_o[p*32 +: 32]),
      .queue_max_o     (queue_max_o[p*8 +: 8]),
      .dbg_re_i        (dbg_re_i),
      .dbg_buf_i       (dbg_buf_i),
      .dbg_bank_i      (dbg_bank_i),
      .dbg_entry_i     (dbg_entry_i),
      .dbg_rdata_o     (dbg_rdata_o[p*AccW +: AccW]),
      .halo_init_i     (halo_init),
      .halo_en_i       (halo_en),
      .halo_req_o      (h_req[p]),
      .halo_req_k_o    (h_req_k[p*LinW +: LinW]),
      .halo_req_xo_o   (h_req_xo[p*GeomW +: GeomW]),
      .halo_req_yo_o   (h_req_yo[p*GeomW +: GeomW]),
      .halo_gnt_i      (h_gnt[p]),
      .halo_o_valid_o  (h_out_valid[p]),
      .halo_o_k_o      (out_k),
      .halo_o_xo_o     (out_xo),
      .halo_o_yo_o     (out_yo),
      .halo_o_value_o  (h_out_value[p*AccW +: AccW]),
      .halo_i_valid_i  (h_in_valid[p]),
      .halo_i_k_i      (h_in_k[p*LinW +: LinW]),
      .halo_i_xo_i     (h_in_xo[p*GeomW +: GeomW]),
      .halo_i_yo_i     (h_in_yo[p*GeomW +: GeomW]),
      .halo_i_value_i  (h_in_value[p*AccW +: AccW]),
      .halo_busy_o     (halo_busy[p]),
      .halo_overflow_o (halo_overflow_o[p*32 +: 32]),
      .oaram_clear_i   (layer_start_i),
      .drain_start_i   (drain_start),
      .drain_busy_o    (drain_busy[p]),
      .blk_valid_o     (blk_valid_o[p]),
      .blk_k_o         (blk_k_o[p*LinW +: LinW]),
      .blk_base_o      (blk_base_o[p*Oaw +: Oaw]),
      .blk_count_o     (blk_count_o[p*OCntW +: OCntW]),
      .oaram_re_i      (oaram_re_i[p]),
      .oaram_raddr_i   (oaram_raddr_i[p*Oaw +: Oaw]),
      .oaram_rdata_o   (oaram_rdata_o[p*EntW +: EntW])
    );
  end

  // ---- halo network ----------------------------------------------------------------------------
  /* verilator lint_off UNUSEDSIGNAL */
  logic [P-1:0] h_out_valid_unused;   // the network registers its grants itself
  /* verilator lint_on UNUSEDSIGNAL */
  assign h_out_valid_unused = h_out_valid;

  scnn_halo_net #(
    .Rows (Rows),
    .Cols (Cols),
    .GeomW(GeomW),
    .LinW (LinW),
    .AccW (AccW)
  ) u_net (
    .clk_i     (clk_i),
    .rst_ni    (rst_ni),
    .en_i      (halo_en),
    .wto_i     (h_wto),
    .hto_i     (h_hto),
    .req_i     (h_req),
    .req_k_i   (h_req_k),
    .req_xo_i  (h_req_xo),
    .req_yo_i  (h_req_yo),
    .gnt_o     (h_gnt),
    .value_i   (h_out_value),
    .rx_valid_o(h_in_valid),
    .rx_k_o    (h_in_k),
    .rx_xo_o   (h_in_xo),
    .rx_yo_o   (h_in_yo),
    .rx_value_o(h_in_value),
    .words_o   (halo_words_o)
  );

  // ---- sequencer -------------------------------------------------------------------------------
  // hold: HOLD, or WAIT once the next job may start (then nothing moves until go_i); run: the
  // cycle is counted and the halo exchanges and drains advance
`ifdef SCNN_BUG_SEQ_STUCK
  // deliberately broken variant for the watchdog's negative test: the array never holds again
  assign can_start = 1'b0;
`elsif SCNN_BUG_EARLY_START
  // deliberately broken variant for the negative tests: the next job starts (and clears its
  // buffer) without waiting for the drain of the job before, which reads that buffer
  assign can_start = HaloOverlap || (!hpend_q && !hrun_q);
`else
  assign can_start = (owe_q == 2'd1) && (HaloOverlap || (!hpend_q && !hrun_q));
`endif
  assign hold      = (sq_q == SqHold) || ((sq_q == SqWait) && can_start);
  assign run       = !hold || go_i;
  assign start     = hold && go_i && go_job_i;
  assign new_buf   = first_q ? 1'b0 : !jbuf_q;

  // the halo exchange of the job at the barrier (or waiting) starts when the network is free;
  // its drain starts after it when the PPUs are free; with HaloOverlap = 0 the array holds
  // until the exchange is over, so a drain starts in a go_i cycle
  assign barrier    = (sq_q == SqRun) && (&done);
  assign halo_last  = hrun_q && (halo_busy == '0) && run;
  assign halo_init  = (hpend_q || barrier) && (!hrun_q || halo_last) && run;
  assign drain_last = drun_q && (drain_busy == '0) && run;
  assign drain_start = dpend_q && !drun_q && run;

  always_comb begin
    sq_d = sq_q;
    unique case (sq_q)
      SqHold:  if (go_i) sq_d = go_job_i ? SqRun : SqLast;
      SqRun:   if (&done) sq_d = SqWait;
      SqWait:  if (can_start && go_i) sq_d = go_job_i ? SqRun : SqLast;
      SqLast:  if ((owe_q == '0) && (busy == '0)) sq_d = SqHold;
      default: sq_d = SqHold;
    endcase
  end

  // the ownership tiles of the started job and of the exchange
  logic [GeomW-1:0] p_wto_q, p_hto_q, h_wto_q, h_hto_q;
  assign h_wto = halo_init ? p_wto_q : h_wto_q;
  assign h_hto = halo_init ? p_hto_q : h_hto_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      sq_q    <= SqHold;
      jbuf_q  <= 1'b0;
      first_q <= 1'b1;
      cyc_q   <= '0;
      hpend_q <= 1'b0;
      hrun_q  <= 1'b0;
      dpend_q <= 1'b0;
      drun_q  <= 1'b0;
      owe_q   <= '0;
      p_wto_q <= '0;
      p_hto_q <= '0;
      h_wto_q <= '0;
      h_hto_q <= '0;
    end else begin
      sq_q <= sq_d;
      if (start) begin
        p_wto_q <= wto_i;
        p_hto_q <= hto_i;
      end
      if (halo_init) begin
        h_wto_q <= p_wto_q;
        h_hto_q <= p_hto_q;
      end
      if (run) begin
        hpend_q <= (hpend_q || barrier) && !halo_init;
        hrun_q  <= halo_init || (hrun_q && !halo_last);
        dpend_q <= (dpend_q || halo_last) && !drain_start;
        drun_q  <= drain_start || (drun_q && !drain_last);
        owe_q   <= owe_q + 2'(barrier) - 2'(drain_last);
      end
      if (layer_start_i && (sq_q == SqHold)) begin
        first_q <= 1'b1;
        jbuf_q  <= 1'b0;
        cyc_q   <= '0;
      end else begin
        if (run) cyc_q <= cyc_q + 1'b1;
        if (start) begin
          jbuf_q  <= new_buf;
          first_q <= 1'b0;
        end
      end
    end
  end

  assign hold_o           = hold;
  assign halo_phase_o     = hrun_q;
  logic [4:0] ev_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) ev_q <= '0;
    else         ev_q <= {drain_last, drain_start, halo_last, halo_init, barrier};
  end
  assign {ev_drain_last_o, ev_drain_start_o, ev_halo_last_o, ev_halo_init_o, ev_barrier_o} = ev_q;
  assign cycles_o         = cyc_q;
  assign job_buf_o        = jbuf_q;
endmodule
