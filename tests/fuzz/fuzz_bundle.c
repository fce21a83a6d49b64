/* Copyright the SCNN contributors.
 * SPDX-License-Identifier: Apache-2.0
 *
 * libFuzzer target: the bundle loader (scnn_bundle_load: layer.json + weights.npy + input.npy
 * checked against each other). The input is the three files joined by the separator "\n--\n"
 * (FUZZ_SEP): layer.json SEP weights.npy SEP input.npy; a part that is missing (fewer
 * separators) is a missing file. A bundle the loader accepts must have the shapes its layer
 * says; if it is small (at most FUZZ_MAX_MACS multiply-accumulates), the dense reference and the
 * cycle-level model run on it and, when no accumulator overflows, must agree exactly (the model
 * may refuse a layer it cannot map, with a message). */
#include "fuzz_common.h"
#include "scnn_io.h"
#include "scnn_model.h"
#include "scnn_ref.h"

#define FUZZ_SEP "\n--\n"
#define FUZZ_MAX_MACS (1 << 20)
#define FUZZ_MAX_OUT (1 << 16)

static const uint8_t *find(const uint8_t *s, const uint8_t *end) {
  const size_t k = sizeof FUZZ_SEP - 1;
  for (; s + k <= end; ++s)
    if (memcmp(s, FUZZ_SEP, k) == 0) return s;
  return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *names[3] = {"layer.json", "weights.npy", "input.npy"};
  const uint8_t *p = data, *end = data + size;
  for (int i = 0; i < 3; ++i) {
    const char *path = fuzz_path(i, names[i]);
    if (!p) {
      unlink(path);
      continue;
    }
    const uint8_t *q = i < 2 ? find(p, end) : NULL;
    fuzz_write(path, p, (size_t)((q ? q : end) - p));
    p = q ? q + sizeof FUZZ_SEP - 1 : NULL;
  }
  scnn_bundle b;
  scnn_error err = {{0}};
  const char *dir = fuzz_dir();
  if (scnn_bundle_load(dir, &b, &err) != 0) {
    FUZZ_CHECK(err.msg[0] != 0 && strncmp(err.msg, dir, strlen(dir)) == 0);
    FUZZ_CHECK(b.weights.data == NULL && b.input.data == NULL);
    return 0;
  }
  const scnn_layer *l = &b.layer;
  FUZZ_CHECK(b.weights.ndim == 4 && b.weights.dims[0] == l->K &&
             b.weights.dims[1] == l->C / l->groups && b.weights.dims[2] == l->R &&
             b.weights.dims[3] == l->S);
  FUZZ_CHECK(b.input.ndim == 3 && b.input.dims[0] == l->C && b.input.dims[1] == l->H &&
             b.input.dims[2] == l->W);
  const int64_t ho = scnn_layer_out_h(l), wo = scnn_layer_out_w(l);
  FUZZ_CHECK(ho > 0 && wo > 0);
  const int64_t nout = (int64_t)l->K * ho * wo;
  const int64_t macs = nout * (l->C / l->groups) * l->R * l->S;
  if (nout <= FUZZ_MAX_OUT && macs <= FUZZ_MAX_MACS) {
    int16_t *ref = malloc((size_t)nout * sizeof *ref), *out = malloc((size_t)nout * sizeof *out);
    FUZZ_CHECK(ref && out);
    uint64_t ovf = 0;
    scnn_conv_ref(l, b.input.data, b.weights.data, ref, &ovf);
    scnn_stats st;
    const int rc = scnn_run_layer(l, b.input.data, b.weights.data, NULL, out, &st, &err);
    /* The model may refuse a layer it cannot map (with a message); what it runs must match. */
    if (rc != 0)
      FUZZ_CHECK(err.msg[0] != 0);
    else if (ovf == 0 && st.overflow == 0)
      FUZZ_CHECK(memcmp(ref, out, (size_t)nout * sizeof *ref) == 0);
    free(out);
    free(ref);
  }
  scnn_bundle_free(&b);
  return 0;
}
