// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
//
// C++ harness of scnn_pe (make verify-pe-random). Usage:
//   tb_pe random N SEED [+fst=FILE]             N random jobs (all tile kinds, see gen_job)
// (The jobs of a catalog layer or bundle go through the SystemVerilog testbench,
// tb/pe/tb_pe_dpi.sv: make verify-pe.)
// Every job is compared with the C golden model (scnn_pe_run_job, linked as a C library) and,
// for random jobs, also with the contract re-derived in tb_pe_ref.h: every bank and entry of
// the accumulator buffer, the compute cycles, pairs, issue cycles and overflow count; then the
// halo words sent (and the coordinates of every granted request), the buffer after the words
// received, and the drain's output blocks (placed one after the other in the OARAM ring).
// Random jobs deny halo grants pseudo-randomly (sender stalls), some feed the received words
// while the PE is still sending, and some are drained while the next job computes.
// Prints "PASS ..." or "FAIL ..." with the first mismatch (exit 1).
#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "scnn_codec.h"
#include "scnn_io.h"
#include "scnn_model.h"
#include "tb_common.h"
#include "tb_pe_drv.h"
#include "tb_pe_ref.h"
#include "verilated.h"

static std::vector<scnn_entry> encode(const std::vector<int16_t> &v) {
  std::vector<scnn_entry> e(v.size() + v.size() / SCNN_RUN_MAX + 2);
  size_t n = scnn_encode(v.data(), v.size(), e.data(), e.size());
  e.resize(n);
  return e;
}

// Random values at a density; big = full 16-bit range (overflows the accumulator), else small.
static std::vector<int16_t> rand_block(TbRng &rng, size_t n, int dens_pct, bool big) {
  std::vector<int16_t> v(n, 0);
  for (size_t i = 0; i < n; ++i)
    if ((int)rng.below(100) < dens_pct) {
      int x = big ? rng.range(-32768, 32767) : rng.range(-200, 200);
      v[i] = (int16_t)(x == 0 ? 1 : x);
    }
  return v;
}

static const char *const KINDS[] = {"mixed",    "empty",    "dense", "placeholders",
                                    "one-bank", "overflow", "fifo-full"};
static const int NKINDS = 7;

static TbJob gen_job(TbRng &rng, int kind) {
  TbJob j;
  int nv = rng.range(1, 6);
  bool big = kind == 5;
  j.prod_shift = big ? 0 : rng.range(0, 4);
  // a common output region; tiles and filters around it
  int rv_max = rng.range(1, 5), sv_max = rng.range(1, 5);
  int w = rng.range(1, 12), h = rng.range(1, 12);
  if (kind == 6) {  // weight blocks of up to WFIFO_DEPTH vectors, few activations: the FIFO fills
    rv_max = sv_max = 5;
    w = rng.range(1, 4);
    h = rng.range(1, 4);
  }
  int x0 = rng.range(0, 20), y0 = rng.range(0, 20);
  if (kind == 4) {  // every valid product to one accumulator entry: 1x1 region, one channel
    j.rw = j.rh = 1;
    j.rx0 = x0 + rng.range(0, w - 1);
    j.ry0 = y0 + rng.range(0, h - 1);
  } else {
    j.rx0 = std::max(0, x0 - sv_max + 1 + rng.range(-1, 1));
    j.ry0 = std::max(0, y0 - rv_max + 1 + rng.range(-1, 1));
    j.rw = std::max(1, w + sv_max - 1 + rng.range(-2, 1));
    j.rh = std::max(1, h + rv_max - 1 + rng.range(-2, 1));
  }
  // own tile: a random sub-rectangle of the region (possibly empty)
  j.own_w = rng.below(8) ? rng.range(1, j.rw) : 0;
  j.own_h = rng.range(1, j.rh);
  j.ox0 = j.rx0 + rng.range(0, j.rw - std::max(1, j.own_w));
  j.oy0 = j.ry0 + rng.range(0, j.rh - j.own_h);
  j.out_shift = rng.range(0, big ? SCNN_MAX_SHIFT_OUT : 8);
  j.relu = (int)rng.below(2);
  int kmax = SCNN_ACC_ENTRIES / (j.rw * j.rh);
  j.kg = std::max(1, std::min(kmax, rng.range(1, 8)));
  if (kind == 4) j.kg = 1;
  if (kind == 6) j.kg = std::min(kmax, SCNN_WFIFO_DEPTH * SCNN_F / (rv_max * sv_max));
  while (j.kg * rv_max * sv_max > SCNN_WFIFO_DEPTH * SCNN_F) --j.kg;
  for (int c = 0; c < nv; ++c) {
    TbVc v;
    v.x0 = x0;
    v.y0 = y0;
    v.w = w;
    v.h = h;
    v.rv = kind == 6 ? rv_max : rng.range(1, rv_max);
    v.sv = kind == 6 ? sv_max : rng.range(1, sv_max);
    v.pad_y = rng.range(0, v.rv - 1);
    v.pad_x = rng.range(0, v.sv - 1);
    int ad = rng.range(5, 90), wd = rng.range(5, 90);
    if (kind == 1) ad = rng.below(2) ? 0 : ad, wd = ad ? 0 : wd;  // empty blocks
    if (kind == 2 || kind == 4 || kind == 5) ad = wd = 100;
    if (kind == 3) ad = 3, wd = 2;                                  // long zero runs
    if (kind == 6) ad = rng.range(10, 60), wd = rng.range(60, 100);
    int n_a = v.w * v.h, n_w = j.kg * v.rv * v.sv;
    if (kind == 3) {  // make the blocks long enough to need placeholders
      v.h = std::max(v.h, 8);
      v.w = std::max(v.w, 6);
      n_a = v.w * v.h;
    }
    v.act = encode(rand_block(rng, (size_t)n_a, ad, big));
    v.wgt = encode(rand_block(rng, (size_t)n_w, wd, big));
    j.vc.push_back(v);
  }
  return j;
}

// lin in a PE's region -> the halo word on the PE's ports (k, output-plane coordinates).
static TbHaloWord word_of(const TbJob &j, uint32_t lin, int32_t value) {
  const uint32_t plane = (uint32_t)(j.rw * j.rh), r = lin % plane;
  TbHaloWord w;
  w.k = (int)(lin / plane);
  w.xo = j.rx0 + (int)(r % (uint32_t)j.rw);
  w.yo = j.ry0 + (int)(r / (uint32_t)j.rw);
  w.value = value;
  return w;
}

static uint32_t lin_of(const TbJob &j, const TbHaloWord &w) {
  return (uint32_t)((w.k * j.rh + (w.yo - j.ry0)) * j.rw + (w.xo - j.rx0));
}

// TbJob -> the C model's job description (vbuf keeps the channel array alive).
static void to_model(const TbJob &t, std::vector<scnn_pe_vc> &vbuf, scnn_pe_job *j) {
  vbuf.clear();
  for (const TbVc &v : t.vc) {
    scnn_pe_vc m;
    memset(&m, 0, sizeof m);
    m.x0 = v.x0, m.y0 = v.y0, m.w = v.w, m.h = v.h;
    m.rv = v.rv, m.sv = v.sv, m.pad_y = v.pad_y, m.pad_x = v.pad_x;
    m.act = v.act.data(), m.nact = (uint32_t)v.act.size();
    m.wgt = v.wgt.data(), m.nwgt = (uint32_t)v.wgt.size();
    vbuf.push_back(m);
  }
  memset(j, 0, sizeof *j);
  j->nv = (int)vbuf.size();
  j->v = vbuf.data();
  j->rx0 = t.rx0, j->ry0 = t.ry0, j->rw = t.rw, j->rh = t.rh, j->kg = t.kg;
  j->ox0 = t.rx0, j->oy0 = t.ry0, j->own_w = t.rw, j->own_h = t.rh;
  j->prod_shift = t.prod_shift;
  j->xbar_qdepth = SCNN_XBAR_QDEPTH;  // the queue depth and weight order the RTL was built with
  j->wgt_order = SCNN_WEIGHT_ORDER ? SCNN_WORDER_RSK : SCNN_WORDER_KRS;
}

// Runs the C golden model on one job.
static bool run_model(const scnn_pe_job &j, TbPeResult *r, std::string *msg) {
  static scnn_pe_result m;  // large (the whole buffer); one at a time
  scnn_error err;
  err.msg[0] = 0;
  if (scnn_pe_run_job(&j, &m, &err) != 0) {
    *msg = std::string("C model rejected the job: ") + err.msg;
    return false;
  }
  r->acc.assign(m.acc, m.acc + SCNN_ACC_ENTRIES);
  r->compute_cycles = m.compute_cycles;
  r->pairs = m.pairs;
  r->issue_cycles = m.issue_cycles;
  r->overflow = m.overflow;
  r->stall_cycles = scnn_pe_stall_sum(&m);
  r->queue_max = m.queue_max;
  return true;
}

// with_acc = false: counters only (the buffer was not read between the compute and the words
// received; the buffer after the halo exchange, compared later, covers it).
static bool compare(const TbPeResult &got, const TbPeResult &exp, const char *what,
                    std::string *msg, bool with_acc = true) {
  for (uint32_t b = 0; with_acc && b < SCNN_A; ++b)
    for (uint32_t e = 0; e < SCNN_BANK_DEPTH; ++e) {
      uint32_t lin = scnn_lin_of(b, e);
      if (got.acc[lin] != exp.acc[lin]) {
        *msg = std::string("accumulator bank ") + std::to_string(b) + " entry " +
               std::to_string(e) + " (lin " + std::to_string(lin) + "): RTL " +
               std::to_string(got.acc[lin]) + ", " + what + " " + std::to_string(exp.acc[lin]);
        return false;
      }
    }
  struct { const char *n; uint64_t g, e; } c[] = {
      {"compute cycles", got.compute_cycles, exp.compute_cycles},
      {"pairs", got.pairs, exp.pairs},
      {"issue cycles", got.issue_cycles, exp.issue_cycles},
      {"overflows", got.overflow, exp.overflow},
      {"bank stall cycles", got.stall_cycles, exp.stall_cycles},
      {"peak bank queue occupancy", got.queue_max, exp.queue_max}};
  for (auto &x : c)
    if (x.g != x.e) {
      *msg = std::string(x.n) + ": RTL " + std::to_string(x.g) + ", " + what + " " +
             std::to_string(x.e);
      return false;
    }
  return true;
}

struct TbPostResult;
static bool compare_post(const TbPostResult &g, const TbPostResult &e, const char *what,
                         std::string *msg);
static bool compare_blocks(const TbPostResult &g, const TbPostResult &e, const char *what,
                           std::string *msg);

// Expected post-compute state from a buffer: the halo words a PE sends (cells of the region
// outside the own tile, lin order), the buffer after the received words, the output blocks.
static void expect_post(const TbJob &j, const std::vector<int32_t> &acc, uint64_t ovf,
                        const std::vector<TbHaloWord> &recv, TbPostResult *e) {
  for (int k = 0; k < j.kg; ++k)
    for (int y = 0; y < j.rh; ++y)
      for (int x = 0; x < j.rw; ++x) {
        int xo = j.rx0 + x, yo = j.ry0 + y;
        bool own = xo >= j.ox0 && xo < j.ox0 + j.own_w && yo >= j.oy0 && yo < j.oy0 + j.own_h;
        uint32_t lin = (uint32_t)((k * j.rh + y) * j.rw + x);
        if (!own) e->sent.push_back(word_of(j, lin, acc[lin]));
      }
  e->acc = acc;
  e->overflow = ovf;
  for (const TbHaloWord &w : recv) {
    uint32_t lin = lin_of(j, w);
    e->acc[lin] = scnn_acc_add(e->acc[lin], w.value, &e->overflow);
  }
  e->blocks.assign((size_t)j.kg, {});
  for (int k = 0; k < j.kg; ++k) {
    std::vector<int16_t> v;
    for (int y = 0; y < j.own_h; ++y)
      for (int x = 0; x < j.own_w; ++x) {
        uint32_t lin = (uint32_t)((k * j.rh + (j.oy0 + y - j.ry0)) * j.rw + (j.ox0 + x - j.rx0));
        v.push_back(scnn_requantise(e->acc[lin], j.out_shift, j.relu));
      }
    e->blocks[(size_t)k] = encode(v);
  }
}

static bool compare_post(const TbPostResult &g, const TbPostResult &e, const char *what,
                         std::string *msg) {
  if (!g.error.empty()) {
    *msg = g.error;
    return false;
  }
  auto str = [](const std::vector<TbHaloWord> &v, size_t i, bool value) {
    return i < v.size() ? "(k " + std::to_string(v[i].k) + ", xo " + std::to_string(v[i].xo) +
                              ", yo " + std::to_string(v[i].yo) +
                              (value ? ", " + std::to_string(v[i].value) : std::string()) + ")"
                        : std::string("none");
  };
  for (size_t i = 0; i < std::max(g.sent.size(), e.sent.size()); ++i) {
    if (i >= g.sent.size() || i >= e.sent.size() || g.sent[i].k != e.sent[i].k ||
        g.sent[i].xo != e.sent[i].xo || g.sent[i].yo != e.sent[i].yo ||
        g.sent[i].value != e.sent[i].value) {
      *msg = "halo word " + std::to_string(i) + " sent: RTL " + str(g.sent, i, true) + ", " +
             what + " " + str(e.sent, i, true);
      return false;
    }
  }
  // the request's coordinates name the word that leaves after its grant
  for (size_t i = 0; i < std::max(g.granted.size(), e.sent.size()); ++i) {
    if (i >= g.granted.size() || i >= e.sent.size() || g.granted[i].k != e.sent[i].k ||
        g.granted[i].xo != e.sent[i].xo || g.granted[i].yo != e.sent[i].yo) {
      *msg = "halo request " + std::to_string(i) + " granted: RTL " + str(g.granted, i, false) +
             ", " + what + " " + str(e.sent, i, false);
      return false;
    }
  }
  for (uint32_t b = 0; b < SCNN_A; ++b)
    for (uint32_t en = 0; en < SCNN_BANK_DEPTH; ++en) {
      uint32_t lin = scnn_lin_of(b, en);
      if (g.acc[lin] != e.acc[lin]) {
        *msg = "after the halo exchange: bank " + std::to_string(b) + " entry " +
               std::to_string(en) + " (lin " + std::to_string(lin) + "): RTL " +
               std::to_string(g.acc[lin]) + ", " + what + " " + std::to_string(e.acc[lin]);
        return false;
      }
    }
  if (g.overflow != e.overflow) {
    *msg = "overflows after the halo exchange: RTL " + std::to_string(g.overflow) + ", " + what +
           " " + std::to_string(e.overflow);
    return false;
  }
  return compare_blocks(g, e, what, msg);
}

// The drain's output blocks (and its protocol error, if any).
static bool compare_blocks(const TbPostResult &g, const TbPostResult &e, const char *what,
                           std::string *msg) {
  if (!g.error.empty()) {
    *msg = g.error;
    return false;
  }
  if (g.blocks.size() != e.blocks.size()) {
    *msg = "drain: " + std::to_string(g.blocks.size()) + " channels, " + what + " " +
           std::to_string(e.blocks.size());
    return false;
  }
  for (size_t k = 0; k < e.blocks.size(); ++k) {
    const auto &gb = g.blocks[k], &eb = e.blocks[k];
    if (gb.size() != eb.size()) {
      *msg = "output block k=" + std::to_string(k) + ": RTL " + std::to_string(gb.size()) +
             " entries, " + what + " " + std::to_string(eb.size());
      return false;
    }
    for (size_t i = 0; i < eb.size(); ++i)
      if (gb[i].value != eb[i].value || gb[i].run != eb[i].run) {
        *msg = "output block k=" + std::to_string(k) + " entry " + std::to_string(i) +
               ": RTL (" + std::to_string(gb[i].value) + "," + std::to_string(gb[i].run) +
               "), " + what + " (" + std::to_string(eb[i].value) + "," +
               std::to_string(eb[i].run) + ")";
        return false;
      }
  }
  return true;
}

int main(int argc, char **argv) {
  Verilated::commandArgs(argc, argv);
  const char *fst = nullptr;
  std::vector<const char *> args;
  for (int i = 1; i < argc; ++i) {
    if (!strncmp(argv[i], "+fst=", 5)) fst = argv[i] + 5;
    else if (argv[i][0] != '+') args.push_back(argv[i]);
  }
  if (args.size() != 3 || strcmp(args[0], "random")) {
    fprintf(stderr, "usage: tb_pe random N SEED [+fst=FILE]\n");
    return 2;
  }
  long n = strtol(args[1], nullptr, 0);
  uint64_t seed = strtoull(args[2], nullptr, 0);
  TbRng rng(seed);
  TbPeDriver drv(fst);
  uint64_t halo_words = 0, out_entries = 0, denied = 0, overlap_jobs = 0, overlap_cycles = 0;
  uint64_t deferred = 0;
  // a job whose drain was deferred: it runs while the next job computes (double buffering)
  bool pend = false;
  long pend_t = 0;
  int pend_kind = 0, pend_out_shift = 0, pend_relu = 0;
  TbPostResult pend_exp;
  auto check_drain = [&]() {
    TbPostResult g;
    std::string m;
    drv.take_drain(&g);
    pend = false;
    if (!compare_blocks(g, pend_exp, "reference", &m)) {
      printf("FAIL pe-random job %ld (%s, seed %llu, buffer %ld): %s (drained while the next "
             "job computed)\n", pend_t, KINDS[pend_kind], (unsigned long long)seed, pend_t & 1,
             m.c_str());
      return false;
    }
    for (auto &b : g.blocks) out_entries += b.size();
    return true;
  };
  uint64_t cyc = 0, valid_pairs = 0, kinds_seen[NKINDS] = {0}, ovf = 0;
  for (long t = 0; t < n; ++t) {
    int kind = (int)(t % NKINDS);
    TbJob job = gen_job(rng, kind);
    // a drain that overlaps this job uses this job's out_shift_i/relu_i (scnn_pe_post latches
    // only the geometry): keep the layer's values, as consecutive jobs of a layer do
    if (pend) job.out_shift = pend_out_shift, job.relu = pend_relu;
    TbPeResult got, exp, model;
    std::string msg;
    auto failed = [&](const std::string &m) {
      printf("FAIL pe-random job %ld (%s, seed %llu, buffer %ld): %s\n", t, KINDS[kind],
             (unsigned long long)seed, t & 1, m.c_str());
      return 1;
    };
    if (!drv.run(job, (int)(t & 1), &got, &msg)) return failed(msg);
    if (pend && !check_drain()) return 1;
    tb_pe_reference(job, &exp);
    std::vector<scnn_pe_vc> vbuf;
    scnn_pe_job mj;
    to_model(job, vbuf, &mj);
    if (!run_model(mj, &model, &msg)) return failed(msg);
    // halo exchange and drain: random words received into own cells; grants denied in about
    // 1 of 3 cycles in 3 of 4 jobs; in 1 of 3 jobs the words arrive while the PE still sends
    std::vector<TbHaloWord> recv;
    if (job.own_w > 0) {
      int nrecv = (int)rng.below(24);
      for (int r = 0; r < nrecv; ++r) {
        TbHaloWord w;
        w.k = rng.range(0, job.kg - 1);
        w.xo = job.ox0 + rng.range(0, job.own_w - 1);
        w.yo = job.oy0 + rng.range(0, job.own_h - 1);
        w.value = kind == 5 ? rng.range(-(1 << 23), (1 << 23) - 1) : rng.range(-5000, 5000);
        recv.push_back(w);
      }
    }
    TbHaloOpts opts;
    opts.deny_seed = rng.below(4) ? rng.next() | 1u : 0;
    opts.overlap = rng.below(3) == 0;
    opts.defer_drain = rng.below(2) == 0;
    TbPostResult gpost, epost;
    drv.post(job, (int)(t & 1), recv, opts, &gpost);
    // the buffer after the compute is read only when no word arrived during the send
    got.acc = gpost.acc_compute;
    if (!compare(got, exp, "reference", &msg, !opts.overlap) ||
        !compare(got, model, "C model", &msg, !opts.overlap))
      return failed(msg);
    expect_post(job, exp.acc, exp.overflow, recv, &epost);
    if (opts.defer_drain) {  // blocks compared after the next job's run
      pend = true, pend_t = t, pend_kind = kind, pend_exp.blocks = epost.blocks;
      pend_out_shift = job.out_shift, pend_relu = job.relu;
      epost.blocks.clear();
      gpost.blocks.clear();
      ++deferred;
    }
    if (!compare_post(gpost, epost, "reference", &msg))
      return failed(msg + (opts.deny_seed ? " (grants denied" : " (every grant") +
                    (opts.overlap ? ", words received while sending)" : ")"));
    halo_words += gpost.sent.size() + recv.size();
    denied += gpost.denied;
    overlap_jobs += opts.overlap && !recv.empty() && !gpost.sent.empty();
    overlap_cycles += gpost.overlap_cycles;
    for (auto &b : gpost.blocks) out_entries += b.size();
    cyc += got.compute_cycles;
    valid_pairs += got.pairs;
    ovf += got.overflow;
    ++kinds_seen[kind];
  }
  if (pend && !check_drain()) return 1;
  printf("PASS pe-random: %ld jobs (seed %llu), %llu compute cycles, %llu pairs, %llu overflows,"
         " %llu halo words (%llu grants denied; %llu jobs sending and receiving at once, %llu "
         "such cycles), %llu output entries (%llu jobs drained while the next one computed) - "
         "RTL == C model == contract reference\n",
         n, (unsigned long long)seed, (unsigned long long)cyc, (unsigned long long)valid_pairs,
         (unsigned long long)ovf, (unsigned long long)halo_words, (unsigned long long)denied,
         (unsigned long long)overlap_jobs, (unsigned long long)overlap_cycles,
         (unsigned long long)out_entries, (unsigned long long)deferred);
  return 0;
}
