// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// Unit test of scnn_xbar (the crossbar arbiter) against the rule of docs/microarch.md 4.3,
// re-derived here from the text: in cycle j of a pair, bank b adds the j-th lowest-numbered
// valid lane targeting b; the pair takes n = max(1, max over banks of its lane count) cycles.
#include <vector>

#include "Vscnn_xbar.h"
#include "scnn_params.h"
#include "tb_common.h"
#include "verilated.h"

static const int LANE_W = SCNN_LANE_W;

static uint64_t get_bits(const uint32_t *w, int lo, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; ++i) v |= (uint64_t)((w[(lo + i) / 32] >> ((lo + i) % 32)) & 1u) << i;
  return v;
}

int main(int argc, char **argv) {
  Verilated::commandArgs(argc, argv);
  TbRng rng(tb_seed(argc, argv));
  Vscnn_xbar dut;
  long pairs = 0, cycles_total = 0, errors = 0;
  const int NPAIRS = 20000;
  for (int p = 0; p < NPAIRS && errors < 5; ++p) {
    // lane banks: uniform, few banks, or all to one bank; validity: random density
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
    // reference schedule
    std::vector<int> lanes_of[SCNN_A];
    int n = 1;
    for (int l = 0; l < SCNN_MULTS; ++l)
      if (valid >> l & 1) lanes_of[bank[l]].push_back(l);
    for (int b = 0; b < SCNN_A; ++b)
      if ((int)lanes_of[b].size() > n) n = (int)lanes_of[b].size();
    // drive the DUT cycle by cycle, keeping the pending mask as the PE does
    uint32_t pending = valid;
    for (int l = 0; l < SCNN_MULTS; ++l) {
      uint32_t *w = (uint32_t *)&dut.lane_bank_i;
      int lo = l * SCNN_BANK_BITS;
      for (int i = 0; i < SCNN_BANK_BITS; ++i) {
        uint32_t bit = (bank[l] >> i) & 1u;
        w[(lo + i) / 32] = (w[(lo + i) / 32] & ~(1u << ((lo + i) % 32))) | (bit << ((lo + i) % 32));
      }
    }
    int j = 0;
    for (;; ++j) {
      dut.pending_i = pending;
      dut.eval();
      const uint32_t *gl = (const uint32_t *)&dut.grant_lane_o;
      const uint32_t *gv = (const uint32_t *)&dut.grant_o;
      for (int b = 0; b < SCNN_A; ++b) {
        bool exp_g = j < (int)lanes_of[b].size();
        bool got_g = (gv[b / 32] >> (b % 32)) & 1u;
        int got_l = (int)get_bits(gl, b * LANE_W, LANE_W);
        if (exp_g != got_g || (exp_g && got_l != lanes_of[b][j])) {
          printf("xbar mismatch: pair %d cycle %d bank %d: expected %s lane %d, got %s lane %d\n",
                 p, j, b, exp_g ? "grant" : "none", exp_g ? lanes_of[b][j] : -1,
                 got_g ? "grant" : "none", got_l);
          ++errors;
        }
      }
      pending &= ~(uint32_t)dut.served_o;
      if (dut.last_o) break;
      if (j > SCNN_MULTS + 1) break;
    }
    if (j + 1 != n) {
      printf("xbar mismatch: pair %d: %d cycles, expected %d\n", p, j + 1, n);
      ++errors;
    }
    if (pending != 0) {
      printf("xbar mismatch: pair %d: lanes 0x%x never served\n", p, pending);
      ++errors;
    }
    ++pairs;
    cycles_total += j + 1;
  }
  printf("xbar: %ld pairs, %ld cycles, %ld errors\n", pairs, cycles_total, errors);
  return errors ? 1 : 0;
}
