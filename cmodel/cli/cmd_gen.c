/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* scnn gen: a layer bundle from the catalog (docs/data.md, "Generator"). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "scnn_gen.h"
#include "scnn_io.h"
#include "scnn_network.h"

static void help(FILE *f) {
  fprintf(f,
          "usage: scnn gen --net NET --layer NAME [--seed N] [--wdens D] [--adens D] --out DIR\n"
          "       scnn gen --net NET --layer NAME [--seed N] [--wdens D] --chain-from PREV.npy --out DIR\n"
          "Writes a layer bundle DIR/{layer.json,weights.npy,input.npy} for a catalog layer\n"
          "(scnn list) with exactly round(D * n) non-zero weights and activations.\n"
          "  --net NET     alexnet, vgg16 or googlenet\n"
          "  --layer NAME  layer name as in the Caffe model with / -> _ (conv3, conv5_1, ...)\n"
          "  --seed N      seed of the generator (default 1); same seed, same bytes\n"
          "  --wdens D     weight density in [0, 1] (default: the catalog's)\n"
          "  --adens D     activation density in [0, 1] (default: the catalog's)\n"
          "  --out DIR     bundle directory (created if needed; a stale output.npy is removed)\n"
          "  --chain-from PREV.npy\n"
          "                a chained run's layer, as in `scnn run --net NET`: the input is PREV.npy,\n"
          "                the previous catalog layer's real (K, Ho, Wo) output, max-pooled as the\n"
          "                catalog says for that layer (scnn list); the weights are generated with\n"
          "                seed N*1000+i (i: the layer's 0-based index in NET), as the network run\n"
          "                does, so --seed is the network's seed here (without --chain-from the\n"
          "                bundle uses seed N itself). Fails naming both shapes if PREV.npy does\n"
          "                not chain into the layer. --adens does not apply.\n");
}

static int parse_double(const char *s, double *v) {
  char *end;
  errno = 0;
  *v = strtod(s, &end);
  return (errno || end == s || *end) ? -1 : 0;
}

int cmd_gen(int argc, char **argv) {
  const char *net = NULL, *layer = NULL, *out = NULL, *chain = NULL;
  uint64_t seed = 1;
  double wd = -1, ad = -1;
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      help(stdout);
      return 0;
    }
    if (i + 1 >= argc) {
      fprintf(stderr, "scnn gen: %s: unknown option or missing value (scnn gen --help)\n", a);
      return 2;
    }
    const char *v = argv[++i];
    if (!strcmp(a, "--net")) {
      net = v;
    } else if (!strcmp(a, "--layer")) {
      layer = v;
    } else if (!strcmp(a, "--out")) {
      out = v;
    } else if (!strcmp(a, "--chain-from")) {
      chain = v;
    } else if (!strcmp(a, "--seed")) {
      if (cli_parse_seed("gen", v, &seed) != 0) return 2;
    } else if (!strcmp(a, "--wdens") || !strcmp(a, "--adens")) {
      double d;
      if (parse_double(v, &d) != 0 || !(d >= 0.0 && d <= 1.0)) {
        fprintf(stderr, "scnn gen: %s '%s' is not a density in [0, 1]\n", a, v);
        return 2;
      }
      *(a[2] == 'w' ? &wd : &ad) = d;
    } else {
      fprintf(stderr, "scnn gen: unknown option '%s' (scnn gen --help)\n", a);
      return 2;
    }
  }
  if (!net || !layer || !out) {
    fprintf(stderr, "scnn gen: --net, --layer and --out are required (scnn gen --help)\n");
    return 2;
  }
  if (!scnn_catalog_count(net)) {
    fprintf(stderr, "scnn gen: unknown network '%s' (alexnet, vgg16, googlenet)\n", net);
    return 2;
  }
  const scnn_catalog_entry *e = scnn_catalog_find(net, layer);
  if (!e) {
    fprintf(stderr, "scnn gen: network '%s' has no layer '%s' (scnn list --net %s)\n", net, layer,
            net);
    return 2;
  }
  if (chain && ad >= 0) {
    fprintf(stderr, "scnn gen: --adens does not apply with --chain-from (the input is the file)\n");
    return 2;
  }
  scnn_bundle b;
  scnn_error err;
  char pooled[16] = "";
  if (chain) {
    scnn_tensor prev;
    memset(&prev, 0, sizeof prev);
    if (scnn_npy_read(chain, &prev, 0, NULL, &err) != 0) {
      fprintf(stderr, "scnn gen: %s\n", err.msg);
      return 1;
    }
    int rc = scnn_net_chain_bundle(net, layer, seed, &prev, wd, &b, pooled, &err);
    scnn_tensor_free(&prev);
    if (rc != 0) {
      fprintf(stderr, "scnn gen: %s: %s\n", chain, err.msg);
      return 1;
    }
  } else if (scnn_gen_bundle(e, seed, wd, ad, &b, &err) != 0) {
    fprintf(stderr, "scnn gen: %s\n", err.msg);
    return 1;
  }
  int rc = scnn_bundle_save(out, &b, &err);
  if (rc != 0) {
    fprintf(stderr, "scnn gen: %s\n", err.msg);
  } else {
    size_t nw = (size_t)scnn_tensor_numel(&b.weights), ni = (size_t)scnn_tensor_numel(&b.input);
    size_t zw = 0, zi = 0;
    for (size_t i = 0; i < nw; ++i) zw += b.weights.data[i] != 0;
    for (size_t i = 0; i < ni; ++i) zi += b.input.data[i] != 0;
    printf("%s: %s %s seed %" PRIu64 "%s%s%s%s: weights %zu/%zu non-zero (%.4f), input %zu/%zu "
           "(%.4f), prod_shift %d, out_shift %d\n",
           out, net, layer, seed, chain ? " (network seed), chained from " : "",
           chain ? chain : "", chain ? " pooled " : "", chain ? pooled : "", zw, nw,
           (double)zw / (double)nw, zi, ni, (double)zi / (double)ni, b.layer.prod_shift,
           b.layer.out_shift);
  }
  scnn_bundle_free(&b);
  return rc ? 1 : 0;
}
