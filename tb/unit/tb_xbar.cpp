// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// Unit test of scnn_xbar (the scatter network's arbiter) against the rule of
// docs/microarch.md 4.3, re-derived here from the text: in every cycle of a pair, bank b accepts
// the min(left, XBAR_QDEPTH + 1 - occupancy) lowest-numbered lanes still left to it (ranked
// 0, 1, ... in lane order), stalls if lanes to it are still left, and its queue pops one product
// if it holds one after the accept; the pair leaves when nothing is left. Between pairs the
// bench inserts idle cycles (no issue: the queues only pop). The bench keeps the occupancies
// itself and feeds them to the combinational DUT, whose occ_next_o must agree.
#include <vector>

#include "Vscnn_xbar.h"
#include "scnn_params.h"
#include "tb_common.h"
#include "verilated.h"

static const int Q = SCNN_XBAR_QDEPTH;
static const int OCC_W = SCNN_XBAR_OCC_W;

static uint64_t get_bits(const uint32_t *w, int lo, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; ++i) v |= (uint64_t)((w[(lo + i) / 32] >> ((lo + i) % 32)) & 1u) << i;
  return v;
}
static void put_bits(uint32_t *w, int lo, int n, uint64_t v) {
  for (int i = 0; i < n; ++i) {
    uint32_t bit = (uint32_t)(v >> i) & 1u;
    w[(lo + i) / 32] = (w[(lo + i) / 32] & ~(1u << ((lo + i) % 32))) | (bit << ((lo + i) % 32));
  }
}

struct Bench {
  Vscnn_xbar dut;
  int occ[SCNN_A] = {};
  long errors = 0, cycles = 0, stalls = 0, peak = 0;

  void report(const char *what, int p, int j, int b, long exp, long got) {
    if (errors++ < 5)
      printf("xbar mismatch: pair %d cycle %d bank %d: %s expected %ld, got %ld\n", p, j, b, what,
             exp, got);
  }
  // One cycle with pending lanes `left` (per bank, in lane order); returns the lanes accepted.
  uint32_t cycle(int p, int j, std::vector<int> left[SCNN_A], uint32_t pending) {
    dut.pending_i = pending;
    for (int b = 0; b < SCNN_A; ++b) put_bits((uint32_t *)&dut.occ_i, b * OCC_W, OCC_W, occ[b]);
    dut.eval();
    uint32_t exp_acc = 0;
    uint32_t exp_rank[SCNN_MULTS] = {};
    for (int b = 0; b < SCNN_A; ++b) {
      int a = (int)left[b].size();
      if (a > Q + 1 - occ[b]) a = Q + 1 - occ[b];
      for (int r = 0; r < a; ++r) exp_acc |= 1u << left[b][r], exp_rank[left[b][r]] = (uint32_t)r;
      left[b].erase(left[b].begin(), left[b].begin() + a);
      const bool exp_stall = !left[b].empty();
      const bool got_stall = (get_bits((const uint32_t *)&dut.stall_o, b, 1) != 0);
      if (exp_stall != got_stall) report("stall", p, j, b, exp_stall, got_stall);
      stalls += exp_stall;
      int n = occ[b] + a;
      occ[b] = n > 0 ? n - 1 : 0;
      peak = occ[b] > peak ? occ[b] : peak;
      const long got_occ = (long)get_bits((const uint32_t *)&dut.occ_next_o, b * OCC_W, OCC_W);
      if (got_occ != occ[b]) report("next occupancy", p, j, b, occ[b], got_occ);
    }
    const uint32_t got_acc = (uint32_t)dut.accept_o;
    if (got_acc != exp_acc) report("accepted lanes (mask)", p, j, -1, exp_acc, got_acc);
    for (int l = 0; l < SCNN_MULTS; ++l)
      if (exp_acc >> l & 1) {
        const long got_r = (long)get_bits((const uint32_t *)&dut.rank_o, l * OCC_W, OCC_W);
        if (got_r != (long)exp_rank[l]) report("rank of lane (bank column = lane)", p, j, l,
                                               exp_rank[l], got_r);
      }
    bool exp_last = true;
    for (int b = 0; b < SCNN_A; ++b) exp_last &= left[b].empty();
    if (exp_last != (dut.last_o != 0)) report("last", p, j, -1, exp_last, dut.last_o);
    ++cycles;
    return got_acc;
  }
};

int main(int argc, char **argv) {
  Verilated::commandArgs(argc, argv);
  TbRng rng(tb_seed(argc, argv));
  static Bench t;
  long pairs = 0, pair_cycles = 0;
  const int NPAIRS = 20000;
  for (int p = 0; p < NPAIRS && t.errors < 5; ++p) {
    // lane banks: uniform, a few banks, all to one bank, two banks; validity: random density
    int mode = p % 4;
    uint32_t valid = 0;
    int bank[SCNN_MULTS];
    int nb = mode == 0 ? SCNN_A : mode == 1 ? 4 : mode == 2 ? 1 : 2;
    int density = rng.range(0, 100);
    int one_bank = (int)rng.below(SCNN_A);
    for (int l = 0; l < SCNN_MULTS; ++l) {
      bank[l] = ((int)rng.below(nb) * (SCNN_A / nb) + one_bank) % SCNN_A;
      if ((int)rng.below(100) < density || mode == 2) valid |= 1u << l;
    }
    if (p % 97 == 0) valid = 0;
    for (int l = 0; l < SCNN_MULTS; ++l)
      put_bits((uint32_t *)&t.dut.lane_bank_i, l * SCNN_BANK_BITS, SCNN_BANK_BITS, bank[l]);
    std::vector<int> left[SCNN_A];
    for (int l = 0; l < SCNN_MULTS; ++l)
      if (valid >> l & 1) left[bank[l]].push_back(l);
    // the pair, cycle by cycle, the pending mask kept as the PE does
    uint32_t pending = valid;
    int j = 0;
    for (;; ++j) {
      pending &= ~t.cycle(p, j, left, pending);
      if (t.dut.last_o || j > SCNN_MULTS + 1) break;
    }
    if (pending != 0 && t.errors++ < 5)
      printf("xbar mismatch: pair %d: lanes 0x%x never accepted\n", p, pending);
    ++pairs;
    pair_cycles += j + 1;
    // sometimes idle cycles (a weight-FIFO wait): nothing pending, the queues pop
    if (rng.below(8) == 0) {
      std::vector<int> none[SCNN_A];
      for (int k = rng.range(1, 3); k > 0; --k) t.cycle(p, -1, none, 0);
    }
  }
  printf("xbar (XBAR_QDEPTH %d): %ld pairs in %ld cycles, %ld cycles with idle ones, %ld bank "
         "stall cycles, peak occupancy %ld, %ld errors\n",
         Q, pairs, pair_cycles, t.cycles, t.stalls, t.peak, t.errors);
  if (Q > 0 && t.peak != Q && t.errors == 0) {
    printf("xbar: the queues never filled (peak %ld of %d): the bench did not reach the case\n",
           t.peak, Q);
    return 1;
  }
  return t.errors ? 1 : 0;
}
