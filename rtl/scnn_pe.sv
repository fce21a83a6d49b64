// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// scnn_pe: one SCNN processing element computing one job (one output-channel group of a
// sub-layer, docs/microarch.md section 4) into one of its two accumulator buffers.
//
// Load the job while idle: descriptors (desc_*), IARAM entries (iaram_*), and hold the job
// inputs (nvch_i .. buf_i) stable; pulse start_i. The PE zeroes the chosen buffer
// (BANK_DEPTH cycles), then starts the job: its cycle 0 is the first cycle in which w_ready_o
// can be high. The weight vectors of the job's channels are pushed on w_* in work order, one
// per cycle while w_ready_o is high. done_o rises when every product has been accumulated;
// compute_cycles_o then holds (last issue or queue pop + 1) + PE_PIPE_DEPTH (0 if no pair
// issued); stall_cycles_o the stall cycles of the banks, queue_max_o their queues' peak.
// The buffer is read through the debug port (dbg_*, the drain's read port) while no drain
// reads.
//
// Every job's geometry (and buffer) is kept from its start_i until its drain has started:
// latched at start_i, handed to the halo exchange at halo_init_i, then to the drain at
// drain_start_i (two exchanges' contexts at most: the next job's exchange may start before
// this job's drain). After done_o (section 5 of the contract, driven by the array / the
// testbench), and with HALO_OVERLAP while the next job computes into the other buffer:
// * halo_init_i (the cycle before the exchange): the halo sender (scnn_halo_tx) points at the
//   first halo cell of the last started job; halo_overflow_o restarts at 0 in the
//   exchange's first cycle (so it holds the previous exchange's count until then).
// * halo_en_i: cycles in which the halo path runs (the array freezes it while it holds). The
//   sender requests the network for its halo cells in lin order (halo_req_*: owner-plane
//   coordinates), one read per grant (halo_gnt_i); the word leaves on halo_o_* the cycle after
//   its grant. halo_busy_o while words are left or in flight.
// * halo_i_*: words received from other PEs (output-plane coordinates), one per cycle with
//   halo_en_i; the PE turns them into its own lin and adds them into the exchange's buffer with
//   the halo adder of scnn_acc_buf (overflows counted in halo_overflow_o). A received word's
//   accumulator read blocks the sender's read of the same bank in that cycle.
// * drain_start_i: the PPU drains the own tile of the oldest exchanged job not yet drained
//   into the OARAM (a ring from address 0 after oaram_clear_i); blocks reported on blk_*. The
//   drain may run while the next job computes into the other buffer (double buffering).
//
// Pipeline: issue (coordinates, crossbar arbitration into the bank queues; scnn_act_fetch runs
// ahead) -> multiply, crossbar data path, bank queues (scnn_bank_queue) and accumulator read
// -> add and write (PE_PIPE_DEPTH = 2).
module scnn_pe #(
  parameter int unsigned F          = scnn_pkg::F,
  parameter int unsigned I          = scnn_pkg::I,
  parameter int unsigned DataW      = scnn_pkg::DATA_W,
  parameter int unsigned RunW       = scnn_pkg::RUN_W,
  parameter int unsigned AccW       = scnn_pkg::ACC_W,
  parameter int unsigned BankBits   = scnn_pkg::BANK_BITS,
  parameter int unsigned DepthBits  = scnn_pkg::BANK_DEPTH_BITS,
  parameter int unsigned IaramDepth = scnn_pkg::IARAM_DEPTH,
  parameter int unsigned WfifoDepth = scnn_pkg::WFIFO_DEPTH,
  parameter int unsigned GeomW      = scnn_pkg::GEOM_W,
  parameter int unsigned VchBits    = scnn_pkg::VCH_BITS,
  parameter int unsigned PipeDepth  = scnn_pkg::PE_PIPE_DEPTH,
  localparam int unsigned Lanes     = scnn_pkg::MULTS,
  localparam int unsigned Banks     = scnn_pkg::A,
  localparam int unsigned EntW      = scnn_pkg::ENT_W,
  localparam int unsigned Iaw       = scnn_pkg::IARAM_AW,
  localparam int unsigned NwW       = scnn_pkg::WFIFO_CNT_W,
  localparam int unsigned DescW     = scnn_pkg::DESC_W,
  localparam int unsigned ShiftW    = scnn_pkg::SHIFT_W,
  localparam int unsigned ProdW     = scnn_pkg::PROD_W,
  localparam int unsigned CW        = scnn_pkg::COORD_W,
  localparam int unsigned OffW      = scnn_pkg::OFF_W,
  localparam int unsigned SlotW     = scnn_pkg::WFIFO_SLOT_W,
  localparam int unsigned SlotCntW  = scnn_pkg::WFIFO_SLOT_CNT_W,
  localparam int unsigned LinW      = scnn_pkg::ACC_ENTRY_BITS,
  localparam int unsigned Oaw       = scnn_pkg::OARAM_AW,
  localparam int unsigned OCntW     = scnn_pkg::OARAM_CNT_W,
  localparam int unsigned OShiftW   = scnn_pkg::OSHIFT_W,
  localparam int unsigned QDepth    = scnn_pkg::XBAR_QDEPTH,
  localparam int unsigned OccW      = scnn_pkg::XBAR_OCC_W,
  localparam int unsigned Ports     = QDepth + 1
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  // job loading (while idle)
  input  logic                 desc_we_i,
  input  logic [VchBits-1:0]   desc_waddr_i,
  input  logic [DescW-1:0]     desc_wdata_i,
  input  logic                 iaram_we_i,
  input  logic [Iaw-1:0]       iaram_waddr_i,
  input  logic [EntW-1:0]      iaram_wdata_i,
  // job (stable from start_i to done_o)
  input  logic [VchBits:0]     nvch_i,
  input  logic [GeomW-1:0]     rx0_i,
  input  logic [GeomW-1:0]     ry0_i,
  input  logic [GeomW-1:0]     rw_i,
  input  logic [GeomW-1:0]     rh_i,
  input  logic [ShiftW-1:0]    prod_shift_i,
  input  logic [LinW:0]        kg_i,
  input  logic [GeomW-1:0]     ox0_i,
  input  logic [GeomW-1:0]     oy0_i,
  input  logic [GeomW-1:0]     own_w_i,
  input  logic [GeomW-1:0]     own_h_i,
  input  logic [OShiftW-1:0]   out_shift_i,
  input  logic                 relu_i,
  input  logic                 buf_i,
  input  logic                 start_i,
  // weight broadcast
  input  logic                 w_valid_i,
  output logic                 w_ready_o,
  input  logic [F*EntW-1:0]    w_data_i,        // entry f = {run, value}
  // status
  output logic                 busy_o,
  output logic                 done_o,
  output logic [31:0]          compute_cycles_o,
  output logic [31:0]          pairs_o,
  output logic [31:0]          issue_cycles_o,
  output logic [31:0]          overflow_o,      // the compute's accumulator overflows
  output logic [31:0]          stall_cycles_o,  // sum over banks of their stall cycles (4.3)
  output logic [7:0]           queue_max_o,     // largest bank queue occupancy at a cycle's end
  // accumulator debug read
  input  logic                 dbg_re_i,
  input  logic                 dbg_buf_i,
  input  logic [BankBits-1:0]  dbg_bank_i,
  input  logic [DepthBits-1:0] dbg_entry_i,
  output logic [AccW-1:0]      dbg_rdata_o,
  // halo exchange
  input  logic                 halo_init_i,
  input  logic                 halo_en_i,
  output logic                 halo_req_o,
  output logic [LinW-1:0]      halo_req_k_o,
  output logic [GeomW-1:0]     halo_req_xo_o,
  output logic [GeomW-1:0]     halo_req_yo_o,
  input  logic                 halo_gnt_i,
  output logic                 halo_o_valid_o,
  output logic [LinW-1:0]      halo_o_k_o,
  output logic [GeomW-1:0]     halo_o_xo_o,
  output logic [GeomW-1:0]     halo_o_yo_o,
  output logic [AccW-1:0]      halo_o_value_o,
  input  logic                 halo_i_valid_i,
  input  logic [LinW-1:0]      halo_i_k_i,
  input  logic [GeomW-1:0]     halo_i_xo_i,
  input  logic [GeomW-1:0]     halo_i_yo_i,
  input  logic [AccW-1:0]      halo_i_value_i,
  output logic                 halo_busy_o,
  output logic [31:0]          halo_overflow_o,  // the exchange's receive overflows
  // drain
  input  logic                 oaram_clear_i,
  input  logic                 drain_start_i,
  output logic                 drain_busy_o,
  output logic                 blk_valid_o,
  output logic [LinW-1:0]      blk_k_o,
  output logic [Oaw-1:0]       blk_base_o,
  output logic [OCntW-1:0]     blk_count_o,
  input  logic                 oaram_re_i,
  input  logic [Oaw-1:0]       oaram_raddr_i,
  output logic [EntW-1:0]      oaram_rdata_o
);
  typedef enum logic [2:0] {PsIdle, PsClear, PsRun, PsTail, PsDone} pstate_e;
  pstate_e pst_d, pst_q;
  logic    go;
  assign go = start_i && ((pst_q == PsIdle) || (pst_q == PsDone));

  // ---- activation fetch ------------------------------------------------------------------------
  logic               q_valid, q_pop, q_last, fetch_done;
  /* verilator lint_off UNUSEDSIGNAL */
  logic               q_first;                // (waves only) first vector of its channel
  /* verilator lint_on UNUSEDSIGNAL */
  logic [I*DataW-1:0] q_value;
  logic [I-1:0]       q_exist;
  logic [I*CW-1:0]    q_ax, q_ay;
  logic [I*OffW-1:0]  q_aoff;
  logic [GeomW-1:0]   q_rv, q_sv;
  logic [NwW-1:0]     q_nw;

  scnn_act_fetch #(
    .I         (I),
    .DataW     (DataW),
    .RunW      (RunW),
    .IaramDepth(IaramDepth),
    .GeomW     (GeomW),
    .VchBits   (VchBits)
  ) u_fetch (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .desc_we_i    (desc_we_i),
    .desc_waddr_i (desc_waddr_i),
    .desc_wdata_i (desc_wdata_i),
    .iaram_we_i   (iaram_we_i),
    .iaram_waddr_i(iaram_waddr_i),
    .iaram_wdata_i(iaram_wdata_i),
    .start_i      (go),
    .nvch_i       (nvch_i),
    .rx0_i        (rx0_i),
    .ry0_i        (ry0_i),
    .rw_i         (rw_i),
    .done_o       (fetch_done),
    .q_valid_o    (q_valid),
    .q_pop_i      (q_pop),
    .q_value_o    (q_value),
    .q_exist_o    (q_exist),
    .q_ax_o       (q_ax),
    .q_ay_o       (q_ay),
    .q_aoff_o     (q_aoff),
    .q_rv_o       (q_rv),
    .q_sv_o       (q_sv),
    .q_nw_o       (q_nw),
    .q_first_o    (q_first),
    .q_last_o     (q_last)
  );

  // ---- weight FIFO -----------------------------------------------------------------------------
  logic [31:0]         pushed;
  logic [SlotW-1:0]    rd_slot_d;
  logic [F*EntW-1:0]   wvec;
  logic [SlotCntW-1:0] free;
  logic                wf_ready;

  scnn_wfifo #(
    .Depth(WfifoDepth),
    .Width(F * EntW)
  ) u_wfifo (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .clear_i     (go),
    .push_valid_i(w_valid_i && (pst_q == PsRun)),
    .push_ready_o(wf_ready),
    .push_data_i (w_data_i),
    .pushed_o    (pushed),
    .rd_slot_i   (rd_slot_d),
    .rd_data_o   (wvec),
    .free_i      (free)
  );
  assign w_ready_o = wf_ready && (pst_q == PsRun);

  // ---- issue stage -----------------------------------------------------------------------------
  logic [NwW-1:0]      wv_d, wv_q;            // weight vector of the current pair
  logic [NwW:0]        wpos_d, wpos_q, wpos_next;
  logic [Lanes-1:0]    pending_d, pending_q;
  logic                pair_first_d, pair_first_q;
  logic                chan_act_d, chan_act_q;
  logic [31:0]         wbase_d, wbase_q;      // vectors of the channels before this one
  logic [SlotW-1:0]    slot_d, slot_q;        // their FIFO slot
  logic [NwW-1:0]      nwv;
  logic                chan_ok, issue, last;
  logic [Lanes-1:0]    lane_valid, pending_cur, served;
  logic [Lanes*BankBits-1:0]  lane_bank;
  logic [Lanes*DepthBits-1:0] lane_entry;
  logic [Lanes*OccW-1:0]      lane_rank;
  logic [Banks-1:0]           stall;
  logic [Banks*OccW-1:0]      occ_q, occ_d;   // bank queue occupancies (microarch 4.3)

  assign nwv     = NwW'((q_nw + NwW'(F - 1)) / NwW'(F));
  assign chan_ok = chan_act_q || (pushed >= wbase_q + 32'(nwv));
  assign issue   = (pst_q == PsRun) && q_valid && chan_ok;

  scnn_coord #(
    .F         (F),
    .I         (I),
    .DataW     (DataW),
    .RunW      (RunW),
    .GeomW     (GeomW),
    .BankBits  (BankBits),
    .DepthBits (DepthBits)
  ) u_coord (
    .wvec_i      (wvec),
    .wfirst_i    (NwW'(wv_q * NwW'(F))),
    .wpos_i      (wpos_q),
    .nw_i        (q_nw),
    .rv_i        (q_rv),
    .sv_i        (q_sv),
    .rw_i        (rw_i),
    .rh_i        (rh_i),
    .kg_i        (kg_i),
    .a_value_i   (q_value),
    .a_exist_i   (q_exist),
    .a_ax_i      (q_ax),
    .a_ay_i      (q_ay),
    .a_aoff_i    (q_aoff),
    .wpos_next_o (wpos_next),
    .lane_valid_o(lane_valid),
    .lane_bank_o (lane_bank),
    .lane_entry_o(lane_entry)
  );

  assign pending_cur = pair_first_q ? lane_valid : pending_q;

  scnn_xbar #(
    .Lanes   (Lanes),
    .BankBits(BankBits),
    .QDepth  (QDepth)
  ) u_xbar (
    .pending_i  (issue ? pending_cur : '0),   // no issue: the queues only pop
    .lane_bank_i(lane_bank),
    .occ_i      (occ_q),
    .accept_o   (served),
    .rank_o     (lane_rank),
    .stall_o    (stall),
    .occ_next_o (occ_d),
    .last_o     (last)
  );

  always_comb begin : p_wvec
    logic [SlotW:0] s;
    wv_d         = wv_q;
    wpos_d       = wpos_q;
    pending_d    = pending_q;
    pair_first_d = pair_first_q;
    chan_act_d   = chan_act_q;
    wbase_d      = wbase_q;
    slot_d       = slot_q;
    free         = '0;
    q_pop        = 1'b0;
    if (go) begin
      wv_d         = '0;
      wpos_d       = '0;
      pair_first_d = 1'b1;
      chan_act_d   = 1'b0;
      wbase_d      = '0;
      slot_d       = '0;
    end else if (issue) begin
      pending_d    = pending_cur & ~served;
      pair_first_d = last;
      chan_act_d   = 1'b1;
      if (last) begin
        if (wv_q == nwv - 1'b1) begin
          wv_d   = '0;
          wpos_d = '0;
          q_pop  = 1'b1;
          if (q_last) begin
            chan_act_d = 1'b0;
            free       = SlotCntW'(nwv);
            wbase_d    = wbase_q + 32'(nwv);
            s          = (SlotW + 1)'(slot_q) + (SlotW + 1)'(nwv);
            slot_d     = (s >= (SlotW + 1)'(WfifoDepth)) ? SlotW'(s - (SlotW + 1)'(WfifoDepth)) :
                                                           SlotW'(s);
          end
        end else begin
          wv_d   = wv_q + 1'b1;
          wpos_d = wpos_next;
        end
      end
    end
    s         = (SlotW + 1)'(slot_d) + (SlotW + 1)'(wv_d);
    rd_slot_d = (s >= (SlotW + 1)'(WfifoDepth)) ? SlotW'(s - (SlotW + 1)'(WfifoDepth)) :
                                                  SlotW'(s);
  end

  // ---- multiply / crossbar / accumulate --------------------------------------------------------
  logic [Lanes-1:0]           s1_accept_q;    // lanes accepted in the issue cycle
  logic [Lanes*OccW-1:0]      s1_rank_q;
  logic [Lanes*BankBits-1:0]  s1_lbank_q;
  logic [Lanes*DepthBits-1:0] s1_lentry_q;
  logic [Banks*OccW-1:0]      s1_occ_q;       // queue occupancies before those lanes
  logic [F*DataW-1:0]         s1_w_q;
  logic [I*DataW-1:0]         s1_a_q;
  logic [F*DataW-1:0]         wvals;
  logic [Lanes*ProdW-1:0]     lane_prod;      // the F x I shifted products
  logic [Banks*Ports-1:0]           port_valid;
  logic [Banks*Ports*DepthBits-1:0] port_entry;
  logic [Banks*Ports*ProdW-1:0]     port_prod;
  logic [Banks-1:0]           q_valid_b, upd_valid;
  logic [Banks*DepthBits-1:0] q_entry_b, upd_entry;
  logic [Banks*ProdW-1:0]     q_prod_b;
  logic [BankBits-1:0]        s1_halo_bank_q;
  logic [DepthBits-1:0]       s1_halo_entry_q;
  logic                       acc_clear_busy, acc_busy, acc_hbusy;
  logic                       post_busy, post_re, halo_rx, s1_halo_q;
  logic                       tx_re, tx_busy;
  logic [BankBits-1:0]        post_bank, tx_bank;
  logic [DepthBits-1:0]       post_entry, tx_entry;
  logic [AccW-1:0]            acc_rdata_a, acc_rdata_b, s1_halo_val_q;
  logic [Banks*ProdW-1:0]     upd_value;
  logic [31:0]                halo_lin32;
  logic                       idle_or_done;

  // ---- job contexts: the started job (p_), the exchange (h_), the one waiting for its drain
  // (w_); each {kg, rx0, ry0, rw, rh, ox0, oy0, own_w, own_h, out_shift, relu, buf}
  localparam int unsigned CtxW = (LinW + 1) + 8 * GeomW + OShiftW + 2;
  logic [CtxW-1:0] p_ctx_q, h_ctx_q, w_ctx_q, h_ctx, d_ctx;
  logic            h_undrained_q, w_valid_q, d_buf_q, dstart;
  logic            h_ovf_clr_q;     // the exchange's overflow count restarts in its first cycle
  assign dstart = drain_start_i && !drain_busy_o;   // (scnn_pe_post takes a start while idle)
  logic [LinW:0]    h_kg;
  logic [GeomW-1:0] h_rx0, h_ry0, h_rw, h_rh, h_ox0, h_oy0, h_own_w, h_own_h;
  logic [LinW:0]    d_kg;
  logic [GeomW-1:0] d_rx0, d_ry0, d_rw, d_rh, d_ox0, d_oy0, d_own_w, d_own_h;
  logic [OShiftW-1:0] d_shift;
  logic             h_buf, d_relu, d_buf;
  // the sender is initialised from the started job's context in halo_init_i's cycle
  assign h_ctx = halo_init_i ? p_ctx_q : h_ctx_q;
  /* verilator lint_off UNUSEDSIGNAL */
  logic [OShiftW-1:0] h_shift_unused;     // (the exchange needs no requantisation)
  logic               h_relu_unused;
  /* verilator lint_on UNUSEDSIGNAL */
  assign {h_kg, h_rx0, h_ry0, h_rw, h_rh, h_ox0, h_oy0, h_own_w, h_own_h, h_shift_unused,
          h_relu_unused, h_buf} = h_ctx;
  // the drain takes the oldest context not yet drained
  assign d_ctx = w_valid_q ? w_ctx_q : h_ctx_q;
  assign {d_kg, d_rx0, d_ry0, d_rw, d_rh, d_ox0, d_oy0, d_own_w, d_own_h, d_shift, d_relu,
          d_buf} = d_ctx;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      p_ctx_q       <= '0;
      h_ctx_q       <= '0;
      w_ctx_q       <= '0;
      h_undrained_q <= 1'b0;
      w_valid_q     <= 1'b0;
      d_buf_q       <= 1'b0;
      h_ovf_clr_q   <= 1'b0;
    end else begin
      if (halo_init_i) h_ovf_clr_q <= 1'b1;
      else if (halo_en_i) h_ovf_clr_q <= 1'b0;
      if (go) p_ctx_q <= {kg_i, rx0_i, ry0_i, rw_i, rh_i, ox0_i, oy0_i, own_w_i, own_h_i,
                          out_shift_i, relu_i, buf_i};
      if (dstart) d_buf_q <= d_buf;
      if (dstart && w_valid_q) w_valid_q <= 1'b0;
      if (halo_init_i) begin
        h_ctx_q       <= p_ctx_q;
        h_undrained_q <= 1'b1;
        // the exchanged job not drained yet waits (unless its drain starts now)
        if (h_undrained_q && !(dstart && !w_valid_q)) begin
          w_ctx_q   <= h_ctx_q;
          w_valid_q <= 1'b1;
        end
      end else if (dstart && !w_valid_q) begin
        h_undrained_q <= 1'b0;
      end
    end
  end

  assign idle_or_done = (pst_q == PsIdle) || (pst_q == PsDone);
  assign halo_rx      = halo_i_valid_i && halo_en_i;
  // a received word's lin in the exchange's region (the word lies in the own tile)
  logic [GeomW-1:0] halo_rel_y, halo_rel_x;
  assign halo_rel_y   = halo_i_yo_i - h_ry0;
  assign halo_rel_x   = halo_i_xo_i - h_rx0;
  assign halo_lin32   = (32'(halo_i_k_i) * 32'(h_rh) + 32'(halo_rel_y)) * 32'(h_rw) + 32'(halo_rel_x);
  // the bank adders take the bank queues' heads (received words have their own adder)
  assign upd_valid = q_valid_b;
  assign upd_value = q_prod_b;
  assign upd_entry = q_entry_b;

  for (genvar f = 0; f < F; f++) begin : g_wval
    assign wvals[f*DataW +: DataW] = wvec[f*EntW +: DataW];
  end

  scnn_mult_array #(
    .F       (F),
    .I       (I),
    .DataW   (DataW)
  ) u_mult (
    .w_i         (s1_w_q),
    .a_i         (s1_a_q),
    .prod_shift_i(prod_shift_i),
    .prod_o      (lane_prod)
  );

  // crossbar data path: bank b's port k takes the product of the lane it accepted with rank k
  scnn_xbar_data #(
    .Lanes    (Lanes),
    .BankBits (BankBits),
    .DepthBits(DepthBits),
    .ProdW    (ProdW),
    .QDepth   (QDepth)
  ) u_xbar_data (
    .lane_prod_i (lane_prod),
    .lane_entry_i(s1_lentry_q),
    .lane_bank_i (s1_lbank_q),
    .accept_i    (s1_accept_q),
    .rank_i      (s1_rank_q),
    .port_valid_o(port_valid),
    .port_entry_o(port_entry),
    .port_prod_o (port_prod)
  );

  scnn_bank_queue #(
    .BankBits (BankBits),
    .DepthBits(DepthBits),
    .ProdW    (ProdW),
    .QDepth   (QDepth)
  ) u_bankq (
    .clk_i       (clk_i),
    .occ_i       (s1_occ_q),
    .port_valid_i(port_valid),
    .port_entry_i(port_entry),
    .port_prod_i (port_prod),
    .out_valid_o (q_valid_b),
    .out_entry_o (q_entry_b),
    .out_prod_o  (q_prod_b)
  );

  scnn_acc_buf #(
    .BankBits (BankBits),
    .DepthBits(DepthBits),
    .AccW     (AccW),
    .ProdW    (ProdW)
  ) u_acc (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .cbuf_i      (buf_i),
    .clear_i     (go),
    .clear_busy_o(acc_clear_busy),
    .upd_valid_i (upd_valid),
    .upd_entry_i (upd_entry),
    .upd_value_i (upd_value),
    .busy_o      (acc_busy),
    .ovf_clear_i (go),
    .overflow_o  (overflow_o),
    .ra_re_i     (tx_re),
    .ra_buf_i    (h_buf),
    .ra_bank_i   (tx_bank),
    .ra_entry_i  (tx_entry),
    .ra_rdata_o  (acc_rdata_a),
    .rb_re_i     (post_re || dbg_re_i),   // the debug read must not coincide with a drain read
    .rb_buf_i    (post_re ? d_buf_q : dbg_buf_i),
    .rb_bank_i   (post_re ? post_bank : dbg_bank_i),
    .rb_entry_i  (post_re ? post_entry : dbg_entry_i),
    .rb_rdata_o  (acc_rdata_b),
    .h_en_i      (halo_en_i),
    .h_valid_i   (s1_halo_q),
    .h_buf_i     (h_buf),
    .h_bank_i    (s1_halo_bank_q),
    .h_entry_i   (s1_halo_entry_q),
    .h_value_i   (s1_halo_val_q),
    .h_busy_o    (acc_hbusy),
    .h_ovf_clear_i(halo_en_i && h_ovf_clr_q),
    .h_overflow_o(halo_overflow_o)
  );
  assign dbg_rdata_o = acc_rdata_b;

  scnn_halo_tx #(
    .BankBits (BankBits),
    .DepthBits(DepthBits),
    .AccW     (AccW),
    .GeomW    (GeomW)
  ) u_halo_tx (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .init_i     (halo_init_i),
    .en_i       (halo_en_i),
    .kg_i       (h_kg),
    .rx0_i      (h_rx0),
    .ry0_i      (h_ry0),
    .rw_i       (h_rw),
    .rh_i       (h_rh),
    .ox0_i      (h_ox0),
    .oy0_i      (h_oy0),
    .own_w_i    (h_own_w),
    .own_h_i    (h_own_h),
    .block_i    (s1_halo_q ? (Banks'(1) << s1_halo_bank_q) : '0),
    .req_o      (halo_req_o),
    .req_k_o    (halo_req_k_o),
    .req_xo_o   (halo_req_xo_o),
    .req_yo_o   (halo_req_yo_o),
    .gnt_i      (halo_gnt_i),
    .acc_re_o   (tx_re),
    .acc_bank_o (tx_bank),
    .acc_entry_o(tx_entry),
    .acc_rdata_i(acc_rdata_a),
    .out_valid_o(halo_o_valid_o),
    .out_k_o    (halo_o_k_o),
    .out_xo_o   (halo_o_xo_o),
    .out_yo_o   (halo_o_yo_o),
    .out_value_o(halo_o_value_o),
    .busy_o     (tx_busy)
  );
  assign halo_busy_o = tx_busy || halo_i_valid_i || s1_halo_q || acc_hbusy;

  scnn_pe_post #(
    .DataW    (DataW),
    .RunW     (RunW),
    .AccW     (AccW),
    .BankBits (BankBits),
    .DepthBits(DepthBits),
    .GeomW    (GeomW)
  ) u_post (
    .clk_i         (clk_i),
    .rst_ni        (rst_ni),
    .oaram_clear_i (oaram_clear_i),
    .drain_start_i (drain_start_i),
    .rd_busy_o     (drain_busy_o),
    .busy_o        (post_busy),
    .kg_i          (d_kg),
    .rx0_i         (d_rx0),
    .ry0_i         (d_ry0),
    .rw_i          (d_rw),
    .rh_i          (d_rh),
    .ox0_i         (d_ox0),
    .oy0_i         (d_oy0),
    .own_w_i       (d_own_w),
    .own_h_i       (d_own_h),
    .out_shift_i   (d_shift),
    .relu_i        (d_relu),
    .acc_re_o      (post_re),
    .acc_bank_o    (post_bank),
    .acc_entry_o   (post_entry),
    .acc_rdata_i   (acc_rdata_b),
    .blk_valid_o   (blk_valid_o),
    .blk_k_o       (blk_k_o),
    .blk_base_o    (blk_base_o),
    .blk_count_o   (blk_count_o),
    .oaram_re_i    (oaram_re_i),
    .oaram_raddr_i (oaram_raddr_i),
    .oaram_rdata_o (oaram_rdata_o)
  );

  // ---- job FSM and counters --------------------------------------------------------------------
  logic [31:0] cyc_q, last_act_q, pairs_q, issue_cyc_q, stall_q, stall_add;
  logic [OccW-1:0] qmax_q, qmax_d;
  logic        any_issue_q, any_pop, occ_busy;

  // a bank pops in this cycle if its queue holds a product after the accept (microarch 4.3)
  assign occ_busy = (occ_q != '0);
  always_comb begin : p_cnt
    int b;
    stall_add = '0;
    any_pop   = 1'b0;
    qmax_d    = qmax_q;
    for (b = 0; b < Banks; b++) begin
      stall_add = stall_add + 32'(stall[b] && issue);
      if ((occ_q[b*OccW +: OccW] != '0) || (issue && served != '0)) any_pop = 1'b1;
      if (occ_d[b*OccW +: OccW] > qmax_d) qmax_d = occ_d[b*OccW +: OccW];
    end
  end

  always_comb begin
    pst_d = pst_q;
    unique case (pst_q)
      PsIdle, PsDone: if (go) pst_d = PsClear;
      PsClear: if (!acc_clear_busy) pst_d = PsRun;
      PsRun: if (fetch_done) pst_d = PsTail;
      // done in job cycle compute_cycles + 1 (microarch 5.1, PE_DONE_LAT), also when the last
      // pair had no valid lane (nothing in flight then); queues still popping keep last_act_q
      // at most one cycle behind
`ifdef SCNN_BUG_PE_STUCK
      // deliberately broken variant for the watchdog's negative test: done never rises
      PsTail: if (1'b0) pst_d = PsDone;
`else
      PsTail: if (!acc_busy && (upd_valid == '0) && !occ_busy &&
                  (!any_issue_q || (cyc_q >= last_act_q + 32'(PipeDepth) + 1))) pst_d = PsDone;
`endif
      default: pst_d = PsIdle;
    endcase
  end

  assign busy_o           = !idle_or_done || post_busy || tx_busy || (upd_valid != '0) ||
                            acc_busy || occ_busy || s1_halo_q || acc_hbusy;
  assign done_o           = (pst_q == PsDone);
  assign compute_cycles_o = any_issue_q ? last_act_q + 32'(PipeDepth) + 1 : '0;
  assign stall_cycles_o   = stall_q;
  assign queue_max_o      = 8'(qmax_q);
  assign pairs_o          = pairs_q;
  assign issue_cycles_o   = issue_cyc_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
`ifndef SCNN_BUG_NO_RESET
      pst_q        <= PsIdle;
`else
      // deliberately broken variant for the testbench's negative test: the PE's state is left
      // out of the reset. From an all-zero initial state it is PsIdle anyway; only a run from a
      // random initial state (XSEED=N) catches it.
`endif
      wv_q         <= '0;
      wpos_q       <= '0;
      pending_q    <= '0;
      pair_first_q <= 1'b1;
      chan_act_q   <= 1'b0;
      wbase_q      <= '0;
      slot_q       <= '0;
      s1_accept_q  <= '0;
      s1_occ_q     <= '0;
      occ_q        <= '0;
      s1_halo_q    <= 1'b0;
      cyc_q        <= '0;
      last_act_q   <= '0;
      any_issue_q  <= 1'b0;
      pairs_q      <= '0;
      issue_cyc_q  <= '0;
      stall_q      <= '0;
      qmax_q       <= '0;
    end else begin
      pst_q        <= pst_d;
      wv_q         <= wv_d;
      wpos_q       <= wpos_d;
      pending_q    <= pending_d;
      pair_first_q <= pair_first_d;
      chan_act_q   <= chan_act_d;
      wbase_q      <= wbase_d;
      slot_q       <= slot_d;
      s1_accept_q  <= issue ? served : '0;
      s1_occ_q     <= occ_q;
      occ_q        <= go ? '0 : occ_d;
      if (halo_en_i) s1_halo_q <= halo_rx;
      if (go) begin
        cyc_q        <= '0;
        last_act_q   <= '0;
        any_issue_q  <= 1'b0;
        pairs_q      <= '0;
        issue_cyc_q  <= '0;
        stall_q      <= '0;
        qmax_q       <= '0;
      end else begin
        if ((pst_q == PsRun) || (pst_q == PsTail)) cyc_q <= cyc_q + 1'b1;
        if (issue || any_pop) last_act_q <= cyc_q;
        stall_q <= stall_q + stall_add;
        qmax_q  <= qmax_d;
        if (issue) begin
          any_issue_q  <= 1'b1;
          issue_cyc_q  <= issue_cyc_q + 1'b1;
          if (last) pairs_q <= pairs_q + 1'b1;
        end
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (halo_rx) begin
      s1_halo_bank_q  <= BankBits'(`SCNN_BANK_OF(halo_lin32));
      s1_halo_entry_q <= DepthBits'(`SCNN_ENTRY_OF(halo_lin32));
      s1_halo_val_q   <= halo_i_value_i;
    end
    if (issue) begin
      s1_rank_q   <= lane_rank;
      s1_lbank_q  <= lane_bank;
      s1_lentry_q <= lane_entry;
      s1_w_q      <= wvals;
      s1_a_q      <= q_value;
    end
  end
endmodule
