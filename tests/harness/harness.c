/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Thin C harness shim: see harness.h. */
#define _XOPEN_SOURCE 700 /* nftw */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <ftw.h>
#include <sys/stat.h>

#include "harness.h"
#include "scnn_codec.h"
#include "scnn_rng.h"

void harness_sparse_values(int16_t *v, size_t n, double density, int lo, int hi, uint64_t seed) {
  scnn_rng r;
  scnn_rng_seed(&r, seed);
  memset(v, 0, n * sizeof *v);
  size_t nnz = (size_t)(density * (double)n + 0.5);
  if (nnz > n) nnz = n;
  size_t *idx = malloc((n ? n : 1) * sizeof *idx);
  for (size_t i = 0; i < n; ++i) idx[i] = i;
  for (size_t i = 0; i < nnz; ++i) { /* partial Fisher-Yates: the first nnz are a uniform pick */
    size_t j = i + (size_t)scnn_rng_below(&r, n - i);
    size_t t = idx[i];
    idx[i] = idx[j];
    idx[j] = t;
    int16_t x;
    do {
      x = (int16_t)scnn_rng_range(&r, lo, hi);
    } while (x == 0);
    v[idx[i]] = x;
  }
  free(idx);
}

int harness_codec_roundtrip(const int16_t *v, size_t n) {
  size_t cap = n + 1;
  scnn_entry *e = malloc(cap * sizeof *e);
  int16_t *back = malloc((n ? n : 1) * sizeof *back);
  size_t cnt = scnn_encode(v, n, e, cap);
  int ok = cnt != (size_t)-1 && cnt == scnn_encoded_len(v, n) &&
           scnn_decode(e, cnt, back, n, NULL) == 0 && memcmp(v, back, n * sizeof *v) == 0;
  free(e);
  free(back);
  return ok;
}

int harness_write_bytes(const char *path, const void *data, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f) return -1;
  size_t w = fwrite(data, 1, n, f);
  return (fclose(f) == 0 && w == n) ? 0 : -1;
}

scnn_layer harness_layer(const char *name, int C, int H, int W, int K, int R, int S, int stride,
                         int pad, int groups) {
  scnn_layer l;
  memset(&l, 0, sizeof l);
  snprintf(l.name, sizeof l.name, "%s", name);
  l.C = C, l.H = H, l.W = W, l.K = K, l.R = R, l.S = S;
  l.stride = stride, l.pad = pad, l.groups = groups;
  return l;
}

int harness_mkdtemp(char *buf, size_t cap) {
  const char *t = getenv("TMPDIR");
  if (snprintf(buf, cap, "%s/scnn_test.XXXXXX", t && *t ? t : "/tmp") >= (int)cap) return -1;
  return mkdtemp(buf) ? 0 : -1;
}

static int rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw) {
  (void)st;
  (void)flag;
  (void)ftw;
  return remove(path);
}

void harness_rmtree(const char *dir) { nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS); }

unsigned char *harness_read_file(const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  size_t cap = 4096, n = 0;
  unsigned char *b = malloc(cap);
  for (;;) {
    if (!b) break;
    n += fread(b + n, 1, cap - n, f);
    if (n < cap) break;
    unsigned char *nb = realloc(b, cap *= 2);
    if (!nb) {
      free(b);
      b = NULL;
    } else {
      b = nb;
    }
  }
  fclose(f);
  *len = n;
  return b;
}
