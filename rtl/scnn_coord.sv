// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// scnn_coord: output coordinates of the F x I products of one (activation vector, weight vector)
// pair and their accumulator bank/entry (docs/microarch.md 4.2). Combinational.
// Weight entry f: position q = wpos_i + (running sum of run + 1) - 1 over the vector,
// (k, r, s) = (q / (rv*sv), (q / sv) % rv, q % sv) for WEIGHT_ORDER krs (0), or
// (q % kg, (q / kg) / sv, (q / kg) % sv) for rsk (1). Activation entry i arrives decoded (region
// relative ax = x + pad_x - rx0, ay = y + pad_y - ry0, aoff = ay*rw + ax). Lane f*I + i:
//   xl = ax - s, yl = ay - r, valid = both entries exist, neither is a placeholder,
//   0 <= xl < rw, 0 <= yl < rh;  lin = aoff + k*rh*rw - r*rw - s = (k*rh + yl)*rw + xl.
module scnn_coord #(
  parameter int unsigned F          = scnn_pkg::F,
  parameter int unsigned I          = scnn_pkg::I,
  parameter int unsigned DataW      = scnn_pkg::DATA_W,
  parameter int unsigned RunW       = scnn_pkg::RUN_W,
  parameter int unsigned GeomW      = scnn_pkg::GEOM_W,
  parameter int unsigned BankBits   = scnn_pkg::BANK_BITS,
  parameter int unsigned DepthBits  = scnn_pkg::BANK_DEPTH_BITS,
  parameter int unsigned WeightOrder = scnn_pkg::WEIGHT_ORDER,
  localparam int unsigned Lanes     = scnn_pkg::MULTS,
  localparam int unsigned EntW      = scnn_pkg::ENT_W,
  localparam int unsigned NwW       = scnn_pkg::WFIFO_CNT_W,
  localparam int unsigned QPosW     = NwW + 1,
  localparam int unsigned CW        = scnn_pkg::COORD_W,
  localparam int unsigned OffW      = scnn_pkg::OFF_W,
  localparam int unsigned LinW      = scnn_pkg::ACC_ENTRY_BITS
) (
  input  logic [F*EntW-1:0]         wvec_i,      // weight vector, entry f = {run, value}
  input  logic [NwW-1:0]            wfirst_i,    // index of entry 0 in the weight block
  input  logic [QPosW-1:0]          wpos_i,      // position of the vector's first slot
  input  logic [NwW-1:0]            nw_i,        // entries in the weight block
  input  logic [GeomW-1:0]          rv_i,
  input  logic [GeomW-1:0]          sv_i,
  input  logic [GeomW-1:0]          rw_i,
  input  logic [GeomW-1:0]          rh_i,
  // output channels of the job, read by the rsk order only; Kg * Rv * Sv <= WFIFO_ENTRIES
  // (microarch 3), so Kg fits a position's QPosW bits and the higher bits are never set
  /* verilator lint_off UNUSEDSIGNAL */
  input  logic [LinW:0]             kg_i,
  /* verilator lint_on UNUSEDSIGNAL */
  input  logic [I*DataW-1:0]        a_value_i,
  input  logic [I-1:0]              a_exist_i,
  input  logic [I*CW-1:0]           a_ax_i,
  input  logic [I*CW-1:0]           a_ay_i,
  input  logic [I*OffW-1:0]         a_aoff_i,
  output logic [QPosW-1:0]          wpos_next_o, // position after the vector's last entry
  output logic [Lanes-1:0]          lane_valid_o,
  output logic [Lanes*BankBits-1:0] lane_bank_o,
  output logic [Lanes*DepthBits-1:0] lane_entry_o
);
  logic [F-1:0]                    w_ok;     // exists and is not a placeholder
  logic signed [CW-1:0]            w_r [F];
  logic signed [CW-1:0]            w_s [F];
  logic signed [OffW-1:0]          w_off [F];

  always_comb begin : p_wcoord
    int f;
    logic [QPosW-1:0] q, pos;
    logic [QPosW-1:0] rs, k, rem, r, s, kg;
    logic [OffW-1:0]  rhw;
    rhw = OffW'(rh_i) * OffW'(rw_i);
    rs  = QPosW'(rv_i * sv_i);
    kg  = QPosW'(kg_i);
    pos = wpos_i;
    for (f = 0; f < F; f++) begin
      q   = pos + QPosW'(wvec_i[f*EntW + DataW +: RunW]);
      if (WeightOrder == 0) begin
        k   = (rs == '0) ? '0 : q / rs;
        rem = q - k * rs;
      end else begin
        rem = (kg == '0) ? '0 : q / kg;     // r*sv + s
        k   = q - rem * kg;
      end
      r   = (sv_i == '0) ? '0 : rem / QPosW'(sv_i);
      s   = rem - r * QPosW'(sv_i);
      w_ok[f] = ((wfirst_i + NwW'(f)) < nw_i) && (wvec_i[f*EntW +: DataW] != '0);
      if ((wfirst_i + NwW'(f)) < nw_i) pos = q + 1'b1;
      w_r[f]   = CW'(r);
      w_s[f]   = CW'(s);
      w_off[f] = OffW'(k) * $signed(rhw) - OffW'(r) * $signed(OffW'(rw_i)) - OffW'(s);
    end
    wpos_next_o = pos;
  end

  always_comb begin : p_acoord
    int f, i;
    logic signed [CW-1:0]   xl, yl;
    /* verilator lint_off UNUSEDSIGNAL */
    logic signed [OffW-1:0] lin;            // only the low LinW bits address the buffer
    /* verilator lint_on UNUSEDSIGNAL */
    logic [31:0]            lin32;
    for (f = 0; f < F; f++) begin
      for (i = 0; i < I; i++) begin
        xl = $signed(a_ax_i[i*CW +: CW]) - w_s[f];
        yl = $signed(a_ay_i[i*CW +: CW]) - w_r[f];
        lin = $signed(a_aoff_i[i*OffW +: OffW]) + w_off[f];
        lin32 = 32'(lin[LinW-1:0]);
        lane_valid_o[`SCNN_LANE_OF(f, i)] = w_ok[f] && a_exist_i[i] && (a_value_i[i*DataW +: DataW] != '0) &&
                          (xl >= 0) && (xl < $signed(CW'(rw_i))) &&
                          (yl >= 0) && (yl < $signed(CW'(rh_i)));
`ifdef SCNN_BUG_BANK
        // deliberately broken variant for the testbench's negative test: bank off by one
        lane_bank_o[`SCNN_LANE_OF(f, i)*BankBits +: BankBits] = BankBits'(`SCNN_BANK_OF(lin32) + 1);
`else
        lane_bank_o[`SCNN_LANE_OF(f, i)*BankBits +: BankBits] = BankBits'(`SCNN_BANK_OF(lin32));
`endif
        lane_entry_o[`SCNN_LANE_OF(f, i)*DepthBits +: DepthBits] = DepthBits'(`SCNN_ENTRY_OF(lin32));
      end
    end
  end
endmodule
