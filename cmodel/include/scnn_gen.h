/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Seeded synthetic data: turns a catalog entry into a layer bundle with exactly
 * the requested densities, and value ranges/shifts chosen so that the default
 * data never overflows the 24-bit accumulator (docs/data.md says how). */
#ifndef SCNN_GEN_H
#define SCNN_GEN_H

#include "scnn_catalog.h"
#include "scnn_io.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Non-zero generated values are uniform in [-MAX, MAX] \ {0} (12-bit signed):
 * small enough that prod_shift <= 15 bounds the worst case of every catalog
 * layer, wide enough to exercise the multipliers' upper bits after a shift. */
#define SCNN_GEN_W_MAX 2047
#define SCNN_GEN_A_MAX 2047

/* The exact non-zero count for a density: round(density * n), half up. */
size_t scnn_gen_nnz(double density, size_t n);

/* Fills b with layer e: weights with exactly round(wdens * numel) non-zeros,
 * input with exactly round(adens * numel) non-zeros, uniformly placed; the
 * layer's prod_shift/out_shift/relu chosen by the documented rule. wdens/adens
 * < 0 mean "the catalog's value". Same (e, seed, densities) -> same bytes. */
int scnn_gen_bundle(const scnn_catalog_entry *e, uint64_t seed, double wdens, double adens,
                    scnn_bundle *b, scnn_error *err);

/* Same for an arbitrary layer description (l->prod_shift/out_shift are
 * overwritten by the rule). Used for randomized layers in the tests. */
int scnn_gen_layer(const scnn_layer *l, uint64_t seed, double wdens, double adens, scnn_bundle *b,
                   scnn_error *err);

/* Only the weights, for a chained network run whose input is the previous
 * layer's real output: fills b->weights for b->layer and sets the shifts from
 * the rule (using the input's real largest |value|). b->input must already
 * hold the input; b->weights must be zero-initialised or a tensor it may free
 * (it is replaced). Fails with a message if no prod_shift <= MAX_SHIFT_PROD
 * can rule out overflow. Same seed -> the same weights as scnn_gen_layer. */
int scnn_gen_weights(scnn_bundle *b, uint64_t seed, double wdens, scnn_error *err);

#ifdef __cplusplus
}
#endif
#endif /* SCNN_GEN_H */
