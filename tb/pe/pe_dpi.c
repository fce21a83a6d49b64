/* Copyright the SCNN contributors.
 * SPDX-License-Identifier: Apache-2.0
 *
 * DPI-C side of the SystemVerilog PE testbench tb/pe/tb_pe_dpi.sv (make verify-pe): the layer
 * and the PE, each job's layout for the PE's ports, the per-job table and the PASS line, the
 * waves' view. Compiled by gcc as a C library (never handed to Verilator) and linked with
 * libscnn.a; the checks are in pe_dpi_chk.c, the imports in pe_dpi_pkg.sv.
 *
 * pe_dpi_open opens the layer (scnn_layer_open: a catalog layer with generator data and a seed,
 * or a bundle directory), picks the PE (x,y or scnn_plan_busiest_pe) and returns the handle.
 * Per job, pe_dpi_job_begin runs the C model (scnn_pe_run_job for the PE alone,
 * scnn_job_observe for the whole array: halo words, drain) and lays the job out; the SV
 * testbench fetches the descriptors, IARAM entries, weight vectors and halo input words
 * through DPI arguments. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scnn_codec.h"
#include "scnn_layer_open.h"
#include "scnn_model.h"
#include "scnn_params.h"
#include "svdpi.h"

#include "pe_dpi.h"
#include "scnn_dpi_pack.h"
#include "tb_gtkw.h"

#define DESCW SCNN_DPI_DESCW
#define WVECW SCNN_DPI_WVECW

int pe_dpi_failf(pe_dpi_ctx *c, const char *fmt, ...) {
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  printf("FAIL verify-pe %s/%s PE (%d,%d) job %d (buffer %d): %s\n", c->net, c->layer,
         c->pe % SCNN_PE_COLS, c->pe / SCNN_PE_COLS, c->job, c->buf, msg);
  if (c->job >= 0) printf("failed job: %d\n", c->job);
  fflush(stdout);
  c->failed = 1;
  return 1;
}

static void job_free(pe_dpi_ctx *c) {
  if (c->have_obs) scnn_job_obs_free(c->obs);
  c->have_obs = 0;
  free(c->ch), free(c->iaram), free(c->wv_ch), free(c->wv_off), free(c->recv), free(c->sent);
  free(c->blk_seen), free(c->blk_base), free(c->blk_cnt);
  c->ch = c->wv_ch = c->wv_off = c->blk_seen = c->blk_base = c->blk_cnt = NULL;
  c->iaram = NULL;
  c->recv = c->sent = NULL;
}

void pe_dpi_close(void *h) {
  pe_dpi_ctx *c = h;
  if (!c) return;
  job_free(c);
  free(c->vbuf), free(c->mr), free(c->obs);
  scnn_layer_close(&c->b, c->p);
  free(c);
}

/* "x,y" or "busiest" -> c->pe; 0, or -1 (message printed). */
static int pick_pe(pe_dpi_ctx *c, const char *pe_arg) {
  scnn_error err;
  err.msg[0] = 0;
  if (strcmp(pe_arg, "busiest") == 0) {
    c->pe = scnn_plan_busiest_pe(c->p, NULL, &err);
    if (c->pe < 0) fprintf(stderr, "tb_pe_dpi: %s/%s: %s\n", c->net, c->layer, err.msg);
    return c->pe < 0 ? -1 : 0;
  }
  int x, y;
  char extra;
  if (sscanf(pe_arg, "%d,%d%c", &x, &y, &extra) != 2 || x < 0 || y < 0 || x >= SCNN_PE_COLS ||
      y >= SCNN_PE_ROWS) {
    fprintf(stderr, "tb_pe_dpi: PE '%s' is not x,y with 0 <= x < %d, 0 <= y < %d\n", pe_arg,
            SCNN_PE_COLS, SCNN_PE_ROWS);
    return -1;
  }
  c->pe = y * SCNN_PE_COLS + x;
  return 0;
}

void *pe_dpi_open(const char *net, const char *layer, const char *pe_arg, int seed, int desc_w,
                  int wvec_w) {
  if (desc_w != DESCW || wvec_w != WVECW) {
    fprintf(stderr, "tb_pe_dpi: port widths of the testbench (descriptor %d, weight vector %d) "
            "differ from the parameters (%d, %d)\n", desc_w, wvec_w, DESCW, WVECW);
    return NULL;
  }
  pe_dpi_ctx *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  snprintf(c->net, sizeof c->net, "%s", net);
  snprintf(c->layer, sizeof c->layer, "%s", layer);
  c->seed = (unsigned long long)(unsigned)seed;
  c->job = -1;
  scnn_error err;
  err.msg[0] = 0;
  if (scnn_layer_open(net, layer, c->seed, &c->b, &c->p, &err) != 0) {
    fprintf(stderr, "tb_pe_dpi: %s\n", err.msg);
    free(c);
    return NULL;
  }
  for (int s = 0; s < scnn_plan_num_sublayers(c->p); ++s)
    if (scnn_plan_sublayer(c->p, s)->nv > c->nvbuf) c->nvbuf = scnn_plan_sublayer(c->p, s)->nv;
  c->nvbuf += 1;
  c->vbuf = calloc((size_t)c->nvbuf, sizeof *c->vbuf);
  c->mr = malloc(sizeof *c->mr);
  c->obs = calloc(1, sizeof *c->obs);
  c->njobs = scnn_plan_num_jobs(c->p);
  if (!c->vbuf || !c->mr || !c->obs) fprintf(stderr, "tb_pe_dpi: out of memory\n");
  if (!c->vbuf || !c->mr || !c->obs || pick_pe(c, pe_arg) != 0) {
    pe_dpi_close(c);
    return NULL;
  }
  printf("verify-pe %s/%s PE (%d,%d): %d jobs, seed %llu (SystemVerilog testbench, C model "
         "through DPI-C)\n", net, layer, c->pe % SCNN_PE_COLS, c->pe / SCNN_PE_COLS, c->njobs,
         c->seed);
  printf("  %4s %4s %4s %10s %10s %8s %8s %6s %8s\n", "job", "kg", "vch", "cyc RTL",
         "cyc model", "pairs", "confl", "util%", "ovf");
  fflush(stdout);
  return c;
}

int pe_dpi_job_count(void *h) { return ((pe_dpi_ctx *)h)->njobs; }

/* lin -> (k, xo, yo) with the PE's region: lin = (k*rh + (yo-ry0))*rw + (xo-rx0). */
static pe_dpi_word word_of(const scnn_pe_job *m, uint32_t plane, uint32_t lin, int32_t value) {
  const uint32_t r = lin % plane;
  return (pe_dpi_word){(int)(lin / plane), m->rx0 + (int)(r % (uint32_t)m->rw),
                       m->ry0 + (int)(r / (uint32_t)m->rw), lin, value};
}


/* The processed channels, the IARAM image and the weight vectors of the job. */
static int job_layout(pe_dpi_ctx *c) {
  const scnn_pe_job *m = &c->mj;
  c->ch = calloc((size_t)m->nv + 1, sizeof *c->ch);
  if (!c->ch) return pe_dpi_failf(c, "out of memory");
  c->nch = 0;
  size_t total = 0, nwv = 0;
  for (int v = 0; v < m->nv; ++v) { /* both blocks non-empty (microarch 4.1) */
    const scnn_pe_vc *x = &m->v[v];
    if (!x->nact || !x->nwgt) continue;
    c->ch[c->nch++] = v;
    total += x->nact;
    nwv += (x->nwgt + SCNN_F - 1) / SCNN_F;
    if (x->nwgt > (uint32_t)SCNN_WFIFO_DEPTH * SCNN_F)
      return pe_dpi_failf(c, "weight block of channel %d exceeds the weight FIFO", v);
  }
  if (total > (size_t)SCNN_IARAM_DEPTH || c->nch > (1 << SCNN_VCH_BITS))
    return pe_dpi_failf(c, "job does not fit the PE (IARAM entries %zu, channels %d)", total,
                        c->nch);
  if (!scnn_dpi_job_fits(m))
    return pe_dpi_failf(c, "job geometry does not fit the PE interface (GEOM_W = %d bits)",
                        SCNN_GEOM_W);
  c->niaram = (int)total;
  c->iaram = calloc(total + 1, sizeof *c->iaram);
  c->nwvec = (int)nwv;
  c->wv_ch = calloc(nwv + 1, sizeof *c->wv_ch);
  c->wv_off = calloc(nwv + 1, sizeof *c->wv_off);
  if (!c->iaram || !c->wv_ch || !c->wv_off) return pe_dpi_failf(c, "out of memory");
  size_t a = 0, w = 0;
  for (int k = 0; k < c->nch; ++k) {
    const scnn_pe_vc *x = &m->v[c->ch[k]];
    for (uint32_t i = 0; i < x->nact; ++i) c->iaram[a++] = scnn_dpi_entry_bits(&x->act[i]);
    for (uint32_t i = 0; i < x->nwgt; i += SCNN_F, ++w) {
      c->wv_ch[w] = c->ch[k];
      c->wv_off[w] = (int)i;
    }
  }
  return 0;
}

/* Halo words received (fed into the PE) and sent (expected), in the array's order; both lins
 * are in this PE's region (the receiver's for recv, the sender's for sent); the drain's
 * bookkeeping. */
static int job_halo_and_drain(pe_dpi_ctx *c) {
  const scnn_pe_job *m = &c->mj;
  const scnn_job_obs *o = c->obs;
  const uint32_t plane = m->rw > 0 && m->rh > 0 ? (uint32_t)m->rw * (uint32_t)m->rh : 1u;
  c->recv = calloc(o->nhalo + 1, sizeof *c->recv);
  c->sent = calloc(o->nhalo + 1, sizeof *c->sent);
  c->blk_seen = calloc((size_t)m->kg + 1, sizeof(int));
  c->blk_base = calloc((size_t)m->kg + 1, sizeof(int));
  c->blk_cnt = calloc((size_t)m->kg + 1, sizeof(int));
  if (!c->recv || !c->sent || !c->blk_seen || !c->blk_base || !c->blk_cnt)
    return pe_dpi_failf(c, "out of memory");
  c->nrecv = c->nsent = 0;
  for (size_t i = 0; i < o->nhalo; ++i) {
    const scnn_halo_word *hw = &o->halo[i];
    if (hw->dst_pe == c->pe) c->recv[c->nrecv++] = word_of(m, plane, hw->dst_lin, hw->value);
    if (hw->src_pe == c->pe) c->sent[c->nsent++] = word_of(m, plane, hw->src_lin, hw->value);
  }
  c->ovf_post = o->pe[c->pe].overflow + o->halo_overflow[c->pe];
  return 0;
}

int pe_dpi_job_begin(void *h, int j) {
  pe_dpi_ctx *c = h;
  job_free(c);
  c->job = j;
  c->buf = j & 1;
  scnn_error err;
  err.msg[0] = 0;
  if (j < 0 || j >= c->njobs)
    return pe_dpi_failf(c, "job %d does not exist (%d jobs)", j, c->njobs);
  if (scnn_plan_pe_job(c->p, j, c->pe, &c->mj, c->vbuf, c->nvbuf) != 0)
    return pe_dpi_failf(c, "cannot describe the job");
  if (scnn_pe_run_job(&c->mj, c->mr, &err) != 0)
    return pe_dpi_failf(c, "C model rejected the job: %s", err.msg);
  if (scnn_job_observe(c->p, j, c->obs, &err) != 0)
    return pe_dpi_failf(c, "C model: %s", err.msg);
  c->have_obs = 1;
  if (job_layout(c) != 0) return 1;
  return job_halo_and_drain(c);
}

void pe_dpi_job_sizes(void *h, int *nvch, int *niaram, int *nwvec, int *nrecv, int *bufsel) {
  const pe_dpi_ctx *c = h;
  *nvch = c->nch, *niaram = c->niaram, *nwvec = c->nwvec, *nrecv = c->nrecv, *bufsel = c->buf;
}

void pe_dpi_job_region(void *h, int *rx0, int *ry0, int *rw, int *rh, int *kg,
                       int *prod_shift) {
  const scnn_pe_job *m = &((const pe_dpi_ctx *)h)->mj;
  *rx0 = m->rx0, *ry0 = m->ry0, *rw = m->rw, *rh = m->rh, *kg = m->kg;
  *prod_shift = m->prod_shift;
}

void pe_dpi_job_output(void *h, int *ox0, int *oy0, int *own_w, int *own_h, int *out_shift,
                       int *relu) {
  const pe_dpi_ctx *c = h;
  const scnn_pe_job *m = &c->mj;
  *ox0 = m->ox0, *oy0 = m->oy0, *own_w = m->own_w, *own_h = m->own_h;
  *out_shift = scnn_plan_layer(c->p)->out_shift;
  *relu = scnn_plan_layer(c->p)->relu;
}

int pe_dpi_iaram(void *h, int i) {
  const pe_dpi_ctx *c = h;
  return (i >= 0 && i < c->niaram) ? (int)c->iaram[i] : 0;
}

void pe_dpi_desc(void *h, int k, svBitVecVal *d) {
  const pe_dpi_ctx *c = h;
  memset(d, 0, sizeof(svBitVecVal) * (size_t)((DESCW + 31) / 32));
  if (k < 0 || k >= c->nch) return;
  uint32_t base = 0;
  for (int q = 0; q < k; ++q) base += c->mj.v[c->ch[q]].nact;
  scnn_dpi_desc_word(d, 0, base, &c->mj.v[c->ch[k]]);
}

void pe_dpi_wvec(void *h, int i, svBitVecVal *d) {
  const pe_dpi_ctx *c = h;
  memset(d, 0, sizeof(svBitVecVal) * (size_t)((WVECW + 31) / 32));
  if (i < 0 || i >= c->nwvec) return;
  scnn_dpi_wvec_word(d, 0, &c->mj.v[c->wv_ch[i]], (uint32_t)c->wv_off[i]);
}

void pe_dpi_halo_in(void *h, int i, int *k, int *xo, int *yo, int *value) {
  const pe_dpi_ctx *c = h;
  *k = *xo = *yo = *value = 0;
  if (i < 0 || i >= c->nrecv) return;
  *k = c->recv[i].k, *xo = c->recv[i].xo, *yo = c->recv[i].yo;
  *value = (int)((uint32_t)c->recv[i].value & SCNN_ACC_MASK);
}

int pe_dpi_fail(void *h, const char *msg) { return pe_dpi_failf(h, "%s", msg); }

/* The watchdog of every phase of the job (compute, halo send, halo receive, drain): twice what
 * the model says the longest of them takes, plus a margin: the compute cycles and the buffer
 * clear, one cycle per halo word sent or received, one per own cell drained. A PE that hangs
 * in a state ends the run in bounded time with a FAIL line naming the phase. */
int pe_dpi_cycle_limit(void *h) {
  const pe_dpi_ctx *c = h;
  const uint64_t cells = (uint64_t)c->mj.kg * (uint64_t)c->mj.own_w * (uint64_t)c->mj.own_h;
  uint64_t l = 10000 + 2 * (c->mr->compute_cycles + SCNN_BANK_DEPTH + (uint64_t)c->nsent +
                            (uint64_t)c->nrecv + cells);
  return l > 0x7fffffff ? 0x7fffffff : (int)l;
}

/* ---- report ---------------------------------------------------------------------------------- */

void pe_dpi_job_end(void *h) {
  pe_dpi_ctx *c = h;
  double util = c->rtl_cycles ? 100.0 * (double)c->mr->products_valid /
                                    ((double)c->rtl_cycles * SCNN_MULTS) : 0.0;
  printf("  %4d %4d %4d %10llu %10llu %8llu %8llu %6.1f %8llu\n", c->job, c->mj.kg, c->nch,
         (unsigned long long)c->rtl_cycles, (unsigned long long)c->mr->compute_cycles,
         (unsigned long long)c->rtl_pairs, (unsigned long long)(c->rtl_issue - c->rtl_pairs),
         util, (unsigned long long)c->rtl_ovf);
  fflush(stdout);
  c->tot_rtl += c->rtl_cycles;
  c->tot_model += c->mr->compute_cycles;
  c->tot_pairs += c->rtl_pairs;
  c->tot_conf += c->rtl_issue - c->rtl_pairs;
  c->tot_valid += c->mr->products_valid;
  c->jobs_run += 1;
}

int pe_dpi_finish(void *h) {
  const pe_dpi_ctx *c = h;
  if (!c->failed)
    printf("PASS verify-pe %s/%s PE (%d,%d): %d jobs, compute cycles RTL %llu = model %llu, "
           "%llu pairs, %llu conflict cycles, utilisation %.1f%%, %llu halo words sent, "
           "%llu output entries\n",
           c->net, c->layer, c->pe % SCNN_PE_COLS, c->pe / SCNN_PE_COLS, c->jobs_run,
           (unsigned long long)c->tot_rtl, (unsigned long long)c->tot_model,
           (unsigned long long)c->tot_pairs, (unsigned long long)c->tot_conf,
           c->tot_rtl ? 100.0 * (double)c->tot_valid / ((double)c->tot_rtl * SCNN_MULTS) : 0.0,
           (unsigned long long)c->tot_halo, (unsigned long long)c->tot_out);
  fflush(stdout);
  return c->failed;
}

int pe_dpi_waves_view(void *h, const char *layout, const char *out, const char *fst,
                      long long t_start, long long t_done, long long t_halo_end) {
  (void)h;
  const int64_t t[TB_GTKW_MARKS] = {t_start, t_done, t_halo_end};
  const char *const name[TB_GTKW_MARKS] = {"job start", "compute done", "halo end"};
  const int64_t from = t_start >= 0 ? t_start : 0;
  const int64_t last = t_halo_end >= 0 ? t_halo_end : t_done >= 0 ? t_done : from + 1000;
  const int64_t lead = (last - from) / 50 + 2000, tail = (last - from) / 10 + 2000; /* ps */
  return tb_gtkw_write(layout, out, fst, from > lead ? from - lead : 0, last + tail, t, name);
}
