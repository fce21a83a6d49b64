// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// scnn_mult_array: the F x I array of DATA_W x DATA_W signed multipliers with the product shift
// (t = (w * a) >>> prod_shift, docs/spec.md section 4); lane f*I + i multiplies weight f by
// activation i.
// Combinational. The crossbar data path that routes the lanes to the banks is scnn_xbar_data.
module scnn_mult_array #(
  parameter int unsigned F        = scnn_pkg::F,
  parameter int unsigned I        = scnn_pkg::I,
  parameter int unsigned DataW    = scnn_pkg::DATA_W,
  localparam int unsigned Lanes   = scnn_pkg::MULTS,
  localparam int unsigned ProdW   = scnn_pkg::PROD_W,
  localparam int unsigned ShiftW  = scnn_pkg::SHIFT_W
) (
  input  logic [F*DataW-1:0]      w_i,
  input  logic [I*DataW-1:0]      a_i,
  input  logic [ShiftW-1:0]       prod_shift_i,
  output logic [Lanes*ProdW-1:0]  prod_o        // lane l: bits [l*ProdW +: ProdW]
);
  for (genvar f = 0; f < F; f++) begin : g_f
    for (genvar i = 0; i < I; i++) begin : g_i
      logic signed [ProdW-1:0] p;
      assign p = $signed(w_i[f*DataW +: DataW]) * $signed(a_i[i*DataW +: DataW]);
      assign prod_o[`SCNN_LANE_OF(f, i)*ProdW +: ProdW] = p >>> prod_shift_i;
    end
  end
endmodule
