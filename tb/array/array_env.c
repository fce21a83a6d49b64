/* Copyright the SCNN contributors.
 * SPDX-License-Identifier: Apache-2.0
 *
 * The environment of the array testbench tb/array/tb_array_dpi.sv (imports in
 * array_dpi_pkg.sv; the checker is array_chk.c, the report array_report.c). Compiled by gcc as a
 * C library and linked with libscnn.a; never handed to Verilator.
 *
 * array_dpi_open opens the layer (scnn_layer_open), runs the C model's schedule (scnn_run) and
 * checks that every job fits the RTL's interfaces. Once per clock cycle, at the falling edge,
 * the testbench calls array_dpi_step with the array's status outputs and schedule events: the
 * events are checked against the model's schedule (barrier, halo exchange start and end,
 * drain start and end of every job), and the sequencer (reset, layer start, per job a hold -
 * the job's tables written, the previous job's counters checked, the drained buffer read
 * back: the previous job's, or with HALO_OVERLAP the one before, whose exchange is over -
 * then go and the run) answers with the control inputs and the events of the cycle; the
 * testbench calls only the interfaces that have one: the job configuration of one PE
 * (array_dpi_cfg), the descriptor and IARAM words (array_dpi_load), the weight streams
 * (array_dpi_weights, when a PE with vectors left is ready), the end of an exchange
 * (array_dpi_halo_end), the checks of the hold (array_dpi_counters, array_dpi_acc,
 * array_dpi_oaram) and its end (array_dpi_hold_end). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scnn_codec.h"
#include "scnn_layer_open.h"
#include "scnn_model.h"
#include "scnn_params.h"
#include "svdpi.h"

#include "array_env.h"
#include "scnn_dpi_pack.h"

/* ---- job preparation ------------------------------------------------------------------------- */


/* The IARAM image of PE pe: every virtual channel's block, in order. */
static int pe_image(array_env *c, int j, int pe) {
  const scnn_pe_job *m = &c->mj[pe];
  uint32_t n = 0;
  for (int v = 0; v < m->nv; ++v) {
    c->img_off[(size_t)pe * c->nvcap + v] = n;
    if (n + m->v[v].nact > (uint32_t)SCNN_IARAM_DEPTH)
      return array_failf(c, j, pe, "activations do not fit the IARAM (%u > %d entries)",
                         n + m->v[v].nact, SCNN_IARAM_DEPTH);
    for (uint32_t i = 0; i < m->v[v].nact; ++i)
      c->img[(size_t)pe * SCNN_IARAM_DEPTH + n++] = scnn_dpi_entry_bits(&m->v[v].act[i]);
  }
  c->nimg[pe] = (int)n;
  return 0;
}

/* PE pe's processed channels (descriptors) and weight vectors. */
static int pe_channels(array_env *c, int j, int pe) {
  const scnn_pe_job *m = &c->mj[pe];
  int nch = 0, nwv = 0;
  for (int v = 0; v < m->nv; ++v) {
    const scnn_pe_vc *x = &m->v[v];
    if (!x->nact || !x->nwgt) continue;
    if (x->nwgt > (uint32_t)SCNN_WFIFO_DEPTH * SCNN_F)
      return array_failf(c, j, pe, "weight block of channel %d exceeds the weight FIFO", v);
    c->ch[(size_t)pe * c->nvcap + nch++] = v;
    for (uint32_t i = 0; i < x->nwgt; i += SCNN_F) {
      if (nwv >= c->wvcap) return array_failf(c, j, pe, "too many weight vectors");
      c->wv_ch[(size_t)pe * c->wvcap + nwv] = v;
      c->wv_off[(size_t)pe * c->wvcap + nwv] = (int)i;
      ++nwv;
    }
  }
  if (nch > (1 << SCNN_VCH_BITS))
    return array_failf(c, j, pe, "%d channels exceed the descriptor table", nch);
  if (!scnn_dpi_job_fits(m))
    return array_failf(c, j, pe, "job geometry does not fit the PE interface (GEOM_W = %d bits)",
                       SCNN_GEOM_W);
  c->nch[pe] = nch;
  c->nwv[pe] = nwv;
  return 0;
}

/* Lays job j out for every PE: channels, descriptors, weight vectors; the IARAM images when
 * the sub-layer changes. */
static int prepare_job(array_env *c, int j) {
  const scnn_job_info *ji = scnn_plan_job(c->p, j);
  const scnn_sublayer *s = scnn_plan_sublayer(c->p, ji->sub);
  c->reload = ji->sub != c->loaded_sub;
  c->ld_left = 0;
  for (int pe = 0; pe < ARRAY_P; ++pe) {
    scnn_pe_job *m = &c->mj[pe];
    if (scnn_plan_pe_job(c->p, j, pe, m, c->vbuf + (size_t)pe * c->nvcap, c->nvcap) != 0)
      return array_failf(c, j, pe, "cannot describe the job");
    if (c->reload && pe_image(c, j, pe)) return 1;
    if (pe_channels(c, j, pe)) return 1;
    c->wnext[pe] = 0;
    c->ld_desc_n[pe] = 0;
    c->ld_img_n[pe] = 0;
    c->ld_left += c->nch[pe] + (c->reload ? c->nimg[pe] : 0);
  }
  if (!scnn_dpi_fits(s->Wto, 0) || !scnn_dpi_fits(s->Hto, 0))
    return array_failf(c, j, -1, "output tile does not fit GEOM_W");
  if (c->reload) c->loaded_sub = ji->sub;
  return 0;
}

/* ---- open / close ---------------------------------------------------------------------------- */

static void record_schedule(void *ctx, const scnn_job_obs *o) {
  array_env *c = ctx;
  c->t_start[o->job] = o->t_start;
  c->t_barrier[o->job] = o->t_barrier;
  c->t_hs[o->job] = o->t_halo_start;
  c->t_he[o->job] = o->t_halo_end;
  c->t_ds[o->job] = o->t_drain_start;
  c->t_de[o->job] = o->t_drain_start + o->drain_cycles + SCNN_DRAIN_LAT;
}

static int alloc_tables(array_env *c) {
  const scnn_layer *l = scnn_plan_layer(c->p);
  const size_t nout = (size_t)l->K * c->Ho * c->Wo, J1 = (size_t)c->J + 1;
  c->t_start = calloc(J1, sizeof *c->t_start);
  c->t_barrier = calloc(J1, sizeof *c->t_barrier);
  c->t_hs = calloc(J1, sizeof *c->t_hs);
  c->t_he = calloc(J1, sizeof *c->t_he);
  c->t_ds = calloc(J1, sizeof *c->t_ds);
  c->t_de = calloc(J1, sizeof *c->t_de);
  c->r_start = calloc(J1, sizeof *c->r_start);
  c->r_barrier = calloc(J1, sizeof *c->r_barrier);
  c->r_halo = calloc(J1, sizeof *c->r_halo);
  c->mout = calloc(nout + 1, sizeof *c->mout);
  c->rout = calloc(nout + 1, sizeof *c->rout);
  for (int s = 0; s < scnn_plan_num_sublayers(c->p); ++s)
    if (scnn_plan_sublayer(c->p, s)->nv > c->nvcap) c->nvcap = scnn_plan_sublayer(c->p, s)->nv;
  c->nvcap += 1;
  c->wvcap = c->nvcap * ((SCNN_WFIFO_DEPTH * SCNN_F + SCNN_F - 1) / SCNN_F);
  const size_t pv = (size_t)ARRAY_P * c->nvcap, pw = (size_t)ARRAY_P * c->wvcap;
  c->vbuf = calloc(pv, sizeof *c->vbuf);
  c->ch = calloc(pv, sizeof *c->ch);
  c->img_off = calloc(pv, sizeof *c->img_off);
  c->img = calloc((size_t)ARRAY_P * SCNN_IARAM_DEPTH, sizeof *c->img);
  c->wv_ch = calloc(pw, sizeof *c->wv_ch);
  c->wv_off = calloc(pw, sizeof *c->wv_off);
  int ok = c->t_start && c->t_barrier && c->t_hs && c->t_he && c->t_ds && c->t_de && c->r_start && c->r_barrier && c->r_halo && c->mout &&
           c->rout && c->vbuf && c->ch && c->img_off && c->img && c->wv_ch && c->wv_off;
  for (int i = 0; i < ARRAY_NSLOT; ++i) {
    c->slot[i].job = -1;
    c->slot[i].obs = calloc(1, sizeof *c->slot[i].obs);
    ok = ok && c->slot[i].obs;
  }
  return ok ? 0 : -1;
}

void array_dpi_close_env(array_env *c) {
  for (int i = 0; i < ARRAY_NSLOT; ++i) {
    if (c->slot[i].obs) array_slot_clear(&c->slot[i]);
    free(c->slot[i].obs);
  }
  free(c->t_start), free(c->t_barrier), free(c->r_start), free(c->r_barrier), free(c->r_halo);
  free(c->t_hs), free(c->t_he), free(c->t_ds), free(c->t_de);
  free(c->mout), free(c->rout), free(c->vbuf), free(c->ch);
  free(c->img_off), free(c->img), free(c->wv_ch), free(c->wv_off);
  scnn_layer_close(&c->b, c->p);
  free(c);
}

/* A setup error: message on stderr, the environment freed; returns NULL. */
static void *open_failed(array_env *c, const char *what) {
  if (what) fprintf(stderr, "tb_array_dpi: %s\n", what);
  if (c) array_dpi_close_env(c);
  return NULL;
}

void *array_dpi_open(const char *net, const char *layer, int seed, const char *out_npy,
                     const char *report_json, int trace_from, int desc_w, int wvec_w) {
  char msg[700];
  if (desc_w != SCNN_DPI_DESCW || wvec_w != SCNN_DPI_WVECW) {
    snprintf(msg, sizeof msg, "port widths of the testbench (descriptor %d, weight vector %d) "
             "differ from the parameters (%d, %d)", desc_w, wvec_w, SCNN_DPI_DESCW,
             SCNN_DPI_WVECW);
    return open_failed(NULL, msg);
  }
  array_env *c = calloc(1, sizeof *c);
  if (!c) return open_failed(NULL, "out of memory");
  clock_gettime(CLOCK_MONOTONIC, &c->t0);
  snprintf(c->net, sizeof c->net, "%s", net);
  snprintf(c->layer, sizeof c->layer, "%s", layer);
  snprintf(c->out_path, sizeof c->out_path, "%s", out_npy);
  snprintf(c->rep_path, sizeof c->rep_path, "%s", report_json);
  c->seed = (unsigned long long)(unsigned)seed;
  c->trace_from = trace_from;
  c->ovl = SCNN_HALO_OVERLAP != 0;
  scnn_error err;
  err.msg[0] = 0;
  if (scnn_layer_open(net, layer, c->seed, &c->b, &c->p, &err) != 0) {
    free(c);
    return open_failed(NULL, err.msg);
  }
  const scnn_layer *l = scnn_plan_layer(c->p);
  c->J = scnn_plan_num_jobs(c->p);
  c->Ho = scnn_layer_out_h(l);
  c->Wo = scnn_layer_out_w(l);
  if (alloc_tables(c) != 0) return open_failed(c, "out of memory");
  /* the model's schedule and output (the hook records every job's start and barrier) */
  if (scnn_run(c->p, NULL, c->mout, &c->mst, record_schedule, c, &err) != 0) {
    snprintf(msg, sizeof msg, "C model: %s", err.msg);
    return open_failed(c, msg);
  }
  /* every job must fit the RTL's interfaces (geometry widths, IARAM, descriptor table) */
  c->opening = 1;
  for (int j = 0; j < c->J; ++j)
    if (prepare_job(c, j) != 0) return open_failed(c, NULL);
  c->opening = 0;
  c->loaded_sub = -1;
  c->dj = -1;
  c->st = ARRAY_ST_RESET;
  array_report_head(c);
  return c;
}

int array_dpi_close(void *h) {
  array_env *c = h;
  if (!c->finished && !c->failed && c->exit == 0)
    array_failf(c, c->jn, -1, "simulation ended before the layer did");
  const int rc = c->exit;
  array_dpi_close_env(c);
  return rc;
}

void array_dpi_layer(void *h, int *prod_shift, int *out_shift, svBit *relu) {
  const scnn_layer *l = scnn_plan_layer(((array_env *)h)->p);
  *prod_shift = l->prod_shift, *out_shift = l->out_shift, *relu = (svBit)(l->relu != 0);
}

/* ---- the sequencer --------------------------------------------------------------------------- */

/* Layer start: job 0's tables, the hold sequencing reset. */
static int layer_start(array_env *c, svBit hold) {
  if (!hold) return array_failf(c, 0, -1, "the array does not hold after reset");
  c->jn = 0;
  if (c->J == 0) return array_failf(c, 0, -1, "layer has no job");
  if (array_slot_fill(c, 0) || prepare_job(c, 0)) return 1;
  c->check_job = -1, c->rd_job = -1, c->acc_job = -1;
  c->hs_job = c->he_job = c->ds_job = c->de_job = 0;
  c->h_t = 0;
  c->dbg_pend = 0;
  memset(c->rd_blk, 0, sizeof c->rd_blk);
  memset(c->rd_pend, 0, sizeof c->rd_pend);
  c->st = ARRAY_ST_HOLD;
  return 0;
}

/* A hold cycle: the interfaces it needs (the first cycle also starts the hold's work). */
static int hold_events(array_env *c, int cycles) {
  if (c->h_t == 0) {
    /* the previous job's counters; the drained buffer (the previous job's, or with overlap
     * the one before: the previous one's exchange may still be in progress); the blocks of
     * the job two back (its last ones may have left the PPU during the hold before) */
    c->check_job = c->jn - 1;
    c->acc_job = c->ovl ? c->jn - 2 : c->jn - 1;
    c->rd_job = c->jn - 2;
    /* cycle counter: the next go is cycle S_jn (or the start of the layer's end) */
    if (c->jn < c->J) c->r_start[c->jn] = (uint32_t)cycles;
    c->dbg_i = 0;
    c->rd_done = 0;
    memset(c->rd_blk, 0, sizeof c->rd_blk);
  }
  c->busy = 0;
  int ev = ARRAY_EV_RST_N | ARRAY_EV_HOLD_END;
  if (c->h_t == 0 && c->check_job >= 0) ev |= ARRAY_EV_COUNTERS;
  if (c->jn < c->J && c->h_t < ARRAY_P) ev |= ARRAY_EV_CFG;
  if (c->jn < c->J && (c->h_t == 0 || c->ld_left > 0)) ev |= ARRAY_EV_LOAD;
  if (c->acc_job >= 0 && (c->dbg_pend || c->dbg_i < ARRAY_ACC_N)) ev |= ARRAY_EV_ACC;
  if (c->rd_job >= 0 && !c->rd_done) ev |= ARRAY_EV_OARAM;
  return ev;
}

/* One event of the schedule at RTL cycle t against the model's cycle (a FAIL line and -1 if
 * they differ; "job" -1: an event the model does not have). */
static int sched_check(array_env *c, int job, const char *what, uint64_t t, const uint64_t *model) {
  if (job < 0 || job >= c->J)
    return array_failf(c, job < 0 ? 0 : c->J - 1, -1, "%s at cycle %llu: no such job (%d)", what,
                       (unsigned long long)t, job), -1;
  if (t != model[job])
    return array_failf(c, job, -1, "%s: RTL cycle %llu, C model %llu", what,
                       (unsigned long long)t, (unsigned long long)model[job]), -1;
  return 0;
}

/* The schedule events the array reports in this cycle (ev_*_o: each one cycle after the cycle
 * that names it): every job's barrier B_j, exchange start HS_j and end E_j, drain start DS_j
 * and end drain_end_j, in job order, against the model (docs/microarch.md section 5). Returns
 * the event bits of the interfaces to call, or -1. */
static int sched_events(array_env *c, int sched, int cycles, int halo_words) {
  const uint64_t now = (uint32_t)cycles; /* the event's cycle + 1 */
  int ev = 0;
  if (sched & ARRAY_SCH_BARRIER) {
    if (c->barrier_seen || c->jn >= c->J)
      return array_failf(c, c->jn < c->J ? c->jn : c->J - 1, -1,
                         "a second barrier at cycle %llu", (unsigned long long)now), -1;
    c->barrier_seen = 1;
    c->r_barrier[c->jn] = now;
    if (sched_check(c, c->jn, "barrier B_j", now, c->t_barrier)) return -1;
  }
  if (sched & ARRAY_SCH_HALO_LAST) { /* (before a start in the same cycle: job order) */
    if (sched_check(c, c->he_job, "halo exchange end E_j", now, c->t_he)) return -1;
    c->r_halo[c->he_job] = (uint32_t)halo_words - c->words_hs;
    ev |= ARRAY_EV_HALO_END;         /* array_dpi_halo_end checks it and moves on */
  }
  if (sched & ARRAY_SCH_HALO_INIT) {
    if (sched_check(c, c->hs_job, "halo exchange start HS_j", now, c->t_hs)) return -1;
    c->words_hs = (uint32_t)halo_words;
    c->hs_job++;
  }
  if (sched & ARRAY_SCH_DRAIN_LAST) {
    if (sched_check(c, c->de_job, "drain end drain_end_j", now, c->t_de)) return -1;
    c->de_job++;
  }
  if (sched & ARRAY_SCH_DRAIN_START) {
    if (sched_check(c, c->ds_job, "drain start DS_j", now - 1, c->t_ds)) return -1;
    c->dj = c->ds_job++;
  }
  return ev;
}

/* A run cycle: the weight streams, the hold that ends the job. */
static int run_events(array_env *c, svBit hold, int cycles) {
  int ev = ARRAY_EV_RST_N;
  if (c->jn < c->J) ev |= ARRAY_EV_WGT; /* (this cycle still streams the job's weights) */
  if (!hold) {
    /* Watchdog: the array must hold again at the model's start of the next job (or, after the
     * last job, at the layer's end); past twice that cycle plus a margin it hangs, and the run
     * ends with a FAIL line naming the job and the phase it is stuck in. */
    const uint64_t due = c->jn + 1 < c->J ? c->t_start[c->jn + 1] : c->mst.cycles;
    if ((uint64_t)(uint32_t)cycles > 2 * due + ARRAY_WATCHDOG_MARGIN)
      return array_failf(c, c->jn < c->J ? c->jn : c->J - 1, -1,
                         "watchdog: no hold by cycle %d (the model holds at cycle %llu): stuck %s",
                         cycles, (unsigned long long)due,
                         c->jn == c->J ? "in the last drain"
                         : c->barrier_seen ? "after the barrier (halo exchange or drain wait)"
                                           : "before the barrier (a PE never raised done)"), -1;
    return ev;
  }
  if (c->jn == c->J) { /* the layer's end: the last buffer (overlap) and blocks are left */
    c->rtl_cycles = (uint32_t)cycles;
    c->rd_job = c->J - 1;
    c->acc_job = c->ovl ? c->J - 1 : -1;
    c->check_job = -1;
    c->dbg_i = 0;
    c->h_t = 1;
    c->rd_done = 0;
    memset(c->rd_blk, 0, sizeof c->rd_blk);
    c->st = ARRAY_ST_HOLD;
    return ev;
  }
  if (!c->barrier_seen) return array_failf(c, c->jn, -1, "the array held before the barrier"), -1;
  c->jn++;
  c->h_t = 0;
  c->st = ARRAY_ST_HOLD;
  return ev;
}

int array_dpi_step(void *h, svBit hold, int sched, int cycles, int halo_words, int *wto,
                   int *hto) {
  array_env *c = h;
  if (c->finished) return -1;
  c->ticks++;
  if (c->ticks > 2000000000) return array_failf(c, c->jn, -1, "simulation too long"), -1;
  c->halo_words = (uint32_t)halo_words;
  const int sev = sched ? sched_events(c, sched, cycles, halo_words) : 0;
  if (sev < 0) return -1;
  { /* sub-layer ownership tiles of the job being computed / loaded */
    const int j = c->jn < c->J ? c->jn : c->J - 1;
    const scnn_sublayer *s = scnn_plan_sublayer(c->p, scnn_plan_job(c->p, j)->sub);
    *wto = s->Wto, *hto = s->Hto;
  }
  int ev = 0;
  switch (c->st) {
  case ARRAY_ST_RESET:
    if (c->ticks >= 3) c->st = ARRAY_ST_LSTART;
    break;
  case ARRAY_ST_LSTART:
    if (layer_start(c, hold)) return -1;
    ev = ARRAY_EV_RST_N | ARRAY_EV_LAYER_START;
    break;
  case ARRAY_ST_HOLD:
    ev = hold_events(c, cycles);
    break;
  case ARRAY_ST_GO:
    ev = ARRAY_EV_RST_N | ARRAY_EV_GO | (c->jn < c->J ? ARRAY_EV_GO_JOB : 0);
    if (c->jn < c->J && !array_slot_of(c, c->jn) && array_slot_fill(c, c->jn)) return -1;
    c->barrier_seen = 0;
    c->st = ARRAY_ST_RUN;
    break;
  case ARRAY_ST_RUN:
    ev = run_events(c, hold, cycles);
    if (ev < 0) return -1;
    break;
  default:
    return -1;
  }
  if (c->trace_from >= 0 && c->jn >= c->trace_from) ev |= ARRAY_EV_TRACE;
  return ev | sev;
}

int array_dpi_hold_end(void *h, int cycles) {
  array_env *c = h;
  c->h_t++;
  if (c->busy) return 0;
  if (c->jn < c->J && c->reload)
    for (int pe = 0; pe < ARRAY_P; ++pe) c->bytes_act += array_ent_bytes((uint64_t)c->nimg[pe]);
  if (c->jn < c->J) c->reload = 0;
  if (array_check_hold(c, cycles)) return 1;
  if (c->jn == c->J && c->dj == c->J - 1 && c->rd_job == c->J - 1) {
    /* the final drain's blocks are read back: the layer is done */
    c->st = ARRAY_ST_DONE;
    c->finished = 1;
    if (array_check_layer(c, c->rtl_cycles ? (int)c->rtl_cycles : cycles)) return 1;
    if (array_write_output(c)) return 1;
    array_report_summary(c);
    return 1;
  }
  c->st = ARRAY_ST_GO;
  return 0;
}

/* ---- the driving interfaces ------------------------------------------------------------------ */

int array_dpi_cfg(void *h, int *pe, int *nvch, int *kg, int *rx0, int *ry0, int *rw, int *rh,
                  int *ox0, int *oy0, int *own_w, int *own_h) {
  array_env *c = h;
  const scnn_pe_job *m = &c->mj[c->h_t];
  *pe = c->h_t, *nvch = c->nch[c->h_t], *kg = m->kg;
  *rx0 = m->rx0, *ry0 = m->ry0, *rw = m->rw, *rh = m->rh;
  *ox0 = m->ox0, *oy0 = m->oy0, *own_w = m->own_w, *own_h = m->own_h;
  c->busy = 1;
  return 0;
}

int array_dpi_load(void *h, svBitVecVal *iaram_we, svBitVecVal *iaram_waddr,
                   svBitVecVal *iaram_wdata, svBitVecVal *desc_we, svBitVecVal *desc_waddr,
                   svBitVecVal *desc_wdata) {
  array_env *c = h;
  memset(iaram_we, 0, sizeof(svBitVecVal) * ARRAY_WORDS(ARRAY_P));
  memset(desc_we, 0, sizeof(svBitVecVal) * ARRAY_WORDS(ARRAY_P));
  /* descriptors, then (new sub-layer) the IARAM image, one word per PE lane per cycle */
  for (int pe = 0; pe < ARRAY_P; ++pe) {
    if (c->ld_desc_n[pe] < c->nch[pe]) {
      const int i = c->ld_desc_n[pe]++;
      const int v = c->ch[(size_t)pe * c->nvcap + i];
      scnn_dpi_put(desc_we, pe, 1, 1);
      scnn_dpi_put(desc_waddr, pe * SCNN_VCH_BITS, SCNN_VCH_BITS, (uint32_t)i);
      scnn_dpi_desc_word(desc_wdata, pe * SCNN_DPI_DESCW, c->img_off[(size_t)pe * c->nvcap + v],
                         &c->mj[pe].v[v]);
      c->busy = 1, c->ld_left--;
    }
    if (c->reload && c->ld_img_n[pe] < c->nimg[pe]) {
      const int i = c->ld_img_n[pe]++;
      scnn_dpi_put(iaram_we, pe, 1, 1);
      scnn_dpi_put(iaram_waddr, pe * SCNN_DPI_IAW, SCNN_DPI_IAW, (uint32_t)i);
      scnn_dpi_put(iaram_wdata, pe * SCNN_DPI_ENTW, SCNN_DPI_ENTW,
                   c->img[(size_t)pe * SCNN_IARAM_DEPTH + i]);
      c->busy = 1, c->ld_left--;
    }
  }
  return 0;
}

int array_dpi_weights(void *h, const svBitVecVal *w_ready, svBitVecVal *w_valid,
                      svBitVecVal *w_data, svBitVecVal *w_pend) {
  array_env *c = h;
  memset(w_valid, 0, sizeof(svBitVecVal) * ARRAY_WORDS(ARRAY_P));
  memset(w_pend, 0, sizeof(svBitVecVal) * ARRAY_WORDS(ARRAY_P));
  for (int pe = 0; pe < ARRAY_P; ++pe) {
    if (c->wnext[pe] >= c->nwv[pe]) continue;
    if (scnn_dpi_get(w_ready, pe, 1)) {
      const int i = c->wnext[pe]++;
      const int v = c->wv_ch[(size_t)pe * c->wvcap + i];
      scnn_dpi_put(w_valid, pe, 1, 1);
      scnn_dpi_wvec_word(w_data, pe * SCNN_DPI_WVECW, &c->mj[pe].v[v],
                         (uint32_t)c->wv_off[(size_t)pe * c->wvcap + i]);
      c->bytes_wgt += array_ent_bytes(SCNN_F);
    }
    if (c->wnext[pe] < c->nwv[pe]) scnn_dpi_put(w_pend, pe, 1, 1);
  }
  return 0;
}

/* The prepare step of a hold's first cycle, after the finished job's counters were checked
 * (array_dpi_counters in array_chk.c): job jn's tables. */
int array_env_next_job(array_env *c) {
  for (int pe = 0; pe < ARRAY_P; ++pe)
    if (c->wnext[pe] != c->nwv[pe])
      return array_failf(c, c->check_job, pe, "%d weight vectors never accepted",
                         c->nwv[pe] - c->wnext[pe]);
  if (c->jn < c->J && c->jn > 0 && prepare_job(c, c->jn)) return 1;
  return 0;
}
