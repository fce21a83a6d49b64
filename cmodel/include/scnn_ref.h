/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Dense reference convolution and max-pooling: the plain loop nest of
 * docs/spec.md section 4, independent of the sparse dataflow model. */
#ifndef SCNN_REF_H
#define SCNN_REF_H

#include "scnn_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* out[k][yo][xo] for all k, yo, xo. in: (C, H, W); w: (K, C/groups, R, S);
 * out: (K, Ho, Wo), allocated by the caller. The layer must be valid.
 * *overflow_outputs (if not NULL) receives the number of output elements whose
 * exact (unbounded) sum of shifted products lies outside the signed ACC_W-bit
 * range: an order-independent count. */
void scnn_conv_ref(const scnn_layer *l, const int16_t *in, const int16_t *w, int16_t *out,
                   uint64_t *overflow_outputs);

/* Same, but writes the ACC_W-bit accumulator values (before requantisation) of
 * output channels [k0, k0+nk) into acc (nk, Ho, Wo). Used to check accumulator
 * banks against an independent computation. */
void scnn_conv_ref_acc(const scnn_layer *l, const int16_t *in, const int16_t *w, int k0, int nk,
                       int32_t *acc);

/* Max-pooling of a (C, H, W) plane with a k x k window and stride s, Caffe's
 * ceil mode (windows that start inside the plane are kept; cells past the edge
 * are ignored). Output sides from scnn_pool_out. */
int scnn_pool_out(int in, int k, int s);
void scnn_maxpool(const int16_t *in, int C, int H, int W, int k, int s, int16_t *out);

#ifdef __cplusplus
}
#endif
#endif /* SCNN_REF_H */
