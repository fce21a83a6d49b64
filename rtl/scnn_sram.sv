// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// scnn_sram: the ONE memory of the design (IARAM, weight FIFO storage, accumulator banks,
// descriptor table). One synchronous read port, one write port. Read-before-write: a read and a
// write of the same address in one cycle return the old contents (users add their own bypass).
// For simulation this is a behavioural model; synthesis black-boxes the module by name
// (synth/), so keep the name and the parameters Depth/Width.
module scnn_sram #(
  parameter int unsigned Depth = 32,
  parameter int unsigned Width = 24,
  localparam int unsigned Aw = (Depth > 1) ? $clog2(Depth) : 1
) (
  input  logic             clk_i,
  input  logic             re_i,
  input  logic [Aw-1:0]    raddr_i,
  output logic [Width-1:0] rdata_o,
  input  logic             we_i,
  input  logic [Aw-1:0]    waddr_i,
  input  logic [Width-1:0] wdata_i
);
  logic [Width-1:0] mem_q [Depth];
  logic [Width-1:0] rdata_q;

  always_ff @(posedge clk_i) begin
    if (re_i) rdata_q <= mem_q[raddr_i];
    if (we_i) mem_q[waddr_i] <= wdata_i;
  end
  assign rdata_o = rdata_q;
endmodule
