// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// scnn_xbar_data: data path of the (F*I) x A scatter network (docs/microarch.md 4.3), in the
// stage after the issue cycle. Bank b has QDepth + 1 input ports; port k carries the product
// (and accumulator entry) of the lane that bank b accepted with rank k in the issue cycle
// (scnn_xbar): the accepted lanes of a bank, in lane order, on ports 0, 1, ... Combinational.
module scnn_xbar_data #(
  parameter int unsigned Lanes     = scnn_pkg::MULTS,
  parameter int unsigned BankBits  = scnn_pkg::BANK_BITS,
  parameter int unsigned DepthBits = scnn_pkg::BANK_DEPTH_BITS,
  parameter int unsigned ProdW     = scnn_pkg::PROD_W,
  parameter int unsigned QDepth    = scnn_pkg::XBAR_QDEPTH,
  localparam int unsigned Banks    = 1 << BankBits,
  localparam int unsigned Ports    = QDepth + 1,
  localparam int unsigned RankW    = scnn_pkg::XBAR_OCC_W
) (
  input  logic [Lanes*ProdW-1:0]           lane_prod_i,  // lane l: bits [l*ProdW +: ProdW]
  input  logic [Lanes*DepthBits-1:0]       lane_entry_i,
  input  logic [Lanes*BankBits-1:0]        lane_bank_i,
  input  logic [Lanes-1:0]                 accept_i,
  input  logic [Lanes*RankW-1:0]           rank_i,
  output logic [Banks*Ports-1:0]           port_valid_o, // (bank b, port k): index b*Ports + k
  output logic [Banks*Ports*DepthBits-1:0] port_entry_o,
  output logic [Banks*Ports*ProdW-1:0]     port_prod_o
);
  // an accepted lane writes its (bank, rank) port; ranks of accepted lanes are <= QDepth and
  // distinct within a bank, so no two lanes write one port (a loop over the lanes rather than
  // over ports x lanes: the same logic, 16 instead of Banks*Ports*16 steps in simulation)
  always_comb begin : p_route
    int l, d;
    port_valid_o = '0;
    port_entry_o = '0;
    port_prod_o  = '0;
    for (l = 0; l < Lanes; l++) begin
      d = 32'(lane_bank_i[l*BankBits +: BankBits]) * Ports + 32'(rank_i[l*RankW +: RankW]);
      if (accept_i[l]) begin
        port_valid_o[d]                         = 1'b1;
        port_entry_o[d*DepthBits +: DepthBits] = lane_entry_i[l*DepthBits +: DepthBits];
        port_prod_o[d*ProdW +: ProdW]           = lane_prod_i[l*ProdW +: ProdW];
      end
    end
  end
endmodule
