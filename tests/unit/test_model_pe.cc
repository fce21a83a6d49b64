// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// Hand-built checks of the PE and the mapping (docs/microarch.md): bank
// mapping, crossbar arbitration, pair cycle counts, weight FIFO timing, Kc
// selection and the halo exchange. Every expected number below is derived by
// hand from the contract, in the comment next to it.
#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "harness.h"
#include "scnn_model.h"
#include "scnn_numerics.h"

namespace {

// The hand derivations are worked out for the default parameters of
// params/scnn_params.toml (the numbers below state that assumption); under a
// PARAMS override those tests are skipped, while the generic ones (bank map,
// errors, overflow) and the naive-simulation tests of test_model_cycles.cc run.
#define REQUIRE_DEFAULT_PARAMS()                                                              \
  do {                                                                                        \
    if (!(SCNN_PE_ROWS == 8 && SCNN_PE_COLS == 8 && SCNN_F == 4 && SCNN_I == 4 &&           \
          SCNN_A == 32 && SCNN_BANK_DEPTH == 32 && SCNN_WFIFO_DEPTH == 50))                 \
      GTEST_SKIP() << "hand-derived for 8x8 PEs, F = I = 4, A = 32, BANK_DEPTH = 32, "      \
                      "WFIFO_DEPTH = 50";                                                   \
  } while (0)

std::vector<scnn_entry> Dense(const std::vector<int16_t> &v) {
  std::vector<scnn_entry> e(v.size() + 1);
  size_t n = scnn_encode(v.data(), v.size(), e.data(), e.size());
  e.resize(n);
  return e;
}

scnn_pe_vc Vc(int w, int h, int rv, int sv, const std::vector<scnn_entry> &a,
              const std::vector<scnn_entry> &wt) {
  scnn_pe_vc v;
  std::memset(&v, 0, sizeof v);
  v.w = w;
  v.h = h;
  v.rv = rv;
  v.sv = sv;
  v.act = a.data();
  v.nact = (uint32_t)a.size();
  v.wgt = wt.data();
  v.nwgt = (uint32_t)wt.size();
  return v;
}

scnn_pe_job Job(const std::vector<scnn_pe_vc> &v, int rw, int rh, int kg) {
  scnn_pe_job j;
  std::memset(&j, 0, sizeof j);
  j.nv = (int)v.size();
  j.v = v.data();
  j.rw = rw;
  j.rh = rh;
  j.kg = kg;
  j.own_w = rw;
  j.own_h = rh;
  return j;
}

std::unique_ptr<scnn_pe_result> RunPe(const scnn_pe_job &j) {
  std::unique_ptr<scnn_pe_result> r(new scnn_pe_result);
  scnn_error err;
  EXPECT_EQ(scnn_pe_run_job(&j, r.get(), &err), 0) << err.msg;
  return r;
}

TEST(ModelBankMap, BijectiveOnEveryRange) {
  // For every n <= ACC_ENTRIES, lin in [0, n) -> (bank, entry) is injective and
  // lin_of inverts it.
  std::set<std::pair<unsigned, unsigned>> seen;
  for (unsigned lin = 0; lin < SCNN_ACC_ENTRIES; ++lin) {
    const unsigned b = scnn_bank_of(lin), e = scnn_entry_of(lin);
    ASSERT_LT(b, (unsigned)SCNN_A);
    ASSERT_LT(e, (unsigned)SCNN_BANK_DEPTH);
    ASSERT_TRUE(seen.insert({b, e}).second) << "lin " << lin;
    ASSERT_EQ(scnn_lin_of(b, e), lin);
  }
}

TEST(ModelBankMap, BijectiveOnEveryJobRegion) {
  // Every job region of a few layers: Kg*rw*rh <= ACC_ENTRIES and the cells of
  // the region map to distinct (bank, entry).
  const int cfg[][9] = {{3, 16, 16, 64, 3, 3, 1, 1, 1},  {8, 27, 27, 40, 5, 5, 1, 2, 2},
                        {3, 67, 67, 16, 11, 11, 4, 0, 1}, {16, 14, 14, 300, 1, 1, 1, 0, 1},
                        {4, 13, 9, 7, 7, 7, 2, 3, 1}};
  for (auto &c : cfg) {
    scnn_layer l = harness_layer("bij", c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8]);
    std::vector<int16_t> in((size_t)l.C * l.H * l.W), w((size_t)l.K * l.C / l.groups * l.R * l.S);
    harness_sparse_values(in.data(), in.size(), 0.5, -9, 9, 1);
    harness_sparse_values(w.data(), w.size(), 0.5, -9, 9, 2);
    scnn_plan *p;
    scnn_error err;
    ASSERT_EQ(scnn_plan_create(&l, in.data(), w.data(), &p, &err), 0) << err.msg;
    int checked = 0;
    for (int j = 0; j < scnn_plan_num_jobs(p); ++j) {
      const scnn_sublayer *s = scnn_plan_sublayer(p, scnn_plan_job(p, j)->sub);
      std::vector<scnn_pe_vc> vb(s->nv + 1);
      for (int pe = 0; pe < SCNN_PE_COUNT; ++pe) {
        scnn_pe_job job;
        ASSERT_EQ(scnn_plan_pe_job(p, j, pe, &job, vb.data(), s->nv + 1), 0);
        const unsigned n = (unsigned)(job.kg * job.rw * job.rh);
        ASSERT_LE(n, (unsigned)SCNN_ACC_ENTRIES);
        std::set<unsigned> cells;
        for (unsigned lin = 0; lin < n; ++lin)
          ASSERT_TRUE(cells.insert(scnn_bank_of(lin) * SCNN_BANK_DEPTH + scnn_entry_of(lin)).second);
        ++checked;
      }
    }
    EXPECT_GT(checked, 0);
    scnn_plan_free(p);
  }
}

// 1x1 filter, weights k = 0..3 (one vector), activations at y = 0..3 of a 1x4
// tile (one vector). Region 33 wide, 4 high: lin = 132k + 33y = 33*(4k+y),
// entry 4k+y, bank (lin & 31) ^ entry = (4k+y) ^ (4k+y) = 0: all 16 products
// in bank 0 -> the pair takes 16 cycles. The weight vector is pushed in cycle
// 0, usable from 1: issue cycles 1..16, compute = 17 + PE_PIPE_DEPTH.
TEST(ModelArbitration, AllSixteenToOneBank) {
  REQUIRE_DEFAULT_PARAMS();
  auto a = Dense({3, -5, 7, 11});
  auto w = Dense({2, 4, -6, 8});
  std::vector<scnn_pe_vc> v = {Vc(1, 4, 1, 1, a, w)};
  scnn_pe_job j = Job(v, 33, 4, 4);
  auto r = RunPe(j);
  EXPECT_EQ(r->pairs, 1u);
  EXPECT_EQ(r->issue_cycles, 16u);
  EXPECT_EQ(r->conflict_cycles, 15u);
  EXPECT_EQ(r->compute_cycles, 17u + SCNN_PE_PIPE_DEPTH);
  EXPECT_EQ(r->products_valid, 16u);
  // bank 0, entry 4k+y holds w_k * a_y (prod_shift 0)
  EXPECT_EQ(scnn_acc_at(r.get(), 0, 0), 2 * 3);
  EXPECT_EQ(scnn_acc_at(r.get(), 0, 1), 2 * -5);
  EXPECT_EQ(scnn_acc_at(r.get(), 0, 6), 4 * 7);    // entry 6 = 4*1 + 2: w_1 * a_2
  EXPECT_EQ(scnn_acc_at(r.get(), 0, 15), 8 * 11);  // k = 3, y = 3
}

// Same operands, region 32 wide: lin = 128k + 32y, entry 4k+y, bank = entry & 31
// ^ 0 = 4k+y: 16 different banks -> 1 cycle. (The XOR swizzle at work.)
TEST(ModelArbitration, SwizzleSpreadsColumnStride) {
  REQUIRE_DEFAULT_PARAMS();
  auto a = Dense({3, -5, 7, 11});
  auto w = Dense({2, 4, -6, 8});
  std::vector<scnn_pe_vc> v = {Vc(1, 4, 1, 1, a, w)};
  auto r = RunPe(Job(v, 32, 4, 4));
  EXPECT_EQ(r->issue_cycles, 1u);
  EXPECT_EQ(r->compute_cycles, 2u + SCNN_PE_PIPE_DEPTH);
  EXPECT_EQ(scnn_acc_at(r.get(), 5, 5), 4 * -5);  // k=1, y=1: lin 160, entry 5, bank 5
}

// Two weights, 4 activations; region 33 x 4, kg 2. Weights k = 0 and k = 1 at
// positions 0 and 1; products k=0: lin 33y (entry y, bank 0); k=1: lin 132+33y
// (entry 4+y, bank 0). 8 products in bank 0 -> 8 cycles. A second channel whose
// products all lie outside the region (activation at x = 40 with rw = 33):
// no valid lane, the pair still takes 1 cycle.
TEST(ModelArbitration, HandCountedPairs) {
  REQUIRE_DEFAULT_PARAMS();
  auto a = Dense({1, 1, 1, 1});
  auto w = Dense({1, 1});
  auto a2 = Dense({5});
  auto w2 = Dense({7});
  std::vector<scnn_pe_vc> v = {Vc(1, 4, 1, 1, a, w), Vc(1, 1, 1, 1, a2, w2)};
  v[1].x0 = 40;
  auto r = RunPe(Job(v, 33, 4, 2));
  // ch0: pushed cycle 0, issues 1..8. ch1: pushed cycle 1, usable 2; starts at 9,
  // issues cycle 9. compute = 10 + PIPE.
  EXPECT_EQ(r->pairs, 2u);
  EXPECT_EQ(r->issue_cycles, 9u);
  EXPECT_EQ(r->products_valid, 8u);
  EXPECT_EQ(r->products_nonzero, 9u);
  EXPECT_EQ(r->compute_cycles, 10u + SCNN_PE_PIPE_DEPTH);
  EXPECT_EQ(r->fifo_wait_cycles, 1u);
}

// Weight FIFO (microarch 4.4). Region 1x1, kg 200, 1x1 filter: weight k at
// position k lands at lin k, 4 consecutive lins per pair -> 1 cycle per pair.
// ch0: 200 weights = 50 vectors, pushed in cycles 0..49, usable from 50: its
// 50 pairs issue in cycles 50..99; its slots are writable from cycle 100.
// ch1: 12 weights = 3 vectors; vector u = 50 needs 1 freed slot -> pushed at
// 100, then 101, 102; usable from 103; issues 103..105. compute = 106 + PIPE.
// Waiting: 50 (before ch0) + 3 (between) = 53 cycles.
TEST(ModelWeightFifo, HandComputedSchedule) {
  REQUIRE_DEFAULT_PARAMS();
  std::vector<int16_t> w0(200), w1(12);
  for (int i = 0; i < 200; ++i) w0[i] = (int16_t)(i % 7 + 1);
  for (int i = 0; i < 12; ++i) w1[i] = (int16_t)(i + 1);
  auto W0 = Dense(w0), W1 = Dense(w1);
  auto a0 = Dense({2}), a1 = Dense({3});
  std::vector<scnn_pe_vc> v = {Vc(1, 1, 1, 1, a0, W0), Vc(1, 1, 1, 1, a1, W1)};
  auto r = RunPe(Job(v, 1, 1, 200));
  EXPECT_EQ(r->pairs, 53u);
  EXPECT_EQ(r->issue_cycles, 53u);
  EXPECT_EQ(r->fifo_wait_cycles, 53u);
  EXPECT_EQ(r->compute_cycles, 106u + SCNN_PE_PIPE_DEPTH);
  EXPECT_EQ(r->acc[0], 2 * 1 + 3 * 1);
  EXPECT_EQ(r->acc[11], 2 * (11 % 7 + 1) + 3 * 12);
  EXPECT_EQ(r->acc[150], 2 * (150 % 7 + 1));
}

// Overlap: ch0 has 10 vectors and 2 activation vectors (20 pairs); ch1's 5
// vectors are pushed in cycles 10..14 while ch0 issues (cycles 10..29), so
// ch1 starts right after: cycle 30, issues 30..34 (1 activation vector).
TEST(ModelWeightFifo, PushesOverlapIssue) {
  REQUIRE_DEFAULT_PARAMS();
  std::vector<int16_t> w0(40), w1(20);
  for (auto &x : w0) x = 1;
  for (auto &x : w1) x = 1;
  auto W0 = Dense(w0), W1 = Dense(w1);
  // 8 activations in a 1x8 column: lin = k*8 + y; weights k in one vector differ
  // by 1 -> lins of a pair: 4 consecutive k x 4 consecutive y, stride 8 in k:
  // lin = 8k + y, k = 4m..4m+3, y = 4n..4n+3 -> 16 distinct lins < 1024 with
  // distinct banks when (8k + y) mod 32 differ and the entries... checked:
  // lins 8k+y for k = 4m+dk: 32m + 8dk + y -> entry m, low bits 8dk + y
  // distinct -> banks distinct. 1 cycle per pair.
  auto a0 = Dense({1, 1, 1, 1, 1, 1, 1, 1});
  auto a1 = Dense({1, 1, 1, 1});
  std::vector<scnn_pe_vc> v = {Vc(1, 8, 1, 1, a0, W0), Vc(1, 4, 1, 1, a1, W1)};
  auto r = RunPe(Job(v, 1, 8, 40));
  EXPECT_EQ(r->pairs, 25u);
  EXPECT_EQ(r->issue_cycles, 25u);
  EXPECT_EQ(r->fifo_wait_cycles, 10u);
  EXPECT_EQ(r->compute_cycles, 35u + SCNN_PE_PIPE_DEPTH);
}

scnn_layer L(int C, int H, int W, int K, int R, int S, int st, int pad, int groups) {
  return harness_layer("hand", C, H, W, K, R, S, st, pad, groups);
}

struct Planned {
  scnn_layer l;
  std::vector<int16_t> in, w;
  scnn_plan *p = nullptr;
  // overlap: HALO_OVERLAP of the plan (-1: the compiled parameter)
  explicit Planned(const scnn_layer &ll, double d = 0.5, int overlap = -1) : l(ll) {
    in.resize((size_t)l.C * l.H * l.W);
    w.resize((size_t)l.K * (l.C / l.groups) * l.R * l.S);
    harness_sparse_values(in.data(), in.size(), d, -9, 9, 3);
    harness_sparse_values(w.data(), w.size(), d, -9, 9, 4);
    scnn_error err;
    scnn_plan_opts o = scnn_plan_opts_default();
    if (overlap >= 0) o.halo_overlap = overlap;
    EXPECT_EQ(scnn_plan_create_opts(&l, in.data(), w.data(), &o, &p, &err), 0) << err.msg;
  }
  ~Planned() { scnn_plan_free(p); }
};

TEST(ModelKc, HandChecked) {
  REQUIRE_DEFAULT_PARAMS();
  {
    // 16x16, 3x3 pad 1: Wt = Wto = 2; interior region [2px-1, 2px+2] -> 4x4 = 16;
    // Kc_acc = 1024/16 = 64, Kc_fifo = 200/9 = 22 -> Kc = 22, 3 jobs for K = 64.
    Planned p(L(2, 16, 16, 64, 3, 3, 1, 1, 1));
    const scnn_sublayer *s = scnn_plan_sublayer(p.p, 0);
    EXPECT_EQ(s->max_region, 16);
    EXPECT_EQ(s->kc_acc, 64);
    EXPECT_EQ(s->kc_fifo, 22);
    EXPECT_EQ(s->kc, 22);
    EXPECT_EQ(scnn_plan_num_jobs(p.p), 3);
  }
  {
    // 56x56, 3x3 pad 1: Wt = 7, interior region 9x9 = 81; 1024/81 = 12.
    Planned p(L(4, 56, 56, 64, 3, 3, 1, 1, 1), 0.2);
    const scnn_sublayer *s = scnn_plan_sublayer(p.p, 0);
    EXPECT_EQ(s->max_region, 81);
    EXPECT_EQ(s->kc, 12);
    EXPECT_EQ(scnn_plan_num_jobs(p.p), 6);  // ceil(64/12)
  }
  {
    // 14x14, 1x1: Wt = 2, region = own tile 2x2 = 4 -> 256; fifo 200/1 -> 200; K = 300.
    Planned p(L(4, 14, 14, 300, 1, 1, 1, 0, 1));
    const scnn_sublayer *s = scnn_plan_sublayer(p.p, 0);
    EXPECT_EQ(s->max_region, 4);
    EXPECT_EQ(s->kc, 200);
    EXPECT_EQ(scnn_plan_num_jobs(p.p), 2);
  }
  {
    // 2 groups of K/groups = 6: Kc capped by 6, 2 sub-layers, 1 job each.
    Planned p(L(4, 8, 8, 12, 3, 3, 1, 1, 2));
    EXPECT_EQ(scnn_plan_num_sublayers(p.p), 2);
    EXPECT_EQ(scnn_plan_sublayer(p.p, 1)->kc, 6);
    EXPECT_EQ(scnn_plan_sublayer(p.p, 1)->c0, 2);
    EXPECT_EQ(scnn_plan_sublayer(p.p, 1)->k0, 6);
    EXPECT_EQ(scnn_plan_num_jobs(p.p), 2);
  }
  {
    // stride 2, 3x3, pad 1 on 16x16: phases (phy, phx) with rho = (ph + 1) % 2:
    // ph 0 -> rho 1, Rv = ceil(2/2) = 1; ph 1 -> rho 0, Rv = ceil(3/2) = 2.
    // max Rv*Sv = 4 -> Kc_fifo = 50; 4 virtual channels per input channel.
    Planned p(L(1, 16, 16, 8, 3, 3, 2, 1, 1));
    const scnn_sublayer *s = scnn_plan_sublayer(p.p, 0);
    EXPECT_EQ(s->nv, 4);
    EXPECT_EQ(s->max_rvsv, 4);
    EXPECT_EQ(s->kc_fifo, 50);
    EXPECT_EQ(s->vc[0].rv, 1);
    EXPECT_EQ(s->vc[0].pad_y, 0);  // phy 0, rho 1: (0 + 1 - 1) / 2
    EXPECT_EQ(s->vc[3].rv, 2);     // phy 1, rho 0
    EXPECT_EQ(s->vc[3].pad_y, 1);  // (1 + 1 - 0) / 2
  }
}

// Halo exchange, 16x16 plane, 3x3 pad 1, K = 1 (see the comment of each number).
TEST(ModelHalo, SixteenBySixteen) {
  REQUIRE_DEFAULT_PARAMS();
  Planned p(L(1, 16, 16, 1, 3, 3, 1, 1, 1), 1.0);
  std::unique_ptr<scnn_job_obs> obs(new scnn_job_obs);
  scnn_error err;
  ASSERT_EQ(scnn_job_observe(p.p, 0, obs.get(), &err), 0) << err.msg;
  // Interior PE 9 = (1,1): own [2,4)^2, region [1,5)^2 -> 16 - 4 = 12 sent.
  EXPECT_EQ(obs->halo_sent[9], 12u);
  EXPECT_EQ(obs->halo_recv[9], 12u);
  // Corner PE 0: region [0,3)^2 -> 9 - 4 = 5 sent; receives 2 (PE 1) + 2 (PE 8) + 1 (PE 9).
  EXPECT_EQ(obs->halo_sent[0], 5u);
  EXPECT_EQ(obs->halo_recv[0], 5u);
  // Edge PE 1 = (1,0): region x [1,5), y [0,3) -> 12 - 4 = 8 sent.
  EXPECT_EQ(obs->halo_sent[1], 8u);
  // H_j is the protocol's (microarch 5.2; exact value checked against a brute-force
  // simulation in test_model_halo.cc); one word per PE and cycle bounds it below.
  EXPECT_GE(obs->halo_cycles, 12u + SCNN_HALO_TAIL);
  // Total: 4 corners x 5 + 24 edges x 8 + 36 interior x 12 = 644.
  EXPECT_EQ(obs->nhalo, 644u);
  // PE 9's first word: its region cell (1,1) (src_lin 0) goes to PE 0, whose
  // region [0,3)^2 has it at lin 1*3 + 1 = 4. Its last word: cell (4,4) -> PE 18
  // (own [4,6)^2, region [3,7)^2): lin (4-3)*4 + (4-3) = 5.
  const scnn_halo_word *first = nullptr, *last = nullptr;
  for (size_t i = 0; i < obs->nhalo; ++i)
    if (obs->halo[i].src_pe == 9) {
      if (!first) first = &obs->halo[i];
      last = &obs->halo[i];
    }
  ASSERT_TRUE(first && last);
  EXPECT_EQ(first->src_lin, 0u);
  EXPECT_EQ(first->dst_pe, 0);
  EXPECT_EQ(first->dst_lin, 4u);
  EXPECT_EQ(last->src_lin, 15u);
  EXPECT_EQ(last->dst_pe, 18);
  EXPECT_EQ(last->dst_lin, 5u);
  // Drain: 4 own cells per PE at PPU_RATE.
  EXPECT_EQ(obs->drain_cycles, (uint64_t)((4 + SCNN_PPU_RATE - 1) / SCNN_PPU_RATE));
  scnn_job_obs_free(obs.get());
}

// Halo protocol (microarch 5.2) where receiving dominates.
// Input 3x6, 3x3 filter, stride 1, pad 0 -> output 1x4, K = 1, dense data.
// Wt = Ht = 1: PE (px, py) holds input (px, py) for px < 6, py < 3. Wto = Hto = 1:
// PE (xo, 0) owns output (xo, 0), xo < 4. Reach of PE (px, py): x in [px-2, px],
// y in [py-2, py], clipped to the 1x4 output: y = 0, x in [max(0,px-2), min(3,px)]
// -> 1, 2, 3, 3, 2, 1 cells for px = 0..5. Sent = region - own: at most 3 (px 2, 3
// of rows 1, 2). Output (xo, 0) lies in the regions of px = xo..xo+2 of all 3 rows:
// 9 PEs, 8 of them not the owner -> every owner receives 8.
// Send queues (receiver of each word, in lin order = x order), sender = py*8 + px:
//   1:[0] 2:[0,1] 3:[1,2] 4:[2,3] 5:[3];
//   rows 1, 2 (PEs 8.., 16..): [0] [0,1] [0,1,2] [1,2,3] [2,3] [3].
// The bank rule never blocks: the only senders that also receive are PEs 1-3. They
// receive into their own cell, lin 1 (PE 1, bank 1) or lin 2 (PEs 2, 3, bank 2), and
// send from lin 0 (PE 1) or lin 0, 1 (PEs 2, 3), banks 0 and 1: never the same bank.
// Grants (cycle: receiver<-sender): receiver 0 has all 8 of its senders requesting from
// cycle 0 and grants them in index order 1, 2, 8, 9, 10, 16, 17, 18 in cycles 0..7.
//   0: 0<-1 1<-3 2<-4 3<-5    1: 0<-2 1<-11 2<-3 3<-4    2: 0<-8 1<-2 2<-11 3<-13
//   3: 0<-9 1<-19 2<-12 3<-11 4: 0<-10 1<-9 2<-19 3<-12  5: 0<-16 1<-10 2<-20 3<-19
//   6: 0<-17 2<-10 3<-20      7: 0<-18 1<-17 3<-21       8: 1<-18    9: 2<-18
// PE 18 gets receiver 0 last (cycle 7), then sends to 1 and 2: u_last = 9,
// H = 10 + HALO_TAIL (the old max(sent, recv) = 8 is not reachable).
TEST(ModelHalo, ReceivingDominates) {
  REQUIRE_DEFAULT_PARAMS();
  Planned p(L(1, 3, 6, 1, 3, 3, 1, 0, 1), 1.0);
  std::unique_ptr<scnn_job_obs> obs(new scnn_job_obs);
  scnn_error err;
  ASSERT_EQ(scnn_job_observe(p.p, 0, obs.get(), &err), 0) << err.msg;
  uint64_t max_sent = 0;
  for (int pe = 0; pe < SCNN_PE_COUNT; ++pe)
    max_sent = obs->halo_sent[pe] > max_sent ? obs->halo_sent[pe] : max_sent;
  EXPECT_EQ(max_sent, 3u);
  for (int xo = 0; xo < 4; ++xo) EXPECT_EQ(obs->halo_recv[xo], 8u) << "owner of x " << xo;
  EXPECT_EQ(obs->nhalo, 32u);  // row 0: 0+1+2+2+2+1, rows 1, 2: 1+2+3+3+2+1 each
  EXPECT_EQ(obs->halo_cycles, 10u + SCNN_HALO_TAIL);
  ASSERT_EQ(obs->nhalo, 32u);
  EXPECT_EQ(obs->halo[obs->nhalo - 1].src_pe, 18);
  EXPECT_EQ(obs->halo[obs->nhalo - 1].dst_pe, 2);
  EXPECT_EQ(obs->halo[obs->nhalo - 1].cycle, 9u);
  EXPECT_EQ(obs->halo[0].src_pe, 1);  // cycle 0, receiver 0
  EXPECT_EQ(obs->halo[0].cycle, 0u);
  scnn_job_obs_free(obs.get());
  std::vector<int16_t> out(4);
  scnn_stats st;
  ASSERT_EQ(scnn_run(p.p, nullptr, out.data(), &st, nullptr, nullptr, &err), 0) << err.msg;
  EXPECT_EQ(st.loss_halo, (10u + SCNN_HALO_TAIL) * SCNN_PE_COUNT * SCNN_MULTS);
}

TEST(ModelErrors, MalformedJob) {
  auto a = Dense({1});
  auto w = Dense({1});
  std::vector<scnn_pe_vc> v = {Vc(1, 1, 1, 1, a, w)};
  scnn_pe_job j = Job(v, 33, 33, 1);  // 1089 > ACC_ENTRIES
  std::unique_ptr<scnn_pe_result> r(new scnn_pe_result);
  scnn_error err;
  EXPECT_EQ(scnn_pe_run_job(&j, r.get(), &err), -1);
  EXPECT_NE(std::string(err.msg).find("accumulator"), std::string::npos);
  auto a2 = Dense({0, 0, 1});  // position 2 in a 1x1 tile
  v[0] = Vc(1, 1, 1, 1, a2, w);
  j = Job(v, 1, 1, 1);
  EXPECT_EQ(scnn_pe_run_job(&j, r.get(), &err), -1);
  v[0] = Vc(1, 1, 1, 1, a, w);
  v[0].x0 = 1 << 30;  // absurd coordinate: rejected, not overflowed
  j = Job(v, 1, 1, 1);
  EXPECT_EQ(scnn_pe_run_job(&j, r.get(), &err), -1);
  v[0] = Vc(1, 1, 1, 1, a, w);
  v[0].act = nullptr;  // a block count without a block
  EXPECT_EQ(scnn_pe_run_job(&j, r.get(), &err), -1);
  std::vector<int16_t> w201(201, 1);
  auto W201 = Dense(w201);  // 51 weight vectors > WFIFO_DEPTH
  v[0] = Vc(1, 1, 1, 1, a, W201);
  j = Job(v, 1, 1, 201);
  EXPECT_EQ(scnn_pe_run_job(&j, r.get(), &err), -1);
  EXPECT_NE(std::string(err.msg).find("FIFO"), std::string::npos);
}

}  // namespace

namespace {
// Overflow: each channel adds the product 2048 * 2048 = 2^22 to lin 0 (1x1
// region, one weight, one activation, prod_shift 0). After 1: 2^22; after 2: 2^23 -> leaves [-2^23, 2^23) -> wraps to
// -2^23, overflow 1; after 3: -2^23 + 2^22 = -2^22, no overflow; after 4: 0.
TEST(ModelOverflow, CountsPerAddition) {
  auto a = Dense({2048});
  auto w = Dense({2048});
  std::vector<scnn_pe_vc> v = {Vc(1, 1, 1, 1, a, w), Vc(1, 1, 1, 1, a, w), Vc(1, 1, 1, 1, a, w)};
  auto r = RunPe(Job(v, 1, 1, 1));
  EXPECT_EQ(r->overflow, 1u);
  EXPECT_EQ(r->acc[0], -(1 << 22));  // 3 * 2^22 mod 2^24 read as signed
  std::vector<scnn_pe_vc> v4 = {v[0], v[0], v[0], v[0]};
  r = RunPe(Job(v4, 1, 1, 1));
  EXPECT_EQ(r->overflow, 1u);
  EXPECT_EQ(r->acc[0], 0);
  // prod_shift 3: (-3 * 5) >> 3 = floor(-15/8) = -2
  auto an = Dense({-3});
  auto wn = Dense({5});
  std::vector<scnn_pe_vc> v1 = {Vc(1, 1, 1, 1, an, wn)};
  scnn_pe_job j = Job(v1, 1, 1, 1);
  j.prod_shift = 3;
  r = RunPe(j);
  EXPECT_EQ(r->acc[0], -2);
}
}  // namespace

namespace {
// Array schedule (microarch 5.4) on 16x16, 3x3 pad 1, K = 44: Kc = 22 -> 2 jobs.
// Per job: halo H >= 22 channels x 12 words (interior PE) + HALO_TAIL (the exact H
// comes from observing the job; test_model_halo.cc checks it); drain D = 22 x 4
// own cells / PPU_RATE; done = the slowest PE's compute cycles + PE_DONE_LAT.
// S0 = 0, B0 = BANK_DEPTH + JOB_START_LAT + done0 + BARRIER_LAT, E0 = B0 + H0;
// S1 = E0 (no drain before job 0); E1 = S1 + BANK_DEPTH + JOB_START_LAT + done1 +
// BARRIER_LAT + H1; drain_end_0 = S1 + D + DRAIN_LAT < E1, so S2 = E1 and
// end = E1 + D + DRAIN_END_LAT. Only the final drain waits.
TEST(ModelSchedule, TwoJobsHandDerived) {
  REQUIRE_DEFAULT_PARAMS();
  // microarch 5 items 1-5 (HALO_OVERLAP = 0): each job waits for the previous exchange
  Planned p(L(2, 16, 16, 44, 3, 3, 1, 1, 1), 0.5, 0);
  ASSERT_EQ(scnn_plan_num_jobs(p.p), 2);
  uint64_t done[2], H[2];
  scnn_error err;
  for (int j = 0; j < 2; ++j) {
    std::unique_ptr<scnn_job_obs> obs(new scnn_job_obs);
    ASSERT_EQ(scnn_job_observe(p.p, j, obs.get(), &err), 0) << err.msg;
    ASSERT_GT(obs->compute_max, 0u);  // so done_max = compute_max + PE_DONE_LAT
    done[j] = obs->compute_max + SCNN_PE_DONE_LAT;
    EXPECT_EQ(obs->done_max, done[j]);
    H[j] = obs->halo_cycles;
    EXPECT_GE(H[j], 22u * 12u + SCNN_HALO_TAIL);
    EXPECT_EQ(obs->drain_cycles, (22u * 4u + SCNN_PPU_RATE - 1) / SCNN_PPU_RATE);
    EXPECT_EQ(obs->t_start, 0u);  // scnn_job_observe leaves the layer times 0
    scnn_job_obs_free(obs.get());
  }
  const uint64_t D = (22 * 4 + SCNN_PPU_RATE - 1) / SCNN_PPU_RATE;
  const uint64_t pre = SCNN_BANK_DEPTH + SCNN_JOB_START_LAT, post = SCNN_BARRIER_LAT;
  const uint64_t e0 = pre + done[0] + post + H[0];
  const uint64_t e1 = e0 + pre + done[1] + post + H[1];
  ASSERT_GT(e1 - e0, D + SCNN_DRAIN_LAT);
  std::vector<int16_t> out((size_t)44 * 16 * 16);
  scnn_stats st;
  ASSERT_EQ(scnn_run(p.p, nullptr, out.data(), &st, nullptr, nullptr, &err), 0) << err.msg;
  EXPECT_EQ(st.cycles, e1 + D + SCNN_DRAIN_END_LAT);
  EXPECT_EQ(st.loss_halo, (H[0] + H[1]) * SCNN_PE_COUNT * SCNN_MULTS);
  EXPECT_EQ(st.loss_clear, 2 * pre * SCNN_PE_COUNT * SCNN_MULTS);
  EXPECT_EQ(st.loss_drain, (D + SCNN_DRAIN_END_LAT) * SCNN_PE_COUNT * SCNN_MULTS);
  // item 6 (HALO_OVERLAP = 1), the same jobs: job 1 starts at job 0's barrier, its exchange
  // after job 0's, each drain after its exchange
  Planned q(L(2, 16, 16, 44, 3, 3, 1, 1, 1), 0.5, 1);
  const uint64_t b0 = pre + done[0] + post, eo0 = b0 + H[0];
  const uint64_t b1 = b0 + pre + done[1] + post, eo1 = std::max(b1, eo0) + H[1];
  const uint64_t dend0 = eo0 + D + SCNN_DRAIN_LAT;
  ASSERT_EQ(scnn_run(q.p, nullptr, out.data(), &st, nullptr, nullptr, &err), 0) << err.msg;
  EXPECT_EQ(st.cycles, std::max(eo1, dend0) + D + SCNN_DRAIN_END_LAT);
  EXPECT_LT(st.cycles, e1 + D + SCNN_DRAIN_END_LAT);  // the overlap gains cycles here
}

// DCNN (microarch 6) on 16x16, C = 1, K = 2, 3x3 pad 1: every PE has a 2x2 tile
// (4 activations -> 1 vector) and a weight block of 2*9 = 18 values (5 vectors):
// 1 job of max_p 1 * 5 = 5 cycles, whatever the data.
TEST(ModelDcnn, HandChecked) {
  REQUIRE_DEFAULT_PARAMS();
  for (double d : {0.0, 0.3, 1.0}) {
    Planned p(L(1, 16, 16, 2, 3, 3, 1, 1, 1), d);
    std::vector<int16_t> out((size_t)2 * 16 * 16);
    scnn_stats st;
    scnn_error err;
    ASSERT_EQ(scnn_run(p.p, nullptr, out.data(), &st, nullptr, nullptr, &err), 0) << err.msg;
    EXPECT_EQ(st.dcnn_cycles, 5u);
    EXPECT_EQ(st.dense_macs, 2u * 16 * 16 * 9);
  }
  // 13x13, 3x3 pad 1, C = 3, K = 8: Wt = 2; PEs of column/row 6 have 1-wide tiles
  // (13 = 6*2 + 1), so the worst PE has a 2x2 tile: 3 channels x ceil(4/4) x
  // ceil(8*9/4) = 3 x 1 x 18 = 54 cycles (Kc = 8: one job).
  Planned q(L(3, 13, 13, 8, 3, 3, 1, 1, 1), 0.5);
  std::vector<int16_t> out((size_t)8 * 13 * 13);
  scnn_stats st;
  scnn_error err;
  ASSERT_EQ(scnn_run(q.p, nullptr, out.data(), &st, nullptr, nullptr, &err), 0) << err.msg;
  EXPECT_EQ(st.dcnn_cycles, 54u);
}
}  // namespace
