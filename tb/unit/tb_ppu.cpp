// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// Unit test of scnn_ppu: requantisation against scnn_requantise (docs/spec.md section 4) on
// edge and random values, and the compressed blocks it writes against the reference encoder
// scnn_encode (docs/spec.md section 5) on random blocks: all-zero, dense, long zero runs
// (placeholders), trailing zeros, runs of exactly RUN_MAX and RUN_MAX + 1.
#include <vector>

#include "Vscnn_ppu.h"
#include "scnn_codec.h"
#include "scnn_numerics.h"
#include "scnn_params.h"
#include "tb_common.h"
#include "verilated.h"

static Vscnn_ppu *dut;
static std::vector<scnn_entry> oaram(SCNN_OARAM_DEPTH);

static void tick() {
  dut->clk_i = 0;
  dut->eval();
  if (dut->wr_valid_o) {
    oaram[dut->wr_addr_o].value = (int16_t)dut->wr_value_o;
    oaram[dut->wr_addr_o].run = (uint8_t)dut->wr_run_o;
  }
  dut->clk_i = 1;
  dut->eval();
}

static int32_t rand_acc(TbRng &rng, int os) {
  const int32_t lo = -(1 << (SCNN_ACC_W - 1)), hi = (1 << (SCNN_ACC_W - 1)) - 1;
  switch (rng.below(8)) {
    case 0: case 1: case 2: return 0;
    case 3: return rng.range(-(1 << os), (1 << os));  // around the rounding threshold
    case 4: return rng.below(2) ? lo + (int)rng.below(4) : hi - (int)rng.below(4);
    default: return rng.range(lo, hi) >> rng.below(SCNN_ACC_W);
  }
}

int main(int argc, char **argv) {
  Verilated::commandArgs(argc, argv);
  TbRng rng(tb_seed(argc, argv));
  dut = new Vscnn_ppu;
  long errors = 0, blocks = 0, values = 0, placeholders = 0;
  dut->rst_ni = 0;
  dut->clk_i = 0;
  dut->eval();
  dut->rst_ni = 1;
  dut->in_valid_i = 0;
  dut->clear_i = 1;
  tick();
  dut->clear_i = 0;
  // 1. requantise: every shift, edge values
  const int32_t edges[] = {0, 1, -1, 2, -2, 32767, -32768, 32768, -32769, 65535, -65536,
                           (1 << (SCNN_ACC_W - 1)) - 1, -(1 << (SCNN_ACC_W - 1)), 12345, -12345};
  for (int os = 0; os <= SCNN_MAX_SHIFT_OUT; ++os)
    for (int relu = 0; relu < 2; ++relu)
      for (int32_t a0 : edges)
        for (int d = -1; d <= 1; ++d) {
          int32_t a = scnn_acc_wrap((int64_t)a0 + d + (os ? (d << (os - 1)) : 0));
          dut->out_shift_i = os;
          dut->relu_i = relu;
          dut->in_acc_i = (uint32_t)a & SCNN_ACC_MASK;
          dut->eval();
          int16_t exp = scnn_requantise(a, os, relu), got = (int16_t)dut->q_o;
          if (exp != got && errors++ < 10)
            printf("ppu requantise mismatch: acc %d os %d relu %d: expected %d, got %d\n", a, os,
                   relu, exp, got);
          ++values;
        }
  // 2. random blocks through the compressor
  int nblk = 3000;
  for (int b = 0; b < nblk && errors < 10; ++b) {
    if (b % 500 == 0) {  // start a new output buffer now and then
      dut->clear_i = 1;
      dut->in_valid_i = 0;
      tick();
      dut->clear_i = 0;
    }
    int os = rng.range(0, SCNN_MAX_SHIFT_OUT), relu = (int)rng.below(2);
    int n = rng.range(1, b % 7 == 0 ? 400 : 40);
    int kind = (int)rng.below(5);  // 0 all zero, 1 dense, 2 sparse, 3 very sparse, 4 mixed
    std::vector<int32_t> acc(n);
    for (int i = 0; i < n; ++i) {
      if (kind == 0) acc[i] = 0;
      else if (kind == 1) acc[i] = rng.range(1, 30000) << os;
      else if (kind == 2) acc[i] = rng.below(4) ? 0 : rand_acc(rng, os);
      else if (kind == 3) acc[i] = rng.below(40) ? 0 : rand_acc(rng, os);
      else acc[i] = rand_acc(rng, os);
      if (kind == 3 && b % 11 == 0) acc[i] = (i % (SCNN_RUN_MAX + 1 + b % 3) == 0) ? 77 << os : 0;
      acc[i] = scnn_acc_wrap(acc[i]);
    }
    std::vector<int16_t> q(n);
    for (int i = 0; i < n; ++i) q[i] = scnn_requantise(acc[i], os, relu);
    std::vector<scnn_entry> ref(n + n / SCNN_RUN_MAX + 2);
    size_t nref = scnn_encode(q.data(), n, ref.data(), ref.size());
    dut->out_shift_i = os;
    dut->relu_i = relu;
    uint32_t base = 0, count = 0;
    bool done = false;
    for (int i = 0; i < n; ++i) {
      dut->in_valid_i = 1;
      dut->in_first_i = i == 0;
      dut->in_last_i = i == n - 1;
      dut->in_acc_i = (uint32_t)acc[i] & SCNN_ACC_MASK;
      dut->clk_i = 0;
      dut->eval();
      if (dut->blk_done_o) {
        done = true;
        base = dut->blk_base_o;
        count = dut->blk_count_o;
      }
      tick();
    }
    dut->in_valid_i = 0;
    ++blocks;
    values += n;
    if (!done || count != nref) {
      printf("ppu block %d (n %d kind %d): count %u, reference %zu\n", b, n, kind, count, nref);
      ++errors;
      continue;
    }
    for (size_t j = 0; j < nref; ++j) {
      const scnn_entry &g = oaram[(base + j) % SCNN_OARAM_DEPTH];
      if (g.value != ref[j].value || g.run != ref[j].run) {
        printf("ppu block %d entry %zu: got (%d,%u), reference (%d,%u)\n", b, j, g.value, g.run,
               ref[j].value, ref[j].run);
        ++errors;
        break;
      }
      placeholders += ref[j].value == 0;
    }
  }
  printf("ppu: %ld values, %ld blocks, %ld placeholders checked, %ld errors\n", values, blocks,
         placeholders, errors);
  delete dut;
  return errors ? 1 : 0;
}
