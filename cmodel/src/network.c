/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Whole-network runs (scnn_network.h). */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "scnn_catalog.h"
#include "scnn_gen.h"
#include "scnn_network.h"
#include "scnn_ref.h"

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

double scnn_paper_speedup(const char *net) {
  if (!strcmp(net, "alexnet")) return 2.37;
  if (!strcmp(net, "googlenet")) return 2.19;
  if (!strcmp(net, "vgg16")) return 3.52;
  return 0.0;
}

static uint64_t count_nz(const int16_t *v, int64_t n) {
  uint64_t c = 0;
  for (int64_t i = 0; i < n; ++i) c += v[i] != 0;
  return c;
}

int scnn_net_chain_bundle(const char *net, const char *layer, uint64_t seed,
                          const scnn_tensor *prev_out, double wdens, scnn_bundle *b,
                          char pooled[16], scnn_error *err) {
  memset(b, 0, sizeof *b);
  const size_t nl = scnn_catalog_count(net);
  if (!nl) {
    scnn_set_error(err, "unknown network '%s' (alexnet, vgg16, googlenet)", net);
    return -1;
  }
  size_t i;
  for (i = 0; i < nl; ++i)
    if (!strcmp(scnn_catalog_get(net, i)->name, layer)) break;
  if (i == nl) {
    scnn_set_error(err, "network '%s' has no layer '%s' (scnn list --net %s)", net, layer, net);
    return -1;
  }
  if (i == 0) {
    scnn_set_error(err, "%s is the first layer of %s: there is no previous layer to chain from",
                   layer, net);
    return -1;
  }
  const scnn_catalog_entry *e = scnn_catalog_get(net, i), *pe = scnn_catalog_get(net, i - 1);
  scnn_layer pl;
  scnn_catalog_layer(pe, &pl);
  const int ho = scnn_layer_out_h(&pl), wo = scnn_layer_out_w(&pl);
  if (prev_out->ndim != 3 || prev_out->dims[0] != pl.K || prev_out->dims[1] != ho ||
      prev_out->dims[2] != wo) {
    char got[96];
    int n = snprintf(got, sizeof got, "(");
    for (int d = 0; d < prev_out->ndim && n < (int)sizeof got; ++d)
      n += snprintf(got + n, sizeof got - (size_t)n, "%s%lld", d ? ", " : "",
                    (long long)prev_out->dims[d]);
    if (n < (int)sizeof got) snprintf(got + n, sizeof got - (size_t)n, ")");
    scnn_set_error(err,
                   "shape %s is not the output shape (%d, %d, %d) of %s %s, the layer before %s",
                   got, pl.K, ho, wo, net, pe->name, layer);
    return -1;
  }
  int ph = ho, pw = wo;
  if (pe->pool_k > 0) {
    ph = scnn_pool_out(ho, pe->pool_k, pe->pool_s);
    pw = scnn_pool_out(wo, pe->pool_k, pe->pool_s);
  }
  if (pooled) {
    if (pe->pool_k > 0)
      snprintf(pooled, 16, "%d/%d", pe->pool_k, pe->pool_s);
    else
      snprintf(pooled, 16, "-");
  }
  if (pl.K != e->C || ph != e->H || pw != e->W) {
    scnn_set_error(err,
                   "%s %s's output (%d, %d, %d)%s is (%d, %d, %d), which does not chain into %s's "
                   "input (%d, %d, %d)",
                   net, pe->name, pl.K, ho, wo, pe->pool_k > 0 ? " after max-pooling" : "", pl.K,
                   ph, pw, layer, e->C, e->H, e->W);
    return -1;
  }
  scnn_catalog_layer(e, &b->layer);
  int64_t id[3] = {e->C, e->H, e->W};
  if (scnn_tensor_alloc(&b->input, 3, id, err)) return -1;
  if (pe->pool_k > 0)
    scnn_maxpool(prev_out->data, pl.K, ho, wo, pe->pool_k, pe->pool_s, b->input.data);
  else
    memcpy(b->input.data, prev_out->data, (size_t)scnn_tensor_numel(&b->input) * sizeof(int16_t));
  /* as scnn_run_net: layer i's weights from seed * 1000 + i */
  if (scnn_gen_weights(b, seed * 1000u + i, wdens < 0 ? e->wdens : wdens, err)) {
    scnn_bundle_free(b);
    return -1;
  }
  return 0;
}

int scnn_run_net(const scnn_net_opts *o, scnn_net_layer **out, size_t *nout, scnn_error *err) {
  *out = NULL;
  *nout = 0;
  const size_t nl = scnn_catalog_count(o->net);
  if (!nl) {
    scnn_set_error(err, "unknown network '%s' (alexnet, vgg16, googlenet)", o->net);
    return -1;
  }
  size_t first = 0, last = nl;
  if (o->only) {
    size_t i;
    for (i = 0; i < nl; ++i)
      if (!strcmp(scnn_catalog_get(o->net, i)->name, o->only)) break;
    if (i == nl) {
      scnn_set_error(err, "network '%s' has no layer '%s' (scnn list --net %s)", o->net, o->only,
                     o->net);
      return -1;
    }
    first = i;
    last = i + 1;
  }
  scnn_net_layer *res = calloc(last - first, sizeof *res);
  if (!res) {
    scnn_set_error(err, "%s: out of memory", o->net);
    return -1;
  }
  scnn_tensor prev; /* pooled output of the previous layer */
  memset(&prev, 0, sizeof prev);
  int prev_in_dram = 1, rc = 0;
  size_t n = 0;
  for (size_t i = first; i < last && !rc; ++i) {
    const scnn_catalog_entry *e = scnn_catalog_get(o->net, i);
    scnn_net_layer *r = &res[n];
    scnn_bundle b;
    memset(&b, 0, sizeof b);
    scnn_catalog_layer(e, &b.layer);
    const uint64_t seed = o->seed * 1000u + i;
    const int chain = prev.data && prev.ndim == 3 && prev.dims[0] == e->C &&
                      prev.dims[1] == e->H && prev.dims[2] == e->W;
    if (chain) {
      b.input = prev;
      memset(&prev, 0, sizeof prev);
      rc = scnn_gen_weights(&b, seed, e->wdens, err);
    } else {
      scnn_tensor_free(&prev);
      rc = scnn_gen_bundle(e, seed, -1, -1, &b, err);
      prev_in_dram = 1;
    }
    if (rc) {
      scnn_bundle_free(&b);
      break;
    }
    const scnn_layer *l = &b.layer;
    const int ho = scnn_layer_out_h(l), wo = scnn_layer_out_w(l);
    scnn_tensor ot;
    int64_t od[3] = {l->K, ho, wo};
    if ((rc = scnn_tensor_alloc(&ot, 3, od, err))) {
      scnn_bundle_free(&b);
      break;
    }
    const double t0 = now_s();
    scnn_plan *p = NULL;
    const scnn_plan_opts po =
        scnn_plan_opts_of(o->weight_order, o->xbar_ideal, o->xbar_qdepth, o->halo_overlap);
    rc = scnn_plan_create_opts(l, b.input.data, b.weights.data, &po, &p, err);
    if (!rc) {
      if (o->kc_log) scnn_plan_print_kc(p, o->kc_log);
      scnn_run_opts ro = {prev_in_dram};
      rc = scnn_run(p, &ro, ot.data, &r->st, NULL, NULL, err);
      r->kc = scnn_plan_sublayer(p, 0)->kc;
      r->passes = scnn_plan_passes(p);
      scnn_plan_pass_grid(p, &r->pass_ny, &r->pass_nx);
    }
    scnn_plan_free(p);
    r->wall_s = now_s() - t0;
    if (!rc) {
      r->layer = *l;
      r->chained = chain;
      r->pool_k = e->pool_k;
      r->pool_s = e->pool_s;
      r->st.in_numel = (uint64_t)scnn_tensor_numel(&b.input);
      r->st.in_nonzero = count_nz(b.input.data, (int64_t)r->st.in_numel);
      r->st.w_numel = (uint64_t)scnn_tensor_numel(&b.weights);
      r->st.w_nonzero = count_nz(b.weights.data, (int64_t)r->st.w_numel);
      r->st.out_numel = (uint64_t)scnn_tensor_numel(&ot);
      r->st.out_nonzero = count_nz(ot.data, (int64_t)r->st.out_numel);
      if (o->check) {
        int16_t *ref = malloc((size_t)r->st.out_numel * sizeof *ref + 1);
        if (!ref) {
          scnn_set_error(err, "%s: out of memory", l->name);
          rc = -1;
        } else {
          scnn_conv_ref(l, b.input.data, b.weights.data, ref, NULL);
          r->checked = 1;
          for (uint64_t k = 0; k < r->st.out_numel; ++k) r->mismatches += ref[k] != ot.data[k];
          free(ref);
        }
      }
      prev_in_dram = r->st.dram_bytes_out > 0;
      ++n;
    }
    /* max-pooling between layers (outside the array: docs/dataflow.md) */
    if (!rc && e->pool_k > 0) {
      int64_t pd[3] = {l->K, scnn_pool_out(ho, e->pool_k, e->pool_s),
                       scnn_pool_out(wo, e->pool_k, e->pool_s)};
      if (!(rc = scnn_tensor_alloc(&prev, 3, pd, err)))
        scnn_maxpool(ot.data, l->K, ho, wo, e->pool_k, e->pool_s, prev.data);
      scnn_tensor_free(&ot);
    } else if (!rc) {
      prev = ot;
    } else {
      scnn_tensor_free(&ot);
    }
    scnn_bundle_free(&b);
  }
  scnn_tensor_free(&prev);
  if (rc) {
    free(res);
    return -1;
  }
  *out = res;
  *nout = n;
  return 0;
}
