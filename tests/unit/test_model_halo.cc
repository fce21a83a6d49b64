// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// The halo exchange protocol and the array schedule (docs/microarch.md 5.2,
// 5.4) against independent computations written here:
// - a brute-force simulation of the protocol (every cycle, every receiver scans
//   every sender: O(cycles * PE_COUNT^2)) built from the send queues only (the
//   words sorted by sender and lin, not the model's output order), which must
//   give the same grant of every word, the same order and the same H_j;
// - the receivers' accumulators: each PE's compute-only buffer (scnn_pe_run_job)
//   plus the brute-force grant sequence added with scnn_acc_add must equal the
//   model's buffer after the exchange, overflow count included;
// - the schedule recurrence S_j, B_j, E_j, drain_end_{j-1}, layer cycles and the
//   loss breakdown, recomputed from the per-PE compute cycles and own tiles.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "harness.h"
#include "scnn_catalog.h"
#include "scnn_gen.h"
#include "scnn_io.h"
#include "scnn_model.h"
#include "scnn_numerics.h"

namespace {

struct Planned {
  std::string what;
  scnn_layer l;
  std::vector<int16_t> in, w;
  scnn_plan *p = nullptr;
  Planned(const char *name, int C, int H, int W, int K, int R, int S, int st, int pad, int groups,
          double d, uint64_t seed)
      : what(name) {
    l = harness_layer(name, C, H, W, K, R, S, st, pad, groups);
    in.resize((size_t)l.C * l.H * l.W);
    w.resize((size_t)l.K * (l.C / l.groups) * l.R * l.S);
    harness_sparse_values(in.data(), in.size(), d, -300, 300, seed);
    harness_sparse_values(w.data(), w.size(), d, -300, 300, seed + 1);
    Create();
  }
  Planned(const char *net, const char *layer, uint64_t seed)
      : what(std::string(net) + "/" + layer) {
    const scnn_catalog_entry *e = scnn_catalog_find(net, layer);
    EXPECT_NE(e, nullptr) << what;
    if (!e) return;
    scnn_bundle b;
    scnn_error err;
    EXPECT_EQ(scnn_gen_bundle(e, seed, -1, -1, &b, &err), 0) << err.msg;
    l = b.layer;
    in.assign(b.input.data, b.input.data + scnn_tensor_numel(&b.input));
    w.assign(b.weights.data, b.weights.data + scnn_tensor_numel(&b.weights));
    scnn_bundle_free(&b);
    Create();
  }
  // microarch 5 items 1-5: HALO_OVERLAP = 0 (the overlapped schedule: test_model_scatter.cc)
  void Create() {
    scnn_error err;
    scnn_plan_opts o = scnn_plan_opts_default();
    o.halo_overlap = 0;
    EXPECT_EQ(scnn_plan_create_opts(&l, in.data(), w.data(), &o, &p, &err), 0)
        << what << ": " << err.msg;
  }
  ~Planned() { scnn_plan_free(p); }
};

struct Brute {
  std::vector<scnn_halo_word> order;  // grant order, .cycle = grant cycle
  uint64_t H = 0;
  uint64_t blocked = 0;  // requests suppressed by the bank rule
  bool ok = true;
};

// The protocol of microarch 5.2, written as directly as possible.
Brute BruteForce(const scnn_job_obs &obs) {
  Brute r;
  std::vector<std::vector<scnn_halo_word>> q(SCNN_PE_COUNT);
  for (size_t i = 0; i < obs.nhalo; ++i) q[(size_t)obs.halo[i].src_pe].push_back(obs.halo[i]);
  for (auto &v : q)
    std::sort(v.begin(), v.end(), [](const scnn_halo_word &a, const scnn_halo_word &b) {
      return a.src_lin < b.src_lin;
    });
  std::vector<size_t> head(SCNN_PE_COUNT, 0);
  std::vector<std::vector<int>> rx;  // rx[u][pe]: bank of the word pe received in cycle u, or -1
  size_t left = obs.nhalo;
  const uint64_t limit = (uint64_t)obs.nhalo * (SCNN_HALO_RX_LAT + 2) + 16;
  uint64_t u = 0;
  for (; left; ++u) {
    if (u > limit) {
      r.ok = false;
      return r;
    }
    rx.emplace_back(SCNN_PE_COUNT, -1);
    std::vector<int> grant(SCNN_PE_COUNT, -1);  // [receiver] sender
    for (int d = 0; d < SCNN_PE_COUNT; ++d)
      for (int s = 0; s < SCNN_PE_COUNT; ++s) {
        if (head[s] == q[s].size()) continue;
        const scnn_halo_word &w = q[s][head[s]];
        if (w.dst_pe != d) continue;
        if (u >= SCNN_HALO_RX_LAT && rx[u - SCNN_HALO_RX_LAT][s] == (int)scnn_bank_of(w.src_lin)) {
          ++r.blocked;
          continue;
        }
        grant[d] = s;
        break;
      }
    for (int d = 0; d < SCNN_PE_COUNT; ++d) {
      if (grant[d] < 0) continue;
      scnn_halo_word w = q[grant[d]][head[grant[d]]++];
      w.cycle = (uint32_t)u;
      rx[u][d] = (int)scnn_bank_of(w.dst_lin);
      r.order.push_back(w);
      --left;
    }
  }
  r.H = obs.nhalo ? u + SCNN_HALO_TAIL : SCNN_HALO_EMPTY;  // u = u_last + 1 here
  return r;
}

// Checks one job; returns the requests the bank rule blocked.
uint64_t CheckJob(const Planned &P, int j) {
  const std::string what = P.what + " job " + std::to_string(j);
  std::unique_ptr<scnn_job_obs> obs(new scnn_job_obs);
  scnn_error err;
  EXPECT_EQ(scnn_job_observe(P.p, j, obs.get(), &err), 0) << what << ": " << err.msg;
  Brute b = BruteForce(*obs);
  EXPECT_TRUE(b.ok) << what << ": the brute-force simulation did not finish";
  // (a) the same grants in the same order, and H_j
  EXPECT_EQ(b.order.size(), obs->nhalo) << what;
  size_t bad = 0;
  for (size_t i = 0; i < std::min(b.order.size(), obs->nhalo); ++i) {
    const scnn_halo_word &e = b.order[i], &g = obs->halo[i];
    if (e.src_pe != g.src_pe || e.src_lin != g.src_lin || e.dst_pe != g.dst_pe ||
        e.dst_lin != g.dst_lin || e.value != g.value || e.cycle != g.cycle) {
      if (bad++ < 3)
        ADD_FAILURE() << what << ": halo word " << i << ": model " << g.src_pe << ":" << g.src_lin
                      << " -> " << g.dst_pe << ":" << g.dst_lin << " in cycle " << g.cycle
                      << ", brute force " << e.src_pe << ":" << e.src_lin << " -> " << e.dst_pe
                      << ":" << e.dst_lin << " in cycle " << e.cycle;
    }
  }
  EXPECT_EQ(obs->halo_cycles, b.H) << what;
  // (b) lower bound: one word per sender and per receiver per cycle
  uint64_t m = 0;
  for (int pe = 0; pe < SCNN_PE_COUNT; ++pe)
    m = std::max(m, std::max(obs->halo_sent[pe], obs->halo_recv[pe]));
  if (obs->nhalo) {
    EXPECT_GE(obs->halo_cycles, m + SCNN_HALO_TAIL) << what;
  } else {
    EXPECT_EQ(obs->halo_cycles, (uint64_t)SCNN_HALO_EMPTY) << what;
  }
  // (c) order: (cycle, receiver) strictly increasing; per receiver strictly
  // increasing cycles; per sender strictly increasing lin; counts.
  std::vector<int64_t> last_cycle(SCNN_PE_COUNT, -1), last_lin(SCNN_PE_COUNT, -1);
  std::vector<uint64_t> sent(SCNN_PE_COUNT, 0), recv(SCNN_PE_COUNT, 0);
  size_t disorder = 0;
  for (size_t i = 0; i < obs->nhalo; ++i) {
    const scnn_halo_word &w = obs->halo[i];
    if (i) {
      const scnn_halo_word &v = obs->halo[i - 1];
      if (!(v.cycle < w.cycle || (v.cycle == w.cycle && v.dst_pe < w.dst_pe))) ++disorder;
    }
    if ((int64_t)w.cycle <= last_cycle[(size_t)w.dst_pe]) ++disorder;
    if ((int64_t)w.src_lin <= last_lin[(size_t)w.src_pe]) ++disorder;
    last_cycle[(size_t)w.dst_pe] = w.cycle;
    last_lin[(size_t)w.src_pe] = w.src_lin;
    ++sent[(size_t)w.src_pe];
    ++recv[(size_t)w.dst_pe];
  }
  EXPECT_EQ(disorder, 0u) << what;
  for (int pe = 0; pe < SCNN_PE_COUNT; ++pe) {
    EXPECT_EQ(sent[(size_t)pe], obs->halo_sent[pe]) << what << " PE " << pe;
    EXPECT_EQ(recv[(size_t)pe], obs->halo_recv[pe]) << what << " PE " << pe;
  }
  // Accumulators: compute-only buffers + the brute-force grants, in grant order.
  const scnn_sublayer *s = scnn_plan_sublayer(P.p, scnn_plan_job(P.p, j)->sub);
  std::vector<scnn_pe_vc> vbuf((size_t)s->nv + 1);
  std::vector<std::unique_ptr<scnn_pe_result>> pre(SCNN_PE_COUNT);
  for (int pe = 0; pe < SCNN_PE_COUNT; ++pe) {
    scnn_pe_job job;
    EXPECT_EQ(scnn_plan_pe_job(P.p, j, pe, &job, vbuf.data(), (int)vbuf.size()), 0);
    pre[(size_t)pe].reset(new scnn_pe_result);
    EXPECT_EQ(scnn_pe_run_job(&job, pre[(size_t)pe].get(), &err), 0) << err.msg;
  }
  std::vector<uint64_t> ovf(SCNN_PE_COUNT, 0);
  for (const scnn_halo_word &w : b.order) {
    int32_t *c = &pre[(size_t)w.dst_pe]->acc[w.dst_lin];
    *c = scnn_acc_add(*c, w.value, &ovf[(size_t)w.dst_pe]);
  }
  size_t acc_bad = 0;
  for (int pe = 0; pe < SCNN_PE_COUNT; ++pe) {
    EXPECT_EQ(ovf[(size_t)pe], obs->halo_overflow[pe]) << what << " PE " << pe;
    for (int i = 0; i < SCNN_ACC_ENTRIES; ++i)
      acc_bad += pre[(size_t)pe]->acc[i] != obs->pe[pe].acc[i];
  }
  EXPECT_EQ(acc_bad, 0u) << what << ": accumulators after the exchange";
  scnn_job_obs_free(obs.get());
  return b.blocked;
}

TEST(ModelHaloProtocol, AgainstBruteForce) {
  uint64_t blocked = 0;
  {
    Planned P("16x16_3x3", 1, 16, 16, 1, 3, 3, 1, 1, 1, 1.0, 11);  // 644 words
    blocked += CheckJob(P, 0);
  }
  {
    Planned P("3x6_recv", 1, 3, 6, 1, 3, 3, 1, 0, 1, 1.0, 13);  // receiving dominates
    blocked += CheckJob(P, 0);
  }
  {
    Planned P("conv3_like", 8, 13, 13, 40, 3, 3, 1, 1, 1, 0.4, 15);  // several channels
    for (int j = 0; j < scnn_plan_num_jobs(P.p); ++j) blocked += CheckJob(P, j);
  }
  {
    Planned P("conv2_like", 4, 27, 27, 6, 5, 5, 1, 2, 2, 0.5, 17);  // groups, 5x5
    for (int j = 0; j < scnn_plan_num_jobs(P.p); ++j) blocked += CheckJob(P, j);
  }
  {
    Planned P("conv1_like", 3, 35, 35, 4, 11, 11, 4, 0, 1, 0.6, 19);  // stride 4
    blocked += CheckJob(P, 0);
  }
  {
    Planned P("stride2_7x7", 2, 29, 29, 5, 7, 7, 2, 3, 1, 0.5, 21);
    blocked += CheckJob(P, 0);
  }
  {
    Planned P("odd_5x7", 3, 5, 7, 6, 3, 3, 1, 1, 1, 1.0, 23);  // plane < 8x8
    blocked += CheckJob(P, 0);
  }
  {
    Planned P("1x1", 4, 28, 28, 8, 1, 1, 1, 0, 1, 0.5, 25);  // no halo: H = HALO_EMPTY
    blocked += CheckJob(P, 0);
  }
  // The bank rule must have been exercised by these layers (else the test
  // would not see a model that ignores it).
  EXPECT_GT(blocked, 0u);
}

TEST(ModelHaloProtocol, CatalogJobs) {
  {
    Planned P("alexnet", "conv5", 7);
    const int n = scnn_plan_num_jobs(P.p);
    CheckJob(P, 0);
    CheckJob(P, n - 1);
  }
  {
    Planned P("googlenet", "inception_3a_5x5", 7);
    CheckJob(P, 0);
  }
}

// ---- Schedule (microarch 5.4) ----------------------------------------------

struct JobRec {
  uint64_t t_start, t_barrier, t_halo_end, t_drain_end_prev, done_max, H, D, done_indep, D_indep;
};

struct Ctx {
  const scnn_plan *p;
  std::vector<JobRec> jobs;
};

void Hook(void *ctx, const scnn_job_obs *obs) {
  Ctx *c = static_cast<Ctx *>(ctx);
  JobRec r;
  r.t_start = obs->t_start;
  r.t_barrier = obs->t_barrier;
  r.t_halo_end = obs->t_halo_end;
  r.t_drain_end_prev = obs->t_drain_end_prev;
  r.done_max = obs->done_max;
  r.H = obs->halo_cycles;
  r.D = obs->drain_cycles;
  r.done_indep = 0;
  for (int pe = 0; pe < SCNN_PE_COUNT; ++pe) {
    const uint64_t cc = obs->pe[pe].compute_cycles;
    const uint64_t done = cc ? cc + SCNN_PE_DONE_LAT : (uint64_t)SCNN_PE_EMPTY_DONE;
    r.done_indep = std::max(r.done_indep, done);
  }
  const scnn_sublayer *s = scnn_plan_sublayer(c->p, scnn_plan_job(c->p, obs->job)->sub);
  r.D_indep = 0;
  for (int pe = 0; pe < SCNN_PE_COUNT; ++pe) {
    const uint64_t cells = (uint64_t)obs->kg * s->own[pe].w * s->own[pe].h;
    r.D_indep = std::max(r.D_indep, (cells + SCNN_PPU_RATE - 1) / SCNN_PPU_RATE);
  }
  c->jobs.push_back(r);
}

// Returns the number of jobs whose start the previous drain delayed.
int CheckSchedule(const Planned &P) {
  Ctx c{P.p, {}};
  std::vector<int16_t> out((size_t)P.l.K * scnn_layer_out_h(&P.l) * scnn_layer_out_w(&P.l));
  scnn_stats st;
  scnn_error err;
  EXPECT_EQ(scnn_run(P.p, nullptr, out.data(), &st, Hook, &c, &err), 0) << err.msg;
  const size_t J = c.jobs.size();
  EXPECT_EQ(J, (size_t)scnn_plan_num_jobs(P.p)) << P.what;
  const uint64_t lanes = (uint64_t)SCNN_PE_COUNT * SCNN_MULTS;
  uint64_t S = 0, halo = 0, drain_wait = 0;
  int drain_bound = 0;
  for (size_t j = 0; j < J; ++j) {
    const JobRec &r = c.jobs[j];
    const std::string what = P.what + " job " + std::to_string(j);
    EXPECT_EQ(r.done_max, r.done_indep) << what;
    EXPECT_EQ(r.D, r.D_indep) << what;
    const uint64_t B = S + SCNN_BANK_DEPTH + SCNN_JOB_START_LAT + r.done_indep + SCNN_BARRIER_LAT;
    const uint64_t E = B + r.H;
    const uint64_t dep = j ? S + c.jobs[j - 1].D_indep + SCNN_DRAIN_LAT : 0;
    EXPECT_EQ(r.t_start, S) << what;
    EXPECT_EQ(r.t_barrier, B) << what;
    EXPECT_EQ(r.t_halo_end, E) << what;
    EXPECT_EQ(r.t_drain_end_prev, dep) << what;
    halo += r.H;
    if (dep > E) {
      ++drain_bound;
      drain_wait += dep - E;
    }
    S = std::max(E, dep);
  }
  const uint64_t cycles = J ? S + c.jobs[J - 1].D_indep + SCNN_DRAIN_END_LAT : 0;
  EXPECT_EQ(st.cycles, cycles) << P.what;
  EXPECT_EQ(st.loss_halo, halo * lanes) << P.what;
  EXPECT_EQ(st.loss_clear, J * (SCNN_BANK_DEPTH + SCNN_JOB_START_LAT) * lanes) << P.what;
  if (J) {
    EXPECT_EQ(st.loss_drain,
              (drain_wait + c.jobs[J - 1].D_indep + SCNN_DRAIN_END_LAT) * lanes) << P.what;
  }
  EXPECT_EQ(st.products_valid + st.loss_fragmentation + st.loss_conflict + st.loss_fifo_pipe +
                st.loss_imbalance + st.loss_clear + st.loss_halo + st.loss_drain,
            st.cycles * lanes)
      << P.what;
  return drain_bound;
}

TEST(ModelSchedule, RecurrenceAndLosses) {
  {
    // 1x1 on 64x64, C = 1: long drains (Kc = 16 channels of 8x8 own cells), short
    // compute and no halo: the previous drain delays the starts.
    Planned P("drain_bound", 1, 64, 64, 64, 1, 1, 1, 0, 1, 0.5, 31);
    EXPECT_GT(CheckSchedule(P), 0) << P.what;
  }
  {
    // 3x3 with several jobs and real halos: the halo end sets the starts.
    Planned P("halo_bound", 4, 16, 16, 64, 3, 3, 1, 1, 1, 0.5, 33);
    EXPECT_EQ(CheckSchedule(P), 0) << P.what;
  }
  {
    Planned P("groups", 4, 27, 27, 6, 5, 5, 1, 2, 2, 0.5, 35);
    CheckSchedule(P);
  }
  {
    Planned P("empty", 2, 12, 12, 4, 3, 3, 1, 1, 1, 0.0, 37);  // no pair: PE_EMPTY_DONE
    CheckSchedule(P);
  }
}

}  // namespace
