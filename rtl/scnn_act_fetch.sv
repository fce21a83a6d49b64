// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// scnn_act_fetch: walks the job's virtual channels (descriptor table) and their activation
// vectors in work order (docs/microarch.md 4.1), reads each vector of I entries from the IARAM
// in one cycle, decodes the entries' positions (running offsets over the zero runs) into
// region-relative coordinates, and queues the decoded vectors for the issue stage.
//
// The IARAM is I-way interleaved (entry e in bank e % I, row e / I, one scnn_sram per bank), so
// any I consecutive entries are read in one cycle whatever the block's base address.
// The fetcher runs ahead of the issue stage and produces one vector per cycle, so the issue
// stage, which consumes at most one vector per cycle, never waits for it once started.
//
// Descriptor (one per processed virtual channel, packed LSB first; see rtl/README.md):
//   act_base[Iaw] nact[Iaw+1] x0[GeomW] y0[GeomW] w[GeomW] rv[GeomW] sv[GeomW]
//   pad_y[GeomW] pad_x[GeomW] (pads signed) nw[NwW]
module scnn_act_fetch #(
  parameter int unsigned I          = scnn_pkg::I,
  parameter int unsigned DataW      = scnn_pkg::DATA_W,
  parameter int unsigned RunW       = scnn_pkg::RUN_W,
  parameter int unsigned IaramDepth = scnn_pkg::IARAM_DEPTH,
  parameter int unsigned GeomW      = scnn_pkg::GEOM_W,
  parameter int unsigned VchBits    = scnn_pkg::VCH_BITS,
  localparam int unsigned Iaw       = scnn_pkg::IARAM_AW,
  localparam int unsigned NwW       = scnn_pkg::WFIFO_CNT_W,
  localparam int unsigned DescW     = scnn_pkg::DESC_W,
  localparam int unsigned EntW      = scnn_pkg::ENT_W,
  localparam int unsigned CW        = scnn_pkg::COORD_W,  // signed coordinate
  localparam int unsigned OffW      = scnn_pkg::OFF_W,    // signed linear offset
  localparam int unsigned PosW      = scnn_pkg::POS_W     // activation position
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  // configuration writes (while idle)
  input  logic                 desc_we_i,
  input  logic [VchBits-1:0]   desc_waddr_i,
  input  logic [DescW-1:0]     desc_wdata_i,
  input  logic                 iaram_we_i,
  input  logic [Iaw-1:0]       iaram_waddr_i,
  input  logic [EntW-1:0]      iaram_wdata_i,     // {run, value}
  // job
  input  logic                 start_i,           // pulse: begin walking the table
  input  logic [VchBits:0]     nvch_i,            // descriptors in the table
  input  logic [GeomW-1:0]     rx0_i,
  input  logic [GeomW-1:0]     ry0_i,
  input  logic [GeomW-1:0]     rw_i,
  output logic                 done_o,            // every vector fetched and popped
  // queue head (one decoded activation vector)
  output logic                 q_valid_o,
  input  logic                 q_pop_i,
  output logic [I*DataW-1:0]   q_value_o,
  output logic [I-1:0]         q_exist_o,         // entry present (past the block end: 0)
  output logic [I*CW-1:0]      q_ax_o,            // x - s offset base: x + pad_x - rx0
  output logic [I*CW-1:0]      q_ay_o,            // y + pad_y - ry0
  output logic [I*OffW-1:0]    q_aoff_o,          // ay * rw + ax
  output logic [GeomW-1:0]     q_rv_o,
  output logic [GeomW-1:0]     q_sv_o,
  output logic [NwW-1:0]       q_nw_o,
  output logic                 q_first_o,         // first vector of its channel
  output logic                 q_last_o           // last vector of its channel
);
  localparam int unsigned QDepth = 4;
  localparam int unsigned QAw    = $clog2(QDepth);
  localparam int unsigned Rows   = IaramDepth / I;
  localparam int unsigned Raw    = $clog2(Rows);
  localparam int unsigned Lw     = (I > 1) ? $clog2(I) : 1;
  localparam logic [Iaw-1:0] IA  = Iaw'(I);

  // ---- descriptor fields ----------------------------------------------------------------------
  localparam int unsigned OBase = 0;
  localparam int unsigned ONact = OBase + Iaw;
  localparam int unsigned OX0   = ONact + Iaw + 1;
  localparam int unsigned OY0   = OX0 + GeomW;
  localparam int unsigned OW    = OY0 + GeomW;
  localparam int unsigned ORv   = OW + GeomW;
  localparam int unsigned OSv   = ORv + GeomW;
  localparam int unsigned OPy   = OSv + GeomW;
  localparam int unsigned OPx   = OPy + GeomW;
  localparam int unsigned ONw   = OPx + GeomW;

  // ---- walker ----------------------------------------------------------------------------------
  typedef enum logic [1:0] {FsIdle, FsLoad, FsFetch, FsDone} fstate_e;
  fstate_e          fst_d, fst_q;
  logic [VchBits:0] fch_d, fch_q;           // channel being fetched
  logic [Iaw:0]     eo_d, eo_q;             // entry offset of the next vector in the channel
  logic [DescW-1:0] cur_d, cur_q;           // descriptor of channel fch_q
  logic [DescW-1:0] desc_rdata;
  /* verilator lint_off UNUSEDSIGNAL */
  logic [VchBits:0] desc_raddr_full;         // the top bit only when the table is full
  /* verilator lint_on UNUSEDSIGNAL */
  logic             fetch;                  // read one vector this cycle
  logic             infl_q;                 // a read is in flight (decoded next cycle)
  logic [QAw:0]     qcnt_q;
  logic             chan_last;

  logic [Iaw:0] nact_cur;
  assign nact_cur  = cur_q[ONact +: Iaw + 1];
  assign chan_last = (eo_q + (Iaw + 1)'(I)) >= nact_cur;
  assign fetch     = (fst_q == FsFetch) && ((qcnt_q + {{QAw{1'b0}}, infl_q}) < (QAw + 1)'(QDepth));

  always_comb begin
    fst_d = fst_q;
    fch_d = fch_q;
    eo_d  = eo_q;
    cur_d = cur_q;
    unique case (fst_q)
      FsIdle: if (start_i) begin
        fst_d = FsLoad;
        fch_d = '0;
        eo_d  = '0;
      end
      FsLoad: begin
        cur_d = desc_rdata;
        fst_d = (nvch_i == '0) ? FsDone : FsFetch;
      end
      FsFetch: if (fetch) begin
        if (chan_last) begin
          fch_d = fch_q + 1'b1;
          eo_d  = '0;
          cur_d = desc_rdata;                 // descriptor fch_q + 1, read ahead
          if (fch_q + 1'b1 == nvch_i) fst_d = FsDone;
        end else begin
          eo_d = eo_q + (Iaw + 1)'(I);
        end
      end
      FsDone: if (start_i) begin
        fst_d = FsLoad;
        fch_d = '0;
        eo_d  = '0;
      end
      default: fst_d = FsIdle;
    endcase
  end

  // read address: the descriptor after the one the walker will hold next cycle
  assign desc_raddr_full = (fst_d == FsLoad) ? '0 : fch_d + 1'b1;

  scnn_sram #(
    .Depth(1 << VchBits),
    .Width(DescW)
  ) u_desc (
    .clk_i  (clk_i),
    .re_i   (1'b1),
    .raddr_i(desc_raddr_full[VchBits-1:0]),
    .rdata_o(desc_rdata),
    .we_i   (desc_we_i),
    .waddr_i(desc_waddr_i),
    .wdata_i(desc_wdata_i)
  );

  // ---- interleaved IARAM -----------------------------------------------------------------------
  logic [Iaw-1:0]    vaddr;                   // address of the vector's entry 0
  logic [Lw-1:0]     rot_q;                   // vaddr % I of the read in flight
  logic [I*EntW-1:0] bank_rdata;
  assign vaddr = cur_q[OBase +: Iaw] + eo_q[Iaw-1:0];

  for (genvar b = 0; b < I; b++) begin : g_iaram
    logic [Iaw-1:0] ea;                       // entry address read from this bank
    logic [Lw-1:0]  i_of_b;
    assign i_of_b = Lw'(b) - Lw'(vaddr % IA);
    assign ea     = vaddr + Iaw'(i_of_b);
    scnn_sram #(
      .Depth(Rows),
      .Width(EntW)
    ) u_bank (
      .clk_i  (clk_i),
      .re_i   (fetch),
      .raddr_i(Raw'(ea / IA)),
      .rdata_o(bank_rdata[b*EntW +: EntW]),
      .we_i   (iaram_we_i && (iaram_waddr_i % IA == Iaw'(b))),
      .waddr_i(Raw'(iaram_waddr_i / IA)),
      .wdata_i(iaram_wdata_i)
    );
  end

  // ---- decode (the cycle after the read) --------------------------------------------------------
  /* verilator lint_off UNUSEDSIGNAL */
  logic [DescW-1:0] dd_q;                     // descriptor of the vector in flight
  /* verilator lint_on UNUSEDSIGNAL */
  logic [Iaw:0]     deo_q;                    // its entry offset
  logic             dfirst_q, dlast_q;
  logic [PosW-1:0]  pbase_d, pbase_q;         // position of the next entry of the channel

  logic [I*DataW-1:0] d_value;
  logic [I-1:0]       d_exist;
  logic [I*CW-1:0]    d_ax, d_ay;
  logic [I*OffW-1:0]  d_aoff;

  always_comb begin : p_lanes
    int i;
    logic [PosW-1:0] pos, run_sum;
    logic [EntW-1:0] ent;
    logic [GeomW-1:0] w;
    logic signed [CW-1:0] x, y, ax, ay;
    logic signed [OffW-1:0] aoff;
    w       = dd_q[OW +: GeomW];
    run_sum = dfirst_q ? '0 : pbase_q;
    for (i = 0; i < I; i++) begin
      ent = bank_rdata[((i + 32'(rot_q)) % I) * EntW +: EntW];
      d_exist[i] = (deo_q + (Iaw + 1)'(i)) < dd_q[ONact +: Iaw + 1];
      pos = run_sum + PosW'(ent[DataW +: RunW]);
`ifdef SCNN_BUG_PLACEHOLDER
      // deliberately broken variant for the testbench's negative test: placeholders dropped
      if (d_exist[i] && (ent[DataW-1:0] != '0)) run_sum = pos + 1'b1;
`else
      if (d_exist[i]) run_sum = pos + 1'b1;
`endif
      x  = $signed(CW'(dd_q[OX0 +: GeomW])) + $signed(CW'(pos % PosW'(w)));
      y  = $signed(CW'(dd_q[OY0 +: GeomW])) + $signed(CW'(pos / PosW'(w)));
      ax = x + CW'($signed(dd_q[OPx +: GeomW])) - $signed(CW'(rx0_i));
      ay = y + CW'($signed(dd_q[OPy +: GeomW])) - $signed(CW'(ry0_i));
      aoff = OffW'(ay) * $signed(OffW'(rw_i)) + OffW'(ax);
      d_value[i*DataW +: DataW] = ent[DataW-1:0];
      d_ax[i*CW +: CW]          = ax;
      d_ay[i*CW +: CW]          = ay;
      d_aoff[i*OffW +: OffW]    = aoff;
    end
    pbase_d = infl_q ? run_sum : pbase_q;
  end

  // ---- queue -----------------------------------------------------------------------------------
  localparam int unsigned QW = I * (DataW + 1 + 2 * CW + OffW) + 2 * GeomW + NwW + 2;
  logic [QW-1:0]  qmem_q [QDepth];
  logic [QAw-1:0] qrd_q, qwr_q;
  logic [QW-1:0]  qin, qhead;
  assign qin = {d_value, d_exist, d_ax, d_ay, d_aoff, dd_q[ORv +: GeomW], dd_q[OSv +: GeomW],
                dd_q[ONw +: NwW], dfirst_q, dlast_q};
  assign qhead = qmem_q[qrd_q];
  assign {q_value_o, q_exist_o, q_ax_o, q_ay_o, q_aoff_o, q_rv_o, q_sv_o, q_nw_o, q_first_o,
          q_last_o} = qhead;
  assign q_valid_o = (qcnt_q != '0);
  assign done_o    = (fst_q == FsDone) && !infl_q && (qcnt_q == '0);

  logic pop;
  assign pop = q_pop_i && q_valid_o;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      fst_q    <= FsIdle;
      fch_q    <= '0;
      eo_q     <= '0;
      cur_q    <= '0;
      infl_q   <= 1'b0;
      dd_q     <= '0;
      deo_q    <= '0;
      dfirst_q <= 1'b0;
      dlast_q  <= 1'b0;
      rot_q    <= '0;
      pbase_q  <= '0;
      qcnt_q   <= '0;
      qrd_q    <= '0;
      qwr_q    <= '0;
    end else begin
      fst_q   <= fst_d;
      fch_q   <= fch_d;
      eo_q    <= eo_d;
      cur_q   <= cur_d;
      infl_q  <= fetch;
      pbase_q <= pbase_d;
      if (fetch) begin
        dd_q     <= cur_q;
        deo_q    <= eo_q;
        dfirst_q <= (eo_q == '0);
        dlast_q  <= chan_last;
        rot_q    <= Lw'(vaddr % IA);
      end
      if (start_i) begin
        qcnt_q <= '0;
        qrd_q  <= '0;
        qwr_q  <= '0;
      end else begin
        if (infl_q) qwr_q <= (qwr_q == QAw'(QDepth - 1)) ? '0 : qwr_q + 1'b1;
        if (pop) qrd_q <= (qrd_q == QAw'(QDepth - 1)) ? '0 : qrd_q + 1'b1;
        qcnt_q <= qcnt_q + {{QAw{1'b0}}, infl_q} - {{QAw{1'b0}}, pop};
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (infl_q) qmem_q[qwr_q] <= qin;
  end
endmodule
