/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Option-value parsing shared by the subcommands (cli.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

int cli_parse_seed(const char *cmd, const char *v, uint64_t *seed) {
  /* Decimal digits only: strtoull alone would accept " -1" (wrapping to
   * 2^64 - 1), "+5" and, with base 0, read "010" as octal 8. */
  char *end;
  errno = 0;
  unsigned long long s = (v[0] >= '0' && v[0] <= '9') ? strtoull(v, &end, 10) : 0;
  if (!(v[0] >= '0' && v[0] <= '9') || errno || *end) {
    fprintf(stderr, "scnn %s: --seed '%s' is not a non-negative decimal integer\n", cmd, v);
    return -1;
  }
  *seed = (uint64_t)s;
  return 0;
}

int cli_refuse_bundle_file(const char *cmd, const char *dir, const char *path) {
  static const char *const files[] = {"layer.json", "weights.npy", "input.npy"};
  struct stat sp, sf;
  if (stat(path, &sp) != 0) return 0; /* a new file cannot be one of the inputs */
  for (size_t i = 0; i < sizeof files / sizeof files[0]; ++i) {
    char f[4096];
    if (snprintf(f, sizeof f, "%s/%s", dir, files[i]) >= (int)sizeof f) continue;
    if (stat(f, &sf) == 0 && sf.st_dev == sp.st_dev && sf.st_ino == sp.st_ino) {
      fprintf(stderr, "scnn %s: %s is the bundle's own %s; refusing to overwrite it\n", cmd, path,
              files[i]);
      return -1;
    }
  }
  return 0;
}
