// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// The dataflow model against the dense reference (an independent plain loop):
// outputs bit for bit, and the accumulator buffer of every PE at the end of
// every job (after the halo exchange) against sums derived from the dense
// reference: own cells hold the full sum, halo cells the partial sum of the
// PE's own input tile, every other entry is zero.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "harness.h"
#include "scnn_codec.h"
#include "scnn_model.h"
#include "scnn_numerics.h"
#include "scnn_ref.h"
#include "scnn_rng.h"

namespace {

struct Layer {
  scnn_layer l;
  std::vector<int16_t> in, w;
};

Layer Make(int C, int H, int W, int K, int R, int S, int st, int pad, int groups, double wd,
           double ad, uint64_t seed) {
  Layer L;
  char name[32];
  std::snprintf(name, sizeof name, "rand%llu", (unsigned long long)seed);
  L.l = harness_layer(name, C, H, W, K, R, S, st, pad, groups);
  L.l.prod_shift = (int)(seed % 3);
  L.l.out_shift = 6;
  L.l.relu = (int)(seed % 2);
  L.in.resize((size_t)C * H * W);
  L.w.resize((size_t)K * (C / groups) * R * S);
  harness_sparse_values(L.in.data(), L.in.size(), ad, -200, 200, seed * 2 + 1);
  harness_sparse_values(L.w.data(), L.w.size(), wd, -100, 100, seed * 2 + 2);
  return L;
}

std::string Describe(const scnn_layer &l) {
  char b[200];
  std::snprintf(b, sizeof b, "C%d %dx%d K%d %dx%d/%d pad%d g%d ps%d relu%d", l.C, l.H, l.W, l.K,
                l.R, l.S, l.stride, l.pad, l.groups, l.prod_shift, l.relu);
  return b;
}

// Expected accumulators of one job, from the dense reference.
struct AccCheck {
  const Layer *L;
  const scnn_plan *plan;
  std::vector<int32_t> full;  // (K, Ho, Wo) accumulator values
  std::vector<int16_t> ref_out;  // (K, Ho, Wo) reference output
  int jobs_seen = 0;
  int failures = 0;
};

// Partial sum (wrapped to ACC_W bits) at output (k, yo, xo) of the layer over the
// inputs of rectangle [x0,x1) x [y0,y1) only: a plain loop like scnn_conv_ref's.
int32_t MaskedSum(const Layer &L, int k, int yo, int xo, int x0, int x1, int y0, int y1) {
  const scnn_layer &l = L.l;
  const int cg = l.C / l.groups, g = k / (l.K / l.groups);
  int64_t sum = 0;
  for (int c = 0; c < cg; ++c)
    for (int r = 0; r < l.R; ++r) {
      const int y = yo * l.stride + r - l.pad;
      if (y < y0 || y >= y1) continue;
      for (int q = 0; q < l.S; ++q) {
        const int x = xo * l.stride + q - l.pad;
        if (x < x0 || x >= x1) continue;
        sum += scnn_shifted_product(L.w[(((size_t)k * cg + c) * l.R + r) * l.S + q],
                                    L.in[((size_t)(g * cg + c) * l.H + y) * l.W + x], l.prod_shift);
      }
    }
  return scnn_acc_wrap(sum);
}

void Hook(void *ctx, const scnn_job_obs *obs) {
  AccCheck *c = static_cast<AccCheck *>(ctx);
  ++c->jobs_seen;
  if (c->failures > 5) return;
  const scnn_layer &l = c->L->l;
  const int ho = scnn_layer_out_h(&l), wo = scnn_layer_out_w(&l);
  const scnn_job_info *ji = scnn_plan_job(c->plan, obs->job);
  const scnn_sublayer *s = scnn_plan_sublayer(c->plan, ji->sub);
  // The PE's input tile per microarch section 2 (computed here, not taken from the model).
  const int Wt = (s->W + SCNN_PE_COLS - 1) / SCNN_PE_COLS;
  const int Ht = (s->H + SCNN_PE_ROWS - 1) / SCNN_PE_ROWS;
  std::vector<scnn_pe_vc> vb(s->nv + 1);
  for (int pe = 0; pe < SCNN_PE_COUNT; ++pe) {
    scnn_pe_job job;
    ASSERT_EQ(scnn_plan_pe_job(c->plan, obs->job, pe, &job, vb.data(), s->nv + 1), 0);
    const int area = job.rw * job.rh;
    for (int lin = 0; lin < SCNN_ACC_ENTRIES; ++lin) {
      int32_t want = 0;
      if (lin < obs->kg * area) {
        const int k = lin / area, yl = (lin % area) / job.rw, xl = lin % job.rw;
        const int xo = job.rx0 + xl, yo = job.ry0 + yl;
        const bool own = xo >= job.ox0 && xo < job.ox0 + job.own_w && yo >= job.oy0 &&
                         yo < job.oy0 + job.own_h;
        const size_t gi =
            ((size_t)(s->k0 + ji->kl0 + k) * ho + s->oy0 + yo) * wo + s->ox0 + xo;
        const int px = pe % SCNN_PE_COLS, py = pe / SCNN_PE_COLS;
        want = own ? c->full[gi]
                   : MaskedSum(*c->L, s->k0 + ji->kl0 + k, s->oy0 + yo, s->ox0 + xo,
                               s->ix0 + px * Wt, s->ix0 + std::min(s->W, (px + 1) * Wt),
                               s->iy0 + py * Ht, s->iy0 + std::min(s->H, (py + 1) * Ht));
      }
      const unsigned bank = scnn_bank_of(lin), entry = scnn_entry_of(lin);
      const int32_t got = scnn_acc_at(&obs->pe[pe], bank, entry);
      if (got != want) {
        if (++c->failures <= 5)
          ADD_FAILURE() << Describe(l) << ": job " << obs->job << " PE " << pe << " bank " << bank
                        << " entry " << entry << " (lin " << lin << "): model " << got
                        << ", reference " << want;
        return;
      }
    }
    // The PE's compressed output blocks decode to the reference output of its own tile.
    for (int k = 0; k < obs->kg; ++k) {
      std::vector<int16_t> dec((size_t)job.own_w * job.own_h + 1);
      scnn_error err;
      ASSERT_EQ(scnn_decode(obs->out_entries + obs->out_off[pe * obs->kg + k],
                            obs->out_cnt[pe * obs->kg + k], dec.data(),
                            (size_t)job.own_w * job.own_h, &err),
                0)
          << err.msg;
      for (int y = 0; y < job.own_h; ++y)
        for (int x = 0; x < job.own_w; ++x) {
          const size_t gi = ((size_t)(s->k0 + ji->kl0 + k) * ho + s->oy0 + job.oy0 + y) * wo +
                            s->ox0 + job.ox0 + x;
          if (dec[(size_t)y * job.own_w + x] != c->ref_out[gi]) {
            ++c->failures;
            ADD_FAILURE() << Describe(l) << ": job " << obs->job << " PE " << pe << " channel "
                          << k << " output block position " << y * job.own_w + x;
            return;
          }
        }
    }
  }
}

// Runs the layer; compares the output with scnn_conv_ref and (if check_acc)
// every accumulator buffer. Returns the stats.
scnn_stats RunAndCompare(const Layer &L, bool check_acc) {
  scnn_stats st;
  std::memset(&st, 0, sizeof st);
  const scnn_layer &l = L.l;
  const int ho = scnn_layer_out_h(&l), wo = scnn_layer_out_w(&l);
  std::vector<int16_t> ref((size_t)l.K * ho * wo), got((size_t)l.K * ho * wo, 0x5555);
  scnn_conv_ref(&l, L.in.data(), L.w.data(), ref.data(), nullptr);
  scnn_plan *plan = nullptr;
  scnn_error err;
  err.msg[0] = 0;
  EXPECT_EQ(scnn_plan_create(&l, L.in.data(), L.w.data(), &plan, &err), 0) << err.msg;
  if (!plan) return st;
  AccCheck chk;
  chk.L = &L;
  chk.plan = plan;
  chk.ref_out = ref;
  if (check_acc) {
    chk.full.resize((size_t)l.K * ho * wo);
    scnn_conv_ref_acc(&l, L.in.data(), L.w.data(), 0, l.K, chk.full.data());
  }
  EXPECT_EQ(scnn_run(plan, nullptr, got.data(), &st, check_acc ? Hook : nullptr, &chk, &err), 0)
      << err.msg;
  if (check_acc) {
    EXPECT_EQ(chk.jobs_seen, scnn_plan_num_jobs(plan));
  }
  size_t bad = 0;
  for (size_t i = 0; i < ref.size(); ++i)
    if (ref[i] != got[i] && bad++ < 3) {
      ADD_FAILURE() << Describe(l) << ": output " << i << " model " << got[i] << " ref " << ref[i];
    }
  EXPECT_EQ(bad, 0u) << Describe(l);
  // The loss breakdown accounts for every multiplier-lane-cycle.
  const uint64_t lanes = (uint64_t)st.cycles * SCNN_PE_COUNT * SCNN_MULTS;
  EXPECT_EQ(st.products_valid + st.loss_fragmentation + st.loss_conflict + st.loss_fifo_pipe +
                st.loss_imbalance + st.loss_clear + st.loss_halo + st.loss_drain,
            lanes)
      << Describe(l);
  scnn_plan_free(plan);
  return st;
}

TEST(ModelLayers, SmallHandPicked) {
  RunAndCompare(Make(3, 16, 16, 5, 3, 3, 1, 1, 1, 0.5, 0.5, 1), true);
  RunAndCompare(Make(4, 5, 7, 6, 3, 3, 1, 1, 1, 1.0, 1.0, 2), true);    // plane < 8x8
  RunAndCompare(Make(6, 27, 27, 8, 5, 5, 1, 2, 2, 0.4, 0.5, 3), true);  // groups
  RunAndCompare(Make(3, 35, 35, 4, 11, 11, 4, 0, 1, 0.8, 1.0, 4), true);  // AlexNet-like conv1
  RunAndCompare(Make(5, 13, 11, 7, 7, 7, 2, 3, 1, 0.5, 0.5, 5), true);
  RunAndCompare(Make(3, 9, 9, 3, 1, 1, 2, 0, 1, 1.0, 1.0, 6), true);
  RunAndCompare(Make(2, 3, 4, 3, 3, 3, 1, 5, 1, 1.0, 1.0, 11), true);   // pad > filter
  RunAndCompare(Make(2, 40, 37, 3, 3, 3, 16, 1, 1, 1.0, 1.0, 12), true);  // stride 16
  RunAndCompare(Make(1, 1, 1, 2, 1, 1, 1, 0, 1, 1.0, 1.0, 13), true);     // a 1x1 plane
  RunAndCompare(Make(4, 9, 9, 4, 9, 9, 3, 0, 4, 0.5, 0.5, 14), true);     // depthwise-like
  // Found by fuzz-bundle (tests/fuzz/regress/bundle/pad5-stride2-empty-tiles.bundle): pad 5
  // around a 4x4 plane at stride 2 leaves PEs with empty tiles, whose empty blocks were
  // encoded at NULL + 0 into a still-empty entry pool (undefined behaviour that clang's UBSan
  // reports; the values were right, and gcc's UBSan does not check it).
  RunAndCompare(Make(3, 4, 4, 5, 1, 1, 2, 5, 1, 1.0, 1.0, 15), true);
  // Found by fuzz-bundle in CI (tests/fuzz/regress/bundle/stride7-pad4-phase-without-nonzeros
  // .bundle): stride 7 with pad 4 around a 3x3 plane leaves sub-layers (phases) with no
  // activation at all, whose NULL pool was offset by 0 when a PE's job was described.
  RunAndCompare(Make(1, 3, 3, 1, 3, 3, 7, 4, 1, 1.0, 1.0, 16), true);
}

TEST(ModelLayers, ZeroDensities) {
  RunAndCompare(Make(3, 12, 12, 4, 3, 3, 1, 1, 1, 0.0, 0.5, 7), true);
  RunAndCompare(Make(3, 12, 12, 4, 3, 3, 1, 1, 1, 0.5, 0.0, 8), true);
}

// The randomized list: odd planes, planes < 8x8, C and K not multiples
// of 4, 1/3/5/7/11 filters, strides 1/2/4, pads 0-3, groups, densities
// 0/0.05/0.5/1.
TEST(ModelLayers, Randomized) {
  scnn_rng r;
  scnn_rng_seed(&r, 2024);
  const int filters[] = {1, 3, 5, 7, 11};
  const int strides[] = {1, 2, 4};
  const double dens[] = {0.0, 0.05, 0.5, 1.0};
  int done = 0;
  for (int t = 0; t < 150; ++t) {
    const int R = filters[scnn_rng_below(&r, 5)];
    const int S = scnn_rng_below(&r, 4) ? R : filters[scnn_rng_below(&r, 5)];
    const int st = strides[scnn_rng_below(&r, 3)];
    const int pad = (int)scnn_rng_below(&r, 4);
    const int groups = scnn_rng_below(&r, 3) ? 1 : 2 + (int)scnn_rng_below(&r, 2);
    const int C = groups * (1 + (int)scnn_rng_below(&r, 5));
    const int K = groups * (1 + (int)scnn_rng_below(&r, 7));
    int H = 1 + (int)scnn_rng_below(&r, 30), W = 1 + (int)scnn_rng_below(&r, 30);
    if (H + 2 * pad < R) H = R;
    if (W + 2 * pad < S) W = S;
    const double wd = dens[scnn_rng_below(&r, 4)], ad = dens[scnn_rng_below(&r, 4)];
    Layer L = Make(C, H, W, K, R, S, st, pad, groups, wd, ad, 100 + t);
    RunAndCompare(L, true);
    ++done;
  }
  EXPECT_EQ(done, 150);
}

// A layer whose compressed input exceeds the IARAM: passes through DRAM.
TEST(ModelLayers, DramPasses) {
  // A dense 64x64 plane of 80 channels: 8*8*80 = 5,120 entries per PE.
  Layer L = Make(80, 64, 64, 6, 3, 3, 1, 1, 1, 0.5, 1.0, 9);  // 8*8*80 = 5,120 > IARAM_DEPTH
  scnn_stats st = RunAndCompare(L, true);
  EXPECT_GT(st.passes, 1u);
  EXPECT_GT(st.dram_bytes_out, 0u);
  EXPECT_GT(st.dram_bytes_act_in, 0u);
}

TEST(ModelLayers, DramPassesStride2) {
  Layer L = Make(60, 70, 66, 5, 5, 5, 2, 2, 1, 0.5, 1.0, 10);
  scnn_stats st = RunAndCompare(L, true);
  EXPECT_GT(st.passes, 1u);
}

}  // namespace
