/* Copyright the SCNN contributors.
 * SPDX-License-Identifier: Apache-2.0
 *
 * The checker of the array testbench tb/array/tb_array_dpi.sv (imports in array_dpi_pkg.sv;
 * state in array_env.h): at every hold, every PE's compute counters of the finished job and
 * every bank/entry of the last buffer whose halo exchange is over (the finished job's, or with
 * HALO_OVERLAP the one before), against the C model's scnn_job_observe(); at the end of every
 * halo exchange its words and every PE's receive overflows; every output block reported by the
 * PPUs (entry count) and every entry read back from the OARAM ring; the array's cycle counter at
 * every job start against the model's schedule (scnn_run; barriers, exchange and drain starts
 * and ends in array_env.c); at the end the layer's cycle count and the output tensor decoded
 * from the RTL's blocks. The first mismatch prints
 * "FAIL verify-array ..." with job, PE, bank/entry or block position and both values, and ends
 * the run (exit status 1). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scnn_codec.h"
#include "scnn_model.h"
#include "scnn_params.h"
#include "svdpi.h"

#include "array_env.h"
#include "scnn_dpi_pack.h"

int array_failf(array_env *c, int job, int pe, const char *fmt, ...) {
  char msg[600];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  c->failed = 1;
  c->finished = 1;
  if (c->opening) { /* the layer does not fit the RTL's interfaces: refused, not a mismatch */
    fprintf(stderr, "tb_array_dpi: %s/%s cannot run on the array RTL: job %d%s: %s\n", c->net,
            c->layer, job, pe >= 0 ? " (a PE's share)" : "", msg);
    c->exit = 2;
    return 1;
  }
  if (pe >= 0)
    printf("FAIL verify-array %s/%s job %d PE (%d,%d): %s\n", c->net, c->layer, job,
           pe % SCNN_PE_COLS, pe / SCNN_PE_COLS, msg);
  else
    printf("FAIL verify-array %s/%s job %d: %s\n", c->net, c->layer, job, msg);
  printf("failed job: %d\n", job < 0 ? 0 : job);
  fflush(stdout);
  c->exit = 1;
  return 1;
}

/* ---- the model's view of the jobs in flight (job, job - 1, job - 2) -------------------------- */

array_slot *array_slot_of(array_env *c, int j) {
  array_slot *s = &c->slot[j % ARRAY_NSLOT];
  return s->job == j ? s : NULL;
}

void array_slot_clear(array_slot *s) {
  if (s->job >= 0) {
    const int kg = s->obs->kg;
    for (int i = 0; i < ARRAY_P * kg; ++i) free(s->blk[i].e);
    scnn_job_obs_free(s->obs);
  }
  free(s->blk), free(s->blk_seen);
  s->blk = NULL, s->blk_seen = NULL;
  s->job = -1;
}

int array_slot_fill(array_env *c, int j) {
  array_slot *s = &c->slot[j % ARRAY_NSLOT];
  array_slot_clear(s);
  scnn_error err;
  err.msg[0] = 0;
  if (scnn_job_observe(c->p, j, s->obs, &err) != 0)
    return array_failf(c, j, -1, "C model: %s", err.msg);
  s->job = j;
  const int kg = s->obs->kg;
  s->blk = calloc((size_t)ARRAY_P * kg + 1, sizeof *s->blk);
  s->blk_seen = calloc((size_t)ARRAY_P * kg + 1, sizeof *s->blk_seen);
  if (!s->blk || !s->blk_seen) return array_failf(c, j, -1, "out of memory");
  return 0;
}

/* ---- the checking interfaces (tb/array/array_dpi_pkg.sv) ------------------------------------- */

int array_dpi_counters(void *h, const svBitVecVal *ccyc, const svBitVecVal *pairs,
                       const svBitVecVal *issue, const svBitVecVal *ovf,
                       const svBitVecVal *stall, const svBitVecVal *qmax) {
  array_env *c = h;
  const int j = c->check_job;
  array_slot *s = array_slot_of(c, j);
  for (int pe = 0; pe < ARRAY_P; ++pe) {
    const scnn_pe_result *r = &s->obs->pe[pe];
    const uint64_t exp_stall = scnn_pe_stall_sum(r);
    const uint64_t got[6] = {ccyc[pe], pairs[pe], issue[pe], ovf[pe], stall[pe],
                             (qmax[pe / 4] >> (8 * (pe % 4))) & 0xffu};
    const uint64_t exp[6] = {r->compute_cycles, r->pairs, r->issue_cycles, r->overflow,
                             exp_stall, r->queue_max};
    const char *nm[6] = {"compute cycles", "pairs", "issue cycles", "compute overflows",
                         "bank stall cycles", "peak bank queue occupancy"};
    for (int i = 0; i < 6; ++i)
      if ((uint32_t)got[i] != (uint32_t)exp[i])
        return array_failf(c, j, pe, "%s: RTL %llu, C model %llu", nm[i],
                           (unsigned long long)got[i], (unsigned long long)exp[i]);
    c->conflicts += (uint64_t)(issue[pe] - pairs[pe]);
    c->pairs += pairs[pe];
  }
  return array_env_next_job(c);
}

int array_dpi_halo_end(void *h, const svBitVecVal *hovf) {
  array_env *c = h;
  const int j = c->he_job++;
  array_slot *s = array_slot_of(c, j);
  if (!s) return array_failf(c, j, -1, "halo exchange ended for a job not in flight");
  if (c->r_halo[j] != s->obs->nhalo)
    return array_failf(c, j, -1, "halo words: RTL %llu, C model %llu",
                       (unsigned long long)c->r_halo[j], (unsigned long long)s->obs->nhalo);
  for (int pe = 0; pe < ARRAY_P; ++pe)
    if ((uint32_t)hovf[pe] != (uint32_t)s->obs->halo_overflow[pe])
      return array_failf(c, j, pe, "halo receive overflows: RTL %u, C model %llu",
                         (unsigned)hovf[pe], (unsigned long long)s->obs->halo_overflow[pe]);
  return 0;
}

/* Accumulator word idx (bank, entry) of every PE, as read through the debug port. */
static int check_acc_word(array_env *c, int j, int idx, const svBitVecVal *rdata) {
  array_slot *s = array_slot_of(c, j);
  const int bank = idx >> SCNN_BANK_DEPTH_BITS, entry = idx & ((1 << SCNN_BANK_DEPTH_BITS) - 1);
  const uint32_t lin = scnn_lin_of((uint32_t)bank, (uint32_t)entry);
  for (int pe = 0; pe < ARRAY_P; ++pe) {
    const int32_t got = scnn_dpi_sext(scnn_dpi_get(rdata, pe * SCNN_ACC_W, SCNN_ACC_W));
    const int32_t exp = s->obs->pe[pe].acc[lin];
    if (got != exp)
      return array_failf(c, j, pe, "accumulator after the halo exchange, bank %d entry %d "
                         "(lin %u): RTL %d, C model %d", bank, entry, lin, got, exp);
  }
  c->checked_acc += ARRAY_P;
  return 0;
}

int array_dpi_acc(void *h, const svBitVecVal *rdata, svBit *re, svBit *bufsel, int *bank,
                  int *entry) {
  array_env *c = h;
  *re = 0, *bufsel = 0, *bank = 0, *entry = 0;
  if (c->dbg_pend) { /* the word asked for in the previous cycle */
    if (check_acc_word(c, c->acc_job, c->dbg_i - 1, rdata)) return 1;
    c->dbg_pend = 0;
  }
  if (c->dbg_i < ARRAY_ACC_N) {
    *re = 1;
    *bufsel = (svBit)(c->acc_job & 1);
    *bank = c->dbg_i >> SCNN_BANK_DEPTH_BITS;
    *entry = c->dbg_i & ((1 << SCNN_BANK_DEPTH_BITS) - 1);
    c->dbg_i++;
    c->dbg_pend = 1;
    c->busy = 1;
  }
  return 0;
}

int array_dpi_blocks(void *h, const svBitVecVal *valid, const svBitVecVal *kv,
                     const svBitVecVal *basev, const svBitVecVal *countv) {
  array_env *c = h;
  for (int pe = 0; pe < ARRAY_P; ++pe) {
    if (!scnn_dpi_get(valid, pe, 1)) continue;
    array_slot *s = c->dj >= 0 ? array_slot_of(c, c->dj) : NULL;
    if (!s) return array_failf(c, c->dj, pe, "output block reported while no drain runs");
    const int kg = s->obs->kg;
    const int k = (int)scnn_dpi_get(kv, pe * ARRAY_LINW, ARRAY_LINW);
    const int base = (int)scnn_dpi_get(basev, pe * ARRAY_OAW, ARRAY_OAW);
    const int cnt = (int)scnn_dpi_get(countv, pe * ARRAY_OCNTW, ARRAY_OCNTW);
    if (k >= kg || s->blk_seen[pe * kg + k])
      return array_failf(c, c->dj, pe, "output block k=%d reported twice or out of range (kg %d)",
                         k, kg);
    const uint32_t exp = s->obs->out_cnt[pe * kg + k];
    if ((uint32_t)cnt != exp)
      return array_failf(c, c->dj, pe, "output block k=%d: RTL %d entries, C model %u", k, cnt,
                         exp);
    array_blk *b = &s->blk[pe * kg + k];
    b->k = k, b->base = base, b->count = cnt, b->read = 0;
    b->e = calloc((size_t)cnt + 1, sizeof *b->e);
    if (!b->e) return array_failf(c, c->dj, pe, "out of memory");
    s->blk_seen[pe * kg + k] = 1;
    if (c->dj == c->rd_job) c->rd_done = 0; /* (a block during the read-back: read it too) */
  }
  return 0;
}

/* The OARAM entry PE pe asked for in the previous cycle. */
static int check_out_entry(array_env *c, array_slot *s, int pe, const svBitVecVal *rdata) {
  const int kg = s->obs->kg;
  array_blk *b = &s->blk[pe * kg + c->rd_pend_blk[pe]];
  const uint32_t raw = scnn_dpi_get(rdata, pe * SCNN_DPI_ENTW, SCNN_DPI_ENTW);
  const int i = c->rd_pend_i[pe];
  b->e[i].value = (int16_t)(raw & ((1u << SCNN_DATA_W) - 1));
  b->e[i].run = (uint8_t)((raw >> SCNN_DATA_W) & SCNN_RUN_MAX);
  const scnn_entry *x = s->obs->out_entries + s->obs->out_off[pe * kg + b->k] + i;
  if (b->e[i].value != x->value || b->e[i].run != x->run)
    return array_failf(c, s->job, pe, "output block k=%d entry %d: RTL (%d,%u), C model (%d,%u)",
                       b->k, i, b->e[i].value, (unsigned)b->e[i].run, x->value,
                       (unsigned)x->run);
  c->checked_out += 1;
  c->rd_pend[pe] = 0;
  return 0;
}

int array_dpi_oaram(void *h, const svBitVecVal *rdata, svBitVecVal *re, svBitVecVal *raddr) {
  array_env *c = h;
  array_slot *s = array_slot_of(c, c->rd_job);
  const int kg = s->obs->kg;
  int all = 1;
  memset(re, 0, sizeof(svBitVecVal) * ARRAY_WORDS(ARRAY_P));
  for (int pe = 0; pe < ARRAY_P; ++pe) {
    if (c->rd_pend[pe] && check_out_entry(c, s, pe, rdata)) return 1;
    while (c->rd_blk[pe] < kg) { /* the next entry to read, one per PE per cycle */
      array_blk *b = &s->blk[pe * kg + c->rd_blk[pe]];
      if (!s->blk_seen[pe * kg + c->rd_blk[pe]] || b->read >= b->count) {
        c->rd_blk[pe]++;
        continue;
      }
      scnn_dpi_put(re, pe, 1, 1);
      scnn_dpi_put(raddr, pe * ARRAY_OAW, ARRAY_OAW,
                   (uint32_t)((b->base + b->read) % SCNN_OARAM_DEPTH));
      c->rd_pend[pe] = 1;
      c->rd_pend_blk[pe] = c->rd_blk[pe];
      c->rd_pend_i[pe] = b->read++;
      break;
    }
    if (c->rd_pend[pe] || c->rd_blk[pe] < kg) all = 0;
  }
  if (all) c->rd_done = 1;
  else c->busy = 1;
  return 0;
}

/* ---- the end of a hold and of the layer ------------------------------------------------------ */

/* Decodes job j's blocks (all read back) into the RTL output tensor. */
static int place_job(array_env *c, int j) {
  array_slot *s = array_slot_of(c, j);
  const scnn_job_info *ji = scnn_plan_job(c->p, j);
  const scnn_sublayer *sub = scnn_plan_sublayer(c->p, ji->sub);
  const int kg = s->obs->kg;
  int16_t *vals = malloc(((size_t)SCNN_ACC_ENTRIES + 1) * sizeof *vals);
  if (!vals) return array_failf(c, j, -1, "out of memory");
  int rc = 0;
  for (int pe = 0; pe < ARRAY_P && !rc; ++pe) {
    const scnn_rect *o = &sub->own[pe];
    const size_t n = (size_t)o->w * o->h;
    for (int k = 0; k < kg && n && !rc; ++k) {
      const array_blk *b = &s->blk[pe * kg + k];
      scnn_error err;
      err.msg[0] = 0;
      if (!s->blk_seen[pe * kg + k]) {
        rc = array_failf(c, j, pe, "no output block for k=%d", k);
      } else if (scnn_decode(b->e, (size_t)b->count, vals, n, &err) != 0) {
        rc = array_failf(c, j, pe, "output block k=%d does not decode: %s", k, err.msg);
      } else {
        for (int y = 0; y < o->h; ++y)
          for (int x = 0; x < o->w; ++x)
            c->rout[((size_t)(sub->k0 + ji->kl0 + k) * c->Ho + sub->oy0 + o->y0 + y) * c->Wo +
                    sub->ox0 + o->x0 + x] = vals[y * o->w + x];
      }
    }
  }
  free(vals);
  return rc;
}

int array_check_hold(array_env *c, int cycles) {
  (void)cycles;
  if (c->jn < c->J && c->r_start[c->jn] != c->t_start[c->jn])
    return array_failf(c, c->jn, -1, "start cycle S_%d: RTL %llu, C model %llu", c->jn,
                       (unsigned long long)c->r_start[c->jn],
                       (unsigned long long)c->t_start[c->jn]);
  /* the table row of the job whose buffer was read back (its exchange is over) */
  if (c->acc_job >= 0) array_report_job(c, c->acc_job);
  if (c->rd_job >= 0) {
    if (place_job(c, c->rd_job)) return 1;
    array_slot *rs = array_slot_of(c, c->rd_job);
    for (int i = 0; i < ARRAY_P * rs->obs->kg; ++i)
      if (rs->blk_seen[i]) c->bytes_out += array_ent_bytes((uint64_t)rs->blk[i].count);
    array_slot_clear(&c->slot[c->rd_job % ARRAY_NSLOT]);
  }
  return 0;
}

int array_check_layer(array_env *c, int cycles) {
  c->rtl_cycles = (uint32_t)cycles;
  if ((uint64_t)(uint32_t)cycles != c->mst.cycles)
    return array_failf(c, c->J - 1, -1, "layer cycles: RTL %d, C model %llu", cycles,
                       (unsigned long long)c->mst.cycles);
  const scnn_layer *l = scnn_plan_layer(c->p);
  const size_t nout = (size_t)l->K * c->Ho * c->Wo;
  for (size_t i = 0; i < nout; ++i)
    if (c->rout[i] != c->mout[i]) {
      const int k = (int)(i / ((size_t)c->Ho * c->Wo));
      const int y = (int)(i / (size_t)c->Wo % (size_t)c->Ho), x = (int)(i % (size_t)c->Wo);
      return array_failf(c, c->J - 1, -1, "output tensor (%d,%d,%d): RTL %d, C model %d", k, y, x,
                         c->rout[i], c->mout[i]);
    }
  return 0;
}
