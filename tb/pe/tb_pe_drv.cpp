// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// See tb_pe_drv.h.
#include "tb_pe_drv.h"

#include <cstdio>

#include "Vscnn_pe.h"
#include "tb_common.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_fst_c.h"
#endif

namespace {
const int IAW = SCNN_IARAM_AW;
const int NWW = SCNN_WFIFO_CNT_W;
const int ENTW = SCNN_DATA_W + SCNN_RUN_W;

// Writes n bits of v at bit lo of a little-endian word array.
void put_bits(uint32_t *w, int lo, int n, uint64_t v) {
  for (int i = 0; i < n; ++i) {
    int b = lo + i;
    uint32_t bit = (uint32_t)(v >> i) & 1u;
    w[b / 32] = (w[b / 32] & ~(1u << (b % 32))) | (bit << (b % 32));
  }
}
uint32_t entry_bits(const scnn_entry &e) {
  return ((uint32_t)e.run << SCNN_DATA_W) | ((uint32_t)(uint16_t)e.value);
}
}  // namespace

TbPeDriver::TbPeDriver(const char *fst_path) {
  dut_ = new Vscnn_pe;
  half_ = tb_half_cycle(dut_->contextp()->timeprecision());
#if VM_TRACE
  if (fst_path) {
    Verilated::traceEverOn(true);
    fst_ = new VerilatedFstC;
    dut_->trace(fst_, 99);
    fst_->open(fst_path);
  }
#else
  (void)fst_path;
#endif
  dut_->clk_i = 0;
  dut_->rst_ni = 0;
  dut_->eval();
  dut_->rst_ni = 1;
  dut_->eval();
  // the OARAM ring starts at address 0 (once, like once per layer in the array)
  dut_->oaram_clear_i = 1;
  tick();
  dut_->oaram_clear_i = 0;
  dut_->eval();
}

TbPeDriver::~TbPeDriver() {
#if VM_TRACE
  if (fst_) {
    fst_->close();
    delete fst_;
  }
#endif
  dut_->final();
  delete dut_;
}

void TbPeDriver::tick() {
  dut_->clk_i = 0;
  dut_->eval();
#if VM_TRACE
  if (fst_) fst_->dump(time_);
#endif
  time_ += half_;
  dut_->clk_i = 1;
  dut_->eval();
#if VM_TRACE
  if (fst_) fst_->dump(time_);
#endif
  time_ += half_;
}

// The channels the PE processes (both blocks non-empty, 4.1) into vcs, checked against the
// PE's interfaces; their blocks written into the IARAM and their descriptors.
bool TbPeDriver::load(const TbJob &job, std::vector<const TbVc *> &vcs, size_t &total,
                      std::string *msg) {
  Vscnn_pe &d = *dut_;
  for (const TbVc &v : job.vc)
    if (!v.act.empty() && !v.wgt.empty()) vcs.push_back(&v);
  total = 0;
  for (const TbVc *v : vcs) total += v->act.size();
  if (total > (size_t)SCNN_IARAM_DEPTH || vcs.size() > (1u << SCNN_VCH_BITS)) {
    *msg = "job does not fit the PE (IARAM entries " + std::to_string(total) + ", channels " +
           std::to_string(vcs.size()) + ")";
    return false;
  }
  // every field must fit the PE's job interface (GEOM_W bits, pads signed)
  const int gmax = (1 << SCNN_GEOM_W) - 1, pmax = (1 << (SCNN_GEOM_W - 1)) - 1;
  auto fits = [&](int v, bool sgn) {
    return sgn ? (v >= -pmax - 1 && v <= pmax) : (v >= 0 && v <= gmax);
  };
  bool ok = fits(job.rx0, false) && fits(job.ry0, false) && fits(job.rw, false) &&
            fits(job.rh, false) && fits(job.ox0, false) && fits(job.oy0, false) &&
            fits(job.own_w, false) && fits(job.own_h, false) &&
            job.kg * job.rw * job.rh <= SCNN_ACC_ENTRIES;
  for (const TbVc *v : vcs)
    ok = ok && fits(v->x0, false) && fits(v->y0, false) && fits(v->w, false) &&
         fits(v->rv, false) && fits(v->sv, false) && fits(v->pad_y, true) && fits(v->pad_x, true);
  if (!ok) {
    *msg = "job geometry does not fit the PE interface (GEOM_W = " +
           std::to_string(SCNN_GEOM_W) + " bits, kg*rw*rh <= ACC_ENTRIES)";
    return false;
  }
  uint32_t base = 0;
  for (size_t c = 0; c < vcs.size(); ++c) {
    const TbVc &v = *vcs[c];
    if (v.wgt.size() > (size_t)SCNN_WFIFO_DEPTH * SCNN_F) {
      *msg = "weight block of channel " + std::to_string(c) + " exceeds the weight FIFO";
      return false;
    }
    for (size_t i = 0; i < v.act.size(); ++i) {
      d.iaram_we_i = 1;
      d.iaram_waddr_i = base + (uint32_t)i;
      d.iaram_wdata_i = entry_bits(v.act[i]);
      tick();
    }
    d.iaram_we_i = 0;
    uint32_t *w = (uint32_t *)&d.desc_wdata_i;
    int o = 0;
    put_bits(w, o, IAW, base), o += IAW;
    put_bits(w, o, IAW + 1, v.act.size()), o += IAW + 1;
    const int g[7] = {v.x0, v.y0, v.w, v.rv, v.sv, v.pad_y, v.pad_x};
    for (int k = 0; k < 7; ++k) {
      put_bits(w, o, SCNN_GEOM_W, (uint64_t)(uint32_t)g[k]);
      o += SCNN_GEOM_W;
    }
    put_bits(w, o, NWW, v.wgt.size());
    d.desc_we_i = 1;
    d.desc_waddr_i = (uint32_t)c;
    tick();
    d.desc_we_i = 0;
    base += (uint32_t)v.act.size();
  }
  return true;
}

bool TbPeDriver::run(const TbJob &job, int buf, TbPeResult *res, std::string *msg) {
  Vscnn_pe &d = *dut_;
  std::vector<const TbVc *> vcs;
  size_t total = 0;
  if (!load(job, vcs, total, msg)) return false;
  // weight stream in work order, vectors of F entries
  std::vector<std::vector<scnn_entry>> wvecs;
  for (const TbVc *v : vcs)
    for (size_t i = 0; i < v->wgt.size(); i += SCNN_F)
      wvecs.emplace_back(v->wgt.begin() + i,
                         v->wgt.begin() + std::min(v->wgt.size(), i + (size_t)SCNN_F));
  d.nvch_i = (uint32_t)vcs.size();
  d.rx0_i = (uint32_t)job.rx0;
  d.ry0_i = (uint32_t)job.ry0;
  d.rw_i = (uint32_t)job.rw;
  d.rh_i = (uint32_t)job.rh;
  d.prod_shift_i = (uint32_t)job.prod_shift;
  d.kg_i = (uint32_t)job.kg;
  d.ox0_i = (uint32_t)job.ox0;
  d.oy0_i = (uint32_t)job.oy0;
  d.own_w_i = (uint32_t)job.own_w;
  d.own_h_i = (uint32_t)job.own_h;
  d.out_shift_i = (uint32_t)job.out_shift;
  d.relu_i = (uint32_t)job.relu;
  d.buf_i = (uint32_t)buf;
  d.start_i = 1;
  // a deferred drain of the previous job starts in the same cycle (the array's schedule)
  if (drain_.on && !drain_.started) {
    d.drain_start_i = 1;
    drain_.started = true;
  }
  d.eval();
  if (drain_.on) drain_sample();
  tick();
  d.start_i = 0;
  d.drain_start_i = 0;
  size_t next = 0;
  uint64_t cycles = 0;
  const uint64_t limit = 1000000 + 64 * (uint64_t)total * (wvecs.size() + 1);
  while (!d.done_o) {
    if (next < wvecs.size()) {
      uint32_t *w = (uint32_t *)&d.w_data_i;
      for (int f = 0; f < SCNN_F; ++f) {
        uint32_t e = f < (int)wvecs[next].size() ? entry_bits(wvecs[next][f]) : 0;
        put_bits(w, f * ENTW, ENTW, e);
      }
      d.w_valid_i = 1;
    } else {
      d.w_valid_i = 0;
    }
    d.eval();
    if (drain_.on) drain_sample();
    bool pushed = d.w_valid_i && d.w_ready_o;
    tick();
    if (pushed) ++next;
    if (++cycles > limit) {
      *msg = "timeout: done_o never rose (" + std::to_string(next) + " of " +
             std::to_string(wvecs.size()) + " weight vectors pushed)";
      return false;
    }
  }
  d.w_valid_i = 0;
  // the deferred drain's reads end (drain_busy_o); its last blocks leave the PPU shortly after
  for (uint64_t tail = 0; drain_.on && tail < 32 && cycles < limit; ++cycles) {
    d.eval();
    drain_sample();
    if (!d.drain_busy_o) ++tail;
    tick();
  }
  if (next != wvecs.size()) {
    *msg = "job ended with " + std::to_string(wvecs.size() - next) + " weight vectors unpushed";
    return false;
  }
  res->sim_cycles = cycles;
  res->compute_cycles = d.compute_cycles_o;
  res->pairs = d.pairs_o;
  res->issue_cycles = d.issue_cycles_o;
  res->overflow = d.overflow_o;
  res->stall_cycles = d.stall_cycles_o;
  res->queue_max = d.queue_max_o;
  res->acc.clear();
  return true;
}

void TbPeDriver::read_acc(int buf, std::vector<int32_t> *acc) {
  Vscnn_pe &d = *dut_;
  acc->assign(SCNN_ACC_ENTRIES, 0);
  for (uint32_t b = 0; b < SCNN_A; ++b)
    for (uint32_t e = 0; e < SCNN_BANK_DEPTH; ++e) {
      d.dbg_re_i = 1;
      d.dbg_buf_i = (uint32_t)buf;
      d.dbg_bank_i = b;
      d.dbg_entry_i = e;
      tick();
      d.dbg_re_i = 0;
      d.eval();
      uint32_t u = d.dbg_rdata_o & SCNN_ACC_MASK;
      int32_t v = (u >> (SCNN_ACC_W - 1)) ? (int32_t)(u | ~(uint32_t)SCNN_ACC_MASK) : (int32_t)u;
      (*acc)[scnn_lin_of(b, e)] = v;
    }
}

void TbPeDriver::post(const TbJob &job, int buf, const std::vector<TbHaloWord> &recv,
                      const TbHaloOpts &opts, TbPostResult *res) {
  Vscnn_pe &d = *dut_;
  auto sext = [](uint32_t u) {
    u &= SCNN_ACC_MASK;
    return (u >> (SCNN_ACC_W - 1)) ? (int32_t)(u | ~(uint32_t)SCNN_ACC_MASK) : (int32_t)u;
  };
  const uint64_t limit = 16 * (uint64_t)SCNN_ACC_ENTRIES + 4 * recv.size() + 100;
  uint64_t deny = opts.deny_seed;  // xorshift state of the grant denials
  auto set_in = [&](size_t i) {
    d.halo_i_valid_i = 1;
    d.halo_i_k_i = (uint32_t)recv[i].k;
    d.halo_i_xo_i = (uint32_t)recv[i].xo;
    d.halo_i_yo_i = (uint32_t)recv[i].yo;
    d.halo_i_value_i = (uint32_t)recv[i].value & SCNN_ACC_MASK;
  };
  // 1. send: the grant is decided in the request's cycle; the word leaves the cycle after
  // (the cycle before, the sender takes the job's geometry)
  size_t nin = 0;
  uint64_t n = 0;
  d.halo_init_i = 1;
  tick();
  d.halo_init_i = 0;
  d.halo_en_i = 1;
  d.eval();
  while (n++ < limit) {
    if (opts.overlap && nin < recv.size()) set_in(nin++);
    else d.halo_i_valid_i = 0;
    d.eval();
    bool gnt = d.halo_req_o;
    if (gnt && deny) {
      deny ^= deny << 13, deny ^= deny >> 7, deny ^= deny << 17;
      if (deny % 3 == 0) gnt = false, ++res->denied;
    }
    d.halo_gnt_i = gnt;
    d.eval();
    if (gnt) res->granted.push_back({(int)d.halo_req_k_o, (int)d.halo_req_xo_o,
                                     (int)d.halo_req_yo_o, 0});
    bool in = d.halo_i_valid_i;
    tick();
    d.halo_gnt_i = 0;
    d.halo_i_valid_i = 0;
    d.eval();
    if (d.halo_o_valid_o) {
      res->sent.push_back({(int)d.halo_o_k_o, (int)d.halo_o_xo_o, (int)d.halo_o_yo_o,
                           sext(d.halo_o_value_o)});
      if (in) ++res->overlap_cycles;
    }
    if (!d.halo_busy_o && nin == (opts.overlap ? recv.size() : 0)) break;
  }
  d.halo_en_i = 0;
  d.eval();
  if (d.halo_busy_o) res->error = "halo send never ended (" + std::to_string(res->sent.size()) +
                                  " words sent)";
  // 2. the buffer after the compute (nothing received yet), then receive, one word per cycle
  d.halo_en_i = 1;
  if (!opts.overlap) {
    d.halo_en_i = 0;
    read_acc(buf, &res->acc_compute);
    d.halo_en_i = 1;
    for (size_t i = 0; i < recv.size(); ++i) {
      set_in(i);
      tick();
    }
  }
  d.halo_i_valid_i = 0;
  for (n = 0; (d.eval(), d.halo_busy_o) && n < limit; ++n) tick();
  d.halo_en_i = 0;
  read_acc(buf, &res->acc);
  // the compute's and the receive's overflows (counted apart)
  res->overflow = d.overflow_o + d.halo_overflow_o;
  // 3. drain, now or in the next job's start cycle
  drain_begin(job);
  if (opts.defer_drain) return;
  d.drain_start_i = 1;
  drain_.started = true;
  n = 0;
  do {
    d.eval();
    drain_sample();
    tick();
    d.drain_start_i = 0;
  } while ((d.eval(), d.busy_o) && ++n < limit);
  if (n >= limit && drain_.error.empty()) drain_.error = "drain never ended";
  drain_finish(res);
}

void TbPeDriver::drain_begin(const TbJob &job) {
  drain_ = Drain();
  drain_.on = true;
  drain_.kg = job.kg;
  drain_.own_empty = job.own_w == 0 || job.own_h == 0;
  drain_.where.assign((size_t)job.kg, {0, 0});
  drain_.seen.assign((size_t)job.kg, 0);
}

void TbPeDriver::drain_sample() {
  Vscnn_pe &d = *dut_;
  if (!d.blk_valid_o) return;
  uint32_t k = d.blk_k_o;
  if (k >= (uint32_t)drain_.kg || drain_.seen[k]++) {
    if (drain_.error.empty())
      drain_.error = "drain reported block k=" + std::to_string(k) + " twice or out of range";
    return;
  }
  drain_.where[k] = {d.blk_base_o, d.blk_count_o};
  // the OARAM ring: every block starts where the previous one ended
  if (d.blk_base_o != ring_next_ && drain_.error.empty())
    drain_.error = "output block k=" + std::to_string(k) + ": RTL base " +
                   std::to_string(d.blk_base_o) + ", expected " + std::to_string(ring_next_) +
                   " (OARAM ring: end of the previous block)";
  ring_next_ = (d.blk_base_o + d.blk_count_o) % SCNN_OARAM_DEPTH;
}

void TbPeDriver::take_drain(TbPostResult *res) {
  Vscnn_pe &d = *dut_;
  if (drain_.on && !drain_.started) {  // no job followed: drain now
    d.drain_start_i = 1;
    drain_.started = true;
    uint64_t n = 0;
    do {
      d.eval();
      drain_sample();
      tick();
      d.drain_start_i = 0;
    } while ((d.eval(), d.busy_o) && ++n < 16 * (uint64_t)SCNN_ACC_ENTRIES);
  }
  drain_finish(res);
}

void TbPeDriver::drain_finish(TbPostResult *res) {
  Vscnn_pe &d = *dut_;
  if (!drain_.on) {
    res->error = "no drain pending";
    return;
  }
  drain_.on = false;
  if (res->error.empty()) res->error = drain_.error;
  res->blocks.assign((size_t)drain_.kg, {});
  for (int k = 0; k < drain_.kg; ++k) {
    if (!drain_.seen[k] && !drain_.own_empty && res->error.empty())
      res->error = "drain reported no block for k=" + std::to_string(k);
    for (uint32_t i = 0; i < drain_.where[k].second; ++i) {
      d.oaram_re_i = 1;
      d.oaram_raddr_i = (drain_.where[k].first + i) % SCNN_OARAM_DEPTH;
      tick();
      d.oaram_re_i = 0;
      d.eval();
      uint32_t u = d.oaram_rdata_o;
      scnn_entry e;
      e.value = (int16_t)(u & ((1u << SCNN_DATA_W) - 1));
      e.run = (uint8_t)((u >> SCNN_DATA_W) & SCNN_RUN_MAX);
      res->blocks[(size_t)k].push_back(e);
    }
  }
}
