// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// Test design of the area flow (tests/suites/50-synth.sh), not part of the RTL.
// Hand-countable: 8 flip-flops with an asynchronous reset (DFFR_X1), 4 without (DFF_X1),
// one scnn_sram of BANK_DEPTH x ACC_W from the generated package, some logic for abc.
module tiny_top (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic [7:0]  a_i,
  input  logic [7:0]  b_i,
  output logic [7:0]  sum_q_o,
  output logic [3:0]  x_q_o,
  output logic [scnn_pkg::ACC_W-1:0] rdata_o
);
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) sum_q_o <= '0;
    else         sum_q_o <= a_i + b_i;
  end
  always_ff @(posedge clk_i) x_q_o <= a_i[3:0] ^ b_i[7:4];

  tiny_leaf u_leaf (.clk_i, .a_i, .b_i, .rdata_o);
endmodule

module tiny_leaf (
  input  logic       clk_i,
  input  logic [7:0] a_i,
  input  logic [7:0] b_i,
  output logic [scnn_pkg::ACC_W-1:0] rdata_o
);
  scnn_sram #(.Depth(scnn_pkg::BANK_DEPTH), .Width(scnn_pkg::ACC_W)) u_bank (
    .clk_i,
    .re_i    (a_i[0]),
    .raddr_i (a_i[scnn_pkg::BANK_DEPTH_BITS:1]),
    .rdata_o,
    .we_i    (b_i[0]),
    .waddr_i (b_i[scnn_pkg::BANK_DEPTH_BITS:1]),
    .wdata_i ({scnn_pkg::ACC_W{a_i[7]}} ^ {3{b_i}})
  );
endmodule
