// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// scnn_pe_post: the drain of a finished accumulator buffer (docs/microarch.md section 5).
// drain_start_i: reads the own cells in order k, then own-tile position, PPU_RATE (1) per
// cycle, requantises and compresses each channel's own tile into the OARAM through scnn_ppu;
// every finished block is reported on blk_* (channel, base, count). The OARAM is a ring: the
// blocks of successive drains follow each other; oaram_clear_i (layer start) puts the next
// block at address 0. The OARAM is read through oaram_* at any time (its own read port).
// The accumulator buffer is read through acc_re_o/acc_bank_o/acc_entry_o, data the next cycle.
// The geometry inputs (and out_shift/relu) are those of the job whose drain starts: they are
// copied into the drain's own registers at drain_start_i (scnn_pe keeps every job's geometry
// until its drain has started, docs/microarch.md section 5.6).
// (The halo sender is scnn_halo_tx.)
module scnn_pe_post #(
  parameter int unsigned DataW      = scnn_pkg::DATA_W,
  parameter int unsigned RunW       = scnn_pkg::RUN_W,
  parameter int unsigned AccW       = scnn_pkg::ACC_W,
  parameter int unsigned BankBits   = scnn_pkg::BANK_BITS,
  parameter int unsigned DepthBits  = scnn_pkg::BANK_DEPTH_BITS,
  parameter int unsigned GeomW      = scnn_pkg::GEOM_W,
  parameter int unsigned OaramDepth = scnn_pkg::OARAM_DEPTH,
  parameter int unsigned MaxShift   = scnn_pkg::MAX_SHIFT_OUT,
  localparam int unsigned LinW      = scnn_pkg::ACC_ENTRY_BITS,
  localparam int unsigned Oaw       = scnn_pkg::OARAM_AW,
  localparam int unsigned CntW      = scnn_pkg::OARAM_CNT_W,
  localparam int unsigned ShiftW    = scnn_pkg::OSHIFT_W,
  localparam int unsigned EntW      = scnn_pkg::ENT_W
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 oaram_clear_i,
  input  logic                 drain_start_i,
  output logic                 rd_busy_o,     // own cells still to be read
  output logic                 busy_o,        // ... or the last ones still in the PPU
  // geometry of the job whose drain starts (sampled at drain_start_i)
  input  logic [LinW:0]        kg_i,
  input  logic [GeomW-1:0]     rx0_i,
  input  logic [GeomW-1:0]     ry0_i,
  input  logic [GeomW-1:0]     rw_i,
  input  logic [GeomW-1:0]     rh_i,
  input  logic [GeomW-1:0]     ox0_i,
  input  logic [GeomW-1:0]     oy0_i,
  input  logic [GeomW-1:0]     own_w_i,
  input  logic [GeomW-1:0]     own_h_i,
  input  logic [ShiftW-1:0]    out_shift_i,
  input  logic                 relu_i,
  // accumulator buffer read
  output logic                 acc_re_o,
  output logic [BankBits-1:0]  acc_bank_o,
  output logic [DepthBits-1:0] acc_entry_o,
  input  logic [AccW-1:0]      acc_rdata_i,
  // output blocks
  output logic                 blk_valid_o,
  output logic [LinW-1:0]      blk_k_o,
  output logic [Oaw-1:0]       blk_base_o,
  output logic [CntW-1:0]      blk_count_o,
  input  logic                 oaram_re_i,
  input  logic [Oaw-1:0]       oaram_raddr_i,
  output logic [EntW-1:0]      oaram_rdata_o
);
  typedef enum logic {QsIdle, QsDrain} qstate_e;
  qstate_e qst_d, qst_q;
  // the drain's job geometry (latched at drain_start_i)
  logic [LinW:0]    d_kg_q;
  logic [GeomW-1:0] d_rx0_q, d_ry0_q, d_rw_q, d_rh_q, d_ox0_q, d_oy0_q, d_own_w_q, d_own_h_q;
  logic [ShiftW-1:0] d_shift_q;
  logic              d_relu_q;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      {d_kg_q, d_rx0_q, d_ry0_q, d_rw_q, d_rh_q, d_ox0_q, d_oy0_q, d_own_w_q, d_own_h_q} <= '0;
      {d_shift_q, d_relu_q} <= '0;
    end else if (drain_start_i && (qst_q == QsIdle)) begin
      {d_kg_q, d_rx0_q, d_ry0_q, d_rw_q, d_rh_q, d_ox0_q, d_oy0_q, d_own_w_q, d_own_h_q} <=
          {kg_i, rx0_i, ry0_i, rw_i, rh_i, ox0_i, oy0_i, own_w_i, own_h_i};
      {d_shift_q, d_relu_q} <= {out_shift_i, relu_i};
    end
  end

  logic [LinW:0]    k_d, k_q;
  logic [GeomW-1:0] y_d, y_q, x_d, x_q;
  logic             rd_valid_q, rd_first_q, rd_last_q;
  logic [LinW-1:0]  rd_k_q;

  // the cell of the current step, in region coordinates
  logic [GeomW:0]   ry, rx;               // region-relative
  logic             last_cell, step_rd, step_first, step_last, empty;
  logic [31:0]      lin;
  always_comb begin
    ry  = {1'b0, d_oy0_q} + {1'b0, y_q} - {1'b0, d_ry0_q};
    rx  = {1'b0, d_ox0_q} + {1'b0, x_q} - {1'b0, d_rx0_q};
    lin = (32'(k_q) * 32'(d_rh_q) + 32'(ry)) * 32'(d_rw_q) + 32'(rx);
  end

  // walk over the own tile: x fastest, then y, then k
  always_comb begin : p_own
    logic [GeomW-1:0] w, h;
    w = d_own_w_q;
    h = d_own_h_q;
    empty      = (w == '0) || (h == '0) || (d_kg_q == '0);
    qst_d      = qst_q;
    k_d        = k_q;
    y_d        = y_q;
    x_d        = x_q;
    last_cell  = (x_q == w - 1'b1) && (y_q == h - 1'b1) && (k_q == d_kg_q - 1'b1);
    step_rd    = 1'b0;
    step_first = (x_q == '0) && (y_q == '0);
    step_last  = (x_q == w - 1'b1) && (y_q == h - 1'b1);
    unique case (qst_q)
      QsIdle: begin
        k_d = '0;
        y_d = '0;
        x_d = '0;
        if (drain_start_i) qst_d = QsDrain;
      end
      QsDrain: begin
        if (empty) begin
          qst_d = QsIdle;
        end else begin
          step_rd = 1'b1;
          if (last_cell) qst_d = QsIdle;
          if (x_q == w - 1'b1) begin
            x_d = '0;
            if (y_q == h - 1'b1) begin
              y_d = '0;
              k_d = k_q + 1'b1;
            end else begin
              y_d = y_q + 1'b1;
            end
          end else begin
            x_d = x_q + 1'b1;
          end
        end
      end
      default: qst_d = QsIdle;
    endcase
  end

  assign acc_re_o    = step_rd;
  assign acc_bank_o  = BankBits'(`SCNN_BANK_OF(lin));
  assign acc_entry_o = DepthBits'(`SCNN_ENTRY_OF(lin));
  assign rd_busy_o   = (qst_q != QsIdle);
  assign busy_o      = (qst_q != QsIdle) || rd_valid_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      qst_q      <= QsIdle;
      k_q        <= '0;
      y_q        <= '0;
      x_q        <= '0;
      rd_valid_q <= 1'b0;
      rd_first_q <= 1'b0;
      rd_last_q  <= 1'b0;
      rd_k_q     <= '0;
    end else begin
      qst_q      <= qst_d;
      k_q        <= k_d;
      y_q        <= y_d;
      x_q        <= x_d;
      rd_valid_q <= step_rd;
      rd_first_q <= step_first;
      rd_last_q  <= step_last;
      rd_k_q     <= LinW'(k_q);
    end
  end

  // ---- PPU and OARAM -----------------------------------------------------------------------
  logic           wr_valid;
  logic [Oaw-1:0] wr_addr;
  logic [DataW-1:0] wr_value;
  logic [RunW-1:0]  wr_run;
  /* verilator lint_off UNUSEDSIGNAL */
  logic [DataW-1:0] q_unused;             // (waves only) the requantised value
  /* verilator lint_on UNUSEDSIGNAL */

  scnn_ppu #(
    .DataW   (DataW),
    .RunW    (RunW),
    .AccW    (AccW),
    .MaxShift(MaxShift),
    .Depth   (OaramDepth)
  ) u_ppu (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .clear_i    (oaram_clear_i),
    .out_shift_i(d_shift_q),
    .relu_i     (d_relu_q),
    .in_valid_i (rd_valid_q),
    .in_first_i (rd_first_q),
    .in_last_i  (rd_last_q),
    .in_acc_i   (acc_rdata_i),
    .q_o        (q_unused),
    .wr_valid_o (wr_valid),
    .wr_addr_o  (wr_addr),
    .wr_value_o (wr_value),
    .wr_run_o   (wr_run),
    .blk_done_o (blk_valid_o),
    .blk_base_o (blk_base_o),
    .blk_count_o(blk_count_o)
  );
  assign blk_k_o = rd_k_q;

  scnn_sram #(
    .Depth(OaramDepth),
    .Width(EntW)
  ) u_oaram (
    .clk_i  (clk_i),
    .re_i   (oaram_re_i),
    .raddr_i(oaram_raddr_i),
    .rdata_o(oaram_rdata_o),
    .we_i   (wr_valid),
    .waddr_i(wr_addr),
    .wdata_i({wr_run, wr_value})
  );
endmodule
