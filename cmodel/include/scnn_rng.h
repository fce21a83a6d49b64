/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Small deterministic PRNG (SplitMix64) shared by the generator and the tests,
 * so that a seed names the same data on every machine. */
#ifndef SCNN_RNG_H
#define SCNN_RNG_H

#include <stdint.h>

typedef struct {
  uint64_t s;
} scnn_rng;

static inline void scnn_rng_seed(scnn_rng *r, uint64_t seed) { r->s = seed; }

static inline uint64_t scnn_rng_next(scnn_rng *r) {
  uint64_t z = (r->s += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/* Uniform integer in [0, n), n > 0 (rejection sampling: no modulo bias). */
static inline uint64_t scnn_rng_below(scnn_rng *r, uint64_t n) {
  uint64_t lim = UINT64_MAX - UINT64_MAX % n;
  uint64_t x;
  do {
    x = scnn_rng_next(r);
  } while (x >= lim);
  return x % n;
}

/* Uniform integer in [lo, hi]. */
static inline int64_t scnn_rng_range(scnn_rng *r, int64_t lo, int64_t hi) {
  return lo + (int64_t)scnn_rng_below(r, (uint64_t)(hi - lo) + 1u);
}

#endif /* SCNN_RNG_H */
