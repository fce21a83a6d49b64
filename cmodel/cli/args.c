/* Option-value parsing shared by the subcommands (cli.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

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
