// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
//
// The [model; RTL pending] extensions of docs/microarch.md: the bank queues of the scatter
// network (4.3, hand-derived traces), the bank map (4.2, bijective on every region), the weight
// order (3, every parameter combination equals the dense reference) and the overlapped halo
// schedule (5.6, the recurrences re-implemented here from the per-job durations).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

#include "harness.h"
#include "scnn_codec.h"
#include "scnn_model.h"
#include "scnn_ref.h"

namespace {

// nch identical virtual channels, 1 x sv filter, a w x h tile at (0, 0), region = tile
// (rx0 = ry0 = 0), kg = 1, dense blocks given position by position.
struct HandJob {
  std::vector<scnn_entry> act, wgt;
  std::vector<scnn_pe_vc> vc;
  scnn_pe_job job;
  HandJob(int w, int h, int sv, const std::vector<int16_t> &dense_act,
          const std::vector<int16_t> &dense_wgt, int qdepth, int nch = 1) {
    act.resize(dense_act.size() + 1);
    act.resize(scnn_encode(dense_act.data(), dense_act.size(), act.data(), act.size()));
    wgt.resize(dense_wgt.size() + 1);
    wgt.resize(scnn_encode(dense_wgt.data(), dense_wgt.size(), wgt.data(), wgt.size()));
    vc.resize((size_t)nch);
    for (auto &v : vc) {
      std::memset(&v, 0, sizeof v);
      v.w = w;
      v.h = h;
      v.rv = 1;
      v.sv = sv;
      v.act = act.data();
      v.nact = (uint32_t)act.size();
      v.wgt = wgt.data();
      v.nwgt = (uint32_t)wgt.size();
    }
    std::memset(&job, 0, sizeof job);
    job.nv = nch;
    job.v = vc.data();
    job.rw = w;
    job.rh = h;
    job.kg = 1;
    job.own_w = w;
    job.own_h = h;
    job.wgt_order = SCNN_WORDER_KRS;
    job.xbar_qdepth = qdepth;
  }
  std::unique_ptr<scnn_pe_result> Run() {
    std::unique_ptr<scnn_pe_result> r(new scnn_pe_result);
    scnn_error err;
    EXPECT_EQ(scnn_pe_run_job(&job, r.get(), &err), 0) << err.msg;
    return r;
  }
};

// Job cycle 0 pushes the first weight vector; it is usable from cycle 1 (4.4), so the first
// pair issues in cycle 1. Compute cycles = last issue + 1 + tail + PE_PIPE_DEPTH (4.5).
//
// The pair used below: a 4 x 1 tile with activations (1, 2, 3, 4) at x = 0..3, a 1 x 4 filter
// (1, 1, 1, 1) at s = 0..3, pad 0: lane f*I + i (s = f, x = i) reaches lin x - s when x >= s.
// Lin 0 gets lanes 0, 5, 10, 15, lin 1 lanes 1, 6, 11, lin 2 lanes 2, 7, lin 3 lane 3. Lins
// 0..3 are entry 0 of banks 0..3 (every BANK_SWZ_MUL), so the bank counts are 4, 3, 2, 1, and
// acc = (10, 9, 7, 4) per channel.

// One pair, depth 2. By hand: cycle 1: bank 0 accepts lanes 0, 5, 10 (Q + 1 = 3 slots) and pops
// lane 0 (occupancy 2); bank 1 accepts all 3, pops 1 (occupancy 2); bank 2: 2, pops 1 (1); bank
// 3: 1, pops it (0). Cycle 2: bank 0 accepts lane 15 and pops (2), the pair leaves (last
// issue 2); bank 1 pops (1), bank 2 pops (0). Cycles 3, 4: bank 0 pops twice, bank 1 once.
// Tail 2, bank 0 stalled 1 cycle, peak occupancy 2.
TEST(ScatterQueue, OnePairDepth2) {
  HandJob h(4, 1, 4, {1, 2, 3, 4}, {1, 1, 1, 1}, 2);
  auto r = h.Run();
  EXPECT_EQ(r->pairs, 1u);
  EXPECT_EQ(r->issue_cycles, 2u);
  EXPECT_EQ(r->conflict_cycles, 1u);
  EXPECT_EQ(r->xbar_tail_cycles, 2u);
  EXPECT_EQ(r->compute_cycles, 5u + SCNN_PE_PIPE_DEPTH);
  const uint64_t stall2[4] = {1, 0, 0, 0};
  for (int b = 0; b < 4; ++b) EXPECT_EQ(r->bank_stall[b], stall2[b]) << "bank " << b;
  EXPECT_EQ(r->queue_max, 2u);
  const int32_t acc[4] = {10, 9, 7, 4};
  for (int l = 0; l < 4; ++l) EXPECT_EQ(r->acc[l], acc[l]) << "lin " << l;
  // Depth 0 (the original contract): 4 issue cycles 1..4, bank b stalls cnt_b - 1 of them.
  h.job.xbar_qdepth = 0;
  auto r0 = h.Run();
  EXPECT_EQ(r0->issue_cycles, 4u);
  EXPECT_EQ(r0->xbar_tail_cycles, 0u);
  EXPECT_EQ(r0->compute_cycles, 5u + SCNN_PE_PIPE_DEPTH);
  const uint64_t stall0[4] = {3, 2, 1, 0};
  for (int b = 0; b < 4; ++b) EXPECT_EQ(r0->bank_stall[b], stall0[b]) << "bank " << b;
  EXPECT_EQ(r0->queue_max, 0u);
  for (int l = 0; l < 4; ++l) EXPECT_EQ(r0->acc[l], acc[l]) << "lin " << l;
}

// The same pair twice (two identical channels), depth 2. Pair 1 as above (cycles 1-2), then
// occupancies (2, 1, 0, 0). Channel 2's vector is pushed in cycle 1, usable in cycle 2, and
// channel 1 ends in cycle 2, so pair 2 enters in cycle 3 with bank 0 full: counts + occupancy
// (6, 4, 2, 1), so it is blocked (one slot per cycle, the pop's) through cycle 6: n = 6 - 2 = 4.
// After it bank 0 holds 2 (tail 2): compute 9 + PE_PIPE_DEPTH. Stalls: bank 0 1 + 3, bank 1
// 0 + 1. Depth 0: 8 issue cycles 1..8, the same compute cycles.
TEST(ScatterQueue, IssueBlockedWhileTheQueueIsFull) {
  HandJob h(4, 1, 4, {1, 2, 3, 4}, {1, 1, 1, 1}, 2, 2);
  auto r = h.Run();
  EXPECT_EQ(r->pairs, 2u);
  EXPECT_EQ(r->issue_cycles, 6u);
  EXPECT_EQ(r->xbar_tail_cycles, 2u);
  EXPECT_EQ(r->compute_cycles, 9u + SCNN_PE_PIPE_DEPTH);
  EXPECT_EQ(r->bank_stall[0], 4u);
  EXPECT_EQ(r->bank_stall[1], 1u);
  EXPECT_EQ(r->bank_stall[2], 0u);
  EXPECT_EQ(r->queue_max, 2u);
  const int32_t acc[4] = {20, 18, 14, 8};
  for (int l = 0; l < 4; ++l) EXPECT_EQ(r->acc[l], acc[l]) << "lin " << l;
  h.job.xbar_qdepth = 0;
  auto r0 = h.Run();
  EXPECT_EQ(r0->issue_cycles, 8u);
  EXPECT_EQ(r0->compute_cycles, 9u + SCNN_PE_PIPE_DEPTH);
  // Depth 8: pair 1 in cycle 1 (occupancies 3, 2, 1, 0 after it), pair 2 in cycle 2 (counts +
  // occupancy 7, 5, 3, 1 <= 9): occupancies 6, 4, 2, 0 after it: tail 6, compute 9 + PIPE.
  h.job.xbar_qdepth = 8;
  auto r8 = h.Run();
  EXPECT_EQ(r8->issue_cycles, 2u);
  EXPECT_EQ(r8->xbar_tail_cycles, 6u);
  EXPECT_EQ(r8->compute_cycles, 9u + SCNN_PE_PIPE_DEPTH);
  EXPECT_EQ(r8->queue_max, 6u);
}

// Addition order: a 3 x 1 tile, a 1 x 3 filter (weights 30000 at s = 0, 1, 2), activations
// +200, +200, -200 at x = 0, 1, 2. Lanes 0 (x0,s0), 5 (x1,s1), 10 (x2,s2) all reach lin 0 with
// +6e6, +6e6, -6e6: in lane order the 2nd and the 3rd addition leave the 24-bit range (2
// overflows); any other order would count fewer. Lin 1 gets lane 1 (+6e6) then lane 6 (-6e6),
// lin 2 lane 2 (-6e6): no overflow. Bank counts 3, 2, 1 (lins 0..2 are entry 0 of banks
// 0..2): depth 0 takes 3 issue cycles (1..3); depth 2 one (cycle 1), then bank 0 holds 2
// (tail 2). Compute = 4 + PE_PIPE_DEPTH either way.
TEST(ScatterQueue, AdditionsInLaneOrderForEveryDepth) {
  for (int qd : {0, 1, 2, 4, 8}) {
    HandJob h(3, 1, 3, {200, 200, -200}, {30000, 30000, 30000}, qd);  // prod_shift 0
    auto r = h.Run();
    EXPECT_EQ(r->overflow, 2u) << "depth " << qd;
    EXPECT_EQ(r->acc[0], 6000000) << "depth " << qd;
    EXPECT_EQ(r->acc[1], 0) << "depth " << qd;
    EXPECT_EQ(r->acc[2], -6000000) << "depth " << qd;
    EXPECT_EQ(r->compute_cycles, 4u + SCNN_PE_PIPE_DEPTH) << "depth " << qd;
    const uint64_t n = qd == 0 ? 3 : qd == 1 ? 2 : 1;
    EXPECT_EQ(r->issue_cycles, n) << "depth " << qd;
    EXPECT_EQ(r->xbar_tail_cycles, 3 - n) << "depth " << qd;
  }
}

// Bank map (microarch 4.2): for every region shape rw x rh x kg <= ACC_ENTRIES, the cells map
// to distinct (bank, entry) pairs inside the buffer, and lin_of inverts the map.
TEST(BankMap, BijectiveOnEveryRegion) {
  std::vector<int> seen((size_t)SCNN_ACC_ENTRIES, -1);
  int stamp = 0;
  for (int rw = 1; rw <= SCNN_ACC_ENTRIES; ++rw)
    for (int rh = 1; rw * rh <= SCNN_ACC_ENTRIES; ++rh) {
      // kg = the largest fitting group covers every smaller kg (its cells are a prefix).
      const int kg = SCNN_ACC_ENTRIES / (rw * rh);
      ++stamp;
      for (int k = 0; k < kg; ++k)
        for (int y = 0; y < rh; ++y)
          for (int x = 0; x < rw; ++x) {
            const uint32_t lin = (uint32_t)((k * rh + y) * rw + x);
            const uint32_t b = scnn_bank_of(lin), e = scnn_entry_of(lin);
            ASSERT_LT(b, (uint32_t)SCNN_A);
            ASSERT_LT(e, (uint32_t)SCNN_BANK_DEPTH);
            const size_t slot = (size_t)e * SCNN_A + b;
            ASSERT_NE(seen[slot], stamp) << "region " << rw << "x" << rh << "x" << kg
                                         << ": lin " << lin << " collides";
            seen[slot] = stamp;
            ASSERT_EQ(scnn_lin_of(b, e), lin);
          }
    }
}

// Every combination of weight order, queue depth and halo overlap gives the dense reference's
// output, bit for bit, on small layers (3x3, stride 2 with phases, grouped, 1x1, passes).
TEST(ScatterCombos, EveryCombinationEqualsTheDenseReference) {
  const int cfg[][9] = {{6, 12, 12, 20, 3, 3, 1, 1, 1}, {4, 17, 17, 12, 5, 5, 2, 2, 1},
                        {8, 10, 10, 16, 3, 3, 1, 1, 2}, {16, 9, 9, 40, 1, 1, 1, 0, 1},
                        {3, 35, 35, 8, 11, 11, 4, 0, 1}};
  int layer = 0;
  for (auto &c : cfg) {
    scnn_layer l = harness_layer("combo", c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8]);
    l.prod_shift = 2;
    l.out_shift = 4;
    std::vector<int16_t> in((size_t)l.C * l.H * l.W), w((size_t)l.K * l.C / l.groups * l.R * l.S);
    harness_sparse_values(in.data(), in.size(), 0.5, -300, 300, 11 + layer);
    harness_sparse_values(w.data(), w.size(), 0.4, -300, 300, 21 + layer);
    ++layer;
    const size_t no = (size_t)l.K * scnn_layer_out_h(&l) * scnn_layer_out_w(&l);
    std::vector<int16_t> ref(no), out(no);
    scnn_conv_ref(&l, in.data(), w.data(), ref.data(), NULL);
    for (int wo : {SCNN_WORDER_KRS, SCNN_WORDER_RSK})
      for (int qd : {0, 1, 2, 4, 8})
        for (int ho : {0, 1}) {
          scnn_plan_opts o = scnn_plan_opts_default();
          o.weight_order = wo;
          o.xbar_qdepth = qd;
          o.halo_overlap = ho;
          scnn_plan *p;
          scnn_error err;
          ASSERT_EQ(scnn_plan_create_opts(&l, in.data(), w.data(), &o, &p, &err), 0) << err.msg;
          std::fill(out.begin(), out.end(), (int16_t)0x5a5a);
          scnn_stats st;
          ASSERT_EQ(scnn_run(p, NULL, out.data(), &st, NULL, NULL, &err), 0) << err.msg;
          scnn_plan_free(p);
          EXPECT_TRUE(out == ref) << "layer " << layer << " order " << wo << " depth " << qd
                                  << " overlap " << ho;
          // the lane-cycle breakdown still adds up to all lane-cycles
          const uint64_t lanes = (uint64_t)SCNN_PE_COUNT * SCNN_MULTS;
          EXPECT_EQ(st.products_valid + st.loss_fragmentation + st.loss_conflict +
                        st.loss_fifo_pipe + st.loss_imbalance + st.loss_clear + st.loss_halo +
                        st.loss_drain,
                    st.cycles * lanes)
              << "layer " << layer << " order " << wo << " depth " << qd << " overlap " << ho;
        }
  }
}

// The overlapped schedule (microarch 5.6) re-derived from the per-job durations the model
// reports (done_max, H_j, D_j): a 2-job layer (K = 2 * Kc) and a longer one.
struct Sched {
  std::vector<scnn_job_obs> jobs;  // the scalar fields only (pointers cleared)
};
void Hook(void *ctx, const scnn_job_obs *o) {
  scnn_job_obs c;
  std::memcpy(&c, o, sizeof c);
  c.halo = NULL;
  c.out_off = NULL;
  c.out_cnt = NULL;
  c.out_entries = NULL;
  static_cast<Sched *>(ctx)->jobs.push_back(c);
}

void CheckSchedule(const scnn_layer &l, const std::vector<int16_t> &in,
                   const std::vector<int16_t> &w, int overlap, size_t want_jobs,
                   int *delayed_halos) {
  *delayed_halos = 0;
  scnn_plan_opts o = scnn_plan_opts_default();
  o.halo_overlap = overlap;
  scnn_plan *p;
  scnn_error err;
  ASSERT_EQ(scnn_plan_create_opts(&l, in.data(), w.data(), &o, &p, &err), 0) << err.msg;
  std::unique_ptr<Sched> s(new Sched);
  scnn_stats st;
  ASSERT_EQ(scnn_run(p, NULL, NULL, &st, Hook, s.get(), &err), 0) << err.msg;
  scnn_plan_free(p);
  ASSERT_EQ(s->jobs.size(), want_jobs);
  // The recurrences, written out.
  const uint64_t clr = SCNN_BANK_DEPTH + SCNN_JOB_START_LAT;
  uint64_t S = 0, E_prev = 0, DE_prev = 0, DS = 0, D_prev = 0;
  for (size_t j = 0; j < s->jobs.size(); ++j) {
    const scnn_job_obs &J = s->jobs[j];
    const uint64_t B = S + clr + J.done_max + SCNN_BARRIER_LAT;
    const uint64_t HS = (j && overlap && E_prev > B) ? E_prev : B;
    const uint64_t E = HS + J.halo_cycles;
    const uint64_t DEp = j ? DS + D_prev + SCNN_DRAIN_LAT : 0;  // drain_end_{j-1}
    const uint64_t DSj = std::max(E, DEp);
    EXPECT_EQ(J.t_start, S) << "job " << j;
    EXPECT_EQ(J.t_barrier, B) << "job " << j;
    EXPECT_EQ(J.t_halo_start, HS) << "job " << j;
    EXPECT_EQ(J.t_halo_end, E) << "job " << j;
    EXPECT_EQ(J.t_drain_end_prev, DEp) << "job " << j;
    EXPECT_EQ(J.t_drain_start, DSj) << "job " << j;
    *delayed_halos += HS > B;
    S = overlap ? std::max(B, DEp) : DSj;
    E_prev = E;
    DE_prev = DEp;
    DS = DSj;
    D_prev = J.drain_cycles;
  }
  (void)DE_prev;
  EXPECT_EQ(st.cycles, DS + D_prev + SCNN_DRAIN_END_LAT);
}

TEST(HaloOverlap, ScheduleRecurrences) {
  // 2 jobs: 3x3 conv on 16x16 with K = 2 * Kc (Kc from the accumulator and FIFO rules).
  scnn_layer l = harness_layer("two", 8, 16, 16, 512, 3, 3, 1, 1, 1);
  {
    scnn_plan *p;
    scnn_error err;
    std::vector<int16_t> in((size_t)8 * 16 * 16, 1), w((size_t)512 * 8 * 9, 1);
    ASSERT_EQ(scnn_plan_create(&l, in.data(), w.data(), &p, &err), 0) << err.msg;
    const int kc = scnn_plan_sublayer(p, 0)->kc;
    scnn_plan_free(p);
    ASSERT_LT(2 * kc, 512);
    l = harness_layer("two", 8, 16, 16, 2 * kc, 3, 3, 1, 1, 1);
  }
  std::vector<int16_t> in((size_t)l.C * l.H * l.W), w((size_t)l.K * l.C * l.R * l.S);
  harness_sparse_values(in.data(), in.size(), 0.5, -99, 99, 3);
  harness_sparse_values(w.data(), w.size(), 0.4, -99, 99, 4);
  int delayed;
  for (int ov : {0, 1}) CheckSchedule(l, in, w, ov, 2, &delayed);
  // Many short jobs with long halo exchanges (a 5x5 filter on a small plane, few channels):
  // halo exchanges outlast the next job's compute.
  scnn_layer m = harness_layer("many", 2, 12, 12, 200, 5, 5, 1, 2, 1);
  std::vector<int16_t> in2((size_t)m.C * m.H * m.W), w2((size_t)m.K * m.C * m.R * m.S);
  harness_sparse_values(in2.data(), in2.size(), 0.3, -99, 99, 5);
  harness_sparse_values(w2.data(), w2.size(), 0.2, -99, 99, 6);
  scnn_plan *p;
  scnn_error err;
  ASSERT_EQ(scnn_plan_create(&m, in2.data(), w2.data(), &p, &err), 0) << err.msg;
  const size_t nj = (size_t)scnn_plan_num_jobs(p);
  scnn_plan_free(p);
  CheckSchedule(m, in2, w2, 0, nj, &delayed);
  EXPECT_EQ(delayed, 0);
  CheckSchedule(m, in2, w2, 1, nj, &delayed);
  EXPECT_GT(delayed, 0) << "no halo exchange outlasted the next job's compute";
}

}  // namespace
