/* Copyright the SCNN contributors.
 * SPDX-License-Identifier: Apache-2.0
 *
 * libFuzzer target: the strict int16 .npy reader (scnn_npy_read). The input is the file. A file
 * the reader accepts must have a consistent shape, be written back by scnn_npy_write and read
 * back identical; read with an expected shape it must be accepted exactly when the shape
 * matches. Built a second time with -DSCNN_FUZZ_SELFTEST (fuzz-npy-selftest), it carries a
 * planted heap overflow on arrays of shape (3, 1, 7), an input of the seed corpus: the negative
 * test of the fuzz harness (tests/suites/16-fuzz.sh). */
#include "fuzz_common.h"
#include "scnn_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *in = fuzz_path(0, "in.npy"), *back = fuzz_path(1, "back.npy");
  fuzz_write(in, data, size);
  scnn_tensor t, u;
  scnn_error err = {{0}};
  if (scnn_npy_read(in, &t, 0, NULL, &err) != 0) {
    FUZZ_CHECK(err.msg[0] != 0 && strncmp(err.msg, in, strlen(in)) == 0); /* "<path>: ..." */
    FUZZ_CHECK(t.data == NULL);
    return 0;
  }
  FUZZ_CHECK(t.ndim >= 1 && t.ndim <= SCNN_MAX_DIMS && t.data != NULL);
  int64_t n = scnn_tensor_numel(&t);
  FUZZ_CHECK(n >= 0 && n <= SCNN_MAX_ELEMS);
  FUZZ_CHECK((size_t)n * 2 < size); /* the payload is part of the file */
  int64_t sum = 0;
  for (int64_t i = 0; i < n; ++i) sum += t.data[i]; /* every element readable */
  (void)sum;
#ifdef SCNN_FUZZ_SELFTEST
  if (t.ndim == 3 && t.dims[0] == 3 && t.dims[1] == 1 && t.dims[2] == 7) t.data[n] = 1;
#endif
  FUZZ_CHECK(scnn_npy_write(back, &t, &err) == 0);
  FUZZ_CHECK(scnn_npy_read(back, &u, t.ndim, t.dims, &err) == 0);
  FUZZ_CHECK(u.ndim == t.ndim && memcmp(u.dims, t.dims, sizeof t.dims) == 0);
  FUZZ_CHECK(n == 0 || memcmp(u.data, t.data, (size_t)n * sizeof *t.data) == 0);
  scnn_tensor_free(&u);
  /* A wrong expected shape (one dimension off by one) is refused, naming the path. */
  int64_t want[SCNN_MAX_DIMS];
  memcpy(want, t.dims, sizeof want);
  want[t.ndim - 1] += 1;
  FUZZ_CHECK(scnn_npy_read(in, &u, t.ndim, want, &err) != 0 && u.data == NULL);
  FUZZ_CHECK(strstr(err.msg, "does not match") != NULL);
  scnn_tensor_free(&t);
  return 0;
}
