// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// scnn_xbar_data: data path of the (F*I) x A scatter crossbar (docs/microarch.md 4.3): bank b
// takes the product of lane grant_lane_i[b] (lane f*I + i), the lane its arbiter (scnn_xbar)
// granted in the issue cycle. Combinational; whether bank b adds anything is the caller's
// grant bit, not this module's business.
module scnn_xbar_data #(
  parameter int unsigned Lanes    = scnn_pkg::MULTS,
  parameter int unsigned BankBits = scnn_pkg::BANK_BITS,
  parameter int unsigned ProdW    = scnn_pkg::PROD_W,
  localparam int unsigned Banks   = 1 << BankBits,
  localparam int unsigned LaneW   = (Lanes > 1) ? $clog2(Lanes) : 1
) (
  input  logic [Lanes*ProdW-1:0] lane_prod_i,  // lane l: bits [l*ProdW +: ProdW]
  input  logic [Banks*LaneW-1:0] grant_lane_i, // bank b: bits [b*LaneW +: LaneW]
  output logic [Banks*ProdW-1:0] bank_prod_o   // bank b: bits [b*ProdW +: ProdW]
);
  for (genvar b = 0; b < Banks; b++) begin : g_bank
    assign bank_prod_o[b*ProdW +: ProdW] =
        lane_prod_i[grant_lane_i[b*LaneW +: LaneW]*ProdW +: ProdW];
  end
endmodule
