/* DPI-C side of the SystemVerilog PE testbench tb/tb_pe_dpi.sv (make verify-pe).
 * Compiled by gcc as a C library (never handed to Verilator) and linked with libscnn.a.
 *
 * scnn_dpi_open maps one catalog layer with the C golden model (generator data, a seed),
 * selects one PE (x,y or the busiest = most C-model compute cycles over the layer) and
 * returns a handle. Per job, scnn_dpi_job_begin runs the C model (scnn_pe_run_job for the
 * PE alone, scnn_job_observe for the whole array: halo words, drain) and lays the job out
 * for the PE's ports; the SV testbench fetches the descriptors, IARAM entries, weight
 * vectors and halo input words through DPI arguments and hands every value it observes on
 * the PE's ports back to the scnn_dpi_check_* functions, which compare it with the model
 * and print "FAIL verify-pe ..." with job, bank/entry or word/block position and both values.
 * State lives in a small handle table (no other globals). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scnn_catalog.h"
#include "scnn_codec.h"
#include "scnn_gen.h"
#include "scnn_io.h"
#include "scnn_model.h"
#include "scnn_numerics.h"
#include "scnn_params.h"
#include "svdpi.h"

#include "scnn_dpi.h"
#include "scnn_dpi_pack.h"

#define DESCW SCNN_DPI_DESCW
#define WVECW SCNN_DPI_WVECW
#define MAX_CTX 4

/* A halo word as it crosses the PE's ports: local channel k, output-plane coordinates. */
typedef struct {
  int k, xo, yo;
  uint32_t lin; /* in this PE's region (for the messages) */
  int32_t value;
} dpi_word;

typedef struct {
  int used, failed;
  char net[64], layer[512]; /* layer: catalog name, or the bundle directory if net is "bundle" */
  unsigned long long seed;
  scnn_bundle b;
  scnn_plan *p;
  int pe, njobs;
  scnn_pe_vc *vbuf;
  int nvbuf;
  /* current job */
  int job, buf;
  scnn_pe_job mj;
  scnn_pe_result *mr;  /* the PE alone (compute) */
  scnn_job_obs *obs;   /* the whole array (halo, drain) */
  int have_obs;
  int nch, *ch;        /* channels the PE processes (both blocks non-empty), indices into mj.v */
  uint32_t *iaram;     /* IARAM image */
  int niaram;
  int nwvec, *wv_ch, *wv_off; /* weight vector i: channel, first entry */
  dpi_word *recv, *sent;
  int nrecv, nsent;
  uint64_t ovf_post;
  int *blk_seen, *blk_base, *blk_cnt;
  uint32_t ring_next;  /* OARAM ring: where the next block must start (0 after oaram_clear) */
  uint64_t rtl_cycles, rtl_pairs, rtl_issue, rtl_ovf;
  /* totals */
  uint64_t tot_rtl, tot_model, tot_pairs, tot_conf, tot_valid, tot_halo, tot_out;
  int jobs_run;
} dpi_ctx;

static dpi_ctx g_ctx[MAX_CTX];
static int g_exit;

static dpi_ctx *get(int h) {
  if (h < 0 || h >= MAX_CTX || !g_ctx[h].used) {
    fprintf(stderr, "scnn_dpi: bad handle %d\n", h);
    g_exit = 2;
    return NULL;
  }
  return &g_ctx[h];
}

/* Prints the FAIL line (job, buffer, message) and marks the run failed; returns 1. */
static int fail(dpi_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(dpi_ctx *c, const char *fmt, ...) {
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
  g_exit = 1;
  return 1;
}

static void job_free(dpi_ctx *c) {
  if (c->have_obs) scnn_job_obs_free(c->obs);
  c->have_obs = 0;
  free(c->ch), free(c->iaram), free(c->wv_ch), free(c->wv_off), free(c->recv), free(c->sent);
  free(c->blk_seen), free(c->blk_base), free(c->blk_cnt);
  c->ch = c->wv_ch = c->wv_off = c->blk_seen = c->blk_base = c->blk_cnt = NULL;
  c->iaram = NULL;
  c->recv = c->sent = NULL;
}

int scnn_dpi_open(const char *net, const char *layer, const char *pe_arg, int seed, int desc_w,
                  int wvec_w) {
  /* [model; RTL pending] parameters (docs/microarch.md): the RTL implements only their 0 */
  const char *pend = SCNN_XBAR_QDEPTH ? "XBAR_QDEPTH" : SCNN_WEIGHT_ORDER ? "WEIGHT_ORDER"
                     : SCNN_HALO_OVERLAP ? "HALO_OVERLAP" : NULL;
  if (pend) {
    fprintf(stderr, "scnn_dpi: parameter %s != 0 is not implemented by the RTL yet\n", pend);
    g_exit = 2;
    return -1;
  }
  int h = 0;
  while (h < MAX_CTX && g_ctx[h].used) ++h;
  if (h == MAX_CTX) {
    fprintf(stderr, "scnn_dpi: more than %d open layers\n", MAX_CTX);
    g_exit = 2;
    return -1;
  }
  if (desc_w != DESCW || wvec_w != WVECW) {
    fprintf(stderr, "scnn_dpi: port widths of the testbench (descriptor %d, weight vector %d) "
            "differ from the parameters (%d, %d)\n", desc_w, wvec_w, DESCW, WVECW);
    g_exit = 2;
    return -1;
  }
  /* net "bundle": layer is a user's bundle directory (layer.json, weights.npy, input.npy). */
  const int from_bundle = strcmp(net, "bundle") == 0;
  const scnn_catalog_entry *e = from_bundle ? NULL : scnn_catalog_find(net, layer);
  if (!from_bundle && !e) {
    fprintf(stderr, "tb_pe_dpi: no layer '%s' in network '%s' (see `scnn list`)\n", layer, net);
    g_exit = 2;
    return -1;
  }
  dpi_ctx *c = &g_ctx[h];
  memset(c, 0, sizeof *c);
  snprintf(c->net, sizeof c->net, "%s", net);
  snprintf(c->layer, sizeof c->layer, "%s", layer);
  c->seed = (unsigned long long)(unsigned)seed;
  c->job = -1;
  scnn_error err;
  err.msg[0] = 0;
  if ((from_bundle ? scnn_bundle_load(layer, &c->b, &err)
                   : scnn_gen_bundle(e, c->seed, -1, -1, &c->b, &err)) != 0 ||
      scnn_plan_create(&c->b.layer, c->b.input.data, c->b.weights.data, &c->p, &err) != 0) {
    fprintf(stderr, "tb_pe_dpi: %s/%s: %s\n", net, layer, err.msg);
    scnn_bundle_free(&c->b);
    g_exit = 2;
    return -1;
  }
  c->used = 1;
  for (int s = 0; s < scnn_plan_num_sublayers(c->p); ++s)
    if (scnn_plan_sublayer(c->p, s)->nv > c->nvbuf) c->nvbuf = scnn_plan_sublayer(c->p, s)->nv;
  c->nvbuf += 1;
  c->vbuf = calloc((size_t)c->nvbuf, sizeof *c->vbuf);
  c->mr = malloc(sizeof *c->mr);
  c->obs = calloc(1, sizeof *c->obs);
  c->njobs = scnn_plan_num_jobs(c->p);
  if (!c->vbuf || !c->mr || !c->obs) {
    fprintf(stderr, "tb_pe_dpi: out of memory\n");
    scnn_dpi_close(h);
    g_exit = 2;
    return -1;
  }
  if (strcmp(pe_arg, "busiest") != 0) {
    int x, y;
    char extra;
    if (sscanf(pe_arg, "%d,%d%c", &x, &y, &extra) != 2 || x < 0 || y < 0 ||
        x >= SCNN_PE_COLS || y >= SCNN_PE_ROWS) {
      fprintf(stderr, "tb_pe_dpi: PE '%s' is not x,y with 0 <= x < %d, 0 <= y < %d\n", pe_arg,
              SCNN_PE_COLS, SCNN_PE_ROWS);
      scnn_dpi_close(h);
      g_exit = 2;
      return -1;
    }
    c->pe = y * SCNN_PE_COLS + x;
  } else { /* the busiest: most C-model compute cycles summed over the layer's jobs */
    uint64_t cyc[SCNN_PE_COUNT] = {0};
    for (int j = 0; j < c->njobs; ++j)
      for (int q = 0; q < SCNN_PE_COUNT; ++q) {
        scnn_pe_job mj;
        if (scnn_plan_pe_job(c->p, j, q, &mj, c->vbuf, c->nvbuf) == 0 &&
            scnn_pe_run_job(&mj, c->mr, &err) == 0)
          cyc[q] += c->mr->compute_cycles;
      }
    c->pe = 0;
    for (int q = 1; q < SCNN_PE_COUNT; ++q)
      if (cyc[q] > cyc[c->pe]) c->pe = q;
  }
  printf("verify-pe %s/%s PE (%d,%d): %d jobs, seed %llu (SystemVerilog testbench, C model "
         "through DPI-C)\n", net, layer, c->pe % SCNN_PE_COLS, c->pe / SCNN_PE_COLS, c->njobs,
         c->seed);
  printf("  %4s %4s %4s %10s %10s %8s %8s %6s %8s\n", "job", "kg", "vch", "cyc RTL",
         "cyc model", "pairs", "confl", "util%", "ovf");
  fflush(stdout);
  return h;
}

void scnn_dpi_close(int h) {
  dpi_ctx *c = get(h);
  if (!c) return;
  job_free(c);
  free(c->vbuf), free(c->mr), free(c->obs);
  scnn_plan_free(c->p);
  scnn_bundle_free(&c->b);
  c->used = 0;
}

int scnn_dpi_job_count(int h) {
  dpi_ctx *c = get(h);
  return c ? c->njobs : 0;
}

/* lin -> (k, xo, yo) with the PE's region: lin = (k*rh + (yo-ry0))*rw + (xo-rx0). */
static dpi_word word_of(const scnn_pe_job *m, uint32_t plane, uint32_t lin, int32_t value) {
  const uint32_t r = lin % plane;
  return (dpi_word){(int)(lin / plane), m->rx0 + (int)(r % (uint32_t)m->rw),
                    m->ry0 + (int)(r / (uint32_t)m->rw), lin, value};
}

int scnn_dpi_job_begin(int h, int j) {
  dpi_ctx *c = get(h);
  if (!c) return 1;
  job_free(c);
  c->job = j;
  c->buf = j & 1;
  scnn_error err;
  err.msg[0] = 0;
  if (j < 0 || j >= c->njobs)
    return fail(c, "job %d does not exist (%d jobs)", j, c->njobs);
  if (scnn_plan_pe_job(c->p, j, c->pe, &c->mj, c->vbuf, c->nvbuf) != 0)
    return fail(c, "cannot describe the job");
  if (scnn_pe_run_job(&c->mj, c->mr, &err) != 0)
    return fail(c, "C model rejected the job: %s", err.msg);
  if (scnn_job_observe(c->p, j, c->obs, &err) != 0)
    return fail(c, "C model: %s", err.msg);
  c->have_obs = 1;
  const scnn_pe_job *m = &c->mj;
  int ok = scnn_dpi_fits(m->rx0, 0) && scnn_dpi_fits(m->ry0, 0) && scnn_dpi_fits(m->rw, 0) && scnn_dpi_fits(m->rh, 0) &&
           scnn_dpi_fits(m->ox0, 0) && scnn_dpi_fits(m->oy0, 0) && scnn_dpi_fits(m->own_w, 0) && scnn_dpi_fits(m->own_h, 0) &&
           m->kg * m->rw * m->rh <= SCNN_ACC_ENTRIES;
  /* channels the PE processes: both blocks non-empty (microarch 4.1) */
  c->ch = calloc((size_t)m->nv + 1, sizeof *c->ch);
  c->nch = 0;
  size_t total = 0, nwv = 0;
  for (int v = 0; v < m->nv; ++v) {
    const scnn_pe_vc *x = &m->v[v];
    if (!x->nact || !x->nwgt) continue;
    c->ch[c->nch++] = v;
    total += x->nact;
    nwv += (x->nwgt + SCNN_F - 1) / SCNN_F;
    ok = ok && scnn_dpi_fits(x->x0, 0) && scnn_dpi_fits(x->y0, 0) && scnn_dpi_fits(x->w, 0) && scnn_dpi_fits(x->rv, 0) &&
         scnn_dpi_fits(x->sv, 0) && scnn_dpi_fits(x->pad_y, 1) && scnn_dpi_fits(x->pad_x, 1);
    if (x->nwgt > (uint32_t)SCNN_WFIFO_DEPTH * SCNN_F)
      return fail(c, "weight block of channel %d exceeds the weight FIFO", v);
  }
  if (total > (size_t)SCNN_IARAM_DEPTH || c->nch > (1 << SCNN_VCH_BITS))
    return fail(c, "job does not fit the PE (IARAM entries %zu, channels %d)", total, c->nch);
  if (!ok)
    return fail(c, "job geometry does not fit the PE interface (GEOM_W = %d bits)",
                SCNN_GEOM_W);
  c->niaram = (int)total;
  c->iaram = calloc(total + 1, sizeof *c->iaram);
  c->nwvec = (int)nwv;
  c->wv_ch = calloc(nwv + 1, sizeof *c->wv_ch);
  c->wv_off = calloc(nwv + 1, sizeof *c->wv_off);
  size_t a = 0, w = 0;
  for (int k = 0; k < c->nch; ++k) {
    const scnn_pe_vc *x = &m->v[c->ch[k]];
    for (uint32_t i = 0; i < x->nact; ++i) c->iaram[a++] = scnn_dpi_entry_bits(&x->act[i]);
    for (uint32_t i = 0; i < x->nwgt; i += SCNN_F, ++w) {
      c->wv_ch[w] = c->ch[k];
      c->wv_off[w] = (int)i;
    }
  }
  /* halo words: received (fed into the PE) and sent (expected), in the array's order; both
   * lins are in this PE's region (the receiver's for recv, the sender's for sent) */
  const scnn_job_obs *o = c->obs;
  const uint32_t plane = m->rw > 0 && m->rh > 0 ? (uint32_t)m->rw * (uint32_t)m->rh : 1u;
  c->recv = calloc(o->nhalo + 1, sizeof *c->recv);
  c->sent = calloc(o->nhalo + 1, sizeof *c->sent);
  c->nrecv = c->nsent = 0;
  for (size_t i = 0; i < o->nhalo; ++i) {
    const scnn_halo_word *hw = &o->halo[i];
    if (hw->dst_pe == c->pe) c->recv[c->nrecv++] = word_of(m, plane, hw->dst_lin, hw->value);
    if (hw->src_pe == c->pe) c->sent[c->nsent++] = word_of(m, plane, hw->src_lin, hw->value);
  }
  c->ovf_post = o->pe[c->pe].overflow + o->halo_overflow[c->pe];
  c->blk_seen = calloc((size_t)m->kg + 1, sizeof(int));
  c->blk_base = calloc((size_t)m->kg + 1, sizeof(int));
  c->blk_cnt = calloc((size_t)m->kg + 1, sizeof(int));
  if (!c->iaram || !c->wv_ch || !c->wv_off || !c->recv || !c->sent || !c->blk_seen ||
      !c->blk_base || !c->blk_cnt)
    return fail(c, "out of memory");
  return 0;
}

void scnn_dpi_job_cfg(int h, int *nvch, int *niaram, int *nwvec, int *nrecv, int *bufsel, int *rx0,
                      int *ry0, int *rw, int *rh, int *prod_shift, int *kg, int *ox0, int *oy0,
                      int *own_w, int *own_h, int *out_shift, int *relu) {
  dpi_ctx *c = get(h);
  if (!c) return;
  const scnn_pe_job *m = &c->mj;
  *nvch = c->nch, *niaram = c->niaram, *nwvec = c->nwvec, *nrecv = c->nrecv, *bufsel = c->buf;
  *rx0 = m->rx0, *ry0 = m->ry0, *rw = m->rw, *rh = m->rh, *prod_shift = m->prod_shift;
  *kg = m->kg, *ox0 = m->ox0, *oy0 = m->oy0, *own_w = m->own_w, *own_h = m->own_h;
  *out_shift = scnn_plan_layer(c->p)->out_shift;
  *relu = scnn_plan_layer(c->p)->relu;
}

int scnn_dpi_iaram(int h, int i) {
  dpi_ctx *c = get(h);
  return (c && i >= 0 && i < c->niaram) ? (int)c->iaram[i] : 0;
}

void scnn_dpi_desc(int h, int k, svBitVecVal *d) {
  dpi_ctx *c = get(h);
  memset(d, 0, sizeof(svBitVecVal) * (size_t)((DESCW + 31) / 32));
  if (!c || k < 0 || k >= c->nch) return;
  uint32_t base = 0;
  for (int q = 0; q < k; ++q) base += c->mj.v[c->ch[q]].nact;
  scnn_dpi_desc_word(d, 0, base, &c->mj.v[c->ch[k]]);
}

void scnn_dpi_wvec(int h, int i, svBitVecVal *d) {
  dpi_ctx *c = get(h);
  memset(d, 0, sizeof(svBitVecVal) * (size_t)((WVECW + 31) / 32));
  if (!c || i < 0 || i >= c->nwvec) return;
  scnn_dpi_wvec_word(d, 0, &c->mj.v[c->wv_ch[i]], (uint32_t)c->wv_off[i]);
}

void scnn_dpi_halo_in(int h, int i, int *k, int *xo, int *yo, int *value) {
  dpi_ctx *c = get(h);
  *k = *xo = *yo = *value = 0;
  if (!c || i < 0 || i >= c->nrecv) return;
  *k = c->recv[i].k, *xo = c->recv[i].xo, *yo = c->recv[i].yo;
  *value = (int)((uint32_t)c->recv[i].value & SCNN_ACC_MASK);
}

int scnn_dpi_check_acc(int h, int phase, int bank, int entry, int raw) {
  dpi_ctx *c = get(h);
  if (!c) return 1;
  uint32_t lin = scnn_lin_of((uint32_t)bank, (uint32_t)entry);
  int32_t got = scnn_dpi_sext((uint32_t)raw);
  int32_t exp = phase == 0 ? c->mr->acc[lin] : c->obs->pe[c->pe].acc[lin];
  if (got == exp) return 0;
  return fail(c, "%saccumulator bank %d entry %d (lin %u): RTL %d, C model %d",
              phase == 0 ? "" : "after the halo exchange: ", bank, entry, lin, got, exp);
}

int scnn_dpi_check_compute(int h, int cycles, int pairs, int issue, int ovf) {
  dpi_ctx *c = get(h);
  if (!c) return 1;
  c->rtl_cycles = (uint32_t)cycles, c->rtl_pairs = (uint32_t)pairs;
  c->rtl_issue = (uint32_t)issue, c->rtl_ovf = (uint32_t)ovf;
  const struct { const char *n; uint64_t g, e; } x[] = {
      {"compute cycles", c->rtl_cycles, c->mr->compute_cycles},
      {"pairs", c->rtl_pairs, c->mr->pairs},
      {"issue cycles", c->rtl_issue, c->mr->issue_cycles},
      {"overflows", c->rtl_ovf, c->mr->overflow}};
  for (size_t i = 0; i < sizeof x / sizeof x[0]; ++i)
    if (x[i].g != x[i].e)
      return fail(c, "%s: RTL %llu, C model %llu", x[i].n, (unsigned long long)x[i].g,
                  (unsigned long long)x[i].e);
  return 0;
}

int scnn_dpi_check_halo_req(int h, int i, int k, int xo, int yo) {
  dpi_ctx *c = get(h);
  if (!c) return 1;
  if (i >= c->nsent)
    return fail(c, "halo request %d granted: RTL (k %d, xo %d, yo %d), C model none", i, k, xo,
                yo);
  const dpi_word *e = &c->sent[i];
  if (e->k == k && e->xo == xo && e->yo == yo) return 0;
  return fail(c, "halo request %d granted: RTL (k %d, xo %d, yo %d), C model (k %d, xo %d, "
              "yo %d; lin %u)", i, k, xo, yo, e->k, e->xo, e->yo, e->lin);
}

int scnn_dpi_check_halo_out(int h, int i, int k, int xo, int yo, int raw) {
  dpi_ctx *c = get(h);
  if (!c) return 1;
  int32_t v = scnn_dpi_sext((uint32_t)raw);
  if (i >= c->nsent)
    return fail(c, "halo word %d sent: RTL (k %d, xo %d, yo %d, %d), C model none", i, k, xo,
                yo, v);
  const dpi_word *e = &c->sent[i];
  if (e->k == k && e->xo == xo && e->yo == yo && e->value == v) return 0;
  return fail(c, "halo word %d sent: RTL (k %d, xo %d, yo %d, %d), C model (k %d, xo %d, yo %d, "
              "%d; lin %u)", i, k, xo, yo, v, e->k, e->xo, e->yo, e->value, e->lin);
}

int scnn_dpi_check_halo_out_count(int h, int n) {
  dpi_ctx *c = get(h);
  if (!c) return 1;
  c->tot_halo += (uint64_t)n;
  if (n == c->nsent) return 0;
  if (n > c->nsent)
    return fail(c, "halo words sent: RTL %d, C model %d", n, c->nsent);
  const dpi_word *e = &c->sent[n];
  return fail(c, "halo word %d sent: RTL none, C model (k %d, xo %d, yo %d, %d; lin %u)", n,
              e->k, e->xo, e->yo, e->value, e->lin);
}

int scnn_dpi_check_post_overflow(int h, int ovf) {
  dpi_ctx *c = get(h);
  if (!c) return 1;
  if ((uint64_t)(uint32_t)ovf == c->ovf_post) return 0;
  return fail(c, "overflows after the halo exchange: RTL %u, C model %llu", (unsigned)ovf,
              (unsigned long long)c->ovf_post);
}

static uint32_t exp_cnt(const dpi_ctx *c, int k) {
  return c->obs->out_cnt[(size_t)c->pe * (size_t)c->obs->kg + (size_t)k];
}

int scnn_dpi_check_block(int h, int k, int base, int count) {
  dpi_ctx *c = get(h);
  if (!c) return 1;
  if (k < 0 || k >= c->mj.kg || c->blk_seen[k])
    return fail(c, "drain reported block k=%d twice or out of range", k);
  c->blk_seen[k] = 1;
  c->blk_base[k] = base;
  c->blk_cnt[k] = count;
  /* the OARAM ring: every block starts where the previous one ended (0 after oaram_clear) */
  if ((uint32_t)base != c->ring_next)
    return fail(c, "output block k=%d: RTL base %d, expected %u (OARAM ring: end of the previous "
                "block)", k, base, c->ring_next);
  c->ring_next = ((uint32_t)base + (uint32_t)count) % SCNN_OARAM_DEPTH;
  if ((uint32_t)count != exp_cnt(c, k))
    return fail(c, "output block k=%d: RTL %d entries, C model %u", k, count, exp_cnt(c, k));
  return 0;
}

int scnn_dpi_block(int h, int k, int *base, int *count) {
  dpi_ctx *c = get(h);
  *base = *count = 0;
  if (!c) return 1;
  if (k < 0 || k >= c->mj.kg) return fail(c, "no output block k=%d", k);
  if (!c->blk_seen[k] && c->mj.own_w > 0 && c->mj.own_h > 0)
    return fail(c, "drain reported no block for k=%d", k);
  if (!c->blk_seen[k] && exp_cnt(c, k) != 0)
    return fail(c, "output block k=%d: RTL 0 entries, C model %u", k, exp_cnt(c, k));
  *base = c->blk_base[k];
  *count = c->blk_cnt[k];
  return 0;
}

int scnn_dpi_check_out_entry(int h, int k, int i, int raw) {
  dpi_ctx *c = get(h);
  if (!c) return 1;
  const scnn_entry *e = c->obs->out_entries +
                        c->obs->out_off[(size_t)c->pe * (size_t)c->obs->kg + (size_t)k] + i;
  int16_t v = (int16_t)((uint32_t)raw & ((1u << SCNN_DATA_W) - 1));
  unsigned run = ((uint32_t)raw >> SCNN_DATA_W) & SCNN_RUN_MAX;
  c->tot_out += 1;
  if (v == e->value && run == e->run) return 0;
  return fail(c, "output block k=%d entry %d: RTL (%d,%u), C model (%d,%u)", k, i, v, run,
              e->value, (unsigned)e->run);
}

int scnn_dpi_fail(int h, const char *msg) {
  dpi_ctx *c = get(h);
  return c ? fail(c, "%s", msg) : 1;
}

int scnn_dpi_cycle_limit(int h) {
  dpi_ctx *c = get(h);
  if (!c) return 1000;
  uint64_t l = 1000000 + 64 * (uint64_t)c->niaram * ((uint64_t)c->nwvec + 1);
  return l > 0x7fffffff ? 0x7fffffff : (int)l;
}

void scnn_dpi_job_end(int h) {
  dpi_ctx *c = get(h);
  if (!c) return;
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

int scnn_dpi_finish(int h) {
  dpi_ctx *c = get(h);
  if (!c) return 2;
  int rc = c->failed;
  if (!rc)
    printf("PASS verify-pe %s/%s PE (%d,%d): %d jobs, compute cycles RTL %llu = model %llu, "
           "%llu pairs, %llu conflict cycles, utilisation %.1f%%, %llu halo words sent, "
           "%llu output entries\n",
           c->net, c->layer, c->pe % SCNN_PE_COLS, c->pe / SCNN_PE_COLS, c->jobs_run,
           (unsigned long long)c->tot_rtl, (unsigned long long)c->tot_model,
           (unsigned long long)c->tot_pairs, (unsigned long long)c->tot_conf,
           c->tot_rtl ? 100.0 * (double)c->tot_valid / ((double)c->tot_rtl * SCNN_MULTS) : 0.0,
           (unsigned long long)c->tot_halo, (unsigned long long)c->tot_out);
  fflush(stdout);
  scnn_dpi_close(h);
  return rc;
}

int scnn_dpi_exit_status(void) { return g_exit; }
