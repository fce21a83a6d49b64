/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Compressed-sparse block codec, docs/spec.md section 5. */
#include <string.h>

#include "scnn_codec.h"

size_t scnn_encoded_len(const int16_t *values, size_t n) {
  return scnn_encode(values, n, NULL, SIZE_MAX);
}

size_t scnn_encode(const int16_t *values, size_t n, scnn_entry *out, size_t cap) {
  size_t count = 0, run = 0, committed = 0;
  for (size_t p = 0; p < n; ++p) {
    if (values[p] == 0 && run < SCNN_RUN_MAX) {
      ++run;
      continue;
    }
    /* Either a non-zero value, or a zero that would make the run too long: the
     * latter becomes a placeholder (0, RUN_MAX). */
    if (out) {
      if (count < cap) {
        out[count].value = values[p];
        out[count].run = (uint8_t)run;
      } else if (values[p] != 0) {
        return (size_t)-1;
      }
      /* A placeholder past cap is not stored: only a non-zero value after it would need it
       * (and fails above); trailing zeros are dropped, so cap = scnn_encoded_len suffices. */
    }
    ++count;
    run = 0;
    if (values[p] != 0) committed = count;
  }
  /* Placeholders after the last non-zero value only encode trailing zeros. */
  return committed;
}

int scnn_decode(const scnn_entry *in, size_t count, int16_t *values, size_t n, scnn_error *err) {
  memset(values, 0, n * sizeof *values);
  size_t p = 0;
  for (size_t j = 0; j < count; ++j) {
    if (in[j].run > SCNN_RUN_MAX) {
      scnn_set_error(err, "entry %zu: run %u exceeds %d", j, in[j].run, SCNN_RUN_MAX);
      return -1;
    }
    if (in[j].value == 0 && in[j].run != SCNN_RUN_MAX) {
      scnn_set_error(err, "entry %zu: placeholder with run %u (must be %d)", j, in[j].run,
                     SCNN_RUN_MAX);
      return -1;
    }
    p += in[j].run;
    if (p >= n) {
      scnn_set_error(err, "entry %zu: position %zu is past the block end (%zu)", j, p, n);
      return -1;
    }
    values[p++] = in[j].value;
  }
  return 0;
}

void scnn_entry_positions(const scnn_entry *in, size_t count, uint32_t *pos) {
  uint32_t p = 0;
  for (size_t j = 0; j < count; ++j) {
    p += in[j].run;
    pos[j] = p++;
  }
}
