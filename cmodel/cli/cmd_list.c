/* scnn list: placeholder until the foundation work lands. */
#include <stdio.h>

#include "cli.h"

int cmd_list(int argc, char **argv) {
  (void)argc;
  (void)argv;
  fprintf(stderr, "scnn list: not built yet\n");
  return 1;
}
