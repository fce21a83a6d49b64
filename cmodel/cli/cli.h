/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Subcommands of build/bin/scnn. Each gets argv starting at its own name and
 * returns the process exit status: 0 success, 1 failure, 2 usage error. */
#ifndef SCNN_CLI_H
#define SCNN_CLI_H

#include <stdint.h>

typedef struct {
  const char *name;
  const char *help;
  int (*fn)(int argc, char **argv);
} scnn_cmd;

int cmd_list(int argc, char **argv);
int cmd_gen(int argc, char **argv);
int cmd_ref(int argc, char **argv);
int cmd_run(int argc, char **argv);

/* --seed value: decimal digits only, fitting 64 bits. Prints a one-line error
 * naming the subcommand `cmd` and returns -1 otherwise. */
int cli_parse_seed(const char *cmd, const char *v, uint64_t *seed);

/* -1 (after a one-line error) if path is an existing file that is one of the
 * input files of the bundle in dir (layer.json, weights.npy, input.npy): an
 * --out or --report there would destroy the bundle. 0 otherwise. */
int cli_refuse_bundle_file(const char *cmd, const char *dir, const char *path);

#endif /* SCNN_CLI_H */
