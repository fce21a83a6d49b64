/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* scnn ref DIR [--out FILE]: the dense reference output of a bundle. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "scnn_io.h"
#include "scnn_ref.h"

static void help(FILE *f) {
  fprintf(f,
          "usage: scnn ref DIR [--out FILE]\n"
          "Computes the dense reference convolution (docs/spec.md section 4) of the bundle in\n"
          "DIR and writes it as int16 .npy of shape (K, Ho, Wo). Prints one line with the\n"
          "file, the shape and the number of outputs whose exact sum overflowed the %d-bit\n"
          "accumulator.\n"
          "  --out FILE   output file (default DIR/output.npy)\n",
          SCNN_ACC_W);
}

int cmd_ref(int argc, char **argv) {
  const char *dir = NULL, *out = NULL;
  for (int i = 1; i < argc; ++i) {
    if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
      help(stdout);
      return 0;
    } else if (!strcmp(argv[i], "--out")) {
      if (i + 1 >= argc) {
        fprintf(stderr, "scnn ref: --out needs a value (scnn ref --help)\n");
        return 2;
      }
      out = argv[++i];
    } else if (argv[i][0] != '-' && !dir) {
      dir = argv[i];
    } else {
      fprintf(stderr, "scnn ref: unexpected argument '%s' (scnn ref --help)\n", argv[i]);
      return 2;
    }
  }
  if (!dir) {
    fprintf(stderr, "scnn ref: a bundle directory is required (scnn ref --help)\n");
    return 2;
  }
  char *def = NULL;
  if (!out) {
    size_t n = strlen(dir) + sizeof "/output.npy";
    def = malloc(n);
    if (!def) return 1;
    snprintf(def, n, "%s/output.npy", dir);
    out = def;
  }
  if (cli_refuse_bundle_file("ref", dir, out) != 0) {
    free(def);
    return 2;
  }
  scnn_bundle b;
  scnn_error err;
  int rc = 1;
  if (scnn_bundle_load(dir, &b, &err) != 0) {
    fprintf(stderr, "scnn ref: %s\n", err.msg);
    free(def);
    return 1;
  }
  const scnn_layer *l = &b.layer;
  scnn_tensor o;
  int64_t od[3] = {l->K, scnn_layer_out_h(l), scnn_layer_out_w(l)};
  if (scnn_tensor_alloc(&o, 3, od, &err) != 0) {
    fprintf(stderr, "scnn ref: %s: %s\n", dir, err.msg);
  } else {
    uint64_t ovf = 0;
    scnn_conv_ref(l, b.input.data, b.weights.data, o.data, &ovf);
    if (scnn_npy_write(out, &o, &err) != 0) {
      fprintf(stderr, "scnn ref: %s\n", err.msg);
    } else {
      printf("%s: %s (%lld, %lld, %lld), overflows: %" PRIu64 "\n", out, l->name,
             (long long)od[0], (long long)od[1], (long long)od[2], ovf);
      rc = 0;
    }
    scnn_tensor_free(&o);
  }
  scnn_bundle_free(&b);
  free(def);
  return rc;
}
