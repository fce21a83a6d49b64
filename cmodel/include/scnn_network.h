/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Whole-network runs of the dataflow model over the catalog (docs/dataflow.md,
 * "Networks"): each layer's real output, after ReLU and the network's
 * max-pooling, is the next layer's input whenever the shapes chain (AlexNet,
 * VGG-16); otherwise (GoogLeNet's inception branches) a layer gets a generated
 * input at the catalog's density. Layer i of the catalog (0-based) is generated
 * with seed `seed * 1000 + i` (its weights, and its input when not chained), so
 * a run is reproducible layer by layer with scnn_gen_bundle/scnn_gen_weights. */
#ifndef SCNN_NETWORK_H
#define SCNN_NETWORK_H

#include <stdio.h>

#include "scnn_io.h"
#include "scnn_model.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  scnn_layer layer;
  scnn_stats st;     /* in/w/out non-zero counts filled */
  int kc, passes, pass_ny, pass_nx;
  int chained;       /* 1: input = previous layer's pooled output */
  int pool_k, pool_s; /* max-pooling applied after this layer (0 = none) */
  double wall_s;     /* wall time of plan + run (not the reference check) */
  int checked;       /* compared with scnn_conv_ref */
  uint64_t mismatches;
} scnn_net_layer;

typedef struct {
  const char *net;
  const char *only;  /* one layer (run alone, generated input), or NULL for all */
  uint64_t seed;
  int check;         /* compare every layer with the dense reference */
  FILE *kc_log;      /* if not NULL: the Kc rule of every layer */
  int weight_order;  /* SCNN_WORDER_KRS/RSK; pass SCNN_WEIGHT_ORDER (the parameter) */
  int xbar_ideal;    /* 0, or the experiment "no conflict stalls" */
  int xbar_qdepth;   /* bank queue depth, or -1: the parameter XBAR_QDEPTH */
  int halo_overlap;  /* 0 or 1, or -1: the parameter HALO_OVERLAP */
} scnn_net_opts;

/* Runs the layers; *out (malloc'd, *n entries) must be freed by the caller. */
int scnn_run_net(const scnn_net_opts *o, scnn_net_layer **out, size_t *n, scnn_error *err);

/* The bundle of catalog layer `layer` of `net` in a chained run, as
 * scnn_run_net builds it: the input is prev_out, the previous catalog layer's
 * real (K, Ho, Wo) output (after ReLU), max-pooled as the catalog says for that
 * previous layer; the weights come from scnn_gen_weights with seed
 * `seed * 1000 + i` (i = the layer's 0-based index) and density wdens (< 0: the
 * catalog's), the shifts from the rule. Fails with a message naming both shapes
 * if prev_out is not the previous layer's output shape or its pooled shape is
 * not the layer's input shape, and if the layer is the network's first. prev_out
 * is only read; b must be freed with scnn_bundle_free. If pooled is not NULL
 * it receives the pooling applied ("3/2" or "-"). */
int scnn_net_chain_bundle(const char *net, const char *layer, uint64_t seed,
                          const scnn_tensor *prev_out, double wdens, scnn_bundle *b,
                          char pooled[16], scnn_error *err);

/* The paper's speedup over DCNN for a network (docs/spec.md section 8, [S]), 0 if none. */
double scnn_paper_speedup(const char *net);

#ifdef __cplusplus
}
#endif
#endif /* SCNN_NETWORK_H */
