/* Copyright the SCNN contributors.
 * SPDX-License-Identifier: Apache-2.0
 *
 * libFuzzer target: the layer.json loader (scnn_layer_json_read, cJSON underneath). The input is
 * the file. A layer the loader accepts must pass scnn_layer_validate, have a non-empty output
 * plane, and survive scnn_layer_json_write + read unchanged; a refusal must come with a
 * "<path>: <problem>" message. */
#include "fuzz_common.h"
#include "scnn_io.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *in = fuzz_path(0, "layer.json"), *back = fuzz_path(1, "back.json");
  fuzz_write(in, data, size);
  scnn_layer l, m;
  scnn_error err = {{0}};
  if (scnn_layer_json_read(in, &l, &err) != 0) {
    FUZZ_CHECK(err.msg[0] != 0 && strncmp(err.msg, in, strlen(in)) == 0);
    FUZZ_CHECK(strchr(err.msg, '\n') == NULL); /* one line */
    return 0;
  }
  FUZZ_CHECK(scnn_layer_validate(&l, in, &err) == 0);
  FUZZ_CHECK(scnn_layer_out_h(&l) > 0 && scnn_layer_out_w(&l) > 0);
  FUZZ_CHECK(l.name[0] != 0 && memchr(l.name, 0, sizeof l.name) != NULL);
  FUZZ_CHECK(scnn_layer_json_write(back, &l, &err) == 0);
  FUZZ_CHECK(scnn_layer_json_read(back, &m, &err) == 0);
  FUZZ_CHECK(memcmp(&l, &m, sizeof l) == 0);
  return 0;
}
