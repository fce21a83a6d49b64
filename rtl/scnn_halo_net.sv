// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// scnn_halo_net: the halo network of the PE array (docs/microarch.md section 5.2).
//
// Every PE's halo sender requests with the output-plane coordinates (xo, yo) of its head cell;
// the network finds the owner PE of that cell (column = the number of column borders
// px*wto_i, px = 1 .. Cols-1, at or left of xo; likewise the row with hto_i) and every owner
// grants the lowest-numbered PE (py*Cols + px) among those requesting it, in the same cycle.
// The grant is registered per receiver; in the next cycle the receiver gets the sender's word
// (the sender's accumulator read data) with the registered coordinates. Only cycles with
// en_i advance it: while the array holds, a word in flight stays in flight.
module scnn_halo_net #(
  parameter int unsigned Rows      = scnn_pkg::PE_ROWS,
  parameter int unsigned Cols      = scnn_pkg::PE_COLS,
  parameter int unsigned GeomW     = scnn_pkg::GEOM_W,
  parameter int unsigned LinW      = scnn_pkg::BANK_BITS + scnn_pkg::BANK_DEPTH_BITS,
  parameter int unsigned AccW      = scnn_pkg::ACC_W,
  localparam int unsigned P        = Rows * Cols,
  localparam int unsigned PW       = (P > 1) ? $clog2(P) : 1
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 en_i,
  input  logic [GeomW-1:0]     wto_i,          // output tile width and height (ownership)
  input  logic [GeomW-1:0]     hto_i,
  // senders
  input  logic [P-1:0]         req_i,
  input  logic [P*LinW-1:0]    req_k_i,
  input  logic [P*GeomW-1:0]   req_xo_i,
  input  logic [P*GeomW-1:0]   req_yo_i,
  output logic [P-1:0]         gnt_o,
  input  logic [P*AccW-1:0]    value_i,        // the sender's word, the cycle after its grant
  // receivers
  output logic [P-1:0]         rx_valid_o,
  output logic [P*LinW-1:0]    rx_k_o,
  output logic [P*GeomW-1:0]   rx_xo_o,
  output logic [P*GeomW-1:0]   rx_yo_o,
  output logic [P*AccW-1:0]    rx_value_o,
  output logic [31:0]          words_o         // grants since reset (statistics)
);
  logic [PW-1:0] dst [P];
  logic [P-1:0]  sel_valid;
  logic [PW-1:0] sel_src [P];

  // owner of each sender's head cell
  always_comb begin : p_route
    int s, i;
    for (s = 0; s < P; s++) begin : l_src
      logic [GeomW:0] bx, by;
      int unsigned    col, row;
      col = 0;
      row = 0;
      bx  = '0;
      by  = '0;
      for (i = 1; i < Cols; i++) begin
        bx = bx + {1'b0, wto_i};
        if ({1'b0, req_xo_i[s*GeomW +: GeomW]} >= bx) col = i;
      end
      for (i = 1; i < Rows; i++) begin
        by = by + {1'b0, hto_i};
        if ({1'b0, req_yo_i[s*GeomW +: GeomW]} >= by) row = i;
      end
      dst[s] = PW'(row * Cols + col);
    end
  end

  // every receiver takes the lowest-numbered requester (the last assignment wins)
  always_comb begin : p_arb
    int d, s;
    sel_valid = '0;
    for (d = 0; d < P; d++) sel_src[d] = '0;
`ifdef SCNN_BUG_HALO_PRIO
    // deliberately broken variant for the negative tests: the highest-numbered sender wins
    for (s = 0; s < P; s++) begin
`else
    for (s = P - 1; s >= 0; s--) begin
`endif
      if (req_i[s]) begin
        sel_valid[dst[s]] = 1'b1;
        sel_src[dst[s]]   = PW'(s);
      end
    end
    for (s = 0; s < P; s++) gnt_o[s] = req_i[s] && (sel_src[dst[s]] == PW'(s));
  end

  logic [P-1:0]  v_q;
  logic [PW-1:0] src_q [P];
  logic [31:0]   words_q, ngnt;
  always_comb begin : p_ngnt
    int s;
    ngnt = '0;
    for (s = 0; s < P; s++) ngnt = ngnt + 32'(gnt_o[s]);
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      v_q     <= '0;
      words_q <= '0;
    end else if (en_i) begin
      v_q     <= sel_valid;
      words_q <= words_q + ngnt;
    end
  end

  always_ff @(posedge clk_i) begin : p_src_q
    int d;
    for (d = 0; d < P; d++) begin
      if (en_i && sel_valid[d]) begin
        src_q[d]                   <= sel_src[d];
        rx_k_o[d*LinW +: LinW]     <= req_k_i[32'(sel_src[d])*LinW +: LinW];
        rx_xo_o[d*GeomW +: GeomW]  <= req_xo_i[32'(sel_src[d])*GeomW +: GeomW];
        rx_yo_o[d*GeomW +: GeomW]  <= req_yo_i[32'(sel_src[d])*GeomW +: GeomW];
      end
    end
  end

  always_comb begin : p_rx_value
    int d;
    for (d = 0; d < P; d++) rx_value_o[d*AccW +: AccW] = value_i[32'(src_q[d])*AccW +: AccW];
  end
  assign rx_valid_o = v_q;
  assign words_o    = words_q;
endmodule
