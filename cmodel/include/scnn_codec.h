/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Compressed-sparse block codec (docs/spec.md section 5, normative).
 *
 * A block is a sequence of values in a fixed linear order, stored as a count and
 * a list of entries (value, run): run = zero positions skipped since the previous
 * entry (or the block start). A run longer than RUN_MAX is broken by a
 * placeholder entry (0, RUN_MAX) that stands for RUN_MAX zeros plus itself.
 * Trailing zeros cost nothing; an all-zero block has count 0.
 *
 *   [0,0,5,0 x20,7] -> (5,2) (0,15) (7,4)
 */
#ifndef SCNN_CODEC_H
#define SCNN_CODEC_H

#include "scnn_common.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
  int16_t value;
  uint8_t run; /* 0 .. SCNN_RUN_MAX */
} scnn_entry;

/* Entries needed to encode n values (placeholders included). */
size_t scnn_encoded_len(const int16_t *values, size_t n);

/* Encodes n values into out (capacity cap entries; out == NULL only counts). Returns the entry count, or
 * (size_t)-1 if cap is too small (out is then unspecified). */
size_t scnn_encode(const int16_t *values, size_t n, scnn_entry *out, size_t cap);

/* Decodes count entries into n values (zero-filled first). Returns 0, or -1 if
 * the entries address a position >= n or a run exceeds RUN_MAX, or a placeholder
 * has a run other than RUN_MAX. */
int scnn_decode(const scnn_entry *in, size_t count, int16_t *values, size_t n, scnn_error *err);

/* Position of every entry: pos[j] = position of entry j in the block (the
 * running sum of run + 1, minus 1). Placeholders get their position too. */
void scnn_entry_positions(const scnn_entry *in, size_t count, uint32_t *pos);

/* True if the entry is a placeholder (value 0). Real entries are never 0. */
static inline int scnn_is_placeholder(scnn_entry e) { return e.value == 0; }

#ifdef __cplusplus
}
#endif
#endif /* SCNN_CODEC_H */
