/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Common types of the SCNN C model: errors, int16 tensors, layer descriptions.
 * Depends on nothing but the generated parameter header. */
#ifndef SCNN_COMMON_H
#define SCNN_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "scnn_params.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Every fallible function takes an scnn_error* (may be NULL) and returns 0 on
 * success, -1 on failure with a one-line message in err->msg that names the
 * file or object and the problem. */
typedef struct {
  char msg[512];
} scnn_error;

void scnn_set_error(scnn_error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Dense int16 tensor in C order, up to 4 dimensions. */
#define SCNN_MAX_DIMS 4
typedef struct {
  int ndim;
  int64_t dims[SCNN_MAX_DIMS];
  int16_t *data; /* owned; free with scnn_tensor_free */
} scnn_tensor;

/* Largest tensor accepted, in elements (4 GiB of int16): the .npy reader and
 * every allocation (an output the reader could not load back is refused too). */
#define SCNN_MAX_ELEMS ((int64_t)1 << 31)

/* Allocates a zero-filled tensor. Returns -1 on absurd sizes (more than
 * SCNN_MAX_ELEMS elements, the message gives the shape) or out of memory. */
int scnn_tensor_alloc(scnn_tensor *t, int ndim, const int64_t *dims, scnn_error *err);
void scnn_tensor_free(scnn_tensor *t);
int64_t scnn_tensor_numel(const scnn_tensor *t);

/* A convolution layer, as in layer.json (docs/spec.md section 6). H and W are the
 * input plane; stride and pad apply to both axes. Weights are (K, C/groups, R, S)
 * with R the filter height (paired with y) and S the width (paired with x),
 * the layout of every framework's (K, C, kH, kW). */
typedef struct {
  char name[64];
  int C, H, W;
  int K, R, S;
  int stride, pad, groups;
  int prod_shift, out_shift;
  int relu;
} scnn_layer;

/* Output plane size; 0 if the layer is invalid. */
int scnn_layer_out_h(const scnn_layer *l);
int scnn_layer_out_w(const scnn_layer *l);

/* Checks every field for range and consistency (groups divide C and K, filter
 * fits the padded input, shifts within docs/spec.md section 4 limits, sizes bounded).
 * `what` names the source in the message (e.g. a file path). */
int scnn_layer_validate(const scnn_layer *l, const char *what, scnn_error *err);

/* Largest plane side, channel count and filter side accepted (absurd-size guard). */
#define SCNN_MAX_PLANE 4096
#define SCNN_MAX_CHANNELS 65536
#define SCNN_MAX_FILTER 64
#define SCNN_MAX_STRIDE 16

#ifdef __cplusplus
}
#endif
#endif /* SCNN_COMMON_H */
