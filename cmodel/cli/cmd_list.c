/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* scnn list [--net NET]: the network catalog, one layer per line. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "scnn_catalog.h"

static void help(FILE *f) {
  fprintf(f,
          "usage: scnn list [--net NET]\n"
          "Prints the catalog (docs/spec.md section 7): one line per conv layer with its\n"
          "shape, output plane, weight/activation density and the max-pool that follows it\n"
          "in a chained run.\n"
          "  --net NET   only this network (alexnet, vgg16, googlenet)\n");
}

int cmd_list(int argc, char **argv) {
  const char *net = NULL;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      help(stdout);
      return 0;
    } else if (!strcmp(argv[i], "--net")) {
      if (i + 1 >= argc) {
        fprintf(stderr, "scnn list: --net needs a value (scnn list --help)\n");
        return 2;
      }
      net = argv[++i];
    } else {
      fprintf(stderr, "scnn list: unexpected argument '%s' (scnn list --help)\n", argv[i]);
      return 2;
    }
  }
  const char *const *nets = scnn_catalog_nets();
  if (net && !scnn_catalog_count(net)) {
    fprintf(stderr, "scnn list: unknown network '%s' (alexnet, vgg16, googlenet)\n", net);
    return 2;
  }
  printf("%-10s %-26s %5s %4s %4s %5s %2s %2s %6s %3s %6s %4s %4s %5s %5s %4s\n", "net", "layer",
         "C", "H", "W", "K", "R", "S", "stride", "pad", "groups", "Ho", "Wo", "wdens", "adens",
         "pool");
  for (size_t n = 0; nets[n]; ++n) {
    if (net && strcmp(net, nets[n])) continue;
    for (size_t i = 0; i < scnn_catalog_count(nets[n]); ++i) {
      const scnn_catalog_entry *e = scnn_catalog_get(nets[n], i);
      scnn_layer l;
      scnn_catalog_layer(e, &l);
      char pool[16] = "-";
      if (e->pool_k) snprintf(pool, sizeof pool, "%d/%d", e->pool_k, e->pool_s);
      printf("%-10s %-26s %5d %4d %4d %5d %2d %2d %6d %3d %6d %4d %4d %5.2f %5.2f %4s\n", e->net,
             e->name, e->C, e->H, e->W, e->K, e->R, e->S, e->stride, e->pad, e->groups,
             scnn_layer_out_h(&l), scnn_layer_out_w(&l), e->wdens, e->adens, pool);
    }
  }
  return 0;
}
