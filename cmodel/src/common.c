/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Errors, tensors and layer validation. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scnn_common.h"

void scnn_set_error(scnn_error *err, const char *fmt, ...) {
  if (!err) return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->msg, sizeof err->msg, fmt, ap);
  va_end(ap);
}

int64_t scnn_tensor_numel(const scnn_tensor *t) {
  int64_t n = 1;
  for (int i = 0; i < t->ndim; ++i) n *= t->dims[i];
  return n;
}

int scnn_tensor_alloc(scnn_tensor *t, int ndim, const int64_t *dims, scnn_error *err) {
  memset(t, 0, sizeof *t);
  if (ndim < 1 || ndim > SCNN_MAX_DIMS) {
    scnn_set_error(err, "tensor: %d dimensions (1..%d allowed)", ndim, SCNN_MAX_DIMS);
    return -1;
  }
  int64_t n = 1;
  int big = 0;
  for (int i = 0; i < ndim; ++i) {
    if (dims[i] < 0) {
      scnn_set_error(err, "tensor: dimension %d has negative size %lld", i, (long long)dims[i]);
      return -1;
    }
    if (dims[i] > SCNN_MAX_ELEMS || (dims[i] && n > SCNN_MAX_ELEMS / dims[i])) big = 1;
    else n *= dims[i];
  }
  if (big || n > SCNN_MAX_ELEMS) {
    char shp[128];
    int o = 0;
    for (int i = 0; i < ndim && o < (int)sizeof shp; ++i)
      o += snprintf(shp + o, sizeof shp - (size_t)o, "%s%lld", i ? ", " : "", (long long)dims[i]);
    scnn_set_error(err, "tensor of shape (%s): more than 2^31 elements, refused", shp);
    return -1;
  }
  t->data = calloc(n ? (size_t)n : 1u, sizeof(int16_t));
  if (!t->data) {
    scnn_set_error(err, "tensor: out of memory for %lld elements", (long long)n);
    return -1;
  }
  t->ndim = ndim;
  memcpy(t->dims, dims, (size_t)ndim * sizeof dims[0]);
  return 0;
}

void scnn_tensor_free(scnn_tensor *t) {
  if (!t) return;
  free(t->data);
  memset(t, 0, sizeof *t);
}

static int out_size(int in, int f, int stride, int pad) {
  if (stride < 1) return 0;
  int span = in + 2 * pad - f;
  return span < 0 ? 0 : span / stride + 1;
}

int scnn_layer_out_h(const scnn_layer *l) { return out_size(l->H, l->R, l->stride, l->pad); }
int scnn_layer_out_w(const scnn_layer *l) { return out_size(l->W, l->S, l->stride, l->pad); }

int scnn_layer_validate(const scnn_layer *l, const char *what, scnn_error *err) {
  struct {
    const char *name;
    int v, lo, hi;
  } f[] = {
      {"C", l->C, 1, SCNN_MAX_CHANNELS},     {"H", l->H, 1, SCNN_MAX_PLANE},
      {"W", l->W, 1, SCNN_MAX_PLANE},        {"K", l->K, 1, SCNN_MAX_CHANNELS},
      {"R", l->R, 1, SCNN_MAX_FILTER},       {"S", l->S, 1, SCNN_MAX_FILTER},
      {"stride", l->stride, 1, SCNN_MAX_STRIDE}, {"pad", l->pad, 0, SCNN_MAX_FILTER},
      {"groups", l->groups, 1, SCNN_MAX_CHANNELS},
      {"prod_shift", l->prod_shift, 0, SCNN_MAX_SHIFT_PROD},
      {"out_shift", l->out_shift, 0, SCNN_MAX_SHIFT_OUT},
      {"relu", l->relu, 0, 1},
  };
  for (size_t i = 0; i < sizeof f / sizeof f[0]; ++i) {
    if (f[i].v < f[i].lo || f[i].v > f[i].hi) {
      scnn_set_error(err, "%s: %s = %d is out of range [%d, %d]", what, f[i].name, f[i].v,
                     f[i].lo, f[i].hi);
      return -1;
    }
  }
  if (l->C % l->groups || l->K % l->groups) {
    scnn_set_error(err, "%s: groups = %d does not divide C = %d and K = %d", what, l->groups,
                   l->C, l->K);
    return -1;
  }
  if (l->H + 2 * l->pad < l->R || l->W + 2 * l->pad < l->S) {
    scnn_set_error(err, "%s: the %dx%d filter is larger than the padded %dx%d input", what, l->R,
                   l->S, l->H + 2 * l->pad, l->W + 2 * l->pad);
    return -1;
  }
  return 0;
}
