/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* build/bin/scnn: command-line front end of the C model.
 * Each subcommand lives in its own file (cmd_*.c) and registers here. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const scnn_cmd CMDS[] = {
    {"list", "the network catalog", cmd_list},
    {"gen", "generate a layer bundle from the catalog", cmd_gen},
    {"ref", "dense reference output of a bundle", cmd_ref},
    {"run", "cycle-level dataflow model on a bundle or catalog layers", cmd_run},
};

static void usage(FILE *f) {
  fprintf(f, "usage: scnn COMMAND [ARGS]   (scnn COMMAND --help for its options)\n\ncommands:\n");
  for (size_t i = 0; i < sizeof CMDS / sizeof CMDS[0]; ++i)
    fprintf(f, "  %-6s %s\n", CMDS[i].name, CMDS[i].help);
}

int main(int argc, char **argv) {
  if (argc < 2) {
    usage(stderr);
    return 2;
  }
  if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
    usage(stdout);
    return 0;
  }
  for (size_t i = 0; i < sizeof CMDS / sizeof CMDS[0]; ++i)
    if (!strcmp(argv[1], CMDS[i].name)) return CMDS[i].fn(argc - 1, argv + 1);
  fprintf(stderr, "scnn: unknown command '%s'\n", argv[1]);
  usage(stderr);
  return 2;
}
