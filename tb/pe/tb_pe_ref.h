/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
// The PE's behaviour re-derived from the text of docs/microarch.md sections 4.1-4.5, written
// independently of the RTL (and of cmodel/src/pe.c) for the testbench: every product in work
// order (accumulated with scnn_acc_add, which fixes the overflow count), and the cycle schedule
// (weight FIFO pushes, channel start rule, and the pair's cycles from its per-bank product
// counts and the bank queues' occupancies, cycle by cycle as 4.3 states it: accept
// min(left, XBAR_QDEPTH + 1 - occupancy), pop one, leave when nothing is left).
#ifndef TB_PE_REF_H
#define TB_PE_REF_H

#include <algorithm>
#include <vector>

#include "scnn_numerics.h"
#include "tb_pe_drv.h"

static inline void tb_pe_reference(const TbJob &job, TbPeResult *res) {
  res->acc.assign(SCNN_ACC_ENTRIES, 0);
  res->pairs = res->issue_cycles = res->overflow = 0;
  res->stall_cycles = res->queue_max = 0;
  typedef std::vector<int> Counts;  // products of a pair per bank
  struct Ch { size_t nwv; std::vector<Counts> pair_cnt; };
  std::vector<Ch> chans;
  for (const TbVc &v : job.vc) {
    if (v.act.empty() || v.wgt.empty()) continue;  // 4.1: skipped, pushes nothing
    std::vector<uint32_t> pa(v.act.size()), pw(v.wgt.size());
    scnn_entry_positions(v.act.data(), v.act.size(), pa.data());
    scnn_entry_positions(v.wgt.data(), v.wgt.size(), pw.data());
    Ch ch;
    ch.nwv = (v.wgt.size() + SCNN_F - 1) / SCNN_F;
    for (size_t av = 0; av * SCNN_I < v.act.size(); ++av)
      for (size_t wv = 0; wv < ch.nwv; ++wv) {
        Counts per_bank(SCNN_A, 0);
        for (size_t f = 0; f < SCNN_F; ++f)
          for (size_t i = 0; i < SCNN_I; ++i) {
            size_t ai = av * SCNN_I + i, wi = wv * SCNN_F + f;
            if (ai >= v.act.size() || wi >= v.wgt.size()) continue;
            const scnn_entry &a = v.act[ai], &w = v.wgt[wi];
            if (a.value == 0 || w.value == 0) continue;
            int x = v.x0 + (int)(pa[ai] % (uint32_t)v.w), y = v.y0 + (int)(pa[ai] / (uint32_t)v.w);
            int q = (int)pw[wi];
            // microarch 3: krs, q = (k*Rv + r)*Sv + s; rsk, q = (r*Sv + s)*Kg + k
            int k = q / (v.rv * v.sv), r = (q / v.sv) % v.rv, s = q % v.sv;
            if (SCNN_WEIGHT_ORDER == 1) k = q % job.kg, r = (q / job.kg) / v.sv, s = (q / job.kg) % v.sv;
            int xo = x - s + v.pad_x, yo = y - r + v.pad_y;
            if (xo < job.rx0 || xo >= job.rx0 + job.rw || yo < job.ry0 || yo >= job.ry0 + job.rh)
              continue;
            uint32_t lin = (uint32_t)((k * job.rh + (yo - job.ry0)) * job.rw + (xo - job.rx0));
            ++per_bank[scnn_bank_of(lin)];
            int32_t t = scnn_shifted_product(w.value, a.value, job.prod_shift);
            res->acc[lin] = scnn_acc_add(res->acc[lin], t, &res->overflow);
          }
        ch.pair_cnt.push_back(per_bank);
      }
    chans.push_back(ch);
  }
  // 4.3 / 4.4 / 4.5 schedule
  const int qd = SCNN_XBAR_QDEPTH;
  std::vector<int> qocc(SCNN_A, 0);
  Counts left;
  size_t nvec = 0;
  for (const Ch &c : chans) nvec += c.nwv;
  size_t pushed = 0, occ = 0, ch = 0, pair = 0, wbase = 0;
  bool active = false, any = false;
  uint64_t last = 0;  // the last cycle with an issue or a queue pop
  for (uint64_t t = 0; ch < chans.size() || *std::max_element(qocc.begin(), qocc.end()) > 0;
       ++t) {
    size_t freed = 0;
    if (!active && ch < chans.size() && pushed >= wbase + chans[ch].nwv) {
      active = true;
      pair = 0;
      left = chans[ch].pair_cnt[0];
    }
    bool pop = false, done = true;
    for (int b = 0; b < SCNN_A; ++b) {
      int a = active ? std::min(left[b], qd + 1 - qocc[b]) : 0;
      if (active) {
        left[b] -= a;
        res->stall_cycles += left[b] > 0;
        done &= left[b] == 0;
      }
      pop |= qocc[b] + a > 0;
      qocc[b] = std::max(0, qocc[b] + a - 1);
      res->queue_max = std::max<uint64_t>(res->queue_max, (uint64_t)qocc[b]);
    }
    if (pop) last = t;
    if (active) {
      any = true;
      last = t;
      ++res->issue_cycles;
      if (done) {
        ++res->pairs;
        if (++pair == chans[ch].pair_cnt.size()) {
          freed = chans[ch].nwv;
          wbase += chans[ch].nwv;
          active = false;
          ++ch;
        } else {
          left = chans[ch].pair_cnt[pair];
        }
      }
    }
    bool push = pushed < nvec && occ < (size_t)SCNN_WFIFO_DEPTH;
    occ = occ + (push ? 1 : 0) - freed;
    pushed += push ? 1 : 0;
  }
  res->compute_cycles = any ? last + 1 + SCNN_PE_PIPE_DEPTH : 0;
}

#endif
