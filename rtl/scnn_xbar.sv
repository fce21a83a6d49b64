// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// scnn_xbar: arbiter of the (F*I) x A scatter network (docs/microarch.md 4.3), in the issue
// stage. Bank b has a queue of QDepth products in front of its adder, occ_i[b] of them full at
// the start of the cycle. This cycle bank b accepts the a_b = min(left_b, QDepth + 1 - occ_b)
// lowest-numbered lanes of the pair that are still pending and target it (QDepth + 1: the slot
// this cycle's pop frees, or the product that bypasses an empty queue), and its queue pops one
// product if it holds one after the accept: occ_next_o = occ + a - [occ + a > 0].
// rank_o[l] is lane l's place among the lanes bank b accepts this cycle (0 = lowest lane);
// stall_o[b]: bank b leaves pending lanes behind. last_o: nothing of the pair is left pending.
// QDepth = 0: one lane per bank per cycle, the lowest pending one (the pair takes
// max(1, max per-bank lane count) cycles). Purely combinational; the caller keeps the pending
// mask and the occupancies, and drives pending_i = 0 in cycles without an issue.
module scnn_xbar #(
  parameter int unsigned Lanes    = scnn_pkg::MULTS,
  parameter int unsigned BankBits = scnn_pkg::BANK_BITS,
  parameter int unsigned QDepth   = scnn_pkg::XBAR_QDEPTH,
  localparam int unsigned Banks   = 1 << BankBits,
  localparam int unsigned OccW    = scnn_pkg::XBAR_OCC_W,
  localparam int unsigned RankW   = scnn_pkg::XBAR_OCC_W
) (
  input  logic [Lanes-1:0]          pending_i,   // valid lanes of the pair not yet accepted
  input  logic [Lanes*BankBits-1:0] lane_bank_i, // lane l: bits [l*BankBits +: BankBits]
  input  logic [Banks*OccW-1:0]     occ_i,       // bank b: bits [b*OccW +: OccW], <= QDepth
  output logic [Lanes-1:0]          accept_o,    // lanes accepted this cycle
  output logic [Lanes*RankW-1:0]    rank_o,      // lane l: bits [l*RankW +: RankW]
  output logic [Banks-1:0]          stall_o,     // bank b: lanes to it left pending
  output logic [Banks*OccW-1:0]     occ_next_o,  // occupancies at the start of the next cycle
  output logic                      last_o       // no lane left pending after this cycle
);
  localparam int unsigned CntW = $clog2(Lanes + 1) + 1;

  // lane-major: a lane's rank is the number of lower pending lanes to its bank; the bank takes
  // it if the rank is below the bank's room (QDepth + 1 - occupancy)
  logic [Banks*CntW-1:0] cnt;     // pending lanes per bank: bank b at [b*CntW +: CntW]
  always_comb begin : p_accept
    int b, l, m;
    logic [CntW-1:0] rank, room, took, occ;
    logic [BankBits-1:0] bl;
    cnt      = '0;
    accept_o = '0;
    rank_o   = '0;
    for (l = 0; l < Lanes; l++) begin
      bl   = lane_bank_i[l*BankBits +: BankBits];
      rank = '0;
`ifdef SCNN_BUG_QUEUE_ORDER
      // deliberately broken variant for the testbench's negative test: highest lane first
      for (m = l + 1; m < Lanes; m++)
`else
      for (m = 0; m < l; m++)
`endif
        if (pending_i[m] && (lane_bank_i[m*BankBits +: BankBits] == bl)) rank = rank + 1'b1;
`ifdef SCNN_BUG_QUEUE_ROOM
      // deliberately broken variant for the testbench's negative test: one product more than
      // the queue has room for (the queue drops it)
      room = CntW'(QDepth + 2) - CntW'(occ_i[32'(bl)*OccW +: OccW]);
`else
      room = CntW'(QDepth + 1) - CntW'(occ_i[32'(bl)*OccW +: OccW]);
`endif
      if (pending_i[l]) begin
        cnt[32'(bl)*CntW +: CntW] = cnt[32'(bl)*CntW +: CntW] + 1'b1;
        if (rank < room) begin
          accept_o[l]              = 1'b1;
          rank_o[l*RankW +: RankW] = RankW'(rank);
        end
      end
    end
    for (b = 0; b < Banks; b++) begin
      occ        = CntW'(occ_i[b*OccW +: OccW]);
      room       = CntW'(QDepth + 1) - occ;
      stall_o[b] = (cnt[b*CntW +: CntW] > room);
      took       = stall_o[b] ? room : cnt[b*CntW +: CntW];
      occ        = occ + took;
      if (occ != '0) occ = occ - 1'b1;
      occ_next_o[b*OccW +: OccW] = OccW'(occ);
    end
    last_o = ((pending_i & ~accept_o) == '0);
  end
endmodule
