/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Thin C harness shim between the GoogleTest tests (C++) and the C model.
 * The tests call the model only through these functions or the model's own
 * public headers (which are extern "C"); the shim holds the glue that is
 * easier written in C: building test data, running a layer end to end. */
#ifndef SCNN_HARNESS_H
#define SCNN_HARNESS_H

#include <stddef.h>
#include <stdint.h>

#include "scnn_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Fills v[0..n) with values of which exactly round(density * n) are non-zero,
 * uniformly placed, non-zero values uniform in [lo, hi] \ {0}. */
void harness_sparse_values(int16_t *v, size_t n, double density, int lo, int hi, uint64_t seed);

/* A layer description named `name` with the given shape; shifts 0, no ReLU. */
scnn_layer harness_layer(const char *name, int C, int H, int W, int K, int R, int S, int stride,
                         int pad, int groups);

/* Encodes then decodes n values; returns 1 if the round trip reproduces them
 * and the entry count equals scnn_encoded_len, else 0. */
int harness_codec_roundtrip(const int16_t *v, size_t n);

/* Writes a file with the given bytes (for malformed-input tests). 0 on success. */
int harness_write_bytes(const char *path, const void *data, size_t n);

/* Creates a fresh empty directory under $TMPDIR (or /tmp) and writes its path
 * into buf (capacity cap). 0 on success. */
int harness_mkdtemp(char *buf, size_t cap);

/* Removes a directory tree made by harness_mkdtemp (best effort). */
void harness_rmtree(const char *dir);

/* Reads a whole file into a malloc'd buffer (*len bytes); NULL on error. */
unsigned char *harness_read_file(const char *path, size_t *len);

#ifdef __cplusplus
}
#endif
#endif /* SCNN_HARNESS_H */
