/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Bit packing shared by the DPI-C testbench sides (tb/dpi/scnn_dpi.c for one PE,
 * tb/dpi/scnn_adpi.c for the array): entry words, port fields of svBitVecVal vectors,
 * the descriptor word of a virtual channel (rtl/README.md, "PE interface"). */
#ifndef SCNN_DPI_PACK_H
#define SCNN_DPI_PACK_H

#include <stdint.h>

#include "scnn_codec.h"
#include "scnn_model.h"
#include "scnn_params.h"
#include "svdpi.h"

#define SCNN_DPI_IAW SCNN_IARAM_AW
#define SCNN_DPI_NWW SCNN_WFIFO_CNT_W
#define SCNN_DPI_ENTW SCNN_ENT_W
#define SCNN_DPI_DESCW SCNN_DESC_W
#define SCNN_DPI_WVECW (SCNN_F * SCNN_DPI_ENTW)

/* An ACC_W-bit port value, sign-extended. */
static inline int32_t scnn_dpi_sext(uint32_t raw) {
  uint32_t u = raw & SCNN_ACC_MASK;
  return (u >> (SCNN_ACC_W - 1)) ? (int32_t)(u | ~(uint32_t)SCNN_ACC_MASK) : (int32_t)u;
}

/* {run, value} of a compressed entry as the RTL stores it. */
static inline uint32_t scnn_dpi_entry_bits(const scnn_entry *e) {
  return ((uint32_t)e->run << SCNN_DATA_W) | (uint32_t)(uint16_t)e->value;
}

/* Writes n bits of v at bit lo of a little-endian 32-bit word array. */
static inline void scnn_dpi_put(svBitVecVal *w, int lo, int n, uint64_t v) {
  for (int i = 0; i < n; ++i) {
    const int b = lo + i;
    const uint32_t bit = (uint32_t)(v >> i) & 1u;
    w[b / 32] = (w[b / 32] & ~(1u << (b % 32))) | (bit << (b % 32));
  }
}

/* Reads n (<= 32) bits at bit lo. */
static inline uint32_t scnn_dpi_get(const svBitVecVal *w, int lo, int n) {
  uint32_t v = 0;
  for (int i = 0; i < n; ++i) {
    const int b = lo + i;
    v |= ((w[b / 32] >> (b % 32)) & 1u) << i;
  }
  return v;
}

/* The descriptor of virtual channel v whose activation block starts at IARAM address base. */
static inline void scnn_dpi_desc_word(svBitVecVal *d, int lo, uint32_t base, const scnn_pe_vc *v) {
  int o = lo;
  scnn_dpi_put(d, o, SCNN_DPI_IAW, base), o += SCNN_DPI_IAW;
  scnn_dpi_put(d, o, SCNN_DPI_IAW + 1, v->nact), o += SCNN_DPI_IAW + 1;
  const int g[7] = {v->x0, v->y0, v->w, v->rv, v->sv, v->pad_y, v->pad_x};
  for (int q = 0; q < 7; ++q, o += SCNN_GEOM_W) scnn_dpi_put(d, o, SCNN_GEOM_W, (uint32_t)g[q]);
  scnn_dpi_put(d, o, SCNN_DPI_NWW, v->nwgt);
}

/* Weight vector: entries off .. off+F-1 of v's weight block at bit lo (missing entries 0). */
static inline void scnn_dpi_wvec_word(svBitVecVal *d, int lo, const scnn_pe_vc *v, uint32_t off) {
  for (int f = 0; f < SCNN_F; ++f) {
    const uint32_t q = off + (uint32_t)f;
    scnn_dpi_put(d, lo + f * SCNN_DPI_ENTW, SCNN_DPI_ENTW,
                 q < v->nwgt ? scnn_dpi_entry_bits(&v->wgt[q]) : 0);
  }
}

/* Does a job field fit its GEOM_W-bit port (sgn: two's complement)? */
static inline int scnn_dpi_fits(int v, int sgn) {
  const int gmax = (1 << SCNN_GEOM_W) - 1, pmax = (1 << (SCNN_GEOM_W - 1)) - 1;
  return sgn ? (v >= -pmax - 1 && v <= pmax) : (v >= 0 && v <= gmax);
}

/* Does a PE's job fit the PE's ports (geometry widths, accumulator entries)? */
static inline int scnn_dpi_job_fits(const scnn_pe_job *m) {
  int ok = scnn_dpi_fits(m->rx0, 0) && scnn_dpi_fits(m->ry0, 0) && scnn_dpi_fits(m->rw, 0) &&
           scnn_dpi_fits(m->rh, 0) && scnn_dpi_fits(m->ox0, 0) && scnn_dpi_fits(m->oy0, 0) &&
           scnn_dpi_fits(m->own_w, 0) && scnn_dpi_fits(m->own_h, 0) &&
           m->kg * m->rw * m->rh <= SCNN_ACC_ENTRIES;
  for (int v = 0; v < m->nv; ++v) {
    const scnn_pe_vc *x = &m->v[v];
    if (!x->nact || !x->nwgt) continue;
    ok = ok && scnn_dpi_fits(x->x0, 0) && scnn_dpi_fits(x->y0, 0) && scnn_dpi_fits(x->w, 0) &&
         scnn_dpi_fits(x->rv, 0) && scnn_dpi_fits(x->sv, 0) && scnn_dpi_fits(x->pad_y, 1) &&
         scnn_dpi_fits(x->pad_x, 1);
  }
  return ok;
}

#endif
