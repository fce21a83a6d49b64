// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// An independent, deliberately naive cycle-stepping simulation of one PE job,
// written straight from docs/microarch.md section 4 (decode with scnn_decode,
// a cycle loop with an explicit FIFO occupancy, the pair's bank counts from the
// lane list, explicit bank queues of microarch 4.3), compared with scnn_pe_run_job on random
// jobs and every queue depth 0, 1, 2, 4, 8: accumulator values, overflow count, pairs, issue
// cycles, compute cycles, queue tail, peak occupancy and per-bank stall counters.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

#include "harness.h"
#include "scnn_model.h"
#include "scnn_numerics.h"
#include "scnn_rng.h"

namespace {

struct Naive {
  std::vector<int32_t> acc = std::vector<int32_t>(SCNN_ACC_ENTRIES, 0);
  uint64_t overflow = 0, pairs = 0, issue = 0, compute = 0, tail = 0;
  uint64_t stall[SCNN_A] = {0};
  uint32_t queue_max = 0;
};

// The bank queues of microarch 4.3 with explicit contents: the pair in the issue stage keeps,
// per bank, its not yet accepted products in lane order; in every cycle bank b accepts the
// lowest min(left, Q + 1 - |queue b|) of them behind its queue, then pops the queue's head into
// its adder. The pair leaves the issue stage in the cycle its last product is accepted.
Naive Simulate(const scnn_pe_job &job) {
  Naive out;
  struct Ch {
    const scnn_pe_vc *v;
    std::vector<uint32_t> apos, wpos;
    int nwv;
  };
  struct Prod {
    uint32_t lin;
    int32_t t;
  };
  std::vector<Ch> ch;
  for (int i = 0; i < job.nv; ++i) {
    const scnn_pe_vc &v = job.v[i];
    if (v.nact == 0 || v.nwgt == 0) continue;
    Ch c;
    c.v = &v;
    c.apos.resize(v.nact);
    c.wpos.resize(v.nwgt);
    scnn_entry_positions(v.act, v.nact, c.apos.data());
    scnn_entry_positions(v.wgt, v.nwgt, c.wpos.data());
    c.nwv = (int)((v.nwgt + SCNN_F - 1) / SCNN_F);
    ch.push_back(c);
  }
  const int total_vec = [&] {
    int t = 0;
    for (auto &c : ch) t += c.nwv;
    return t;
  }();
  const size_t Q = (size_t)job.xbar_qdepth;
  std::vector<long> end(ch.size(), -1);  // last issue cycle of each channel (-1: not yet)
  std::vector<long> push_t;               // push cycle of each vector
  size_t cur = 0;                         // channel issuing or next to issue
  uint32_t av = 0, wv = 0;                // next pair of the current channel
  long last_issue = -1, last_pop = -1;
  bool stage = false;      // a pair is in the issue stage
  size_t stage_ch = 0;     // its channel
  bool stage_last = false; // it is its channel's last pair
  std::vector<std::vector<Prod>> left(SCNN_A), queue(SCNN_A);
  auto queues_empty = [&] {
    for (auto &q : queue)
      if (!q.empty()) return false;
    return true;
  };
  for (long t = 0; cur < ch.size() || stage || !queues_empty() || (int)push_t.size() < total_vec;
       ++t) {
    // Push: one vector per cycle if a slot is free in this cycle.
    int freed = 0;
    for (size_t j = 0; j < ch.size(); ++j)
      if (end[j] >= 0 && end[j] + 1 <= t) freed += ch[j].nwv;
    if ((int)push_t.size() < total_vec && (int)push_t.size() - freed < SCNN_WFIFO_DEPTH)
      push_t.push_back(t);
    // Load the next pair into an empty issue stage.
    if (!stage && cur < ch.size()) {
      Ch &c = ch[cur];
      int base = 0;
      for (size_t j = 0; j < cur; ++j) base += ch[j].nwv;
      bool ready = (int)push_t.size() >= base + c.nwv && push_t[base + c.nwv - 1] < t &&
                   (cur == 0 || (end[cur - 1] >= 0 && end[cur - 1] < t));
      if (ready) {
        // One pair: lanes f*I + i in order.
        const scnn_pe_vc &v = *c.v;
        for (uint32_t f = 0; f < SCNN_F; ++f)
          for (uint32_t i = 0; i < SCNN_I; ++i) {
            const uint32_t we = wv * SCNN_F + f, ae = av * SCNN_I + i;
            if (we >= v.nwgt || ae >= v.nact) continue;
            if (v.wgt[we].value == 0 || v.act[ae].value == 0) continue;
            const int q = (int)c.wpos[we], pa = (int)c.apos[ae];
            const int x = v.x0 + pa % v.w, y = v.y0 + pa / v.w;
            int k, r, s;
            if (job.wgt_order == SCNN_WORDER_RSK) {
              k = q % job.kg;
              r = (q / job.kg) / v.sv;
              s = (q / job.kg) % v.sv;
            } else {
              k = q / (v.rv * v.sv);
              r = (q / v.sv) % v.rv;
              s = q % v.sv;
            }
            const int xo = x - s + v.pad_x, yo = y - r + v.pad_y;
            if (xo < job.rx0 || xo >= job.rx0 + job.rw || yo < job.ry0 || yo >= job.ry0 + job.rh)
              continue;
            const uint32_t lin = (uint32_t)((k * job.rh + (yo - job.ry0)) * job.rw + (xo - job.rx0));
            left[scnn_bank_of(lin)].push_back(
                {lin, scnn_shifted_product(v.wgt[we].value, v.act[ae].value, job.prod_shift)});
          }
        ++out.pairs;
        stage = true;
        stage_ch = cur;
        stage_last = false;
        if (++wv == (uint32_t)c.nwv) {
          wv = 0;
          if (++av == (v.nact + SCNN_I - 1) / SCNN_I) {
            av = 0;
            stage_last = true;
            ++cur;
          }
        }
      }
    }
    // Accept into the queues.
    if (stage) {
      ++out.issue;
      bool done = true;
      for (int b = 0; b < SCNN_A; ++b) {
        const size_t room = Q + 1 - queue[b].size();
        const size_t a = std::min(room, left[b].size());
        queue[b].insert(queue[b].end(), left[b].begin(), left[b].begin() + (long)a);
        left[b].erase(left[b].begin(), left[b].begin() + (long)a);
        if (!left[b].empty()) {
          done = false;
          ++out.stall[b];
        }
      }
      if (done) {
        stage = false;
        last_issue = t;
        if (stage_last) end[stage_ch] = t;
      }
    }
    // Pop one product per bank into its adder.
    for (int b = 0; b < SCNN_A; ++b) {
      if (queue[b].empty()) continue;
      const Prod pr = queue[b].front();
      queue[b].erase(queue[b].begin());
      out.acc[pr.lin] = scnn_acc_add(out.acc[pr.lin], pr.t, &out.overflow);
      last_pop = t;
      out.queue_max = std::max(out.queue_max, (uint32_t)queue[b].size());
    }
    if (t > 10000000) break;  // a bug, not a job: fail below
  }
  // The job's compute ends PE_PIPE_DEPTH cycles after the later of the last issue cycle and
  // the last pop (a pair without a valid lane issues but pops nothing).
  out.tail = last_pop > last_issue ? (uint64_t)(last_pop - last_issue) : 0;
  out.compute = out.pairs ? (uint64_t)(last_issue + 1) + out.tail + SCNN_PE_PIPE_DEPTH : 0;
  return out;
}

void Compare(const scnn_pe_job &job, const char *what) {
  std::unique_ptr<scnn_pe_result> r(new scnn_pe_result);
  scnn_error err;
  ASSERT_EQ(scnn_pe_run_job(&job, r.get(), &err), 0) << what << ": " << err.msg;
  Naive n = Simulate(job);
  EXPECT_EQ(r->pairs, n.pairs) << what;
  EXPECT_EQ(r->issue_cycles, n.issue) << what;
  EXPECT_EQ(r->compute_cycles, n.compute) << what;
  EXPECT_EQ(r->overflow, n.overflow) << what;
  EXPECT_EQ(r->xbar_tail_cycles, n.tail) << what;
  EXPECT_EQ(r->queue_max, n.queue_max) << what;
  for (int b = 0; b < SCNN_A; ++b) EXPECT_EQ(r->bank_stall[b], n.stall[b]) << what << " bank " << b;
  for (int lin = 0; lin < SCNN_ACC_ENTRIES; ++lin)
    if (r->acc[lin] != n.acc[lin]) {
      ADD_FAILURE() << what << ": lin " << lin << " model " << r->acc[lin] << " naive "
                    << n.acc[lin];
      break;
    }
}

// Synthetic jobs under FIFO pressure: many channels with up to 50 weight
// vectors each, few activations (so pushes, not pairs, limit the pace), large
// values (overflows happen), placeholders in both blocks.
TEST(ModelCycles, RandomJobsAgainstNaiveSimulation) {
  scnn_rng rng;
  scnn_rng_seed(&rng, 77);
  for (int t = 0; t < 300; ++t) {
    const int rv = 1 + (int)scnn_rng_below(&rng, 3), sv = 1 + (int)scnn_rng_below(&rng, 3);
    const int w = 1 + (int)scnn_rng_below(&rng, 9), h = 1 + (int)scnn_rng_below(&rng, 9);
    const int pad = (int)scnn_rng_below(&rng, 2);
    const int rw = std::min(w + sv - 1, 12), rh = std::min(h + rv - 1, 12);
    const int kg = std::max(1, std::min(SCNN_ACC_ENTRIES / (rw * rh),
                                        SCNN_WFIFO_DEPTH * SCNN_F / (rv * sv)));
    const int nv = 1 + (int)scnn_rng_below(&rng, 8);
    std::vector<std::vector<scnn_entry>> A(nv), W(nv);
    std::vector<scnn_pe_vc> v(nv);
    for (int c = 0; c < nv; ++c) {
      std::vector<int16_t> a((size_t)w * h), wt((size_t)kg * rv * sv);
      const double ad = scnn_rng_below(&rng, 4) == 0 ? 0.0 : 0.05 + 0.3 * (double)scnn_rng_below(&rng, 4);
      harness_sparse_values(a.data(), a.size(), ad, -30000, 30000, 1000 * t + 2 * c);
      harness_sparse_values(wt.data(), wt.size(), 0.05 + 0.3 * (double)scnn_rng_below(&rng, 4),
                            -30000, 30000, 1000 * t + 2 * c + 1);
      A[c].resize(a.size() + 1);
      W[c].resize(wt.size() + 1);
      A[c].resize(scnn_encode(a.data(), a.size(), A[c].data(), A[c].size()));
      W[c].resize(scnn_encode(wt.data(), wt.size(), W[c].data(), W[c].size()));
      std::memset(&v[c], 0, sizeof v[c]);
      v[c].x0 = (int)scnn_rng_below(&rng, 3);
      v[c].y0 = (int)scnn_rng_below(&rng, 3);
      v[c].w = w;
      v[c].h = h;
      v[c].rv = rv;
      v[c].sv = sv;
      v[c].pad_x = pad;
      v[c].pad_y = pad;
      v[c].act = A[c].data();
      v[c].nact = (uint32_t)A[c].size();
      v[c].wgt = W[c].data();
      v[c].nwgt = (uint32_t)W[c].size();
    }
    scnn_pe_job job;
    std::memset(&job, 0, sizeof job);
    job.nv = nv;
    job.v = v.data();
    job.rx0 = (int)scnn_rng_below(&rng, 2);
    job.ry0 = (int)scnn_rng_below(&rng, 2);
    job.rw = rw;
    job.rh = rh;
    job.kg = kg;
    job.prod_shift = (int)scnn_rng_below(&rng, 3);
    job.wgt_order = (int)scnn_rng_below(&rng, 2);
    for (int qd : {0, 1, 2, 4, 8}) {
      job.xbar_qdepth = qd;
      char what[64];
      std::snprintf(what, sizeof what, "random job %d, queue depth %d", t, qd);
      Compare(job, what);
      if (HasFailure()) return;
    }
  }
}

// Every job of every PE of a few mapped layers (strides, groups, passes).
TEST(ModelCycles, PlannedJobsAgainstNaiveSimulation) {
  const int cfg[][9] = {{5, 20, 17, 24, 3, 3, 1, 1, 1}, {3, 35, 35, 8, 11, 11, 4, 0, 1},
                        {6, 15, 15, 10, 5, 5, 2, 2, 2}};
  for (auto &c : cfg) {
    scnn_layer l = harness_layer("cyc", c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8]);
    std::vector<int16_t> in((size_t)l.C * l.H * l.W), w((size_t)l.K * l.C / l.groups * l.R * l.S);
    harness_sparse_values(in.data(), in.size(), 0.5, -99, 99, 5);
    harness_sparse_values(w.data(), w.size(), 0.4, -99, 99, 6);
    scnn_plan *p;
    scnn_error err;
    ASSERT_EQ(scnn_plan_create(&l, in.data(), w.data(), &p, &err), 0) << err.msg;
    for (int j = 0; j < scnn_plan_num_jobs(p); ++j) {
      const scnn_sublayer *s = scnn_plan_sublayer(p, scnn_plan_job(p, j)->sub);
      std::vector<scnn_pe_vc> vb(s->nv + 1);
      for (int pe = 0; pe < SCNN_PE_COUNT; ++pe) {
        scnn_pe_job job;
        ASSERT_EQ(scnn_plan_pe_job(p, j, pe, &job, vb.data(), s->nv + 1), 0);
        char what[64];
        std::snprintf(what, sizeof what, "layer %dx%d/%d job %d PE %d", l.R, l.S, l.stride, j, pe);
        Compare(job, what);
        if (HasFailure()) break;
        job.xbar_qdepth = 3 - job.xbar_qdepth % 3; // another depth than the compiled one
        std::snprintf(what, sizeof what, "layer %dx%d/%d job %d PE %d depth %d", l.R, l.S,
                      l.stride, j, pe, job.xbar_qdepth);
        Compare(job, what);
        if (HasFailure()) break;
      }
    }
    scnn_plan_free(p);
  }
}

}  // namespace
