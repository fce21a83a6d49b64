/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Mapping of a layer onto the PE array (docs/microarch.md sections 1-3 and 7,
 * docs/dataflow.md): groups and spatial passes become sub-layers, strides
 * become stride-1 virtual channels (phase decomposition), the plane is tiled,
 * accumulator regions and Kc are chosen, and the compressed activation and
 * weight blocks are built. */
#include <stdlib.h>
#include <string.h>

#include "model_internal.h"
#include "scnn_codec.h"

static int imin(int a, int b) { return a < b ? a : b; }
static int imax(int a, int b) { return a > b ? a : b; }

static void sub_free(scnn_sublayer *s) {
  free(s->vc);
  free(s->tile);
  free(s->region);
  free(s->own);
  free(s->act_off);
  free(s->act_cnt);
  free(s->act_pool);
  free(s->wgt_off);
  free(s->wgt_cnt);
  free(s->wgt_pool);
  memset(s, 0, sizeof *s);
}

/* Growable entry pool. */
typedef struct {
  scnn_entry *e;
  size_t n, cap;
} pool;

static int pool_encode(pool *p, const int16_t *vals, size_t n, uint64_t *off, uint32_t *cnt) {
  *off = p->n;
  *cnt = 0;
  if (n == 0) return 0; /* an empty tile: p->e may still be NULL (NULL + 0 is undefined in C) */
  if (p->cap - p->n < n) {
    size_t c = p->cap ? p->cap : 1024;
    while (c - p->n < n) c *= 2;
    scnn_entry *q = realloc(p->e, c * sizeof *q);
    if (!q) return -1;
    p->e = q;
    p->cap = c;
  }
  size_t k = scnn_encode(vals, n, p->e + p->n, p->cap - p->n);
  if (k == (size_t)-1) return -1; /* cannot happen: k <= n */
  *off = p->n;
  *cnt = (uint32_t)k;
  p->n += k;
  return 0;
}

/* Builds the geometry of a sub-layer: group g, output rectangle
 * [oy0,oy1) x [ox0,ox1); the activation blocks; the weight blocks if with_w. */
static int build_sub(const scnn_layer *l, const int16_t *in, const int16_t *w, int g, int pass,
                     int oy0, int oy1, int ox0, int ox1, int with_w, int worder,
                     scnn_sublayer *s, scnn_error *err) {
  memset(s, 0, sizeof *s);
  const int st = l->stride, cg = l->C / l->groups, kgr = l->K / l->groups;
  s->group = g;
  s->pass = pass;
  s->c0 = g * cg;
  s->cn = cg;
  s->k0 = g * kgr;
  s->kn = kgr;
  s->oy0 = oy0;
  s->ox0 = ox0;
  s->Ho = oy1 - oy0;
  s->Wo = ox1 - ox0;
  s->iy0 = imax(0, oy0 * st - l->pad);
  s->ix0 = imax(0, ox0 * st - l->pad);
  const int iy1 = imin(l->H, (oy1 - 1) * st - l->pad + l->R);
  const int ix1 = imin(l->W, (ox1 - 1) * st - l->pad + l->S);
  s->H = imax(0, iy1 - s->iy0);
  s->W = imax(0, ix1 - s->ix0);
  s->pad_y = l->pad + s->iy0 - oy0 * st;
  s->pad_x = l->pad + s->ix0 - ox0 * st;
  s->stride = st;
  s->R = l->R;
  s->S = l->S;
  s->Wt = ceil_div(s->W, SCNN_PE_COLS);
  s->Ht = ceil_div(s->H, SCNN_PE_ROWS);
  s->Wto = ceil_div(s->Wo, SCNN_PE_COLS);
  s->Hto = ceil_div(s->Ho, SCNN_PE_ROWS);
  s->nphase = st * st;

  /* Virtual channels: c major, then phase (phy, phx). */
  int nph_used = 0;
  scnn_vc ph[SCNN_MAX_STRIDE * SCNN_MAX_STRIDE];
  for (int phy = 0; phy < st; ++phy)
    for (int phx = 0; phx < st; ++phx) {
      scnn_vc v;
      memset(&v, 0, sizeof v);
      v.phy = phy;
      v.phx = phx;
      v.rhoy = (phy + s->pad_y) % st;
      v.rhox = (phx + s->pad_x) % st;
      v.rv = l->R > v.rhoy ? ceil_div(l->R - v.rhoy, st) : 0;
      v.sv = l->S > v.rhox ? ceil_div(l->S - v.rhox, st) : 0;
      v.pad_y = (phy + s->pad_y - v.rhoy) / st;
      v.pad_x = (phx + s->pad_x - v.rhox) / st;
      v.hv = s->H > phy ? ceil_div(s->H - phy, st) : 0;
      v.wv = s->W > phx ? ceil_div(s->W - phx, st) : 0;
      if (v.rv > 0 && v.sv > 0) ph[nph_used++] = v;
    }
  s->nv = cg * nph_used;
  s->vc = calloc((size_t)s->nv + 1, sizeof *s->vc);
  s->tile = calloc((size_t)s->nphase * SCNN_PE_COUNT, sizeof *s->tile);
  s->region = calloc(SCNN_PE_COUNT, sizeof *s->region);
  s->own = calloc(SCNN_PE_COUNT, sizeof *s->own);
  if (!s->vc || !s->tile || !s->region || !s->own) goto oom;
  for (int c = 0; c < cg; ++c)
    for (int p = 0; p < nph_used; ++p) {
      s->vc[c * nph_used + p] = ph[p];
      s->vc[c * nph_used + p].c = c;
    }

  /* Tiles of every phase sub-plane (microarch 2). */
  for (int phy = 0; phy < st; ++phy)
    for (int phx = 0; phx < st; ++phx)
      for (int py = 0; py < SCNN_PE_ROWS; ++py)
        for (int px = 0; px < SCNN_PE_COLS; ++px) {
          scnn_rect *t = &s->tile[(phy * st + phx) * SCNN_PE_COUNT + py * SCNN_PE_COLS + px];
          const int xa = px * s->Wt, xb = imin(s->W, (px + 1) * s->Wt);
          const int ya = py * s->Ht, yb = imin(s->H, (py + 1) * s->Ht);
          if (xb <= xa || yb <= ya) continue; /* empty tile */
          const int x0 = imax(0, ceil_div(xa - phx, st)), x1 = imax(0, ceil_div(xb - phx, st));
          const int y0 = imax(0, ceil_div(ya - phy, st)), y1 = imax(0, ceil_div(yb - phy, st));
          if (x1 <= x0 || y1 <= y0) continue;
          t->x0 = x0;
          t->y0 = y0;
          t->w = x1 - x0;
          t->h = y1 - y0;
        }

  /* Own output tiles and accumulator regions. */
  s->max_region = 0;
  for (int py = 0; py < SCNN_PE_ROWS; ++py)
    for (int px = 0; px < SCNN_PE_COLS; ++px) {
      const int pe = py * SCNN_PE_COLS + px;
      scnn_rect *o = &s->own[pe];
      const int xa = px * s->Wto, xb = imin(s->Wo, (px + 1) * s->Wto);
      const int ya = py * s->Hto, yb = imin(s->Ho, (py + 1) * s->Hto);
      int bx0 = 1 << 30, by0 = 1 << 30, bx1 = -1, by1 = -1; /* inclusive bounds */
      if (xb > xa && yb > ya) {
        o->x0 = xa;
        o->y0 = ya;
        o->w = xb - xa;
        o->h = yb - ya;
        bx0 = xa;
        by0 = ya;
        bx1 = xb - 1;
        by1 = yb - 1;
      }
      for (int p = 0; p < nph_used; ++p) {
        const scnn_vc *v = &ph[p];
        const scnn_rect *t = &s->tile[(v->phy * st + v->phx) * SCNN_PE_COUNT + pe];
        if (t->w <= 0 || t->h <= 0) continue;
        const int rx0 = imax(0, t->x0 - v->sv + 1 + v->pad_x);
        const int rx1 = imin(s->Wo - 1, t->x0 + t->w - 1 + v->pad_x);
        const int ry0 = imax(0, t->y0 - v->rv + 1 + v->pad_y);
        const int ry1 = imin(s->Ho - 1, t->y0 + t->h - 1 + v->pad_y);
        if (rx1 < rx0 || ry1 < ry0) continue;
        bx0 = imin(bx0, rx0);
        by0 = imin(by0, ry0);
        bx1 = imax(bx1, rx1);
        by1 = imax(by1, ry1);
      }
      scnn_rect *r = &s->region[pe];
      if (bx1 >= bx0 && by1 >= by0) {
        r->x0 = bx0;
        r->y0 = by0;
        r->w = bx1 - bx0 + 1;
        r->h = by1 - by0 + 1;
      }
      s->max_region = imax(s->max_region, r->w * r->h);
    }
  s->max_rvsv = 0;
  for (int p = 0; p < nph_used; ++p) s->max_rvsv = imax(s->max_rvsv, ph[p].rv * ph[p].sv);
  s->kc_acc = s->max_region ? SCNN_ACC_ENTRIES / s->max_region : s->kn;
  s->kc_fifo = s->max_rvsv ? SCNN_WFIFO_ENTRIES / s->max_rvsv : s->kn;
  s->kc = imin(s->kn, imin(s->kc_acc, s->kc_fifo));
  s->njobs = s->kc > 0 ? ceil_div(s->kn, s->kc) : 0;

  /* Activation blocks [pe][v] (microarch 2: position (y'-y0)*w + (x'-x0)). */
  size_t maxtile = 1;
  for (int i = 0; i < s->nphase * SCNN_PE_COUNT; ++i)
    if ((size_t)s->tile[i].w * (size_t)s->tile[i].h > maxtile)
      maxtile = (size_t)s->tile[i].w * (size_t)s->tile[i].h;
  int16_t *buf = malloc(maxtile * sizeof *buf);
  s->act_off = calloc((size_t)SCNN_PE_COUNT * s->nv + 1, sizeof *s->act_off);
  s->act_cnt = calloc((size_t)SCNN_PE_COUNT * s->nv + 1, sizeof *s->act_cnt);
  if (!buf || !s->act_off || !s->act_cnt) {
    free(buf);
    goto oom;
  }
  pool ap = {0};
  for (int pe = 0; pe < SCNN_PE_COUNT; ++pe) {
    uint64_t tot = 0;
    for (int vi = 0; vi < s->nv; ++vi) {
      const scnn_vc *v = &s->vc[vi];
      const scnn_rect *t = &s->tile[(v->phy * st + v->phx) * SCNN_PE_COUNT + pe];
      size_t n = 0;
      for (int yy = 0; yy < t->h; ++yy) {
        const int y = s->iy0 + st * (t->y0 + yy) + v->phy;
        const int16_t *row = in + ((int64_t)(s->c0 + v->c) * l->H + y) * l->W;
        for (int xx = 0; xx < t->w; ++xx) buf[n++] = row[s->ix0 + st * (t->x0 + xx) + v->phx];
      }
      if (pool_encode(&ap, buf, n, &s->act_off[pe * s->nv + vi], &s->act_cnt[pe * s->nv + vi])) {
        free(buf);
        free(ap.e);
        goto oom;
      }
      tot += s->act_cnt[pe * s->nv + vi];
    }
    if (tot > s->iaram_max) s->iaram_max = tot;
  }
  free(buf);
  s->act_pool = ap.e;

  if (with_w && s->njobs > 0) {
    /* Weight blocks [job][v]: position (k_local*rv + r')*sv + s' (WEIGHT_ORDER krs) or
     * (r'*sv + s')*kg + k_local (rsk), microarch section 3. */
    s->wgt_off = calloc((size_t)s->njobs * s->nv + 1, sizeof *s->wgt_off);
    s->wgt_cnt = calloc((size_t)s->njobs * s->nv + 1, sizeof *s->wgt_cnt);
    int16_t *wb = malloc((size_t)SCNN_WFIFO_ENTRIES * sizeof *wb + 1);
    if (!s->wgt_off || !s->wgt_cnt || !wb) {
      free(wb);
      goto oom;
    }
    pool wp = {0};
    for (int j = 0; j < s->njobs; ++j) {
      const int kl0 = j * s->kc, kg = imin(s->kc, s->kn - kl0);
      for (int vi = 0; vi < s->nv; ++vi) {
        const scnn_vc *v = &s->vc[vi];
        size_t n = 0;
        for (int k = 0; k < kg; ++k)
          for (int r = 0; r < v->rv; ++r)
            for (int q = 0; q < v->sv; ++q) {
              const size_t pos = worder == SCNN_WORDER_RSK
                                     ? ((size_t)r * v->sv + q) * kg + k
                                     : n;
              wb[pos] = w[(((int64_t)(s->k0 + kl0 + k) * cg + v->c) * l->R + st * r + v->rhoy) *
                              l->S +
                          st * q + v->rhox];
              ++n;
            }
        if (pool_encode(&wp, wb, n, &s->wgt_off[j * s->nv + vi], &s->wgt_cnt[j * s->nv + vi])) {
          free(wb);
          free(wp.e);
          goto oom;
        }
      }
    }
    free(wb);
    s->wgt_pool = wp.e;
  }
  return 0;
oom:
  scnn_set_error(err, "layer '%s': out of memory while mapping", l->name);
  sub_free(s);
  return -1;
}

static void plan_free_subs(scnn_plan *p) {
  for (int i = 0; i < p->nsub; ++i) sub_free(&p->sub[i]);
  free(p->sub);
  p->sub = NULL;
  p->nsub = 0;
}

/* Builds all sub-layers for an ny x nx pass grid (pass-major, then group).
 * Returns 1 if every pass fits (IARAM, Kc >= 1), 0 if not, -1 on error. */
static int try_grid(scnn_plan *p, const int16_t *in, const int16_t *w, int ny, int nx, int with_w,
                    scnn_error *err) {
  const scnn_layer *l = &p->l;
  const int rows = ceil_div(p->Ho, ny), cols = ceil_div(p->Wo, nx);
  p->nsub = 0;
  p->sub = calloc((size_t)ny * nx * l->groups, sizeof *p->sub);
  if (!p->sub) {
    scnn_set_error(err, "layer '%s': out of memory while mapping", l->name);
    return -1;
  }
  int pass = 0, fits = 1;
  for (int a = 0; a < ny; ++a)
    for (int b = 0; b < nx; ++b) {
      const int oy0 = a * rows, oy1 = imin(p->Ho, (a + 1) * rows);
      const int ox0 = b * cols, ox1 = imin(p->Wo, (b + 1) * cols);
      if (oy1 <= oy0 || ox1 <= ox0) continue;
      uint64_t iaram[SCNN_PE_COUNT];
      memset(iaram, 0, sizeof iaram);
      for (int g = 0; g < l->groups; ++g) {
        scnn_sublayer *s = &p->sub[p->nsub];
        if (build_sub(l, in, w, g, pass, oy0, oy1, ox0, ox1, with_w, p->wgt_order, s, err))
          return -1;
        ++p->nsub;
        if (s->max_rvsv > SCNN_WFIFO_ENTRIES) {
          scnn_set_error(err,
                         "layer '%s': a stride-%d sub-filter of %d weights exceeds the weight "
                         "FIFO (%d x %d entries); the layer cannot be mapped",
                         l->name, l->stride, s->max_rvsv, SCNN_WFIFO_DEPTH, SCNN_F);
          return -1;
        }
        if (s->kc < 1) fits = 0;
        for (int pe = 0; pe < SCNN_PE_COUNT; ++pe)
          for (int vi = 0; vi < s->nv; ++vi) iaram[pe] += s->act_cnt[pe * s->nv + vi];
      }
      for (int pe = 0; pe < SCNN_PE_COUNT; ++pe)
        if (iaram[pe] > SCNN_IARAM_DEPTH) fits = 0;
      ++pass;
    }
  return fits;
}

int scnn_plan_create(const scnn_layer *l, const int16_t *in, const int16_t *w, scnn_plan **out,
                     scnn_error *err) {
  return scnn_plan_create_opts(l, in, w, NULL, out, err);
}

scnn_plan_opts scnn_plan_opts_default(void) {
  scnn_plan_opts o = {SCNN_WEIGHT_ORDER, 0, SCNN_XBAR_QDEPTH, SCNN_HALO_OVERLAP};
  return o;
}

scnn_plan_opts scnn_plan_opts_of(int weight_order, int xbar_ideal, int xbar_qdepth,
                                 int halo_overlap) {
  scnn_plan_opts o = scnn_plan_opts_default();
  o.weight_order = weight_order;
  o.xbar_ideal = xbar_ideal;
  if (xbar_qdepth >= 0) o.xbar_qdepth = xbar_qdepth;
  if (halo_overlap >= 0) o.halo_overlap = halo_overlap;
  return o;
}

int scnn_plan_create_opts(const scnn_layer *l, const int16_t *in, const int16_t *w,
                          const scnn_plan_opts *opts, scnn_plan **out, scnn_error *err) {
  *out = NULL;
  const scnn_plan_opts o = opts ? *opts : scnn_plan_opts_default();
  const int worder = o.weight_order;
  if (worder != SCNN_WORDER_KRS && worder != SCNN_WORDER_RSK) {
    scnn_set_error(err, "layer '%s': unknown weight order %d", l->name, worder);
    return -1;
  }
  if (o.xbar_qdepth < 0 || o.xbar_qdepth > 64 || (o.halo_overlap != 0 && o.halo_overlap != 1)) {
    scnn_set_error(err, "layer '%s': queue depth %d (0..64) or halo overlap %d (0/1) out of range",
                   l->name, o.xbar_qdepth, o.halo_overlap);
    return -1;
  }
  if (scnn_layer_validate(l, l->name, err)) return -1;
  scnn_plan *p = calloc(1, sizeof *p);
  if (!p) {
    scnn_set_error(err, "layer '%s': out of memory", l->name);
    return -1;
  }
  p->l = *l;
  p->wgt_order = worder;
  p->xbar_ideal = o.xbar_ideal != 0;
  p->xbar_qdepth = o.xbar_qdepth;
  p->halo_overlap = o.halo_overlap;
  p->Ho = scnn_layer_out_h(l);
  p->Wo = scnn_layer_out_w(l);

  /* Pass search: the smallest number of passes n = ny*nx (row splits first)
   * for which every pass fits; the search starts near the IARAM lower bound. */
  int r = try_grid(p, in, w, 1, 1, 0, err);
  if (r < 0) goto fail;
  int ny = 1, nx = 1;
  if (!r) {
    uint64_t need = 0;
    for (int pe = 0; pe < SCNN_PE_COUNT; ++pe) {
      uint64_t t = 0;
      for (int i = 0; i < p->nsub; ++i) {
        const scnn_sublayer *s = &p->sub[i];
        for (int vi = 0; vi < s->nv; ++vi) t += s->act_cnt[pe * s->nv + vi];
      }
      if (t > need) need = t;
    }
    int n0 = (int)(need / (2 * SCNN_IARAM_DEPTH));
    if (n0 < 2) n0 = 2;
    plan_free_subs(p);
    int found = 0, tries = 0;
    /* n grows by one for 32 steps, then by a quarter: a bounded search (a layer
     * that needs thousands of passes is mapped with a few more than it needs,
     * and one that fits no grid is rejected after ~100 sizes, never a hang). */
    for (int n = n0; n <= p->Ho * p->Wo && !found;
         n = n - n0 < 32 ? n + 1 : (n + n / 4 > p->Ho * p->Wo && n < p->Ho * p->Wo
                                         ? p->Ho * p->Wo
                                         : n + n / 4)) {
      if (++tries > 200) break;
      for (int b = 1; b <= n && !found; ++b) {
        if (n % b || n / b > p->Ho || b > p->Wo) continue;
        const int a = n / b;
        /* skip grids whose ceil split leaves a pass empty (same as a smaller n) */
        if ((a - 1) * ceil_div(p->Ho, a) >= p->Ho || (b - 1) * ceil_div(p->Wo, b) >= p->Wo)
          continue;
        r = try_grid(p, in, w, a, b, 0, err);
        if (r < 0) goto fail;
        if (r) {
          found = 1;
          ny = a;
          nx = b;
        }
        plan_free_subs(p);
      }
    }
    if (!found) {
      scnn_set_error(err, "layer '%s': no split into passes fits the IARAM (%d entries) and "
                     "the accumulators (%d entries)", l->name, SCNN_IARAM_DEPTH,
                     SCNN_ACC_ENTRIES);
      goto fail;
    }
  } else {
    plan_free_subs(p);
  }
  if (try_grid(p, in, w, ny, nx, 1, err) != 1) goto fail;
  p->pass_ny = ny;
  p->pass_nx = nx;
  p->njobs = 0;
  for (int i = 0; i < p->nsub; ++i) {
    p->sub[i].job0 = p->njobs;
    p->njobs += p->sub[i].njobs;
  }
  p->jobs = calloc((size_t)p->njobs + 1, sizeof *p->jobs);
  if (!p->jobs) {
    scnn_set_error(err, "layer '%s': out of memory", l->name);
    goto fail;
  }
  for (int i = 0; i < p->nsub; ++i)
    for (int j = 0; j < p->sub[i].njobs; ++j) {
      scnn_job_info *ji = &p->jobs[p->sub[i].job0 + j];
      ji->sub = i;
      ji->kl0 = j * p->sub[i].kc;
      ji->kg = imin(p->sub[i].kc, p->sub[i].kn - ji->kl0);
    }
  *out = p;
  return 0;
fail:
  scnn_plan_free(p);
  return -1;
}

void scnn_plan_free(scnn_plan *p) {
  if (!p) return;
  plan_free_subs(p);
  free(p->jobs);
  free(p);
}

const scnn_layer *scnn_plan_layer(const scnn_plan *p) { return &p->l; }
int scnn_plan_num_sublayers(const scnn_plan *p) { return p->nsub; }
const scnn_sublayer *scnn_plan_sublayer(const scnn_plan *p, int i) {
  return i >= 0 && i < p->nsub ? &p->sub[i] : NULL;
}
int scnn_plan_num_jobs(const scnn_plan *p) { return p->njobs; }
const scnn_job_info *scnn_plan_job(const scnn_plan *p, int j) {
  return j >= 0 && j < p->njobs ? &p->jobs[j] : NULL;
}
int scnn_plan_passes(const scnn_plan *p) { return p->nsub / p->l.groups; }
int scnn_plan_pass_grid(const scnn_plan *p, int *ny, int *nx) {
  if (ny) *ny = p->pass_ny;
  if (nx) *nx = p->pass_nx;
  return p->pass_ny * p->pass_nx;
}

void scnn_plan_print_kc(const scnn_plan *p, FILE *f) {
  const scnn_layer *l = &p->l;
  fprintf(f, "%s: %dx%dx%d -> %dx%dx%d, %dx%d/%d pad %d groups %d: %d pass(es) (%d x %d grid)\n",
          l->name, l->C, l->H, l->W, l->K, p->Ho, p->Wo, l->R, l->S, l->stride, l->pad, l->groups,
          scnn_plan_passes(p), p->pass_ny, p->pass_nx);
  for (int i = 0; i < p->nsub; ++i) {
    const scnn_sublayer *s = &p->sub[i];
    if (i > 0 && i >= 4 && i < p->nsub - 1) {
      if (i == 4) fprintf(f, "  ... (%d sub-layers)\n", p->nsub);
      continue;
    }
    fprintf(f,
            "  sub %d (group %d, pass %d): in %dx%d at (%d,%d), out %dx%d at (%d,%d), tiles "
            "%dx%d -> %dx%d; Kc = min(K/groups %d, ACC_ENTRIES %d / max region %d = %d, "
            "WFIFO_DEPTH*F %d / max Rv*Sv %d = %d) = %d; %d job(s); IARAM max %llu/%d\n",
            i, s->group, s->pass, s->W, s->H, s->ix0, s->iy0, s->Wo, s->Ho, s->ox0, s->oy0, s->Wt,
            s->Ht, s->Wto, s->Hto, s->kn, SCNN_ACC_ENTRIES, s->max_region, s->kc_acc,
            SCNN_WFIFO_ENTRIES, s->max_rvsv, s->kc_fifo, s->kc, s->njobs,
            (unsigned long long)s->iaram_max, SCNN_IARAM_DEPTH);
  }
}

int scnn_plan_pe_job(const scnn_plan *p, int j, int pe, scnn_pe_job *job, scnn_pe_vc *vbuf,
                     int vcap) {
  if (j < 0 || j >= p->njobs || pe < 0 || pe >= SCNN_PE_COUNT) return -1;
  const scnn_job_info *ji = &p->jobs[j];
  const scnn_sublayer *s = &p->sub[ji->sub];
  if (vcap < s->nv) return -1;
  const int jl = (ji->kl0) / s->kc;
  for (int vi = 0; vi < s->nv; ++vi) {
    const scnn_vc *v = &s->vc[vi];
    const scnn_rect *t = &s->tile[(v->phy * s->stride + v->phx) * SCNN_PE_COUNT + pe];
    scnn_pe_vc *o = &vbuf[vi];
    o->x0 = t->x0;
    o->y0 = t->y0;
    o->w = t->w;
    o->h = t->h;
    o->rv = v->rv;
    o->sv = v->sv;
    o->pad_y = v->pad_y;
    o->pad_x = v->pad_x;
    /* a pool is NULL when no PE holds a nonzero (all-zero input or weights): no offset on it */
    o->act = s->act_pool ? s->act_pool + s->act_off[pe * s->nv + vi] : NULL;
    o->nact = s->act_cnt[pe * s->nv + vi];
    o->wgt = s->wgt_pool ? s->wgt_pool + s->wgt_off[jl * s->nv + vi] : NULL;
    o->nwgt = s->wgt_cnt[jl * s->nv + vi];
  }
  job->nv = s->nv;
  job->v = vbuf;
  job->rx0 = s->region[pe].x0;
  job->ry0 = s->region[pe].y0;
  job->rw = s->region[pe].w;
  job->rh = s->region[pe].h;
  job->kg = ji->kg;
  job->ox0 = s->own[pe].x0;
  job->oy0 = s->own[pe].y0;
  job->own_w = s->own[pe].w;
  job->own_h = s->own[pe].h;
  job->prod_shift = p->l.prod_shift;
  job->wgt_order = p->wgt_order;
  job->xbar_ideal = p->xbar_ideal;
  job->xbar_qdepth = p->xbar_qdepth;
  return 0;
}
