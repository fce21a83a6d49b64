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
 * the rule. b->input must already hold the input. */
int scnn_gen_weights(scnn_bundle *b, uint64_t seed, double wdens, scnn_error *err);

#ifdef __cplusplus
}
#endif
#endif /* SCNN_GEN_H */
