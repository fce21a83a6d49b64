// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// scnn_xbar: arbiter of the (F*I) x A scatter crossbar (docs/microarch.md 4.3).
// Each cycle of a pair, every bank takes the lowest-numbered lane that is valid, still pending
// and targets it. The pair ends in the cycle in which its last pending lane is served
// (or in its first cycle if it has no valid lane): n = max(1, max per-bank lane count).
// Purely combinational; the caller keeps the pending mask.
module scnn_xbar #(
  parameter int unsigned Lanes    = scnn_pkg::MULTS,
  parameter int unsigned BankBits = scnn_pkg::BANK_BITS,
  localparam int unsigned Banks   = 1 << BankBits,
  localparam int unsigned LaneW   = (Lanes > 1) ? $clog2(Lanes) : 1
) (
  input  logic [Lanes-1:0]               pending_i,    // valid lanes not yet served
  input  logic [Lanes*BankBits-1:0]      lane_bank_i,  // lane l: bits [l*BankBits +: BankBits]
  output logic [Banks-1:0]               grant_o,      // bank b adds a product this cycle
  output logic [Banks*LaneW-1:0]         grant_lane_o, // bank b: bits [b*LaneW +: LaneW]
  output logic [Lanes-1:0]               served_o,     // lanes granted this cycle
  output logic                           last_o        // no lane left pending after this cycle
);
  always_comb begin : p_grant
    int b, l;
    grant_o      = '0;
    grant_lane_o = '0;
    served_o     = '0;
    for (b = 0; b < Banks; b++) begin
      // highest lane first, so that the lowest matching lane is the one kept
      for (l = Lanes - 1; l >= 0; l--) begin
        if (pending_i[l] && (lane_bank_i[l*BankBits +: BankBits] == BankBits'(b))) begin
          grant_o[b]                  = 1'b1;
          grant_lane_o[b*LaneW +: LaneW] = LaneW'(l);
        end
      end
      if (grant_o[b]) served_o[grant_lane_o[b*LaneW +: LaneW]] = 1'b1;
    end
    last_o = ((pending_i & ~served_o) == '0);
  end
endmodule
