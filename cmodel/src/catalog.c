/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* The network catalog of docs/spec.md section 7 (shapes and densities; docs/data.md
 * gives the sources). Layer names are the Caffe layer names with '/'
 * replaced by '_'. */
#include <string.h>

#include "scnn_catalog.h"

#define HAN "Han et al. NIPS 2015 [R]; activations docs/spec.md section 7"
#define GOO "weights assumed 0.40 (not published); activations docs/spec.md section 7"

/* Activation density of a per-layer run: the first layer's input is the
 * dense image [S]; 0.40 otherwise (the paper: 50-70 % zeros [P]). */
#define A0 1.0
#define AX 0.40

static const scnn_catalog_entry ALEXNET[] = {
    /* net, name, C, H, W, K, R, S, stride, pad, groups, wdens, adens, src, pool_k, pool_s */
    {"alexnet", "conv1", 3, 227, 227, 96, 11, 11, 4, 0, 1, 0.84, A0, HAN, 3, 2},
    {"alexnet", "conv2", 96, 27, 27, 256, 5, 5, 1, 2, 2, 0.38, AX, HAN, 3, 2},
    {"alexnet", "conv3", 256, 13, 13, 384, 3, 3, 1, 1, 1, 0.35, AX, HAN, 0, 0},
    {"alexnet", "conv4", 384, 13, 13, 384, 3, 3, 1, 1, 2, 0.37, AX, HAN, 0, 0},
    {"alexnet", "conv5", 384, 13, 13, 256, 3, 3, 1, 1, 2, 0.37, AX, HAN, 3, 2},
};

#define VGG(name, c, hw, k, wd, ad, pk) \
  {"vgg16", name, c, hw, hw, k, 3, 3, 1, 1, 1, wd, ad, HAN, pk, pk}
static const scnn_catalog_entry VGG16[] = {
    VGG("conv1_1", 3, 224, 64, 0.58, A0, 0),     VGG("conv1_2", 64, 224, 64, 0.22, AX, 2),
    VGG("conv2_1", 64, 112, 128, 0.34, AX, 0),   VGG("conv2_2", 128, 112, 128, 0.36, AX, 2),
    VGG("conv3_1", 128, 56, 256, 0.53, AX, 0),   VGG("conv3_2", 256, 56, 256, 0.24, AX, 0),
    VGG("conv3_3", 256, 56, 256, 0.42, AX, 2),   VGG("conv4_1", 256, 28, 512, 0.32, AX, 0),
    VGG("conv4_2", 512, 28, 512, 0.27, AX, 0),   VGG("conv4_3", 512, 28, 512, 0.34, AX, 2),
    VGG("conv5_1", 512, 14, 512, 0.35, AX, 0),   VGG("conv5_2", 512, 14, 512, 0.29, AX, 0),
    VGG("conv5_3", 512, 14, 512, 0.36, AX, 2),
};

/* GoogLeNet (Szegedy et al. 2015, table 1). An inception module with input
 * channels `in` on a hw x hw plane: 1x1; 3x3 reduce, 3x3; 5x5 reduce, 5x5;
 * pool projection (1x1 after a 3x3/1 max-pool, which keeps the plane). */
#define G(name, c, hw, k, r, pad) \
  {"googlenet", name, c, hw, hw, k, r, r, 1, pad, 1, 0.40, AX, GOO, 0, 0}
#define INCEPTION(m, in, hw, n1, r3, n3, r5, n5, pp)                                      \
  G("inception_" m "_1x1", in, hw, n1, 1, 0), G("inception_" m "_3x3_reduce", in, hw, r3, 1, 0), \
      G("inception_" m "_3x3", r3, hw, n3, 3, 1),                                          \
      G("inception_" m "_5x5_reduce", in, hw, r5, 1, 0),                                   \
      G("inception_" m "_5x5", r5, hw, n5, 5, 2), G("inception_" m "_pool_proj", in, hw, pp, 1, 0)
static const scnn_catalog_entry GOOGLENET[] = {
    {"googlenet", "conv1_7x7_s2", 3, 224, 224, 64, 7, 7, 2, 3, 1, 0.40, A0, GOO, 0, 0},
    G("conv2_3x3_reduce", 64, 56, 64, 1, 0),
    G("conv2_3x3", 64, 56, 192, 3, 1),
    INCEPTION("3a", 192, 28, 64, 96, 128, 16, 32, 32),
    INCEPTION("3b", 256, 28, 128, 128, 192, 32, 96, 64),
    INCEPTION("4a", 480, 14, 192, 96, 208, 16, 48, 64),
    INCEPTION("4b", 512, 14, 160, 112, 224, 24, 64, 64),
    INCEPTION("4c", 512, 14, 128, 128, 256, 24, 64, 64),
    INCEPTION("4d", 512, 14, 112, 144, 288, 32, 64, 64),
    INCEPTION("4e", 528, 14, 256, 160, 320, 32, 128, 128),
    INCEPTION("5a", 832, 7, 256, 160, 320, 32, 128, 128),
    INCEPTION("5b", 832, 7, 384, 192, 384, 48, 128, 128),
};

static const struct {
  const char *net;
  const scnn_catalog_entry *layers;
  size_t n;
} NETS[] = {
    {"alexnet", ALEXNET, sizeof ALEXNET / sizeof ALEXNET[0]},
    {"vgg16", VGG16, sizeof VGG16 / sizeof VGG16[0]},
    {"googlenet", GOOGLENET, sizeof GOOGLENET / sizeof GOOGLENET[0]},
};
#define N_NETS (sizeof NETS / sizeof NETS[0])

static const char *const NET_NAMES[] = {"alexnet", "vgg16", "googlenet", NULL};

const char *const *scnn_catalog_nets(void) { return NET_NAMES; }

static int net_index(const char *net) {
  if (!net) return -1;
  for (size_t i = 0; i < N_NETS; ++i)
    if (!strcmp(NETS[i].net, net)) return (int)i;
  return -1;
}

size_t scnn_catalog_count(const char *net) {
  int i = net_index(net);
  return i < 0 ? 0 : NETS[i].n;
}

const scnn_catalog_entry *scnn_catalog_get(const char *net, size_t i) {
  int n = net_index(net);
  return (n < 0 || i >= NETS[n].n) ? NULL : &NETS[n].layers[i];
}

const scnn_catalog_entry *scnn_catalog_find(const char *net, const char *layer) {
  int n = net_index(net);
  if (n < 0 || !layer) return NULL;
  for (size_t i = 0; i < NETS[n].n; ++i)
    if (!strcmp(NETS[n].layers[i].name, layer)) return &NETS[n].layers[i];
  return NULL;
}

void scnn_catalog_layer(const scnn_catalog_entry *e, scnn_layer *l) {
  memset(l, 0, sizeof *l);
  strncpy(l->name, e->name, sizeof l->name - 1);
  l->C = e->C;
  l->H = e->H;
  l->W = e->W;
  l->K = e->K;
  l->R = e->R;
  l->S = e->S;
  l->stride = e->stride;
  l->pad = e->pad;
  l->groups = e->groups;
  l->relu = 1;
}
