/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* The network catalog of docs/spec.md section 7: AlexNet (5 conv layers), VGG-16 (13),
 * GoogLeNet (57), layer names as in the Caffe models with '/' replaced by '_'. */
#ifndef SCNN_CATALOG_H
#define SCNN_CATALOG_H

#include "scnn_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  const char *net;  /* "alexnet", "vgg16", "googlenet" */
  const char *name; /* "conv3", "conv5_1", "inception_4a_3x3", ... */
  int C, H, W, K, R, S, stride, pad, groups;
  double wdens;     /* weight density of the pruned network (docs/spec.md section 7) */
  double adens;     /* activation density assumed for a per-layer run */
  const char *dens_src; /* where the densities come from, e.g. "Han et al. 2015 [R]" */
  /* Max-pooling applied to this layer's output before the next layer of a
   * chained run (0 = none). */
  int pool_k, pool_s;
} scnn_catalog_entry;

/* NULL-terminated list of network names. */
const char *const *scnn_catalog_nets(void);
/* Number of layers of a network (0 if unknown), and the i-th in network order. */
size_t scnn_catalog_count(const char *net);
const scnn_catalog_entry *scnn_catalog_get(const char *net, size_t i);
/* NULL if not found. */
const scnn_catalog_entry *scnn_catalog_find(const char *net, const char *layer);
/* The layer description of an entry: shapes, relu = 1, shifts 0 (the
 * generator sets them). */
void scnn_catalog_layer(const scnn_catalog_entry *e, scnn_layer *l);

#ifdef __cplusplus
}
#endif
#endif /* SCNN_CATALOG_H */
