/* Copyright the SCNN contributors.
 * SPDX-License-Identifier: Apache-2.0
 *
 * One layer-open path for every user of the model (the testbenches): a catalog layer with the
 * generator's data, or a user's layer bundle directory, mapped onto the array. */
#ifndef SCNN_LAYER_OPEN_H
#define SCNN_LAYER_OPEN_H

#include <stdint.h>

#include "scnn_common.h"
#include "scnn_io.h"
#include "scnn_model.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The net name that makes scnn_layer_open read the layer argument as a bundle directory. */
#define SCNN_LAYER_OPEN_BUNDLE "bundle"

/* Loads or generates the layer and plans it:
 *   net = "bundle": layer is a bundle directory (layer.json, weights.npy, input.npy;
 *                   scnn_bundle_load), seed unused;
 *   otherwise:      the catalog layer net/layer with the generator's data of seed (the
 *                   catalog densities, scnn_gen_bundle(e, seed, -1, -1)).
 * On success *b holds the data and *p the plan (free both with scnn_layer_close); on failure
 * both are left empty (nothing to free) and err says "no layer 'L' in network 'N' (see `scnn
 * list`)" or "N/L: <reason>". Returns 0 or -1. */
int scnn_layer_open(const char *net, const char *layer, uint64_t seed, scnn_bundle *b,
                    scnn_plan **p, scnn_error *err);

/* Frees what scnn_layer_open returned (either may be empty / NULL). */
void scnn_layer_close(scnn_bundle *b, scnn_plan *p);

#ifdef __cplusplus
}
#endif
#endif /* SCNN_LAYER_OPEN_H */
