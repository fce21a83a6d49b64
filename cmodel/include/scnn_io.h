/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* File formats of docs/spec.md section 6: strict .npy (int16, C order) and layer bundles
 * (layer.json + weights.npy + input.npy). Every reader validates everything and
 * reports "<path>: <problem>"; every writer writes a temporary file and renames
 * it, so nothing is ever half-written. */
#ifndef SCNN_IO_H
#define SCNN_IO_H

#include "scnn_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Reads an int16 .npy file (format 1.0/2.0/3.0 header, descr '<i2' only:
 * '>i2' and every other dtype rejected, naming it; fortran_order False; 1 to
 * SCNN_MAX_DIMS dimensions, at most 2^31 elements, checked before allocating). If expect_ndim > 0 the array must
 * have that many dimensions; if expect_dims is not NULL, each dims[i] >= 0 must
 * match (-1 = any). The payload length must match the shape exactly. */
int scnn_npy_read(const char *path, scnn_tensor *t, int expect_ndim, const int64_t *expect_dims,
                  scnn_error *err);

/* Writes t as a version 1.0 .npy ('<i2', C order), atomically. */
int scnn_npy_write(const char *path, const scnn_tensor *t, scnn_error *err);

/* Writes n bytes to path atomically (temporary file in the same directory, then
 * rename). */
int scnn_write_file_atomic(const char *path, const void *data, size_t n, scnn_error *err);

/* Parses layer.json (all 13 keys of docs/spec.md section 6 required, each once;
 * integers where integers are due, relu a boolean or 0/1; an optional
 * "source" key is ignored, any other key rejected) and validates the layer. */
int scnn_layer_json_read(const char *path, scnn_layer *l, scnn_error *err);
int scnn_layer_json_write(const char *path, const scnn_layer *l, scnn_error *err);

typedef struct {
  scnn_layer layer;
  scnn_tensor weights; /* (K, C/groups, R, S) */
  scnn_tensor input;   /* (C, H, W) */
} scnn_bundle;

/* Loads dir/layer.json, dir/weights.npy, dir/input.npy and checks the shapes
 * against the layer. */
int scnn_bundle_load(const char *dir, scnn_bundle *b, scnn_error *err);
/* Creates dir if needed (mkdir -p) and writes the three files atomically;
 * removes a stale dir/output.npy and dir/report.json first. */
int scnn_bundle_save(const char *dir, const scnn_bundle *b, scnn_error *err);
void scnn_bundle_free(scnn_bundle *b);

#ifdef __cplusplus
}
#endif
#endif /* SCNN_IO_H */
