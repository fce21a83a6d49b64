// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// scnn_halo_tx: the halo sender of a PE (docs/microarch.md section 5.2).
//
// At init_i (the cycle before the job's halo exchange starts) it points at the first halo
// cell of the region: region cells outside the own tile, in lin order (k, then y, then x;
// lin = (k*rh + y)*rw + x). Only cycles with en_i advance it (the array freezes the halo path
// while it holds, docs/microarch.md section 5.6). While en_i is high it requests the array's halo network for its head cell (req_o, with the
// cell's output-plane coordinates xo/yo and local channel k) unless the head's accumulator
// bank is read in this cycle for a received word (block_i: one-hot banks, the receive path's
// read; the bank has one read port). On gnt_i the head cell is read from the accumulator
// buffer (acc_re_o/bank/entry) and the walk advances to the next halo cell in the same cycle
// (own cells are skipped without costing cycles: a row's own part, or the whole band of own
// rows when the own tile spans the region's width). The value leaves the cycle after the
// grant on val_o (acc_rdata_i) with the registered coordinates on out_*.
module scnn_halo_tx #(
  parameter int unsigned BankBits  = scnn_pkg::BANK_BITS,
  parameter int unsigned DepthBits = scnn_pkg::BANK_DEPTH_BITS,
  parameter int unsigned AccW      = scnn_pkg::ACC_W,
  parameter int unsigned GeomW     = scnn_pkg::GEOM_W,
  localparam int unsigned Banks    = scnn_pkg::A,
  localparam int unsigned LinW     = scnn_pkg::ACC_ENTRY_BITS
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 init_i,
  input  logic                 en_i,
  // job geometry (that of the exchange from init_i to its end)
  input  logic [LinW:0]        kg_i,
  input  logic [GeomW-1:0]     rx0_i,
  input  logic [GeomW-1:0]     ry0_i,
  input  logic [GeomW-1:0]     rw_i,
  input  logic [GeomW-1:0]     rh_i,
  input  logic [GeomW-1:0]     ox0_i,
  input  logic [GeomW-1:0]     oy0_i,
  input  logic [GeomW-1:0]     own_w_i,
  input  logic [GeomW-1:0]     own_h_i,
  input  logic [Banks-1:0]     block_i,
  // request / grant
  output logic                 req_o,
  output logic [LinW-1:0]      req_k_o,
  output logic [GeomW-1:0]     req_xo_o,
  output logic [GeomW-1:0]     req_yo_o,
  input  logic                 gnt_i,
  // accumulator read
  output logic                 acc_re_o,
  output logic [BankBits-1:0]  acc_bank_o,
  output logic [DepthBits-1:0] acc_entry_o,
  input  logic [AccW-1:0]      acc_rdata_i,
  // the word, the cycle after its grant
  output logic                 out_valid_o,
  output logic [LinW-1:0]      out_k_o,
  output logic [GeomW-1:0]     out_xo_o,
  output logic [GeomW-1:0]     out_yo_o,
  output logic [AccW-1:0]      out_value_o,
  output logic                 busy_o         // words left or a read in flight
);
  localparam int unsigned CntW = LinW + 2 * GeomW + 1;

  logic [LinW:0]    k_q, k_d;
  logic [GeomW-1:0] y_q, y_d, x_q, x_d;
  logic [CntW-1:0]  left_q, left_d;
  logic             out_valid_q;
  logic [LinW-1:0]  out_k_q;
  logic [GeomW-1:0] out_xo_q, out_yo_q;

  // own tile in region coordinates; band = rows of the own tile
  logic             own_any, full;
  logic [GeomW-1:0] oxr0, oxr1, oyr0, oyr1;
  assign own_any = (own_w_i != '0) && (own_h_i != '0);
  assign oxr0    = ox0_i - rx0_i;
  assign oxr1    = oxr0 + own_w_i;
  assign oyr0    = oy0_i - ry0_i;
  assign oyr1    = oyr0 + own_h_i;
  assign full    = own_any && (oxr0 == '0) && (oxr1 == rw_i);

  // Row y lies in the band of the own tile (rows y0 .. y1-1), and the first halo cell of a row
  // (the row has one unless it is a band row of a full-width tile). Macros rather than
  // functions: Verilator 5.006 inlines a function with per-call-site temporaries, which keeps
  // the array's 64 PEs from sharing one C++ function (tb/README.md, "Build time of the array").
`define SCNN_HALO_IN_BAND(any, y, y0, y1) ((any) && ((y) >= (y0)) && ((y) < (y1)))
`define SCNN_HALO_FIRST_X(band, x0, x1) (GeomW'(((band) && ((x0) == '0)) ? (x1) : '0))

  // the row after (k, y) that holds a halo cell: skips a full-width band (at most twice:
  // once in this channel, once at row 0 of the next)
  always_comb begin : p_next
    logic [GeomW-1:0] yn;
    logic [LinW:0]    kn;
    logic [GeomW:0]   xn;
    // next cell in the row
    xn = {1'b0, x_q} + 1'b1;
    if (`SCNN_HALO_IN_BAND(own_any, y_q, oyr0, oyr1) && (xn == {1'b0, oxr0})) xn = {1'b0, oxr1};
    yn = y_q;
    kn = k_q;
    if (xn >= {1'b0, rw_i}) begin
      yn = y_q + 1'b1;
      if (yn == rh_i) begin
        yn = '0;
        kn = k_q + 1'b1;
      end
      if (full && `SCNN_HALO_IN_BAND(own_any, yn, oyr0, oyr1)) begin
        yn = oyr1;
        if (yn == rh_i) begin
          yn = '0;
          kn = kn + 1'b1;
          if (`SCNN_HALO_IN_BAND(own_any, yn, oyr0, oyr1)) yn = oyr1;
        end
      end
      xn = {1'b0, `SCNN_HALO_FIRST_X(`SCNN_HALO_IN_BAND(own_any, yn, oyr0, oyr1), oxr0, oxr1)};
    end
    k_d    = k_q;
    y_d    = y_q;
    x_d    = x_q;
    left_d = left_q;
    if (init_i) begin
      k_d    = '0;
      y_d    = (full && (oyr0 == '0)) ? oyr1 : '0;
      x_d    = `SCNN_HALO_FIRST_X(`SCNN_HALO_IN_BAND(own_any, y_d, oyr0, oyr1), oxr0, oxr1);
      left_d = CntW'(kg_i) * (CntW'(rw_i) * CntW'(rh_i) -
                              (own_any ? CntW'(own_w_i) * CntW'(own_h_i) : '0));
    end else if (req_o && gnt_i) begin
      k_d    = kn;
      y_d    = yn;
      x_d    = xn[GeomW-1:0];
      left_d = left_q - 1'b1;
    end
  end

  logic [31:0] lin;
  assign lin         = (32'(k_q) * 32'(rh_i) + 32'(y_q)) * 32'(rw_i) + 32'(x_q);
  assign acc_bank_o  = BankBits'(`SCNN_BANK_OF(lin));
  assign acc_entry_o = DepthBits'(`SCNN_ENTRY_OF(lin));
`ifdef SCNN_BUG_HALO_BLOCK
  // deliberately broken variant for the negative tests: a received word's read is ignored
  assign req_o       = en_i && (left_q != '0) && (block_i == block_i);
`else
  assign req_o       = en_i && (left_q != '0) && !block_i[acc_bank_o];
`endif
  assign req_k_o     = LinW'(k_q);
  assign req_xo_o    = rx0_i + x_q;
  assign req_yo_o    = ry0_i + y_q;
  assign acc_re_o    = req_o && gnt_i;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      k_q         <= '0;
      y_q         <= '0;
      x_q         <= '0;
      left_q      <= '0;
      out_valid_q <= 1'b0;
      out_k_q     <= '0;
      out_xo_q    <= '0;
      out_yo_q    <= '0;
    end else begin
      k_q         <= k_d;
      y_q         <= y_d;
      x_q         <= x_d;
      left_q      <= left_d;
      if (en_i) out_valid_q <= acc_re_o;
      if (acc_re_o) begin
        out_k_q  <= req_k_o;
        out_xo_q <= req_xo_o;
        out_yo_q <= req_yo_o;
      end
    end
  end

  assign out_valid_o = out_valid_q;
  assign out_k_o     = out_k_q;
  assign out_xo_o    = out_xo_q;
  assign out_yo_o    = out_yo_q;
  assign out_value_o = acc_rdata_i;
  assign busy_o      = (left_q != '0) || out_valid_q;
`undef SCNN_HALO_IN_BAND
`undef SCNN_HALO_FIRST_X

endmodule
