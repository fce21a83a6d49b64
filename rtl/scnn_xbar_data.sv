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
  localparam int unsigned LaneW = (Lanes > 1) ? $clog2(Lanes) : 1;

  // Bit-sliced over the banks: for every port k, a Banks-bit word says which banks have a
  // lane on that port, and LaneW such words spell the lane's number bit by bit (bank b: bit b).
  // An accepted lane sets its bank's bit in the words of the port of its rank. This is the
  // AND-OR of "lane l accepted by bank b with rank k" that a synthesis tool makes of it, in a
  // form that also simulates in word-wide operations.
  logic [Ports*Banks-1:0]       pv;   // port k: bits [k*Banks +: Banks]
  logic [Ports*LaneW*Banks-1:0] pl;   // port k, lane bit j: bits [(k*LaneW + j)*Banks +: Banks]
  always_comb begin : p_slice
    int l, k, j;
    logic [Banks-1:0] bsel;
    pv = '0;
    pl = '0;
    j  = 0;  // (a loop variable under a condition: assigned on every path, no latch)
    for (l = 0; l < Lanes; l++) begin
      bsel = {Banks{accept_i[l]}} & (Banks'(1) << lane_bank_i[l*BankBits +: BankBits]);
      for (k = 0; k < Ports; k++) begin
        if (rank_i[l*RankW +: RankW] == RankW'(k)) begin
          pv[k*Banks +: Banks] = pv[k*Banks +: Banks] | bsel;
          for (j = 0; j < LaneW; j++)
            if (((l >> j) & 1) != 0) pl[(k*LaneW + j)*Banks +: Banks] =
                pl[(k*LaneW + j)*Banks +: Banks] | bsel;
        end
      end
    end
  end

  // each port reads the product and entry of its lane (a (F*I):1 multiplexer per port)
  for (genvar b = 0; b < Banks; b++) begin : g_bank
    for (genvar k = 0; k < Ports; k++) begin : g_port
      logic [LaneW-1:0] lane;
      for (genvar j = 0; j < LaneW; j++) begin : g_bit
        assign lane[j] = pl[(k*LaneW + j)*Banks + b];
      end
      assign port_valid_o[b*Ports + k] = pv[k*Banks + b];
      assign port_entry_o[(b*Ports + k)*DepthBits +: DepthBits] =
          lane_entry_i[32'(lane)*DepthBits +: DepthBits];
      assign port_prod_o[(b*Ports + k)*ProdW +: ProdW] = lane_prod_i[32'(lane)*ProdW +: ProdW];
    end
  end
endmodule
