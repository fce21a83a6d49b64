// See tb_pe_drv.h.
#include "tb_pe_drv.h"

#include <cstdio>

#include "Vscnn_pe.h"
#include "verilated.h"
#if VM_TRACE
#include "verilated_fst_c.h"
#endif

namespace {
const int IAW = 32 - __builtin_clz(SCNN_IARAM_DEPTH - 1);
const int NWW = 32 - __builtin_clz(SCNN_WFIFO_DEPTH * SCNN_F);  // clog2(WFIFO_DEPTH*F + 1)
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
  ++time_;
  dut_->clk_i = 1;
  dut_->eval();
#if VM_TRACE
  if (fst_) fst_->dump(time_);
#endif
  ++time_;
}

bool TbPeDriver::run(const TbJob &job, int buf, TbPeResult *res, std::string *msg) {
  Vscnn_pe &d = *dut_;
  // channels the PE processes: both blocks non-empty (4.1); lay the blocks out in the IARAM
  std::vector<const TbVc *> vcs;
  for (const TbVc &v : job.vc)
    if (!v.act.empty() && !v.wgt.empty()) vcs.push_back(&v);
  size_t total = 0;
  for (const TbVc *v : vcs) total += v->act.size();
  if (total > (size_t)SCNN_IARAM_DEPTH || vcs.size() > (1u << SCNN_VCH_BITS)) {
    *msg = "job does not fit the PE (IARAM entries " + std::to_string(total) + ", channels " +
           std::to_string(vcs.size()) + ")";
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
    for (int k = 0; k < 7; ++k) put_bits(w, o, SCNN_GEOM_W, (uint64_t)(uint32_t)g[k]), o += SCNN_GEOM_W;
    put_bits(w, o, NWW, v.wgt.size());
    d.desc_we_i = 1;
    d.desc_waddr_i = (uint32_t)c;
    tick();
    d.desc_we_i = 0;
    base += (uint32_t)v.act.size();
  }
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
  d.buf_i = (uint32_t)buf;
  d.start_i = 1;
  tick();
  d.start_i = 0;
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
  if (next != wvecs.size()) {
    *msg = "job ended with " + std::to_string(wvecs.size() - next) + " weight vectors unpushed";
    return false;
  }
  res->sim_cycles = cycles;
  res->compute_cycles = d.compute_cycles_o;
  res->pairs = d.pairs_o;
  res->issue_cycles = d.issue_cycles_o;
  res->overflow = d.overflow_o;
  res->acc.assign(SCNN_ACC_ENTRIES, 0);
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
      res->acc[scnn_lin_of(b, e)] = v;
    }
  return true;
}
