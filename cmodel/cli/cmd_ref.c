/* scnn ref: placeholder until the foundation work lands. */
#include <stdio.h>

#include "cli.h"

int cmd_ref(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "scnn ref: not built yet\n");
  return 1;
}
