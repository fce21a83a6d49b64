// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// scnn_bank_queue: the product queues in front of the A bank adders (docs/microarch.md 4.3),
// in the stage after the issue cycle. Bank b holds occ_i[b] products (the occupancy the issue
// stage had when it accepted this cycle's products, registered: the same count) and receives
// the products it accepted on ports 0 .. a-1 (scnn_xbar_data). In queue order, oldest first,
// the list is: the queue's products, then ports 0 .. a-1. Its head goes to the adder this
// cycle (out_*: straight from port 0 when the queue is empty, the bypass), the rest is the
// queue of the next cycle. QDepth = 0: no storage, port 0 goes to the adder.
module scnn_bank_queue #(
  parameter int unsigned BankBits  = scnn_pkg::BANK_BITS,
  parameter int unsigned DepthBits = scnn_pkg::BANK_DEPTH_BITS,
  parameter int unsigned ProdW     = scnn_pkg::PROD_W,
  parameter int unsigned QDepth    = scnn_pkg::XBAR_QDEPTH,
  localparam int unsigned Banks    = 1 << BankBits,
  localparam int unsigned Ports    = QDepth + 1,
  localparam int unsigned OccW     = scnn_pkg::XBAR_OCC_W
) (
  input  logic                             clk_i,
  input  logic [Banks*OccW-1:0]            occ_i,        // bank b: bits [b*OccW +: OccW]
  input  logic [Banks*Ports-1:0]           port_valid_i, // (bank b, port k): b*Ports + k
  input  logic [Banks*Ports*DepthBits-1:0] port_entry_i,
  input  logic [Banks*Ports*ProdW-1:0]     port_prod_i,
  output logic [Banks-1:0]                 out_valid_o,  // bank b's adder takes a product
  output logic [Banks*DepthBits-1:0]       out_entry_o,
  output logic [Banks*ProdW-1:0]           out_prod_o
);
  if (QDepth == 0) begin : g_noclk
    /* verilator lint_off UNUSEDSIGNAL */
    logic unused_clk;
    assign unused_clk = clk_i;  // no storage without a queue
    /* verilator lint_on UNUSEDSIGNAL */
  end
  for (genvar b = 0; b < Banks; b++) begin : g_bank
    if (QDepth == 0) begin : g_none
      assign out_valid_o[b]                         = port_valid_i[b];
      assign out_entry_o[b*DepthBits +: DepthBits] = port_entry_i[b*DepthBits +: DepthBits];
      assign out_prod_o[b*ProdW +: ProdW]           = port_prod_i[b*ProdW +: ProdW];
      /* verilator lint_off UNUSEDSIGNAL */
      logic unused_occ;
      assign unused_occ = occ_i[b];
      /* verilator lint_on UNUSEDSIGNAL */
    end else begin : g_fifo
      // slot 0 is the head; data only: which slots hold products is occ_i. Slot i of a queue
      // is bits [i*W +: W] of q_*_q (packed vectors: Yosys 0.23 copies no unpacked arrays).
      logic [QDepth*DepthBits-1:0] q_entry_q, q_entry_d;
      logic [QDepth*ProdW-1:0]     q_prod_q, q_prod_d;
      logic [OccW-1:0]             occ;
      assign occ = occ_i[b*OccW +: OccW];

      // element j of the list (j <= QDepth) is queue slot j if j < occ, else port j - occ.
      // Slot i of the next queue is element i + 1: one candidate per occupancy c (every index
      // constant), selected by occ; an occupancy above QDepth (never reached) holds the slot.
      // Generate loops rather than a procedural loop: Verilator elaborates them once per
      // module, it unrolls a procedural loop again in each of the array's 64 PEs.
      assign out_valid_o[b] = (occ != '0) || port_valid_i[b*Ports];
      assign out_entry_o[b*DepthBits +: DepthBits] =
          (occ != '0) ? q_entry_q[0 +: DepthBits] : port_entry_i[b*Ports*DepthBits +: DepthBits];
      assign out_prod_o[b*ProdW +: ProdW] =
          (occ != '0) ? q_prod_q[0 +: ProdW] : port_prod_i[b*Ports*ProdW +: ProdW];
      for (genvar i = 0; i < QDepth; i++) begin : g_slot
        logic [(QDepth+1)*DepthBits-1:0] cand_entry;  // occupancy c: bits [c*DepthBits +: DepthBits]
        logic [(QDepth+1)*ProdW-1:0]     cand_prod;
        for (genvar c = 0; c <= QDepth; c++) begin : g_occ
          if (i + 1 < c) begin : g_keep
            assign cand_entry[c*DepthBits +: DepthBits] = q_entry_q[(i + 1)*DepthBits +: DepthBits];
            assign cand_prod[c*ProdW +: ProdW]           = q_prod_q[(i + 1)*ProdW +: ProdW];
          end else begin : g_port
            assign cand_entry[c*DepthBits +: DepthBits] =
                port_entry_i[(b*Ports + i + 1 - c)*DepthBits +: DepthBits];
            assign cand_prod[c*ProdW +: ProdW] = port_prod_i[(b*Ports + i + 1 - c)*ProdW +: ProdW];
          end
        end
        assign q_entry_d[i*DepthBits +: DepthBits] = (32'(occ) <= QDepth) ?
            cand_entry[32'(occ)*DepthBits +: DepthBits] : q_entry_q[i*DepthBits +: DepthBits];
        assign q_prod_d[i*ProdW +: ProdW] = (32'(occ) <= QDepth) ?
            cand_prod[32'(occ)*ProdW +: ProdW] : q_prod_q[i*ProdW +: ProdW];
      end

      always_ff @(posedge clk_i) begin : p_slots
        q_entry_q <= q_entry_d;
        q_prod_q  <= q_prod_d;
      end
    end
  end
endmodule
