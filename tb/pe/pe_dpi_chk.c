/* Copyright the SCNN contributors.
 * SPDX-License-Identifier: Apache-2.0
 *
 * The checks of the PE testbench tb/pe/tb_pe_dpi.sv (imports in pe_dpi_pkg.sv): every value the
 * testbench observes on the PE's ports is compared with the C model of the current job
 * (pe_dpi_job_begin in pe_dpi.c). A mismatch prints "FAIL verify-pe ..." with the job, the
 * bank/entry or word/block position and both values, and returns 1. */
#include <stdint.h>
#include <stdio.h>

#include "scnn_codec.h"
#include "scnn_model.h"
#include "scnn_params.h"
#include "svdpi.h"

#include "pe_dpi.h"
#include "scnn_dpi_pack.h"

int pe_dpi_check_acc(void *h, int phase, int bank, int entry, int raw) {
  pe_dpi_ctx *c = h;
  uint32_t lin = scnn_lin_of((uint32_t)bank, (uint32_t)entry);
  int32_t got = scnn_dpi_sext((uint32_t)raw);
  int32_t exp = phase == 0 ? c->mr->acc[lin] : c->obs->pe[c->pe].acc[lin];
  if (got == exp) return 0;
  return pe_dpi_failf(c, "%saccumulator bank %d entry %d (lin %u): RTL %d, C model %d",
              phase == 0 ? "" : "after the halo exchange: ", bank, entry, lin, got, exp);
}

int pe_dpi_check_compute(void *h, int cycles, int pairs, int issue, int ovf, int stall,
                         int qmax) {
  pe_dpi_ctx *c = h;
  const uint64_t exp_stall = scnn_pe_stall_sum(c->mr);
  c->rtl_cycles = (uint32_t)cycles, c->rtl_pairs = (uint32_t)pairs;
  c->rtl_issue = (uint32_t)issue, c->rtl_ovf = (uint32_t)ovf;
  const struct { const char *n; uint64_t g, e; } x[] = {
      {"compute cycles", c->rtl_cycles, c->mr->compute_cycles},
      {"pairs", c->rtl_pairs, c->mr->pairs},
      {"issue cycles", c->rtl_issue, c->mr->issue_cycles},
      {"overflows", c->rtl_ovf, c->mr->overflow},
      {"bank stall cycles", (uint32_t)stall, exp_stall},
      {"peak bank queue occupancy", (uint32_t)qmax, c->mr->queue_max}};
  for (size_t i = 0; i < sizeof x / sizeof x[0]; ++i)
    if (x[i].g != x[i].e)
      return pe_dpi_failf(c, "%s: RTL %llu, C model %llu", x[i].n, (unsigned long long)x[i].g,
                  (unsigned long long)x[i].e);
  return 0;
}

int pe_dpi_check_halo_req(void *h, int i, int k, int xo, int yo) {
  pe_dpi_ctx *c = h;
  if (i >= c->nsent)
    return pe_dpi_failf(c, "halo request %d granted: RTL (k %d, xo %d, yo %d), C model none", i, k, xo,
                yo);
  const pe_dpi_word *e = &c->sent[i];
  if (e->k == k && e->xo == xo && e->yo == yo) return 0;
  return pe_dpi_failf(c, "halo request %d granted: RTL (k %d, xo %d, yo %d), C model (k %d, xo %d, "
              "yo %d; lin %u)", i, k, xo, yo, e->k, e->xo, e->yo, e->lin);
}

int pe_dpi_check_halo_out(void *h, int i, int k, int xo, int yo, int raw) {
  pe_dpi_ctx *c = h;
  int32_t v = scnn_dpi_sext((uint32_t)raw);
  if (i >= c->nsent)
    return pe_dpi_failf(c, "halo word %d sent: RTL (k %d, xo %d, yo %d, %d), C model none", i, k, xo,
                yo, v);
  const pe_dpi_word *e = &c->sent[i];
  if (e->k == k && e->xo == xo && e->yo == yo && e->value == v) return 0;
  return pe_dpi_failf(c, "halo word %d sent: RTL (k %d, xo %d, yo %d, %d), C model (k %d, xo %d, yo %d, "
              "%d; lin %u)", i, k, xo, yo, v, e->k, e->xo, e->yo, e->value, e->lin);
}

int pe_dpi_check_halo_out_count(void *h, int n) {
  pe_dpi_ctx *c = h;
  c->tot_halo += (uint64_t)n;
  if (n == c->nsent) return 0;
  if (n > c->nsent)
    return pe_dpi_failf(c, "halo words sent: RTL %d, C model %d", n, c->nsent);
  const pe_dpi_word *e = &c->sent[n];
  return pe_dpi_failf(c, "halo word %d sent: RTL none, C model (k %d, xo %d, yo %d, %d; lin %u)", n,
              e->k, e->xo, e->yo, e->value, e->lin);
}

int pe_dpi_check_post_overflow(void *h, int ovf) {
  pe_dpi_ctx *c = h;
  if ((uint64_t)(uint32_t)ovf == c->ovf_post) return 0;
  return pe_dpi_failf(c, "overflows after the halo exchange: RTL %u, C model %llu", (unsigned)ovf,
              (unsigned long long)c->ovf_post);
}

static uint32_t exp_cnt(const pe_dpi_ctx *c, int k) {
  return c->obs->out_cnt[(size_t)c->pe * (size_t)c->obs->kg + (size_t)k];
}

int pe_dpi_check_block(void *h, int k, int base, int count) {
  pe_dpi_ctx *c = h;
  if (k < 0 || k >= c->mj.kg || c->blk_seen[k])
    return pe_dpi_failf(c, "drain reported block k=%d twice or out of range", k);
  c->blk_seen[k] = 1;
  c->blk_base[k] = base;
  c->blk_cnt[k] = count;
  /* the OARAM ring: every block starts where the previous one ended (0 after oaram_clear) */
  if ((uint32_t)base != c->ring_next)
    return pe_dpi_failf(c, "output block k=%d: RTL base %d, expected %u (OARAM ring: end of the previous "
                "block)", k, base, c->ring_next);
  c->ring_next = ((uint32_t)base + (uint32_t)count) % SCNN_OARAM_DEPTH;
  if ((uint32_t)count != exp_cnt(c, k))
    return pe_dpi_failf(c, "output block k=%d: RTL %d entries, C model %u", k, count, exp_cnt(c, k));
  return 0;
}

int pe_dpi_block(void *h, int k, int *base, int *count) {
  pe_dpi_ctx *c = h;
  *base = *count = 0;
  if (k < 0 || k >= c->mj.kg) return pe_dpi_failf(c, "no output block k=%d", k);
  if (!c->blk_seen[k] && c->mj.own_w > 0 && c->mj.own_h > 0)
    return pe_dpi_failf(c, "drain reported no block for k=%d", k);
  if (!c->blk_seen[k] && exp_cnt(c, k) != 0)
    return pe_dpi_failf(c, "output block k=%d: RTL 0 entries, C model %u", k, exp_cnt(c, k));
  *base = c->blk_base[k];
  *count = c->blk_cnt[k];
  return 0;
}

int pe_dpi_check_out_entry(void *h, int k, int i, int raw) {
  pe_dpi_ctx *c = h;
  const scnn_entry *e = c->obs->out_entries +
                        c->obs->out_off[(size_t)c->pe * (size_t)c->obs->kg + (size_t)k] + i;
  int16_t v = (int16_t)((uint32_t)raw & ((1u << SCNN_DATA_W) - 1));
  unsigned run = ((uint32_t)raw >> SCNN_DATA_W) & SCNN_RUN_MAX;
  c->tot_out += 1;
  if (v == e->value && run == e->run) return 0;
  return pe_dpi_failf(c, "output block k=%d entry %d: RTL (%d,%u), C model (%d,%u)", k, i, v, run,
              e->value, (unsigned)e->run);
}
