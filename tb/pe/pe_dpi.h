/* Copyright the SCNN contributors.
 * SPDX-License-Identifier: Apache-2.0
 *
 * The DPI-C side of the PE testbench tb/pe/tb_pe_dpi.sv (make verify-pe), shared by its two
 * files: pe_dpi.c (layer and PE choice, the job's layout for the ports, the report) and
 * pe_dpi_chk.c (the checks of the values observed on the ports). The functions the testbench
 * calls are the `import "DPI-C"` declarations of tb/pe/pe_dpi_pkg.sv (their prototypes come
 * from Verilator's generated V<top>__Dpi.h, force-included by the build). Every piece of state
 * lives in the pe_dpi_ctx behind the testbench's chandle: no file-scope mutable state. */
#ifndef PE_DPI_H
#define PE_DPI_H

#include <stdint.h>

#include "scnn_io.h"
#include "scnn_model.h"

/* A halo word as it crosses the PE's ports: local channel k, output-plane coordinates. */
typedef struct {
  int k, xo, yo;
  uint32_t lin; /* in this PE's region (for the messages) */
  int32_t value;
} pe_dpi_word;

typedef struct {
  int failed;
  char net[64], layer[512]; /* layer: catalog name, or the bundle directory if net is "bundle" */
  unsigned long long seed;
  scnn_bundle b;
  scnn_plan *p;
  int pe, njobs;
  scnn_pe_vc *vbuf;
  int nvbuf;
  /* current job */
  int job, buf;
  scnn_pe_job mj;
  scnn_pe_result *mr;  /* the PE alone (compute) */
  scnn_job_obs *obs;   /* the whole array (halo, drain) */
  int have_obs;
  int nch, *ch;        /* channels the PE processes (both blocks non-empty), indices into mj.v */
  uint32_t *iaram;     /* IARAM image */
  int niaram;
  int nwvec, *wv_ch, *wv_off; /* weight vector i: channel, first entry */
  pe_dpi_word *recv, *sent;
  int nrecv, nsent;
  uint64_t ovf_post;
  int *blk_seen, *blk_base, *blk_cnt;
  uint32_t ring_next;  /* OARAM ring: where the next block must start (0 after oaram_clear) */
  uint64_t rtl_cycles, rtl_pairs, rtl_issue, rtl_ovf;
  /* totals */
  uint64_t tot_rtl, tot_model, tot_pairs, tot_conf, tot_valid, tot_halo, tot_out;
  int jobs_run;
} pe_dpi_ctx;

/* Prints the FAIL line (job, buffer, message) and marks the run failed; returns 1. */
int pe_dpi_failf(pe_dpi_ctx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
