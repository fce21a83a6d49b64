// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// scnn_acc_buf: the double-buffered accumulator: 2 buffers x A banks x BANK_DEPTH entries of
// ACC_W bits, one scnn_sram per bank and buffer, one adder per bank (wrap-around,
// docs/spec.md section 4).
// An update takes two cycles: cycle 1 reads the entry (upd_*_i), cycle 2 adds and writes; a
// read of the entry written in the same cycle takes the new sum from a bypass register, so
// back-to-back additions to one entry are exact. Overflows (the exact sum leaves the signed
// ACC_W range) are counted, several per cycle if several banks overflow.
// The halo receive path has an adder of its own (docs/microarch.md section 5.6): h_valid_i
// reads entry h_entry_i of bank h_bank_i in buffer h_buf_i, the next cycle adds h_value_i and
// writes it back (bypass for back-to-back words to one entry), its overflows counted apart
// (h_overflow_o). It advances only in cycles with h_en_i (the array freezes it while it holds),
// so it runs on one buffer while the bank adders update the other.
module scnn_acc_buf #(
  parameter int unsigned BankBits  = scnn_pkg::BANK_BITS,
  parameter int unsigned DepthBits = scnn_pkg::BANK_DEPTH_BITS,
  parameter int unsigned AccW      = scnn_pkg::ACC_W,
  parameter int unsigned ProdW     = scnn_pkg::PROD_W,
  localparam int unsigned Banks    = scnn_pkg::A,
  localparam int unsigned Depth    = scnn_pkg::BANK_DEPTH,
  localparam int unsigned SumW     = scnn_pkg::ACC_SUM_W
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  input  logic                       cbuf_i,        // buffer the updates go to
  input  logic                       clear_i,       // pulse: zero buffer cbuf_i (Depth cycles)
  output logic                       clear_busy_o,
  input  logic [Banks-1:0]           upd_valid_i,
  input  logic [Banks*DepthBits-1:0] upd_entry_i,
  input  logic [Banks*ProdW-1:0]     upd_value_i,   // signed addend
  output logic                       busy_o,        // an update is still in flight
  input  logic                       ovf_clear_i,
  output logic [31:0]                overflow_o,
  input  logic                       ra_re_i,       // read port A
  input  logic                       ra_buf_i,
  input  logic [BankBits-1:0]        ra_bank_i,
  input  logic [DepthBits-1:0]       ra_entry_i,
  output logic [AccW-1:0]            ra_rdata_o,    // the cycle after ra_re_i
  input  logic                       rb_re_i,       // read port B
  input  logic                       rb_buf_i,
  input  logic [BankBits-1:0]        rb_bank_i,
  input  logic [DepthBits-1:0]       rb_entry_i,
  output logic [AccW-1:0]            rb_rdata_o,    // the cycle after rb_re_i
  // halo receive: read (h_valid_i), then add and write
  input  logic                       h_en_i,
  input  logic                       h_valid_i,
  input  logic                       h_buf_i,
  input  logic [BankBits-1:0]        h_bank_i,
  input  logic [DepthBits-1:0]       h_entry_i,
  input  logic [AccW-1:0]            h_value_i,
  output logic                       h_busy_o,      // a word in the add stage
  input  logic                       h_ovf_clear_i,
  output logic [31:0]                h_overflow_o
);
  logic [DepthBits-1:0] clr_cnt_q;
  logic                 clr_q, clr_buf_q, cbuf_q;
  logic [Banks-1:0]     b_valid_q, byp_q;
  logic [DepthBits-1:0] b_entry_q [Banks];
  logic [ProdW-1:0]     b_value_q [Banks];
  logic [AccW-1:0]      last_q [Banks];
  logic [AccW-1:0]      sum [Banks];
  logic [Banks-1:0]     ovf;
  logic [2*Banks*AccW-1:0] rdata;
  logic                 ra_buf_q, rb_buf_q;
  logic [BankBits-1:0]  ra_bank_q, rb_bank_q;
  // halo receive stage
  logic                 hv_q, hbuf_q, hbyp_q, hovf;
  logic [BankBits-1:0]  hbank_q;
  logic [DepthBits-1:0] hentry_q;
  logic [AccW-1:0]      hval_q, hlast_q, hsum, hrd;
  logic [31:0]          hovf_cnt_q;

  assign clear_busy_o = clr_q;
  assign busy_o       = (b_valid_q != '0);

  for (genvar u = 0; u < 2; u++) begin : g_buf
    for (genvar b = 0; b < Banks; b++) begin : g_bank
      logic upd_here, wr_here, ra_here, rb_here, hr_here, hw_here, clr_here;
      assign upd_here = upd_valid_i[b] && (cbuf_i == 1'(u));
      assign ra_here  = ra_re_i && (ra_buf_i == 1'(u)) && (ra_bank_i == BankBits'(b));
      assign rb_here  = rb_re_i && (rb_buf_i == 1'(u)) && (rb_bank_i == BankBits'(b));
      assign hr_here  = h_en_i && h_valid_i && (h_buf_i == 1'(u)) && (h_bank_i == BankBits'(b));
      assign hw_here  = h_en_i && hv_q && (hbuf_q == 1'(u)) && (hbank_q == BankBits'(b));
      assign clr_here = clr_q && (clr_buf_q == 1'(u));
      assign wr_here  = (b_valid_q[b] && (cbuf_q == 1'(u))) || clr_here || hw_here;
      scnn_sram #(
        .Depth(Depth),
        .Width(AccW)
      ) u_bank (
        .clk_i  (clk_i),
        .re_i   (upd_here || ra_here || rb_here || hr_here),
        .raddr_i(upd_here ? upd_entry_i[b*DepthBits +: DepthBits] :
                 ra_here ? ra_entry_i : rb_here ? rb_entry_i : h_entry_i),
        .rdata_o(rdata[(u*Banks+b)*AccW +: AccW]),
        .we_i   (wr_here),
        .waddr_i(clr_here ? clr_cnt_q : hw_here ? hentry_q : b_entry_q[b]),
        .wdata_i(clr_here ? '0 : hw_here ? hsum : sum[b])
      );
    end
  end

  // read data of the buffer being updated: a 2-way mux per bank (a variable part-select over
  // both buffers took Yosys 66 s CPU and 3.7 GB, the mux 14 s and 0.2 GB)
  logic [Banks*AccW-1:0] rd_cur;
  assign rd_cur = cbuf_q ? rdata[Banks*AccW +: Banks*AccW] : rdata[0 +: Banks*AccW];

  // adders (second cycle of an update)
  always_comb begin : p_sum
    int b;
    logic signed [SumW-1:0] acc, exact;
    for (b = 0; b < Banks; b++) begin
      acc = SumW'($signed(byp_q[b] ? last_q[b] : rd_cur[b*AccW +: AccW]));
      exact  = acc + SumW'($signed(b_value_q[b]));
      sum[b] = exact[AccW-1:0];
      ovf[b] = b_valid_q[b] && (exact != SumW'($signed(exact[AccW-1:0])));
    end
  end

  assign ra_rdata_o = rdata[(32'(ra_buf_q)*Banks+32'(ra_bank_q))*AccW +: AccW];
  assign hrd        = rdata[(32'(hbuf_q)*Banks+32'(hbank_q))*AccW +: AccW];

  // halo adder (second cycle of a received word)
  always_comb begin : p_hsum
    logic signed [AccW:0] exact;
    exact = {hbyp_q ? hlast_q[AccW-1] : hrd[AccW-1], hbyp_q ? hlast_q : hrd} +
            {hval_q[AccW-1], hval_q};
    hsum  = exact[AccW-1:0];
    hovf  = hv_q && (exact[AccW] != exact[AccW-1]);
  end
  assign h_busy_o     = hv_q;
  assign h_overflow_o = hovf_cnt_q;
  assign rb_rdata_o = rdata[(32'(rb_buf_q)*Banks+32'(rb_bank_q))*AccW +: AccW];

  logic [31:0] ovf_cnt_q, ovf_add;
  always_comb begin : p_ovf_add
    int b;
    ovf_add = '0;
    for (b = 0; b < Banks; b++) ovf_add = ovf_add + 32'(ovf[b]);
  end
  assign overflow_o = ovf_cnt_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin : p_regs
    int b;
    if (!rst_ni) begin
      clr_q      <= 1'b0;
      clr_buf_q  <= 1'b0;
      clr_cnt_q  <= '0;
      cbuf_q     <= 1'b0;
      b_valid_q  <= '0;
      byp_q      <= '0;
      ovf_cnt_q  <= '0;
      ra_buf_q   <= 1'b0;
      ra_bank_q  <= '0;
      rb_buf_q   <= 1'b0;
      rb_bank_q  <= '0;
      hv_q       <= 1'b0;
      hbyp_q     <= 1'b0;
      hovf_cnt_q <= '0;
    end else begin
      if (h_en_i) begin
        hv_q   <= h_valid_i;
        // the word read now is the one written now: take the sum being written
        hbyp_q <= hv_q && h_valid_i && (hbuf_q == h_buf_i) && (hbank_q == h_bank_i) &&
                  (hentry_q == h_entry_i);
      end
      if (h_ovf_clear_i) hovf_cnt_q <= '0;
      else if (h_en_i && hovf) hovf_cnt_q <= hovf_cnt_q + 1'b1;
      cbuf_q    <= cbuf_i;
      b_valid_q <= upd_valid_i;
      for (b = 0; b < Banks; b++) begin
`ifdef SCNN_BUG_NO_BYPASS
        // deliberately broken variant for the testbench's negative test: read-after-write lost
        byp_q[b] <= 1'b0 && b_valid_q[b] && upd_valid_i[b] &&
`else
        byp_q[b] <= b_valid_q[b] && upd_valid_i[b] &&
`endif
                    (b_entry_q[b] == upd_entry_i[b*DepthBits +: DepthBits]);
      end
      if (clear_i) begin
        clr_q     <= 1'b1;
        clr_buf_q <= cbuf_i;
        clr_cnt_q <= '0;
      end else if (clr_q) begin
        clr_cnt_q <= clr_cnt_q + 1'b1;
        if (clr_cnt_q == DepthBits'(Depth - 1)) clr_q <= 1'b0;
      end
      ovf_cnt_q <= ovf_clear_i ? '0 : ovf_cnt_q + ovf_add;
      if (ra_re_i) begin
        ra_buf_q  <= ra_buf_i;
        ra_bank_q <= ra_bank_i;
      end
      if (rb_re_i) begin
        rb_buf_q  <= rb_buf_i;
        rb_bank_q <= rb_bank_i;
      end
    end
  end

  always_ff @(posedge clk_i) begin : p_bank_q
    int b;
    for (b = 0; b < Banks; b++) begin
      if (upd_valid_i[b]) begin
        b_entry_q[b] <= upd_entry_i[b*DepthBits +: DepthBits];
        b_value_q[b] <= upd_value_i[b*ProdW +: ProdW];
      end
      if (b_valid_q[b]) last_q[b] <= sum[b];
    end
    if (h_en_i && h_valid_i) begin
      hbuf_q   <= h_buf_i;
      hbank_q  <= h_bank_i;
      hentry_q <= h_entry_i;
      hval_q   <= h_value_i;
    end
    if (h_en_i && hv_q) hlast_q <= hsum;
  end
endmodule
