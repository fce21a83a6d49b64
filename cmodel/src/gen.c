/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Seeded synthetic layer data (docs/data.md, "Generator").
 *
 * Placement: exactly round(d * n) non-zeros, positions a uniform random subset
 * (partial Fisher-Yates). Values: uniform over [-M, M] \ {0}, M = SCNN_GEN_W_MAX
 * for weights and SCNN_GEN_A_MAX for activations.
 *
 * prod_shift: the smallest ps in [0, MAX_SHIFT_PROD] with, for every output
 * channel k,   sum over the non-zero weights w of filter k of ceil(|w| * amax / 2^ps)
 *              <= 2^(ACC_W-1) - 1,   amax = the largest |activation| of the input.
 * Every shifted product t = floor(w*a / 2^ps) has |t| <= ceil(|w| * amax / 2^ps),
 * so every exact output sum lies in the signed ACC_W-bit range: no overflow, for
 * any placement of the activations.
 *
 * out_shift: brings the typical accumulator magnitude to about 2^9..2^10 in
 * int16: sigma = sqrt(n_eff * E[w^2] * E[a^2]) / 2^ps with n_eff = (non-zero
 * weights per filter) * (activation density), os = clamp(ceil(log2 sigma) - 10,
 * 0, MAX_SHIFT_OUT). Outputs are then neither saturated (32 sigma away) nor all
 * zero. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "scnn_gen.h"
#include "scnn_rng.h"

/* Two independent streams per seed: weights and input. The weights of a
 * bundle and those of scnn_gen_weights with the same seed are the same. */
static uint64_t stream_seed(uint64_t seed, int which) {
  scnn_rng r;
  scnn_rng_seed(&r, seed);
  uint64_t s = scnn_rng_next(&r);
  if (which) s = scnn_rng_next(&r);
  return s;
}

static int check_density(double d, const char *what, scnn_error *err) {
  if (!(d >= 0.0 && d <= 1.0)) {
    scnn_set_error(err, "%s density %g is not in [0, 1]", what, d);
    return -1;
  }
  return 0;
}

size_t scnn_gen_nnz(double density, size_t n) {
  double x = floor(density * (double)n + 0.5);
  if (x < 0) x = 0;
  if (x > (double)n) x = (double)n;
  return (size_t)x;
}

/* Exactly nnz = round(d * n) non-zeros at uniform positions, values uniform
 * in [-m, m] \ {0}. v must be zero-filled. */
static int fill_sparse(int16_t *v, size_t n, double d, int m, uint64_t seed, const char *what,
                       scnn_error *err) {
  size_t nnz = scnn_gen_nnz(d, n);
  if (nnz == 0) return 0;
  scnn_rng r;
  scnn_rng_seed(&r, seed);
  uint32_t *idx = malloc(n * sizeof *idx);
  if (!idx) {
    scnn_set_error(err, "%s: out of memory for %zu positions", what, n);
    return -1;
  }
  for (size_t i = 0; i < n; ++i) idx[i] = (uint32_t)i;
  for (size_t i = 0; i < nnz; ++i) {
    size_t j = i + (size_t)scnn_rng_below(&r, n - i);
    uint32_t t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
    int64_t x = scnn_rng_range(&r, -m, m - 1);
    v[idx[i]] = (int16_t)(x >= 0 ? x + 1 : x);
  }
  free(idx);
  return 0;
}

/* The shift rule of the header comment. */
static int choose_shifts(scnn_bundle *b, scnn_error *err) {
  scnn_layer *l = &b->layer;
  const int16_t *w = b->weights.data, *a = b->input.data;
  const int64_t na = scnn_tensor_numel(&b->input);
  const int64_t per_k = (int64_t)(l->C / l->groups) * l->R * l->S;
  int64_t amax = 0, nza = 0;
  double a2 = 0, w2 = 0;
  for (int64_t i = 0; i < na; ++i) {
    int64_t x = a[i] < 0 ? -(int64_t)a[i] : a[i];
    if (x > amax) amax = x;
    if (x) ++nza, a2 += (double)x * (double)x;
  }
  int64_t nzw = 0;
  for (int64_t i = 0; i < per_k * l->K; ++i)
    if (w[i]) ++nzw, w2 += (double)w[i] * (double)w[i];
  const int64_t lim = ((int64_t)1 << (SCNN_ACC_W - 1)) - 1;
  int ps = -1;
  for (int s = 0; s <= SCNN_MAX_SHIFT_PROD && ps < 0; ++s) {
    int ok = 1;
    for (int k = 0; k < l->K && ok; ++k) {
      int64_t sum = 0;
      const int16_t *f = w + (int64_t)k * per_k;
      for (int64_t i = 0; i < per_k; ++i) {
        int64_t x = f[i] < 0 ? -(int64_t)f[i] : f[i];
        sum += (x * amax + ((int64_t)1 << s) - 1) >> s; /* ceil(|w| amax / 2^s) */
        if (sum > lim) {
          ok = 0;
          break;
        }
      }
    }
    if (ok) ps = s;
  }
  if (ps < 0) {
    scnn_set_error(err,
                   "%s: no prod_shift <= %d keeps the worst-case sum within %d bits (largest "
                   "|activation| %lld); use smaller values or a lower density",
                   l->name, SCNN_MAX_SHIFT_PROD, SCNN_ACC_W, (long long)amax);
    return -1;
  }
  int os = 0;
  if (nza > 0 && nzw > 0) {
    double n_eff = ((double)nzw / l->K) * ((double)nza / (double)na);
    double sigma = sqrt(n_eff * (w2 / (double)nzw) * (a2 / (double)nza)) / ldexp(1.0, ps);
    if (sigma > 1.0) os = (int)ceil(log2(sigma)) - 10;
    if (os < 0) os = 0;
    if (os > SCNN_MAX_SHIFT_OUT) os = SCNN_MAX_SHIFT_OUT;
  }
  l->prod_shift = ps;
  l->out_shift = os;
  return 0;
}

int scnn_gen_weights(scnn_bundle *b, uint64_t seed, double wdens, scnn_error *err) {
  scnn_layer *l = &b->layer;
  if (scnn_layer_validate(l, l->name, err) != 0 || check_density(wdens, "weight", err) != 0)
    return -1;
  int64_t id[3] = {l->C, l->H, l->W};
  if (b->input.ndim != 3 || memcmp(b->input.dims, id, sizeof id) != 0 || !b->input.data) {
    scnn_set_error(err, "%s: the input is not a (%d, %d, %d) tensor", l->name, l->C, l->H, l->W);
    return -1;
  }
  scnn_tensor_free(&b->weights);
  int64_t wd[4] = {l->K, l->C / l->groups, l->R, l->S};
  if (scnn_tensor_alloc(&b->weights, 4, wd, err) != 0) return -1;
  if (fill_sparse(b->weights.data, (size_t)scnn_tensor_numel(&b->weights), wdens, SCNN_GEN_W_MAX,
                  stream_seed(seed, 0), l->name, err) != 0 ||
      choose_shifts(b, err) != 0) {
    scnn_tensor_free(&b->weights);
    return -1;
  }
  return 0;
}

int scnn_gen_layer(const scnn_layer *l, uint64_t seed, double wdens, double adens, scnn_bundle *b,
                   scnn_error *err) {
  memset(b, 0, sizeof *b);
  if (scnn_layer_validate(l, l->name, err) != 0 || check_density(wdens, "weight", err) != 0 ||
      check_density(adens, "activation", err) != 0)
    return -1;
  b->layer = *l;
  int64_t id[3] = {l->C, l->H, l->W};
  if (scnn_tensor_alloc(&b->input, 3, id, err) != 0) return -1;
  if (fill_sparse(b->input.data, (size_t)scnn_tensor_numel(&b->input), adens, SCNN_GEN_A_MAX,
                  stream_seed(seed, 1), l->name, err) != 0 ||
      scnn_gen_weights(b, seed, wdens, err) != 0) {
    scnn_bundle_free(b);
    return -1;
  }
  return 0;
}

int scnn_gen_bundle(const scnn_catalog_entry *e, uint64_t seed, double wdens, double adens,
                    scnn_bundle *b, scnn_error *err) {
  scnn_layer l;
  scnn_catalog_layer(e, &l);
  return scnn_gen_layer(&l, seed, wdens < 0 ? e->wdens : wdens, adens < 0 ? e->adens : adens, b,
                        err);
}
