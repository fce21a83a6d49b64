/* Copyright the SCNN contributors.
 * SPDX-License-Identifier: Apache-2.0
 *
 * Shared by the libFuzzer targets of tests/fuzz: the readers of the C model take paths, so a
 * target writes its input into files of a private directory made once per process under
 * $TMPDIR (tests/fuzz/run_fuzz.sh points TMPDIR into build/fuzz/tmp and removes it), and
 * FUZZ_CHECK aborts, which libFuzzer reports as a crash, when a property of the model fails. */
#ifndef SCNN_FUZZ_COMMON_H
#define SCNN_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define FUZZ_CHECK(cond)                                                                 \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      fprintf(stderr, "%s:%d: fuzz property failed: %s\n", __FILE__, __LINE__, #cond);   \
      abort();                                                                           \
    }                                                                                    \
  } while (0)

/* The private directory, made on first use. */
static inline const char *fuzz_dir(void) {
  static char dir[4096];
  if (!dir[0]) {
    const char *t = getenv("TMPDIR");
    snprintf(dir, sizeof dir, "%s/scnn-fuzz-XXXXXX", t && *t ? t : "/tmp");
    if (!mkdtemp(dir)) {
      perror("fuzz: mkdtemp");
      abort();
    }
  }
  return dir;
}

/* dir/name, in a static buffer per slot (0..3). */
static inline const char *fuzz_path(int slot, const char *name) {
  static char p[4][4200];
  snprintf(p[slot], sizeof p[slot], "%s/%s", fuzz_dir(), name);
  return p[slot];
}

static inline void fuzz_write(const char *path, const uint8_t *d, size_t n) {
  FILE *f = fopen(path, "wb");
  if (!f || (n && fwrite(d, 1, n, f) != n) || fclose(f) != 0) {
    perror(path);
    abort();
  }
}

#endif /* SCNN_FUZZ_COMMON_H */
