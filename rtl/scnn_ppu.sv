// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// scnn_ppu: post-processing unit. Requantises one accumulator value per cycle
// (docs/spec.md section 4: round half up by out_shift, saturate to DATA_W bits, optional ReLU)
// and compresses the stream of a block into (value, run) entries (docs/spec.md section 5),
// written to the OARAM one per cycle.
//
// Placeholders are written eagerly when a zero run reaches RUN_MAX + 1 positions, but they are
// only *committed* (counted, and the next block placed after them) when a non-zero value follows;
// trailing placeholders of a block are left uncommitted and overwritten by the next block. This
// gives exactly the reference encoder's blocks with one write per input value at most.
module scnn_ppu #(
  parameter int unsigned DataW    = scnn_pkg::DATA_W,
  parameter int unsigned RunW     = scnn_pkg::RUN_W,
  parameter int unsigned AccW     = scnn_pkg::ACC_W,
  parameter int unsigned MaxShift = scnn_pkg::MAX_SHIFT_OUT,
  parameter int unsigned Depth    = scnn_pkg::OARAM_DEPTH,
  localparam int unsigned ShiftW  = $clog2(MaxShift + 1),
  localparam int unsigned Aw      = $clog2(Depth),
  localparam int unsigned CntW    = $clog2(Depth + 1)
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  input  logic                    clear_i,      // next block starts at OARAM address 0
  input  logic [ShiftW-1:0]       out_shift_i,
  input  logic                    relu_i,
  input  logic                    in_valid_i,
  input  logic                    in_first_i,   // first value of a block
  input  logic                    in_last_i,    // last value of a block
  input  logic signed [AccW-1:0]  in_acc_i,
  output logic signed [DataW-1:0] q_o,          // requantised in_acc_i (combinational)
  output logic                    wr_valid_o,   // OARAM write
  output logic [Aw-1:0]           wr_addr_o,
  output logic [DataW-1:0]        wr_value_o,
  output logic [RunW-1:0]         wr_run_o,
  output logic                    blk_done_o,   // the block ended with this input
  output logic [Aw-1:0]           blk_base_o,   // ... its first entry
  output logic [CntW-1:0]         blk_count_o   // ... and its entry count
);
  localparam logic [RunW-1:0] RUN_MAX = {RunW{1'b1}};
  localparam int unsigned     SumW    = AccW + 1;

  // ---- requantise --------------------------------------------------------------------------
  logic signed [SumW-1:0] round_d, shifted_d;
  logic signed [SumW-1:0] max_d, min_d;
  always_comb begin
    round_d = (out_shift_i == '0) ? '0 : (SumW'(1) <<< (out_shift_i - 1'b1));
    shifted_d = ($signed({in_acc_i[AccW-1], in_acc_i}) + round_d) >>> out_shift_i;
    max_d = SumW'((1 << (DataW - 1)) - 1);
    min_d = -max_d - 1'b1;
    if (shifted_d > max_d) begin
      q_o = max_d[DataW-1:0];
    end else if (shifted_d < min_d) begin
      q_o = min_d[DataW-1:0];
    end else begin
      q_o = shifted_d[DataW-1:0];
    end
    if (relu_i && q_o[DataW-1]) q_o = '0;
  end

  // ---- compress ----------------------------------------------------------------------------
  logic [RunW-1:0] zc_d, zc_q;              // zeros since the last written entry
  logic [Aw-1:0]   tent_d, tent_q;          // next write address
  logic [Aw-1:0]   commit_d, commit_q;      // end of the committed entries
  logic [Aw-1:0]   base_d, base_q;          // first entry of the current block
  logic [RunW-1:0] zc_cur;
  logic [Aw-1:0]   tent_cur, base_cur;

  always_comb begin
    zc_cur   = in_first_i ? '0 : zc_q;
    tent_cur = in_first_i ? commit_q : tent_q;
    base_cur = in_first_i ? commit_q : base_q;
    zc_d       = zc_q;
    tent_d     = tent_q;
    commit_d   = commit_q;
    base_d     = base_q;
    wr_valid_o = 1'b0;
    wr_addr_o  = tent_cur;
    wr_value_o = q_o;
    wr_run_o   = zc_cur;
    if (in_valid_i) begin
      base_d = base_cur;
      if (q_o != '0) begin
        wr_valid_o = 1'b1;
        tent_d     = tent_cur + 1'b1;
        commit_d   = tent_cur + 1'b1;
        zc_d       = '0;
      end else if (zc_cur == RUN_MAX) begin
`ifdef SCNN_BUG_PPU_PLACEHOLDER
        // deliberately broken variant for the testbench's negative test: placeholder dropped
        wr_valid_o = 1'b0;
        tent_d     = tent_cur - 1'b1;
`else
        wr_valid_o = 1'b1;                  // placeholder (0, RUN_MAX), not yet committed
`endif
        wr_run_o   = RUN_MAX;
        tent_d     = tent_cur + 1'b1;
        zc_d       = '0;
      end else begin
        tent_d = tent_cur;
        zc_d   = zc_cur + 1'b1;
      end
      if (in_last_i) tent_d = commit_d;
    end
  end

  assign blk_done_o  = in_valid_i & in_last_i;
  assign blk_base_o  = base_cur;
  logic [Aw-1:0] blk_len;                   // modulo Depth: a block never fills the whole OARAM
  assign blk_len     = commit_d - base_cur;
  assign blk_count_o = CntW'(blk_len);

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      zc_q     <= '0;
      tent_q   <= '0;
      commit_q <= '0;
      base_q   <= '0;
    end else if (clear_i) begin
      zc_q     <= '0;
      tent_q   <= '0;
      commit_q <= '0;
      base_q   <= '0;
    end else begin
      zc_q     <= zc_d;
      tent_q   <= tent_d;
      commit_q <= commit_d;
      base_q   <= base_d;
    end
  end
endmodule
