/* DPI-C side of the array testbench tb/tb_array_dpi.sv (make verify, make verify-sc).
 * Compiled by gcc as a C library and linked with libscnn.a; never handed to Verilator.
 *
 * The SystemVerilog top calls scnn_adpi_tick() once per clock cycle (at the falling edge) with
 * everything the array drives on its ports, and gets back everything the array's inputs
 * should carry in the next cycle. This file is the array's environment:
 *   - the DRAM / host side: per job, the job configuration of every PE, the descriptor
 *     tables and (when the sub-layer changes) the IARAM images, written while the array
 *     holds; every PE's weight stream while it computes;
 *   - the checker: at every hold (one per job), every PE's accumulator buffer of the job just
 *     finished (every bank, every entry, after the halo exchange) and its counters, against
 *     the C model's scnn_job_observe(); every output block reported by the PPUs (entry count,
 *     then every entry read back from the OARAM ring) against the model's blocks; the array's
 *     cycle counter at every barrier and every job start against the model's schedule
 *     (scnn_run); at the end the layer's cycle count;
 *   - the report: the RTL output tensor (decoded from the RTL's blocks) as .npy, a summary and a
 *     JSON report.
 * The first mismatch prints "FAIL verify-array ..." with job, PE, bank/entry or block position
 * and both values, and ends the run (exit status 1). Bad arguments exit with status 2. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scnn_catalog.h"
#include "scnn_codec.h"
#include "scnn_gen.h"
#include "scnn_io.h"
#include "scnn_model.h"
#include "scnn_params.h"
#include "svdpi.h"

#include "scnn_adpi.h"
#include "scnn_dpi_pack.h"

#define P SCNN_PE_COUNT
#define ACC_N (1 << (SCNN_BANK_BITS + SCNN_BANK_DEPTH_BITS))
#define VCHW SCNN_VCH_BITS
#define OAW (32 - __builtin_clz(SCNN_OARAM_DEPTH - 1))
#define OCNTW (32 - __builtin_clz(SCNN_OARAM_DEPTH))
#define LINW (SCNN_BANK_BITS + SCNN_BANK_DEPTH_BITS)
#define NSLOT 3
#define WORDS(bits) (((bits) + 31) / 32)

enum { ST_RESET, ST_LSTART, ST_HOLD, ST_GO, ST_RUN, ST_END, ST_DONE };

typedef struct {
  int k, base, count, read; /* read: entries read back so far */
  scnn_entry *e;
} blk_rec;

typedef struct {
  int job;                  /* -1: empty */
  scnn_job_obs *obs;
  blk_rec *blk;             /* [pe * kg + k] */
  int *blk_seen;
} job_slot;

typedef struct {
  int used, failed, finished;
  int opening;              /* 1 while scnn_adpi_open checks every job: a failure is a setup error */
  char net[64], layer[512];
  unsigned long long seed;
  scnn_bundle b;
  scnn_plan *p;
  int J, Ho, Wo;
  /* model: schedule per job, layer stats, output */
  uint64_t *t_start, *t_barrier;   /* model */
  uint64_t *r_start, *r_barrier, *r_halo; /* RTL: cycle counter, halo words of the job */
  uint64_t halo_at_go;
  scnn_stats mst;
  int16_t *mout, *rout;
  /* state */
  int st, ticks, jn;        /* jn: next job to start (== J: only the final drain is left) */
  int dj;                   /* job being drained (-1: none) */
  int loaded_sub;           /* sub-layer whose IARAM images are loaded (-1 none) */
  job_slot slot[NSLOT];
  /* job jn's tables */
  scnn_pe_job mj[P];
  scnn_pe_vc *vbuf;         /* [pe * nvcap] */
  int nvcap;
  int nch[P], *ch;          /* processed channels of PE p: ch[p * nvcap + i] */
  uint32_t *img;            /* IARAM image of the sub-layer: img[p * IARAM_DEPTH + i] */
  int nimg[P];
  uint32_t *img_off;        /* [p * nvcap + v]: channel v's block in the image */
  int nwv[P], *wv_ch, *wv_off; /* weight vectors of PE p: [p * WVCAP + i] */
  int wvcap;
  int wnext[P];
  /* hold sequencing */
  int h_t, h_len, ld_desc_n[P], ld_img_n[P], reload, dbg_i, check_job, rd_job, rd_blk[P];
  int rd_pend[P], rd_pend_blk[P], rd_pend_i[P];
  int dbg_pend;
  int barrier_seen;
  /* totals */
  uint64_t rtl_cycles, halo_words, bytes_act, bytes_wgt, bytes_out, conflicts, pairs;
  uint64_t checked_acc, checked_out;
  struct timespec t0;
  const char *out_npy, *report_json;
  char out_path[1024], rep_path[1024];
} actx;

static actx g_a;
static int g_exit;
static int g_trace_from = -1;

static double now_s(const struct timespec *t0) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)(t.tv_sec - t0->tv_sec) + 1e-9 * (double)(t.tv_nsec - t0->tv_nsec);
}

static int fail(actx *c, int job, int pe, const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static int fail(actx *c, int job, int pe, const char *fmt, ...) {
  char msg[600];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  if (c->opening) { /* the layer does not fit the RTL's interfaces: refused, not a mismatch */
    fprintf(stderr, "tb_array_dpi: %s/%s cannot run on the array RTL: job %d%s: %s\n", c->net,
            c->layer, job, pe >= 0 ? " (a PE's share)" : "", msg);
    c->failed = 1;
    g_exit = 2;
    return 1;
  }
  if (pe >= 0)
    printf("FAIL verify-array %s/%s job %d PE (%d,%d): %s\n", c->net, c->layer, job,
           pe % SCNN_PE_COLS, pe / SCNN_PE_COLS, msg);
  else
    printf("FAIL verify-array %s/%s job %d: %s\n", c->net, c->layer, job, msg);
  printf("failed job: %d\n", job < 0 ? 0 : job);
  fflush(stdout);
  c->failed = 1;
  g_exit = 1;
  return 1;
}

static int setup_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int setup_error(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  fprintf(stderr, "tb_array_dpi: ");
  vfprintf(stderr, fmt, ap);
  fprintf(stderr, "\n");
  va_end(ap);
  g_exit = 2;
  return -1;
}

/* ---- model side ---------------------------------------------------------------------------- */

static void sched_hook(void *ctx, const scnn_job_obs *o) {
  actx *c = ctx;
  c->t_start[o->job] = o->t_start;
  c->t_barrier[o->job] = o->t_barrier;
}

static job_slot *slot_of(actx *c, int j) {
  job_slot *s = &c->slot[j % NSLOT];
  return s->job == j ? s : NULL;
}

static void slot_clear(job_slot *s) {
  if (s->job >= 0) {
    const int kg = s->obs->kg;
    for (int i = 0; i < P * kg; ++i) free(s->blk[i].e);
    scnn_job_obs_free(s->obs);
  }
  free(s->blk), free(s->blk_seen);
  s->blk = NULL, s->blk_seen = NULL;
  s->job = -1;
}

static int slot_fill(actx *c, int j) {
  job_slot *s = &c->slot[j % NSLOT];
  slot_clear(s);
  scnn_error err;
  err.msg[0] = 0;
  if (scnn_job_observe(c->p, j, s->obs, &err) != 0) return fail(c, j, -1, "C model: %s", err.msg);
  s->job = j;
  const int kg = s->obs->kg;
  s->blk = calloc((size_t)P * kg + 1, sizeof *s->blk);
  s->blk_seen = calloc((size_t)P * kg + 1, sizeof *s->blk_seen);
  if (!s->blk || !s->blk_seen) return fail(c, j, -1, "out of memory");
  return 0;
}

/* Lays job j out for every PE: channels, descriptors, weight vectors; the IARAM images when
 * the sub-layer changes. */
static int prepare_job(actx *c, int j) {
  const scnn_job_info *ji = scnn_plan_job(c->p, j);
  const scnn_sublayer *s = scnn_plan_sublayer(c->p, ji->sub);
  c->reload = ji->sub != c->loaded_sub;
  for (int pe = 0; pe < P; ++pe) {
    scnn_pe_job *m = &c->mj[pe];
    scnn_pe_vc *vb = c->vbuf + (size_t)pe * c->nvcap;
    if (scnn_plan_pe_job(c->p, j, pe, m, vb, c->nvcap) != 0)
      return fail(c, j, pe, "cannot describe the job");
    int ok = scnn_dpi_fits(m->rx0, 0) && scnn_dpi_fits(m->ry0, 0) && scnn_dpi_fits(m->rw, 0) &&
             scnn_dpi_fits(m->rh, 0) && scnn_dpi_fits(m->ox0, 0) && scnn_dpi_fits(m->oy0, 0) &&
             scnn_dpi_fits(m->own_w, 0) && scnn_dpi_fits(m->own_h, 0) &&
             m->kg * m->rw * m->rh <= SCNN_ACC_ENTRIES;
    if (c->reload) { /* every virtual channel's block, in order */
      uint32_t n = 0;
      for (int v = 0; v < m->nv; ++v) {
        c->img_off[(size_t)pe * c->nvcap + v] = n;
        if (n + m->v[v].nact > (uint32_t)SCNN_IARAM_DEPTH)
          return fail(c, j, pe, "activations do not fit the IARAM (%u > %d entries)",
                      n + m->v[v].nact, SCNN_IARAM_DEPTH);
        for (uint32_t i = 0; i < m->v[v].nact; ++i)
          c->img[(size_t)pe * SCNN_IARAM_DEPTH + n++] = scnn_dpi_entry_bits(&m->v[v].act[i]);
      }
      c->nimg[pe] = (int)n;
    }
    int nch = 0, nwv = 0;
    for (int v = 0; v < m->nv; ++v) {
      const scnn_pe_vc *x = &m->v[v];
      if (!x->nact || !x->nwgt) continue;
      if (x->nwgt > (uint32_t)SCNN_WFIFO_DEPTH * SCNN_F)
        return fail(c, j, pe, "weight block of channel %d exceeds the weight FIFO", v);
      ok = ok && scnn_dpi_fits(x->x0, 0) && scnn_dpi_fits(x->y0, 0) && scnn_dpi_fits(x->w, 0) &&
           scnn_dpi_fits(x->rv, 0) && scnn_dpi_fits(x->sv, 0) && scnn_dpi_fits(x->pad_y, 1) &&
           scnn_dpi_fits(x->pad_x, 1);
      c->ch[(size_t)pe * c->nvcap + nch++] = v;
      for (uint32_t i = 0; i < x->nwgt; i += SCNN_F) {
        if (nwv >= c->wvcap) return fail(c, j, pe, "too many weight vectors");
        c->wv_ch[(size_t)pe * c->wvcap + nwv] = v;
        c->wv_off[(size_t)pe * c->wvcap + nwv] = (int)i;
        ++nwv;
      }
    }
    if (nch > (1 << VCHW)) return fail(c, j, pe, "%d channels exceed the descriptor table", nch);
    if (!ok)
      return fail(c, j, pe, "job geometry does not fit the PE interface (GEOM_W = %d bits)",
                  SCNN_GEOM_W);
    c->nch[pe] = nch;
    c->nwv[pe] = nwv;
    c->wnext[pe] = 0;
    c->ld_desc_n[pe] = 0;
    c->ld_img_n[pe] = 0;
  }
  if (!scnn_dpi_fits(s->Wto, 0) || !scnn_dpi_fits(s->Hto, 0))
    return fail(c, j, -1, "output tile does not fit GEOM_W");
  if (c->reload) c->loaded_sub = ji->sub;
  return 0;
}

/* ---- open / close ---------------------------------------------------------------------------- */

int scnn_adpi_open(const char *net, const char *layer, int seed, const char *out_npy,
                   const char *report_json, int trace_from, int desc_w, int wvec_w) {
  actx *c = &g_a;
  /* [model; RTL pending] parameters (docs/microarch.md): the RTL implements only their 0 */
  const char *pend = SCNN_XBAR_QDEPTH ? "XBAR_QDEPTH" : SCNN_WEIGHT_ORDER ? "WEIGHT_ORDER"
                     : SCNN_HALO_OVERLAP ? "HALO_OVERLAP" : NULL;
  if (pend) return setup_error("parameter %s != 0 is not implemented by the RTL yet", pend);
  if (c->used) return setup_error("one layer per run");
  if (desc_w != SCNN_DPI_DESCW || wvec_w != SCNN_DPI_WVECW)
    return setup_error("port widths of the testbench (descriptor %d, weight vector %d) differ "
                       "from the parameters (%d, %d)", desc_w, wvec_w, SCNN_DPI_DESCW,
                       SCNN_DPI_WVECW);
  memset(c, 0, sizeof *c);
  clock_gettime(CLOCK_MONOTONIC, &c->t0);
  snprintf(c->net, sizeof c->net, "%s", net);
  snprintf(c->layer, sizeof c->layer, "%s", layer);
  snprintf(c->out_path, sizeof c->out_path, "%s", out_npy);
  snprintf(c->rep_path, sizeof c->rep_path, "%s", report_json);
  c->seed = (unsigned long long)(unsigned)seed;
  g_trace_from = trace_from;
  const int from_bundle = strcmp(net, "bundle") == 0;
  const scnn_catalog_entry *e = from_bundle ? NULL : scnn_catalog_find(net, layer);
  if (!from_bundle && !e)
    return setup_error("no layer '%s' in network '%s' (see `scnn list`)", layer, net);
  scnn_error err;
  err.msg[0] = 0;
  if ((from_bundle ? scnn_bundle_load(layer, &c->b, &err)
                   : scnn_gen_bundle(e, c->seed, -1, -1, &c->b, &err)) != 0) {
    scnn_bundle_free(&c->b);
    return setup_error("%s/%s: %s", net, layer, err.msg);
  }
  if (scnn_plan_create(&c->b.layer, c->b.input.data, c->b.weights.data, &c->p, &err) != 0) {
    scnn_bundle_free(&c->b);
    return setup_error("%s/%s: %s", net, layer, err.msg);
  }
  c->used = 1;
  const scnn_layer *l = scnn_plan_layer(c->p);
  c->J = scnn_plan_num_jobs(c->p);
  c->Ho = scnn_layer_out_h(l);
  c->Wo = scnn_layer_out_w(l);
  const size_t nout = (size_t)l->K * c->Ho * c->Wo;
  c->t_start = calloc((size_t)c->J + 1, sizeof *c->t_start);
  c->t_barrier = calloc((size_t)c->J + 1, sizeof *c->t_barrier);
  c->r_start = calloc((size_t)c->J + 1, sizeof *c->r_start);
  c->r_barrier = calloc((size_t)c->J + 1, sizeof *c->r_barrier);
  c->r_halo = calloc((size_t)c->J + 1, sizeof *c->r_halo);
  c->mout = calloc(nout + 1, sizeof *c->mout);
  c->rout = calloc(nout + 1, sizeof *c->rout);
  for (int s = 0; s < scnn_plan_num_sublayers(c->p); ++s)
    if (scnn_plan_sublayer(c->p, s)->nv > c->nvcap) c->nvcap = scnn_plan_sublayer(c->p, s)->nv;
  c->nvcap += 1;
  c->wvcap = c->nvcap * ((SCNN_WFIFO_DEPTH * SCNN_F + SCNN_F - 1) / SCNN_F);
  c->vbuf = calloc((size_t)P * c->nvcap, sizeof *c->vbuf);
  c->ch = calloc((size_t)P * c->nvcap, sizeof *c->ch);
  c->img_off = calloc((size_t)P * c->nvcap, sizeof *c->img_off);
  c->img = calloc((size_t)P * SCNN_IARAM_DEPTH, sizeof *c->img);
  c->wv_ch = calloc((size_t)P * c->wvcap, sizeof *c->wv_ch);
  c->wv_off = calloc((size_t)P * c->wvcap, sizeof *c->wv_off);
  for (int i = 0; i < NSLOT; ++i) {
    c->slot[i].job = -1;
    c->slot[i].obs = calloc(1, sizeof *c->slot[i].obs);
  }
  if (!c->t_start || !c->t_barrier || !c->r_start || !c->r_barrier || !c->r_halo || !c->mout || !c->rout || !c->vbuf || !c->ch ||
      !c->img_off || !c->img || !c->wv_ch || !c->wv_off || !c->slot[0].obs || !c->slot[1].obs ||
      !c->slot[2].obs)
    return setup_error("out of memory");
  /* the model's schedule and output (the hook records every job's start and barrier) */
  if (scnn_run(c->p, NULL, c->mout, &c->mst, sched_hook, c, &err) != 0)
    return setup_error("C model: %s", err.msg);
  /* every job must fit the RTL's interfaces (geometry widths, IARAM, descriptor table) */
  c->opening = 1;
  for (int j = 0; j < c->J; ++j)
    if (prepare_job(c, j) != 0) return -1;
  c->opening = 0;
  c->loaded_sub = -1;
  c->dj = -1;
  c->st = ST_RESET;
  printf("verify-array %s/%s: %d jobs, seed %llu, %dx%d PEs (SystemVerilog top, C model "
         "through DPI-C)\n", net, layer, c->J, c->seed, SCNN_PE_COLS, SCNN_PE_ROWS);
  printf("  %4s %4s %10s %10s %10s %10s %9s %9s\n", "job", "kg", "start RTL", "start mod",
         "barr RTL", "barr mod", "halo w", "confl cyc");
  fflush(stdout);
  return 0;
}

int scnn_adpi_trace_on(void) {
  return g_trace_from >= 0 && g_a.used && g_a.jn >= g_trace_from;
}

int scnn_adpi_exit_status(void) { return g_exit; }

/* ---- the cycle ------------------------------------------------------------------------------- */

typedef struct {
  const svBitVecVal *w_ready, *ccyc, *pairs, *issue, *ovf, *dbg, *blk_v, *blk_k, *blk_b, *blk_c,
      *ordata;
} ins;

/* Checks the counters and every bank/entry of job j's buffer (read in the previous cycles). */
static int check_counters(actx *c, int j, const ins *in) {
  job_slot *s = slot_of(c, j);
  for (int pe = 0; pe < P; ++pe) {
    const scnn_pe_result *r = &s->obs->pe[pe];
    const uint64_t got[4] = {in->ccyc[pe], in->pairs[pe], in->issue[pe], in->ovf[pe]};
    const uint64_t exp[4] = {r->compute_cycles, r->pairs, r->issue_cycles,
                             r->overflow + s->obs->halo_overflow[pe]};
    const char *nm[4] = {"compute cycles", "pairs", "issue cycles", "overflows (compute + halo)"};
    for (int i = 0; i < 4; ++i)
      if ((uint32_t)got[i] != (uint32_t)exp[i])
        return fail(c, j, pe, "%s: RTL %llu, C model %llu", nm[i], (unsigned long long)got[i],
                    (unsigned long long)exp[i]);
    c->conflicts += (uint64_t)(in->issue[pe] - in->pairs[pe]);
    c->pairs += in->pairs[pe];
  }
  return 0;
}

static int check_acc_word(actx *c, int j, int idx, const ins *in) {
  job_slot *s = slot_of(c, j);
  const int bank = idx >> SCNN_BANK_DEPTH_BITS, entry = idx & ((1 << SCNN_BANK_DEPTH_BITS) - 1);
  const uint32_t lin = scnn_lin_of((uint32_t)bank, (uint32_t)entry);
  for (int pe = 0; pe < P; ++pe) {
    const int32_t got = scnn_dpi_sext(scnn_dpi_get(in->dbg, pe * SCNN_ACC_W, SCNN_ACC_W));
    const int32_t exp = s->obs->pe[pe].acc[lin];
    if (got != exp)
      return fail(c, j, pe, "accumulator after the halo exchange, bank %d entry %d (lin %u): "
                  "RTL %d, C model %d", bank, entry, lin, got, exp);
  }
  c->checked_acc += P;
  return 0;
}

/* Block reports of the PPUs (every cycle). */
static int monitor_blocks(actx *c, const ins *in) {
  for (int pe = 0; pe < P; ++pe) {
    if (!scnn_dpi_get(in->blk_v, pe, 1)) continue;
    job_slot *s = c->dj >= 0 ? slot_of(c, c->dj) : NULL;
    if (!s) return fail(c, c->dj, pe, "output block reported while no drain runs");
    const int kg = s->obs->kg;
    const int k = (int)scnn_dpi_get(in->blk_k, pe * LINW, LINW);
    const int base = (int)scnn_dpi_get(in->blk_b, pe * OAW, OAW);
    const int cnt = (int)scnn_dpi_get(in->blk_c, pe * OCNTW, OCNTW);
    if (k >= kg || s->blk_seen[pe * kg + k])
      return fail(c, c->dj, pe, "output block k=%d reported twice or out of range (kg %d)", k, kg);
    const uint32_t exp = s->obs->out_cnt[pe * kg + k];
    if ((uint32_t)cnt != exp)
      return fail(c, c->dj, pe, "output block k=%d: RTL %d entries, C model %u", k, cnt, exp);
    blk_rec *b = &s->blk[pe * kg + k];
    b->k = k, b->base = base, b->count = cnt, b->read = 0;
    b->e = calloc((size_t)cnt + 1, sizeof *b->e);
    if (!b->e) return fail(c, c->dj, pe, "out of memory");
    s->blk_seen[pe * kg + k] = 1;
  }
  return 0;
}

/* Decodes job j's blocks (all read back) into the RTL output tensor. */
static int place_job(actx *c, int j) {
  job_slot *s = slot_of(c, j);
  const scnn_job_info *ji = scnn_plan_job(c->p, j);
  const scnn_sublayer *sub = scnn_plan_sublayer(c->p, ji->sub);
  const int kg = s->obs->kg;
  int16_t *vals = malloc(((size_t)SCNN_ACC_ENTRIES + 1) * sizeof *vals);
  if (!vals) return fail(c, j, -1, "out of memory");
  for (int pe = 0; pe < P; ++pe) {
    const scnn_rect *o = &sub->own[pe];
    const size_t n = (size_t)o->w * o->h;
    for (int k = 0; k < kg && n; ++k) {
      const blk_rec *b = &s->blk[pe * kg + k];
      if (!s->blk_seen[pe * kg + k]) {
        free(vals);
        return fail(c, j, pe, "no output block for k=%d", k);
      }
      scnn_error err;
      err.msg[0] = 0;
      if (scnn_decode(b->e, (size_t)b->count, vals, n, &err) != 0) {
        free(vals);
        return fail(c, j, pe, "output block k=%d does not decode: %s", k, err.msg);
      }
      for (int y = 0; y < o->h; ++y)
        for (int x = 0; x < o->w; ++x)
          c->rout[((size_t)(sub->k0 + ji->kl0 + k) * c->Ho + sub->oy0 + o->y0 + y) * c->Wo +
                  sub->ox0 + o->x0 + x] = vals[y * o->w + x];
    }
  }
  free(vals);
  return 0;
}

/* OARAM read-back of job j's blocks, one entry per PE per cycle: issue (*re) and check the
 * entry read the cycle before. Returns 1 when every PE has read all its blocks. */
static int oaram_step(actx *c, int j, const ins *in, svBitVecVal *re, svBitVecVal *raddr,
                      int *bad) {
  job_slot *s = slot_of(c, j);
  const int kg = s->obs->kg;
  int all = 1;
  for (int pe = 0; pe < P; ++pe) {
    if (c->rd_pend[pe]) { /* the entry asked for in the previous cycle */
      blk_rec *b = &s->blk[pe * kg + c->rd_pend_blk[pe]];
      const uint32_t raw = scnn_dpi_get(in->ordata, pe * SCNN_DPI_ENTW, SCNN_DPI_ENTW);
      const int i = c->rd_pend_i[pe];
      b->e[i].value = (int16_t)(raw & ((1u << SCNN_DATA_W) - 1));
      b->e[i].run = (uint8_t)((raw >> SCNN_DATA_W) & SCNN_RUN_MAX);
      const scnn_entry *x = s->obs->out_entries + s->obs->out_off[pe * kg + b->k] + i;
      if (b->e[i].value != x->value || b->e[i].run != x->run) {
        *bad = fail(c, j, pe, "output block k=%d entry %d: RTL (%d,%u), C model (%d,%u)", b->k, i,
                    b->e[i].value, (unsigned)b->e[i].run, x->value, (unsigned)x->run);
        return 1;
      }
      c->checked_out += 1;
      c->rd_pend[pe] = 0;
    }
    /* next entry to read */
    while (c->rd_blk[pe] < kg) {
      blk_rec *b = &s->blk[pe * kg + c->rd_blk[pe]];
      if (!s->blk_seen[pe * kg + c->rd_blk[pe]] || b->read >= b->count) {
        c->rd_blk[pe]++;
        continue;
      }
      scnn_dpi_put(re, pe, 1, 1);
      scnn_dpi_put(raddr, pe * OAW, OAW, (uint32_t)((b->base + b->read) % SCNN_OARAM_DEPTH));
      c->rd_pend[pe] = 1;
      c->rd_pend_blk[pe] = c->rd_blk[pe];
      c->rd_pend_i[pe] = b->read++;
      break;
    }
    if (c->rd_pend[pe] || c->rd_blk[pe] < kg) all = 0;
  }
  return all;
}

static double density(const int16_t *v, size_t n) {
  size_t nz = 0;
  for (size_t i = 0; i < n; ++i) nz += v[i] != 0;
  return n ? (double)nz / (double)n : 0.0;
}

static void summary(actx *c) {
  const scnn_layer *l = scnn_plan_layer(c->p);
  const double wall = now_s(&c->t0);
  const uint64_t lanes = (uint64_t)P * SCNN_MULTS;
  const double util = c->rtl_cycles ? (double)c->mst.products_valid / ((double)c->rtl_cycles * lanes) : 0;
  const double in_d = density(c->b.input.data, (size_t)scnn_tensor_numel(&c->b.input));
  const double w_d = density(c->b.weights.data, (size_t)scnn_tensor_numel(&c->b.weights));
  const double o_d = density(c->rout, (size_t)l->K * c->Ho * c->Wo);
  printf("summary %s/%s (C=%d H=%d W=%d K=%d R=%d S=%d stride %d pad %d groups %d)\n", c->net,
         c->layer, l->C, l->H, l->W, l->K, l->R, l->S, l->stride, l->pad, l->groups);
  printf("  densities: activations %.3f, weights %.3f, outputs %.3f\n", in_d, w_d, o_d);
  printf("  jobs %d, sub-layers %llu, passes %llu\n", c->J, (unsigned long long)c->mst.sublayers,
         (unsigned long long)c->mst.passes);
  printf("  cycles: RTL %llu, C model %llu (%s); DCNN baseline %llu -> speedup %.2fx\n",
         (unsigned long long)c->rtl_cycles, (unsigned long long)c->mst.cycles,
         c->rtl_cycles == c->mst.cycles ? "identical" : "DIFFERENT",
         (unsigned long long)c->mst.dcnn_cycles,
         c->rtl_cycles ? (double)c->mst.dcnn_cycles / (double)c->rtl_cycles : 0.0);
  printf("  utilisation %.1f%% of %llu multipliers; %llu pairs, %llu bank-conflict cycles (RTL counters)\n",
         100.0 * util, (unsigned long long)lanes, (unsigned long long)c->pairs,
         (unsigned long long)c->conflicts);
  printf("  halo words: RTL %llu, C model %llu\n", (unsigned long long)c->halo_words,
         (unsigned long long)c->mst.halo_words);
  printf("  memory side (measured at the array's ports): IARAM loads %llu B, output blocks read "
         "%llu B, weight streams into the 64 FIFOs %llu B\n", (unsigned long long)c->bytes_act,
         (unsigned long long)c->bytes_out, (unsigned long long)c->bytes_wgt);
  printf("  C model DRAM traffic %llu B (activations %llu, weights %llu once per job, outputs %llu)\n",
         (unsigned long long)c->mst.dram_bytes, (unsigned long long)c->mst.dram_bytes_act_in,
         (unsigned long long)c->mst.dram_bytes_wgt, (unsigned long long)c->mst.dram_bytes_out);
  printf("  checked: %llu accumulator words, %llu output entries; simulated %d cycles (incl. holds) "
         "in %.1f s (%.0f cycles/s)\n", (unsigned long long)c->checked_acc,
         (unsigned long long)c->checked_out, c->ticks, wall, wall > 0 ? c->ticks / wall : 0.0);
  fflush(stdout);
  if (c->rep_path[0]) {
    FILE *f = fopen(c->rep_path, "w");
    if (f) {
      fprintf(f, "{\n  \"net\": \"%s\",\n  \"layer\": \"%s\",\n  \"seed\": %llu,\n  \"jobs\": %d,\n"
              "  \"cycles\": %llu,\n  \"model_cycles\": %llu,\n  \"dcnn_cycles\": %llu,\n"
              "  \"utilisation\": %.6f,\n  \"pairs\": %llu,\n  \"conflict_cycles\": %llu,\n"
              "  \"halo_words\": %llu,\n  \"bytes_act\": %llu,\n  \"bytes_wgt\": %llu,\n"
              "  \"bytes_out\": %llu,\n  \"model_dram_bytes\": %llu,\n  \"sim_cycles\": %d,\n"
              "  \"wall_s\": %.3f,\n  \"pass\": %s\n}\n",
              c->net, c->layer, c->seed, c->J, (unsigned long long)c->rtl_cycles,
              (unsigned long long)c->mst.cycles, (unsigned long long)c->mst.dcnn_cycles, util,
              (unsigned long long)c->pairs, (unsigned long long)c->conflicts,
              (unsigned long long)c->halo_words, (unsigned long long)c->bytes_act,
              (unsigned long long)c->bytes_wgt, (unsigned long long)c->bytes_out,
              (unsigned long long)c->mst.dram_bytes, c->ticks, wall, c->failed ? "false" : "true");
      fclose(f);
    }
  }
}

static uint64_t ent_bytes(uint64_t n) { return (n * SCNN_DPI_ENTW + 7) / 8; }

/* The end of the layer: every block read back; compare the tensor with the model's, write it. */
static int finish_layer(actx *c, int cycles) {
  c->rtl_cycles = (uint32_t)cycles;
  if ((uint64_t)(uint32_t)cycles != c->mst.cycles)
    return fail(c, c->J - 1, -1, "layer cycles: RTL %d, C model %llu", cycles,
                (unsigned long long)c->mst.cycles);
  const scnn_layer *l = scnn_plan_layer(c->p);
  const size_t nout = (size_t)l->K * c->Ho * c->Wo;
  for (size_t i = 0; i < nout; ++i)
    if (c->rout[i] != c->mout[i]) {
      const int k = (int)(i / ((size_t)c->Ho * c->Wo));
      const int y = (int)(i / (size_t)c->Wo % (size_t)c->Ho), x = (int)(i % (size_t)c->Wo);
      return fail(c, c->J - 1, -1, "output tensor (%d,%d,%d): RTL %d, C model %d", k, y, x,
                  c->rout[i], c->mout[i]);
    }
  if (c->out_path[0]) {
    scnn_tensor t;
    t.ndim = 3;
    t.dims[0] = l->K, t.dims[1] = c->Ho, t.dims[2] = c->Wo;
    t.data = c->rout;
    scnn_error err;
    err.msg[0] = 0;
    if (scnn_npy_write(c->out_path, &t, &err) != 0) return fail(c, c->J - 1, -1, "%s", err.msg);
  }
  return 0;
}

int scnn_adpi_tick(int h, svBit hold, svBit halo_phase, int cycles, int halo_words,
                   const svBitVecVal *w_ready, const svBitVecVal *ccyc, const svBitVecVal *pairs,
                   const svBitVecVal *issue, const svBitVecVal *ovf, const svBitVecVal *dbg_rdata,
                   const svBitVecVal *blk_valid, const svBitVecVal *blk_k,
                   const svBitVecVal *blk_base, const svBitVecVal *blk_count,
                   const svBitVecVal *oaram_rdata, svBit *rst_n, svBit *layer_start, svBit *go,
                   svBit *go_job, svBit *go_drain, int *prod_shift, int *out_shift, svBit *relu,
                   int *wto, int *hto, svBit *cfg_we, int *cfg_pe, int *cfg_nvch, int *cfg_kg,
                   int *cfg_rx0, int *cfg_ry0, int *cfg_rw, int *cfg_rh, int *cfg_ox0,
                   int *cfg_oy0, int *cfg_own_w, int *cfg_own_h, svBitVecVal *ld_iaram_we,
                   svBitVecVal *ld_iaram_waddr, svBitVecVal *ld_iaram_wdata,
                   svBitVecVal *ld_desc_we, svBitVecVal *ld_desc_waddr,
                   svBitVecVal *ld_desc_wdata, svBitVecVal *w_valid, svBitVecVal *w_data,
                   svBit *dbg_re, svBit *dbg_buf, int *dbg_bank, int *dbg_entry,
                   svBitVecVal *oaram_re, svBitVecVal *oaram_raddr) {
  actx *c = &g_a;
  (void)h;
  /* defaults: nothing driven */
  *rst_n = 1, *layer_start = 0, *go = 0, *go_job = 0, *go_drain = 0, *cfg_we = 0, *dbg_re = 0;
  *dbg_buf = 0, *dbg_bank = 0, *dbg_entry = 0, *cfg_pe = 0;
  *cfg_nvch = *cfg_kg = *cfg_rx0 = *cfg_ry0 = *cfg_rw = *cfg_rh = 0;
  *cfg_ox0 = *cfg_oy0 = *cfg_own_w = *cfg_own_h = 0;
  memset(ld_iaram_we, 0, sizeof(svBitVecVal) * WORDS(P));
  memset(ld_desc_we, 0, sizeof(svBitVecVal) * WORDS(P));
  memset(w_valid, 0, sizeof(svBitVecVal) * WORDS(P));
  memset(oaram_re, 0, sizeof(svBitVecVal) * WORDS(P));
  (void)ld_iaram_waddr, (void)ld_iaram_wdata, (void)ld_desc_waddr, (void)ld_desc_wdata;
  (void)oaram_raddr, (void)w_data;
  if (!c->used || c->finished) return 1;
  const scnn_layer *l = scnn_plan_layer(c->p);
  *prod_shift = l->prod_shift, *out_shift = l->out_shift, *relu = (svBit)(l->relu != 0);
  const ins in = {w_ready, ccyc, pairs, issue, ovf, dbg_rdata, blk_valid, blk_k, blk_base,
                  blk_count, oaram_rdata};
  c->ticks++;
  if (c->ticks > 2000000000) return fail(c, c->jn, -1, "simulation too long"), c->finished = 1;
  if (monitor_blocks(c, &in)) return c->finished = 1;
  c->halo_words = (uint32_t)halo_words;
  /* sub-layer ownership tiles of the job being computed / loaded */
  {
    const int j = c->jn < c->J ? c->jn : c->J - 1;
    const scnn_sublayer *s = scnn_plan_sublayer(c->p, scnn_plan_job(c->p, j)->sub);
    *wto = s->Wto, *hto = s->Hto;
  }
  switch (c->st) {
  case ST_RESET:
    *rst_n = 0;
    if (c->ticks >= 3) c->st = ST_LSTART;
    return 0;
  case ST_LSTART:
    if (!hold) return fail(c, 0, -1, "the array does not hold after reset"), c->finished = 1;
    *layer_start = 1;
    c->jn = 0;
    if (c->J == 0) return fail(c, 0, -1, "layer has no job"), c->finished = 1;
    if (slot_fill(c, 0) || prepare_job(c, 0)) return c->finished = 1;
    c->check_job = -1, c->rd_job = -1;
    c->h_t = 0;
    c->dbg_pend = 0;
    memset(c->rd_blk, 0, sizeof c->rd_blk);
    memset(c->rd_pend, 0, sizeof c->rd_pend);
    c->st = ST_HOLD;
    return 0;
  case ST_HOLD: {
    /* job jn's tables (if jn < J), the check of job jn-1, the read-back of job jn-2's blocks */
    int busy = 0;
    if (c->h_t == 0) {
      c->check_job = c->jn - 1;
      c->rd_job = c->jn - 2;
      /* cycle counter: the next go is cycle S_jn (or the final drain's start) */
      if (c->jn < c->J) c->r_start[c->jn] = (uint32_t)cycles;
      if (c->jn > 0) c->r_halo[c->jn - 1] = (uint32_t)halo_words - c->halo_at_go;
      if (c->check_job >= 0) {
        if (check_counters(c, c->check_job, &in)) return c->finished = 1;
        for (int pe = 0; pe < P; ++pe)
          if (c->wnext[pe] != c->nwv[pe])
            return fail(c, c->check_job, pe, "%d weight vectors never accepted",
                        c->nwv[pe] - c->wnext[pe]), c->finished = 1;
      }
      if (c->jn < c->J && c->jn > 0 && prepare_job(c, c->jn)) return c->finished = 1;
      c->dbg_i = 0;
      memset(c->rd_blk, 0, sizeof c->rd_blk);
    }
    if (c->jn < c->J) {
      /* job configuration, one PE per cycle */
      if (c->h_t < P) {
        const scnn_pe_job *m = &c->mj[c->h_t];
        *cfg_we = 1, *cfg_pe = c->h_t, *cfg_nvch = c->nch[c->h_t], *cfg_kg = m->kg;
        *cfg_rx0 = m->rx0, *cfg_ry0 = m->ry0, *cfg_rw = m->rw, *cfg_rh = m->rh;
        *cfg_ox0 = m->ox0, *cfg_oy0 = m->oy0, *cfg_own_w = m->own_w, *cfg_own_h = m->own_h;
        busy = 1;
      }
      /* descriptors, then (new sub-layer) the IARAM image, one word per PE lane per cycle */
      for (int pe = 0; pe < P; ++pe) {
        if (c->ld_desc_n[pe] < c->nch[pe]) {
          const int i = c->ld_desc_n[pe]++;
          const int v = c->ch[(size_t)pe * c->nvcap + i];
          scnn_dpi_put(ld_desc_we, pe, 1, 1);
          scnn_dpi_put(ld_desc_waddr, pe * VCHW, VCHW, (uint32_t)i);
          scnn_dpi_desc_word(ld_desc_wdata, pe * SCNN_DPI_DESCW,
                             c->img_off[(size_t)pe * c->nvcap + v], &c->mj[pe].v[v]);
          busy = 1;
        }
        if (c->reload && c->ld_img_n[pe] < c->nimg[pe]) {
          const int i = c->ld_img_n[pe]++;
          scnn_dpi_put(ld_iaram_we, pe, 1, 1);
          scnn_dpi_put(ld_iaram_waddr, pe * SCNN_DPI_IAW, SCNN_DPI_IAW, (uint32_t)i);
          scnn_dpi_put(ld_iaram_wdata, pe * SCNN_DPI_ENTW, SCNN_DPI_ENTW,
                       c->img[(size_t)pe * SCNN_IARAM_DEPTH + i]);
          busy = 1;
        }
      }
    }
    /* job jn-1's buffer, every bank and entry of every PE */
    if (c->check_job >= 0) {
      if (c->dbg_pend) {
        if (check_acc_word(c, c->check_job, c->dbg_i - 1, &in)) return c->finished = 1;
        c->dbg_pend = 0;
      }
      if (c->dbg_i < ACC_N) {
        *dbg_re = 1;
        *dbg_buf = (svBit)(c->check_job & 1);
        *dbg_bank = c->dbg_i >> SCNN_BANK_DEPTH_BITS;
        *dbg_entry = c->dbg_i & ((1 << SCNN_BANK_DEPTH_BITS) - 1);
        c->dbg_i++;
        c->dbg_pend = 1;
        busy = 1;
      }
    }
    /* job jn-2's output blocks from the OARAMs */
    if (c->rd_job >= 0) {
      int bad = 0;
      const int all = oaram_step(c, c->rd_job, &in, oaram_re, oaram_raddr, &bad);
      if (bad) return c->finished = 1;
      if (!all) busy = 1;
    }
    c->h_t++;
    if (busy) return 0;
    /* the values first (more telling), then the cycle the next job starts in */
    if (c->jn < c->J && c->r_start[c->jn] != c->t_start[c->jn])
      return fail(c, c->jn, -1, "start cycle S_%d: RTL %llu, C model %llu", c->jn,
                  (unsigned long long)c->r_start[c->jn], (unsigned long long)c->t_start[c->jn]),
             c->finished = 1;
    if (c->rd_job >= 0) {
      if (place_job(c, c->rd_job)) return c->finished = 1;
      job_slot *rs = slot_of(c, c->rd_job);
      for (int i = 0; i < P * rs->obs->kg; ++i)
        if (rs->blk_seen[i]) c->bytes_out += ent_bytes((uint64_t)rs->blk[i].count);
      slot_clear(&c->slot[c->rd_job % NSLOT]);
    }
    if (c->jn < c->J && c->reload)
      for (int pe = 0; pe < P; ++pe) c->bytes_act += ent_bytes((uint64_t)c->nimg[pe]);
    if (c->jn < c->J) c->reload = 0;
    if (c->check_job >= 0) {
      const job_slot *s = slot_of(c, c->check_job);
      const int q = c->check_job;
      uint64_t confl = 0;
      for (int pe = 0; pe < P; ++pe) confl += s->obs->pe[pe].conflict_cycles;
      printf("  %4d %4d %10llu %10llu %10llu %10llu %9llu %9llu\n", q, s->obs->kg,
             (unsigned long long)c->r_start[q], (unsigned long long)c->t_start[q],
             (unsigned long long)c->r_barrier[q], (unsigned long long)c->t_barrier[q],
             (unsigned long long)c->r_halo[q], (unsigned long long)confl);
      if (c->r_halo[q] != s->obs->nhalo)
        return fail(c, q, -1, "halo words: RTL %llu, C model %llu",
                    (unsigned long long)c->r_halo[q], (unsigned long long)s->obs->nhalo),
               c->finished = 1;
      fflush(stdout);
    }
    if (c->jn == c->J && c->dj == c->J - 1 && c->rd_job == c->J - 1) {
      /* the final drain's blocks are read back: the layer is done */
      c->st = ST_DONE;
      if (finish_layer(c, c->rtl_cycles ? (int)c->rtl_cycles : cycles)) return c->finished = 1;
      c->finished = 1;
      summary(c);
      printf("PASS verify-array %s/%s: %d jobs, every accumulator buffer and output block "
             "identical, layer cycles RTL %llu = C model %llu\n", c->net, c->layer, c->J,
             (unsigned long long)c->rtl_cycles, (unsigned long long)c->mst.cycles);
      fflush(stdout);
      return 1;
    }
    c->st = ST_GO;
    return 0;
  }
  case ST_GO:
    *go = 1;
    *go_job = (svBit)(c->jn < c->J);
    *go_drain = (svBit)(c->jn > 0);
    c->dj = c->jn - 1;
    if (c->jn < c->J && !slot_of(c, c->jn) && slot_fill(c, c->jn)) return c->finished = 1;
    c->barrier_seen = 0;
    c->halo_at_go = (uint32_t)halo_words;
    c->st = ST_RUN;
    return 0;
  case ST_RUN:
    if (halo_phase && !c->barrier_seen) {
      c->barrier_seen = 1;
      c->r_barrier[c->jn] = (uint32_t)cycles;
      if ((uint64_t)(uint32_t)cycles != c->t_barrier[c->jn])
        return fail(c, c->jn, -1, "barrier cycle B_%d: RTL %d, C model %llu", c->jn, cycles,
                    (unsigned long long)c->t_barrier[c->jn]), c->finished = 1;
    }
    if (c->jn < c->J) { /* weight streams */
      for (int pe = 0; pe < P; ++pe) {
        if (c->wnext[pe] >= c->nwv[pe] || !scnn_dpi_get(w_ready, pe, 1)) continue;
        const int i = c->wnext[pe]++;
        const int v = c->wv_ch[(size_t)pe * c->wvcap + i];
        scnn_dpi_put(w_valid, pe, 1, 1);
        scnn_dpi_wvec_word(w_data, pe * SCNN_DPI_WVECW, &c->mj[pe].v[v],
                           (uint32_t)c->wv_off[(size_t)pe * c->wvcap + i]);
        c->bytes_wgt += ent_bytes(SCNN_F);
      }
    }
    if (!hold) return 0;
    if (c->jn == c->J) { /* the final drain is over */
      c->rtl_cycles = (uint32_t)cycles;
      c->rd_job = c->J - 1;
      c->check_job = -1;
      c->h_t = 1; /* no table, no check: only the read-back */
      memset(c->rd_blk, 0, sizeof c->rd_blk);
      c->st = ST_HOLD;
      return 0;
    }
    if (!c->barrier_seen)
      return fail(c, c->jn, -1, "the array held without a halo phase"), c->finished = 1;
    c->jn++;
    c->h_t = 0;
    c->st = ST_HOLD;
    return 0;
  default:
    return 1;
  }
}

int scnn_adpi_close(void) {
  actx *c = &g_a;
  if (!c->used) return g_exit;
  if (!c->finished && !c->failed && g_exit == 0) {
    fail(c, c->jn, -1, "simulation ended before the layer did");
  }
  for (int i = 0; i < NSLOT; ++i) {
    slot_clear(&c->slot[i]);
    free(c->slot[i].obs);
  }
  free(c->t_start), free(c->t_barrier), free(c->r_start), free(c->r_barrier), free(c->r_halo);
  free(c->mout), free(c->rout), free(c->vbuf), free(c->ch);

  free(c->img_off), free(c->img), free(c->wv_ch), free(c->wv_off);
  scnn_plan_free(c->p);
  scnn_bundle_free(&c->b);
  c->used = 0;
  return g_exit;
}
