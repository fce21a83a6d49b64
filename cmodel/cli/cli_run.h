/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Shared by scnn run's modes (cmd_run.c: bundles and catalog networks; cmd_run_import.c:
 * imported network directories): the per-layer table and the JSON report. */
#ifndef SCNN_CLI_RUN_H
#define SCNN_CLI_RUN_H

#include <cjson/cJSON.h>
#include <stdio.h>

#include "scnn_network.h"

void cli_table_head(FILE *f);
void cli_table_row(FILE *f, const scnn_net_layer *r);
cJSON *cli_layer_json(const scnn_net_layer *r);
int cli_write_report(const char *path, cJSON *root, const char *who);

/* 1 if path is a directory holding network.json (an imported network, docs/onnx.md). */
int cli_is_netdir(const char *path);
/* scnn run --net NETDIR. */
/* The experiment options of scnn run: weight order, ideal crossbar, bank queue depth and halo
 * overlap (-1: the parameter). */
typedef struct {
  int worder, ideal, qdepth, overlap;
} run_exp;

int run_imported(const char *dir, const char *report, int check, int quiet, const run_exp *x);

#endif /* SCNN_CLI_RUN_H */
