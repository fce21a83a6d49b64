/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* The numerics of docs/spec.md section 4 (normative): product shift, 24-bit wrap-around
 * accumulation with overflow detection, rounding requantisation, saturation, ReLU.
 * Every part of the project that computes a value calls these. */
#ifndef SCNN_NUMERICS_H
#define SCNN_NUMERICS_H

#include "scnn_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* t = (w * a) >> ps, arithmetic (floor). 0 <= ps <= MAX_SHIFT_PROD. */
static inline int32_t scnn_shifted_product(int16_t w, int16_t a, int ps) {
  int32_t p = (int32_t)w * (int32_t)a; /* exact: |p| <= 2^30 */
  /* Arithmetic right shift of a negative value is implementation-defined in C11;
   * floor division by 2^ps written portably. */
  return p >= 0 ? (p >> ps) : -(int32_t)((((uint32_t)-p) + ((1u << ps) - 1u)) >> ps);
}

/* Sign-extends the low ACC_W bits of v. */
static inline int32_t scnn_acc_wrap(int64_t v) {
  uint32_t u = (uint32_t)((uint64_t)v & (uint64_t)SCNN_ACC_MASK);
  return (u & (1u << (SCNN_ACC_W - 1))) ? (int32_t)(u | ~(uint32_t)SCNN_ACC_MASK) : (int32_t)u;
}

/* acc + t in the ACC_W-bit accumulator. *overflow (if not NULL) is incremented
 * when the exact sum leaves the signed ACC_W-bit range (the sum then wraps). */
static inline int32_t scnn_acc_add(int32_t acc, int32_t t, uint64_t *overflow) {
  int64_t s = (int64_t)acc + (int64_t)t;
  int32_t w = scnn_acc_wrap(s);
  if (overflow && (int64_t)w != s) ++*overflow;
  return w;
}

/* Rounds acc (signed ACC_W-bit) right by os (half up), saturates to int16,
 * applies ReLU if relu != 0. 0 <= os <= MAX_SHIFT_OUT. */
static inline int16_t scnn_requantise(int32_t acc, int os, int relu) {
  int64_t v = (int64_t)acc + (os > 0 ? ((int64_t)1 << (os - 1)) : 0);
  /* floor division by 2^os, portable for negative v */
  v = v >= 0 ? (v >> os) : -((-v + (((int64_t)1 << os) - 1)) >> os);
  if (v > SCNN_DATA_MAX) v = SCNN_DATA_MAX;
  if (v < -SCNN_DATA_MAX - 1) v = -SCNN_DATA_MAX - 1;
  if (relu && v < 0) v = 0;
  return (int16_t)v;
}

#ifdef __cplusplus
}
#endif
#endif /* SCNN_NUMERICS_H */
