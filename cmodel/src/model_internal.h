/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Internals shared by the model's source files (not a public header). */
#ifndef SCNN_MODEL_INTERNAL_H
#define SCNN_MODEL_INTERNAL_H

#include "scnn_model.h"

/* Decoded real (non-placeholder) activation: offsets into the region before the filter offset is
 * subtracted (xl = x + pad_x - rx0, yl = y + pad_y - ry0) and lin = yl*rw + xl. */
typedef struct {
  int32_t xl, yl, lin;
} pe_axy;

/* Decoded weight: lin = k*rw*rh - r*rw - s, and the filter offsets. */
typedef struct {
  int32_t lin, r, s;
} pe_wterm;

/* Reusable scratch of one PE run (no allocation per product). */
typedef struct {
  pe_axy *axy;
  int16_t *aval;
  size_t acap;
  pe_wterm *wterm;
  int16_t *wval;
  size_t wcap;
  int64_t *chend;   /* last issue cycle of each issued channel */
  uint64_t *chpref; /* weight vectors pushed up to and including each channel */
  size_t vcap;
  uint32_t *avs, *wvs; /* first real (non-placeholder) entry of each vector, and the end */
  size_t avcap;
} pe_ws;

int pe_run_job_ws(const scnn_pe_job *job, scnn_pe_result *res, pe_ws *ws, scnn_error *err);
void pe_ws_free(pe_ws *ws);

struct scnn_plan {
  scnn_layer l;
  int Ho, Wo;
  int nsub;
  scnn_sublayer *sub;
  int njobs;
  scnn_job_info *jobs;
  int pass_ny, pass_nx;
  int wgt_order, xbar_ideal, xbar_qdepth, halo_overlap;
};

static inline int ceil_div(int a, int b) { /* b > 0, any sign of a */
  return a >= 0 ? (a + b - 1) / b : -((-a) / b);
}

#endif
