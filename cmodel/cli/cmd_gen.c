/* scnn gen: placeholder until the foundation work lands. */
#include <stdio.h>

#include "cli.h"

int cmd_gen(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "scnn gen: not built yet\n");
  return 1;
}
