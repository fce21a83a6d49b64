/* Copyright the SCNN contributors.
 * SPDX-License-Identifier: Apache-2.0
 *
 * scnn_layer_open (scnn_layer_open.h) and scnn_plan_busiest_pe (scnn_model.h): the layer
 * open and PE choice shared by every testbench. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scnn_catalog.h"
#include "scnn_gen.h"
#include "scnn_layer_open.h"

int scnn_layer_open(const char *net, const char *layer, uint64_t seed, scnn_bundle *b,
                    scnn_plan **p, scnn_error *err) {
  memset(b, 0, sizeof *b);
  *p = NULL;
  const int from_bundle = strcmp(net, SCNN_LAYER_OPEN_BUNDLE) == 0;
  const scnn_catalog_entry *e = from_bundle ? NULL : scnn_catalog_find(net, layer);
  if (!from_bundle && !e) {
    if (err)
      snprintf(err->msg, sizeof err->msg, "no layer '%s' in network '%s' (see `scnn list`)",
               layer, net);
    return -1;
  }
  scnn_error e2;
  e2.msg[0] = 0;
  if ((from_bundle ? scnn_bundle_load(layer, b, &e2) : scnn_gen_bundle(e, seed, -1, -1, b, &e2)) !=
          0 ||
      scnn_plan_create(&b->layer, b->input.data, b->weights.data, p, &e2) != 0) {
    scnn_bundle_free(b);
    memset(b, 0, sizeof *b);
    *p = NULL;
    if (err) {
      /* net and layer are short (catalog names, a path); the reason fills the rest */
      snprintf(err->msg, sizeof err->msg, "%.64s/%.256s: %.180s", net, layer, e2.msg);
    }
    return -1;
  }
  return 0;
}

void scnn_layer_close(scnn_bundle *b, scnn_plan *p) {
  scnn_plan_free(p);
  if (b) {
    scnn_bundle_free(b);
    memset(b, 0, sizeof *b);
  }
}

int scnn_plan_busiest_pe(const scnn_plan *p, uint64_t *cycles, scnn_error *err) {
  int nv = 0;
  for (int s = 0; s < scnn_plan_num_sublayers(p); ++s)
    if (scnn_plan_sublayer(p, s)->nv > nv) nv = scnn_plan_sublayer(p, s)->nv;
  scnn_pe_vc *vbuf = calloc((size_t)nv + 1, sizeof *vbuf);
  scnn_pe_result *r = malloc(sizeof *r);
  uint64_t cyc[SCNN_PE_COUNT] = {0};
  int rc = vbuf && r ? 0 : -1;
  if (rc && err) snprintf(err->msg, sizeof err->msg, "out of memory");
  for (int j = 0; rc == 0 && j < scnn_plan_num_jobs(p); ++j)
    for (int q = 0; rc == 0 && q < SCNN_PE_COUNT; ++q) {
      scnn_pe_job mj;
      if (scnn_plan_pe_job(p, j, q, &mj, vbuf, nv + 1) != 0) {
        if (err) snprintf(err->msg, sizeof err->msg, "cannot describe job %d of PE %d", j, q);
        rc = -1;
      } else if (scnn_pe_run_job(&mj, r, err) != 0) {
        rc = -1;
      } else {
        cyc[q] += r->compute_cycles;
      }
    }
  free(vbuf);
  free(r);
  if (rc) return -1;
  int best = 0;
  for (int q = 1; q < SCNN_PE_COUNT; ++q)
    if (cyc[q] > cyc[best]) best = q;
  if (cycles) *cycles = cyc[best];
  return best;
}
