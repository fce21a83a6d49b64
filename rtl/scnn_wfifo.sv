// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// scnn_wfifo: the weight FIFO (docs/microarch.md 4.4). Depth slots of one weight vector (F
// entries of {run, value}) in a ring held in scnn_sram. A vector is pushed whenever a slot is
// free (push_ready_o depends on registered state only) and is readable from the next cycle.
// Slots are read at random (the issue stage re-reads a channel's vectors for every activation
// vector) and freed in bulk when a channel ends (free_i slots, writable from the next cycle).
// The read address is given one cycle ahead (rd_slot_i); a write to the same slot in that cycle
// is forwarded, so a vector pushed in cycle t is seen by a read in cycle t+1.
module scnn_wfifo #(
  parameter int unsigned Depth = scnn_pkg::WFIFO_DEPTH,
  parameter int unsigned Width = scnn_pkg::F * scnn_pkg::ENT_W,
  localparam int unsigned Aw   = $clog2(Depth),
  localparam int unsigned CntW = $clog2(Depth + 1)
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             clear_i,      // empty the FIFO (job start)
  input  logic             push_valid_i,
  output logic             push_ready_o,
  input  logic [Width-1:0] push_data_i,
  output logic [31:0]      pushed_o,     // vectors pushed since clear_i (registered)
  input  logic [Aw-1:0]    rd_slot_i,    // slot to read in the next cycle
  output logic [Width-1:0] rd_data_o,    // contents of the slot given in the previous cycle
  input  logic [CntW-1:0]  free_i        // slots freed at the end of this cycle
);
  logic [Aw-1:0]    wr_q;
  logic [CntW-1:0]  occ_q;
  logic [31:0]      pushed_q;
  logic             push;
  logic [Width-1:0] sram_rdata, byp_q;
  logic             byp_use_q;

`ifdef SCNN_BUG_FIFO_DEPTH
  // deliberately broken variant for the testbench's negative test: one slot short (timing only)
  assign push_ready_o = (occ_q < CntW'(Depth - 1));
`else
  assign push_ready_o = (occ_q < CntW'(Depth));
`endif
  assign push         = push_valid_i && push_ready_o && !clear_i;
  assign pushed_o     = pushed_q;

  scnn_sram #(
    .Depth(Depth),
    .Width(Width)
  ) u_mem (
    .clk_i  (clk_i),
    .re_i   (1'b1),
    .raddr_i(rd_slot_i),
    .rdata_o(sram_rdata),
    .we_i   (push),
    .waddr_i(wr_q),
    .wdata_i(push_data_i)
  );
  assign rd_data_o = byp_use_q ? byp_q : sram_rdata;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      wr_q      <= '0;
      occ_q     <= '0;
      pushed_q  <= '0;
      byp_use_q <= 1'b0;
      byp_q     <= '0;
    end else if (clear_i) begin
      wr_q      <= '0;
      occ_q     <= '0;
      pushed_q  <= '0;
      byp_use_q <= 1'b0;
    end else begin
      if (push) begin
        wr_q     <= (wr_q == Aw'(Depth - 1)) ? '0 : wr_q + 1'b1;
        pushed_q <= pushed_q + 1'b1;
      end
      occ_q     <= occ_q + CntW'(push) - free_i;
      byp_use_q <= push && (wr_q == rd_slot_i);
      if (push) byp_q <= push_data_i;
    end
  end
endmodule
