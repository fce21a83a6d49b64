/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Dense reference convolution (docs/spec.md section 4) and max-pooling. A plain loop
 * nest over outputs: no tiling, no sparsity, nothing shared with the dataflow
 * model beyond the numerics helpers. */
#include <stdlib.h>

#include "scnn_numerics.h"
#include "scnn_ref.h"

/* Exact (64-bit) sum of shifted products of one output element. */
static int64_t exact_sum(const scnn_layer *l, const int16_t *in, const int16_t *w, int k, int yo,
                         int xo) {
  const int cg = l->C / l->groups, kg = l->K / l->groups, g = k / kg;
  int64_t sum = 0;
  for (int c = 0; c < cg; ++c) {
    const int ci = g * cg + c;
    for (int r = 0; r < l->R; ++r) {
      const int y = yo * l->stride + r - l->pad;
      if (y < 0 || y >= l->H) continue;
      for (int s = 0; s < l->S; ++s) {
        const int x = xo * l->stride + s - l->pad;
        if (x < 0 || x >= l->W) continue;
        const int16_t wv = w[(((int64_t)k * cg + c) * l->R + r) * l->S + s];
        const int16_t av = in[((int64_t)ci * l->H + y) * l->W + x];
        sum += scnn_shifted_product(wv, av, l->prod_shift);
      }
    }
  }
  return sum;
}

void scnn_conv_ref(const scnn_layer *l, const int16_t *in, const int16_t *w, int16_t *out,
                   uint64_t *overflow_outputs) {
  const int ho = scnn_layer_out_h(l), wo = scnn_layer_out_w(l);
  const int64_t lo = -((int64_t)1 << (SCNN_ACC_W - 1)), hi = ((int64_t)1 << (SCNN_ACC_W - 1)) - 1;
  uint64_t ovf = 0;
  for (int k = 0; k < l->K; ++k)
    for (int yo = 0; yo < ho; ++yo)
      for (int xo = 0; xo < wo; ++xo) {
        const int64_t s = exact_sum(l, in, w, k, yo, xo);
        if (s < lo || s > hi) ++ovf;
        out[((int64_t)k * ho + yo) * wo + xo] =
            scnn_requantise(scnn_acc_wrap(s), l->out_shift, l->relu);
      }
  if (overflow_outputs) *overflow_outputs = ovf;
}

void scnn_conv_ref_acc(const scnn_layer *l, const int16_t *in, const int16_t *w, int k0, int nk,
                       int32_t *acc) {
  const int ho = scnn_layer_out_h(l), wo = scnn_layer_out_w(l);
  for (int k = 0; k < nk; ++k)
    for (int yo = 0; yo < ho; ++yo)
      for (int xo = 0; xo < wo; ++xo)
        acc[((int64_t)k * ho + yo) * wo + xo] = scnn_acc_wrap(exact_sum(l, in, w, k0 + k, yo, xo));
}

int scnn_pool_out(int in, int k, int s) {
  if (in < k) return 1;
  int o = (in - k + s - 1) / s + 1; /* ceil mode */
  if ((o - 1) * s >= in) --o;       /* the last window must start inside the plane */
  return o;
}

void scnn_maxpool(const int16_t *in, int C, int H, int W, int k, int s, int16_t *out) {
  const int ho = scnn_pool_out(H, k, s), wo = scnn_pool_out(W, k, s);
  for (int c = 0; c < C; ++c)
    for (int yo = 0; yo < ho; ++yo)
      for (int xo = 0; xo < wo; ++xo) {
        int16_t m = INT16_MIN;
        for (int dy = 0; dy < k; ++dy)
          for (int dx = 0; dx < k; ++dx) {
            const int y = yo * s + dy, x = xo * s + dx;
            if (y < H && x < W && in[((int64_t)c * H + y) * W + x] > m)
              m = in[((int64_t)c * H + y) * W + x];
          }
        out[((int64_t)c * ho + yo) * wo + xo] = m;
      }
}
