/* Copyright the SCNN contributors.
 * SPDX-License-Identifier: Apache-2.0
 *
 * libFuzzer target: the compressed-sparse block codec (scnn_codec.h) and the PE's own block
 * decoding (scnn_pe_run_job), fed hostile blocks: entries whose positions run past the block
 * end, runs over RUN_MAX, placeholders with a short run or at the end, zero-length blocks.
 * Input: byte 0 selects the mode (value % 3), the rest is:
 *   0  decode: n (uint16 LE, the block length), then entries of 3 bytes (value int16 LE, run).
 *      An accepted block must put every entry below n and re-encode to itself (minus trailing
 *      placeholders: the encoding is unique); a refused one says why.
 *   1  encode: values (int16 LE); encode into exactly scnn_encoded_len entries (one less is
 *      refused), decode back identical, every run <= RUN_MAX, no placeholder last.
 *   2  PE job: 20 bytes of geometry (see pe_job below), the number of activation entries, then
 *      entries (3 bytes) of the activation block and the rest the weight block; the PE model
 *      must refuse a malformed job with a message or run it, never read out of bounds. */
#include "fuzz_common.h"
#include "scnn_codec.h"
#include "scnn_model.h"

static size_t entries(const uint8_t *d, size_t n, scnn_entry **out) {
  size_t count = n / 3;
  *out = malloc(count ? count * sizeof **out : 1); /* exact size: ASan sees any overread */
  FUZZ_CHECK(*out != NULL);
  for (size_t j = 0; j < count; ++j) {
    (*out)[j].value = (int16_t)(uint16_t)(d[3 * j] | d[3 * j + 1] << 8);
    (*out)[j].run = d[3 * j + 2];
  }
  return count;
}

static void decode_mode(const uint8_t *d, size_t size) {
  if (size < 2) return;
  const size_t n = (size_t)(d[0] | d[1] << 8);
  scnn_entry *e;
  const size_t count = entries(d + 2, size - 2, &e);
  int16_t *v = malloc(n ? n * sizeof *v : 1);
  uint32_t *pos = malloc(count ? count * sizeof *pos : 1);
  FUZZ_CHECK(v && pos);
  scnn_error err = {{0}};
  if (scnn_decode(e, count, v, n, &err) != 0) {
    FUZZ_CHECK(strncmp(err.msg, "entry ", 6) == 0);
  } else {
    scnn_entry_positions(e, count, pos);
    size_t real = 0, last_real = 0;
    for (size_t j = 0; j < count; ++j) {
      FUZZ_CHECK(pos[j] < n && e[j].run <= SCNN_RUN_MAX);
      FUZZ_CHECK(j == 0 || pos[j] > pos[j - 1]);
      FUZZ_CHECK(v[pos[j]] == e[j].value);
      if (e[j].value) ++real, last_real = j + 1;
    }
    size_t nz = 0;
    for (size_t p = 0; p < n; ++p) nz += v[p] != 0;
    FUZZ_CHECK(nz == real);
    const size_t len = scnn_encoded_len(v, n);
    FUZZ_CHECK(len == last_real);
    scnn_entry *re = malloc(len ? len * sizeof *re : 1);
    FUZZ_CHECK(re && scnn_encode(v, n, re, len) == len);
    for (size_t j = 0; j < len; ++j)
      FUZZ_CHECK(re[j].value == e[j].value && re[j].run == e[j].run);
    free(re);
  }
  free(pos);
  free(v);
  free(e);
}

static void encode_mode(const uint8_t *d, size_t size) {
  const size_t n = size / 2;
  int16_t *v = malloc(n ? n * sizeof *v : 1), *back = malloc(n ? n * sizeof *back : 1);
  FUZZ_CHECK(v && back);
  for (size_t p = 0; p < n; ++p) v[p] = (int16_t)(uint16_t)(d[2 * p] | d[2 * p + 1] << 8);
  const size_t len = scnn_encoded_len(v, n);
  FUZZ_CHECK(len <= n);
  scnn_entry *e = malloc(len ? len * sizeof *e : 1);
  FUZZ_CHECK(e && scnn_encode(v, n, e, len) == len);
  if (len) {
    FUZZ_CHECK(!scnn_is_placeholder(e[len - 1]));
    /* one entry short: refused (the written prefix is unspecified) */
    scnn_entry *s = malloc((len - 1) ? (len - 1) * sizeof *s : 1);
    FUZZ_CHECK(s && scnn_encode(v, n, s, len - 1) == (size_t)-1);
    free(s);
  }
  for (size_t j = 0; j < len; ++j) FUZZ_CHECK(e[j].run <= SCNN_RUN_MAX);
  scnn_error err = {{0}};
  FUZZ_CHECK(scnn_decode(e, len, back, n, &err) == 0);
  FUZZ_CHECK(n == 0 || memcmp(v, back, n * sizeof *v) == 0);
  free(e);
  free(back);
  free(v);
}

static int16_t s16(const uint8_t *d) { return (int16_t)(uint16_t)(d[0] | d[1] << 8); }

static void pe_mode(const uint8_t *d, size_t size) {
  if (size < 21) return;
  scnn_pe_vc vc;
  memset(&vc, 0, sizeof vc);
  scnn_pe_job job;
  memset(&job, 0, sizeof job);
  vc.x0 = (int8_t)d[0];
  vc.y0 = (int8_t)d[1];
  vc.w = d[2];
  vc.h = d[3];
  vc.rv = d[4] % 70;
  vc.sv = d[5] % 70;
  vc.pad_y = (int8_t)d[6];
  vc.pad_x = (int8_t)d[7];
  job.rx0 = s16(d + 8);
  job.ry0 = s16(d + 10);
  job.rw = (int8_t)d[12];
  job.rh = (int8_t)d[13];
  job.kg = (int8_t)d[14];
  job.ox0 = job.rx0 + (d[15] & 7);
  job.oy0 = job.ry0 + (d[15] >> 3 & 7);
  job.own_w = d[16] & 31;
  job.own_h = d[16] >> 5;
  job.prod_shift = (int8_t)d[17] % 24;
  job.wgt_order = d[18] & 1;
  job.nv = 1 + (d[19] & 1); /* the same channel once or twice */
  scnn_entry *e;
  const size_t count = entries(d + 21, size - 21, &e);
  const size_t na = d[20] < count ? d[20] : count;
  vc.act = e;
  vc.nact = (uint32_t)na;
  vc.wgt = e + na;
  vc.nwgt = (uint32_t)(count - na);
  scnn_pe_vc two[2] = {vc, vc};
  job.v = two;
  scnn_pe_result *res = malloc(sizeof *res);
  FUZZ_CHECK(res);
  scnn_error err = {{0}};
  if (scnn_pe_run_job(&job, res, &err) != 0) FUZZ_CHECK(strncmp(err.msg, "PE job", 6) == 0);
  free(res);
  free(e);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 1) return 0;
  switch (data[0] % 3) {
    case 0: decode_mode(data + 1, size - 1); break;
    case 1: encode_mode(data + 1, size - 1); break;
    default: pe_mode(data + 1, size - 1); break;
  }
  return 0;
}
