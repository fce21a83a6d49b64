// SystemVerilog testbench of the whole array (make verify; make verify-sc
// builds the same top with `verilator --sc`). Everything around scnn_array lives in the C
// side tb/dpi/scnn_adpi.c, reached only through DPI-C: once per cycle, at the falling edge,
// scnn_adpi_tick() gets every value the array drives and returns every value its inputs take
// for the next rising edge (job tables, weight streams, observation reads, go/hold handshake).
// The clock comes from the simulation main (tb/tb_array_main.cpp or tb/tb_array_sc.cpp).
//
// Plusargs: +net=NET +layer=LAYER (+net=bundle +layer=DIR) [+seed=N] [+out=FILE.npy]
//           [+report=FILE.json] [+trace_from=JOB] (the main writes waves from that job on)
module tb_array_dpi (
  input bit clk_i
);
  localparam int unsigned P         = scnn_pkg::PE_ROWS * scnn_pkg::PE_COLS;
  localparam int unsigned PW        = (P > 1) ? $clog2(P) : 1;
  localparam int unsigned F         = scnn_pkg::F;
  localparam int unsigned EntW      = scnn_pkg::DATA_W + scnn_pkg::RUN_W;
  localparam int unsigned AccW      = scnn_pkg::ACC_W;
  localparam int unsigned BankBits  = scnn_pkg::BANK_BITS;
  localparam int unsigned DepthBits = scnn_pkg::BANK_DEPTH_BITS;
  localparam int unsigned GeomW     = scnn_pkg::GEOM_W;
  localparam int unsigned VchBits   = scnn_pkg::VCH_BITS;
  localparam int unsigned Iaw       = $clog2(scnn_pkg::IARAM_DEPTH);
  localparam int unsigned NwW       = $clog2(scnn_pkg::WFIFO_DEPTH * F + 1);
  localparam int unsigned DescW     = 2 * Iaw + 1 + 7 * GeomW + NwW;
  localparam int unsigned ShiftW    = $clog2(scnn_pkg::MAX_SHIFT_PROD + 1);
  localparam int unsigned OShiftW   = $clog2(scnn_pkg::MAX_SHIFT_OUT + 1);
  localparam int unsigned LinW      = BankBits + DepthBits;
  localparam int unsigned Oaw       = $clog2(scnn_pkg::OARAM_DEPTH);
  localparam int unsigned OCntW     = $clog2(scnn_pkg::OARAM_DEPTH + 1);

  import "DPI-C" function int scnn_adpi_open(input string net, input string layer, input int seed,
      input string out_npy, input string report_json, input int trace_from, input int desc_w,
      input int wvec_w);
  import "DPI-C" function int scnn_adpi_tick(input int h,
      input bit hold, input bit halo_phase, input int cycles, input int halo_words,
      input bit [P-1:0] w_ready, input bit [P*32-1:0] ccyc, input bit [P*32-1:0] pairs,
      input bit [P*32-1:0] issue, input bit [P*32-1:0] ovf, input bit [P*AccW-1:0] dbg_rdata,
      input bit [P-1:0] blk_valid, input bit [P*LinW-1:0] blk_k, input bit [P*Oaw-1:0] blk_base,
      input bit [P*OCntW-1:0] blk_count, input bit [P*EntW-1:0] oaram_rdata,
      output bit rst_n, output bit layer_start, output bit go, output bit go_job,
      output bit go_drain, output int prod_shift, output int out_shift, output bit relu,
      output int wto, output int hto, output bit cfg_we, output int cfg_pe, output int cfg_nvch,
      output int cfg_kg, output int cfg_rx0, output int cfg_ry0, output int cfg_rw,
      output int cfg_rh, output int cfg_ox0, output int cfg_oy0, output int cfg_own_w,
      output int cfg_own_h, output bit [P-1:0] ld_iaram_we, output bit [P*Iaw-1:0] ld_iaram_waddr,
      output bit [P*EntW-1:0] ld_iaram_wdata, output bit [P-1:0] ld_desc_we,
      output bit [P*VchBits-1:0] ld_desc_waddr, output bit [P*DescW-1:0] ld_desc_wdata,
      output bit [P-1:0] w_valid, output bit [P*F*EntW-1:0] w_data, output bit dbg_re,
      output bit dbg_buf, output int dbg_bank, output int dbg_entry, output bit [P-1:0] oaram_re,
      output bit [P*Oaw-1:0] oaram_raddr);

  // array inputs (driven from the C side) and outputs
  bit                 rst_n, layer_start, go, go_job, go_drain, relu, cfg_we, dbg_re, dbg_buf;
  int                 prod_shift, out_shift, wto, hto, cfg_pe, cfg_nvch, cfg_kg;
  int                 cfg_rx0, cfg_ry0, cfg_rw, cfg_rh, cfg_ox0, cfg_oy0, cfg_own_w, cfg_own_h;
  int                 dbg_bank, dbg_entry;
  bit [P-1:0]         ld_iaram_we, ld_desc_we, w_valid, oaram_re;
  bit [P*Iaw-1:0]     ld_iaram_waddr;
  bit [P*EntW-1:0]    ld_iaram_wdata;
  bit [P*VchBits-1:0] ld_desc_waddr;
  bit [P*DescW-1:0]   ld_desc_wdata;
  bit [P*F*EntW-1:0]  w_data;
  bit [P*Oaw-1:0]     oaram_raddr;

  logic               hold, halo_phase, job_buf;
  logic [31:0]        cycles, halo_words;
  logic [P-1:0]       w_ready, blk_valid;
  logic [P*32-1:0]    ccyc, pairs, issue, ovf;
  logic [P*AccW-1:0]  dbg_rdata;
  logic [P*LinW-1:0]  blk_k;
  logic [P*Oaw-1:0]   blk_base;
  logic [P*OCntW-1:0] blk_count;
  logic [P*EntW-1:0]  oaram_rdata;

  scnn_array dut (
    .clk_i           (clk_i),
    .rst_ni          (rst_n),
    .layer_start_i   (layer_start),
    .go_i            (go),
    .go_job_i        (go_job),
    .go_drain_i      (go_drain),
    .hold_o          (hold),
    .halo_phase_o    (halo_phase),
    .cycles_o        (cycles),
    .halo_words_o    (halo_words),
    .job_buf_o       (job_buf),
    .prod_shift_i    (ShiftW'(prod_shift)),
    .out_shift_i     (OShiftW'(out_shift)),
    .relu_i          (relu),
    .wto_i           (GeomW'(wto)),
    .hto_i           (GeomW'(hto)),
    .cfg_we_i        (cfg_we),
    .cfg_pe_i        (PW'(cfg_pe)),
    .cfg_nvch_i      ((VchBits + 1)'(cfg_nvch)),
    .cfg_kg_i        ((LinW + 1)'(cfg_kg)),
    .cfg_rx0_i       (GeomW'(cfg_rx0)),
    .cfg_ry0_i       (GeomW'(cfg_ry0)),
    .cfg_rw_i        (GeomW'(cfg_rw)),
    .cfg_rh_i        (GeomW'(cfg_rh)),
    .cfg_ox0_i       (GeomW'(cfg_ox0)),
    .cfg_oy0_i       (GeomW'(cfg_oy0)),
    .cfg_own_w_i     (GeomW'(cfg_own_w)),
    .cfg_own_h_i     (GeomW'(cfg_own_h)),
    .ld_iaram_we_i   (ld_iaram_we),
    .ld_iaram_waddr_i(ld_iaram_waddr),
    .ld_iaram_wdata_i(ld_iaram_wdata),
    .ld_desc_we_i    (ld_desc_we),
    .ld_desc_waddr_i (ld_desc_waddr),
    .ld_desc_wdata_i (ld_desc_wdata),
    .w_valid_i       (w_valid),
    .w_ready_o       (w_ready),
    .w_data_i        (w_data),
    .compute_cycles_o(ccyc),
    .pairs_o         (pairs),
    .issue_cycles_o  (issue),
    .overflow_o      (ovf),
    .dbg_re_i        (dbg_re),
    .dbg_buf_i       (dbg_buf),
    .dbg_bank_i      (BankBits'(dbg_bank)),
    .dbg_entry_i     (DepthBits'(dbg_entry)),
    .dbg_rdata_o     (dbg_rdata),
    .blk_valid_o     (blk_valid),
    .blk_k_o         (blk_k),
    .blk_base_o      (blk_base),
    .blk_count_o     (blk_count),
    .oaram_re_i      (oaram_re),
    .oaram_raddr_i   (oaram_raddr),
    .oaram_rdata_o   (oaram_rdata)
  );

  int h = -1;
  bit running = 1'b0;

  initial begin
    string net, layer, out, report;
    int seed, trace_from;
    if (!$value$plusargs("net=%s", net)) net = "alexnet";
    if (!$value$plusargs("layer=%s", layer)) layer = "conv3";
    if (!$value$plusargs("seed=%d", seed)) seed = 1;
    if (!$value$plusargs("out=%s", out)) out = "";
    if (!$value$plusargs("report=%s", report)) report = "";
    if (!$value$plusargs("trace_from=%d", trace_from)) trace_from = -1;
    h = scnn_adpi_open(net, layer, seed, out, report, trace_from, DescW, F * EntW);
    if (h < 0) $finish;        // (the mains return the DPI side's exit status: 2)
    else running = 1'b1;
  end

  always @(negedge clk_i) begin
    if (running) begin
      if (scnn_adpi_tick(h, hold, halo_phase, cycles, halo_words, w_ready, ccyc, pairs, issue, ovf,
                         dbg_rdata, blk_valid, blk_k, blk_base, blk_count, oaram_rdata, rst_n,
                         layer_start, go, go_job, go_drain, prod_shift, out_shift, relu, wto, hto,
                         cfg_we, cfg_pe, cfg_nvch, cfg_kg, cfg_rx0, cfg_ry0, cfg_rw, cfg_rh,
                         cfg_ox0, cfg_oy0, cfg_own_w, cfg_own_h, ld_iaram_we, ld_iaram_waddr,
                         ld_iaram_wdata, ld_desc_we, ld_desc_waddr, ld_desc_wdata, w_valid, w_data,
                         dbg_re, dbg_buf, dbg_bank, dbg_entry, oaram_re, oaram_raddr) != 0) begin
        running = 1'b0;
        $finish;
      end
    end
  end

  /* verilator lint_off UNUSEDSIGNAL */
  logic unused_job_buf;
  /* verilator lint_on UNUSEDSIGNAL */
  assign unused_job_buf = job_buf;
endmodule
