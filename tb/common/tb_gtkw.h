/* Copyright the SCNN contributors.
 * SPDX-License-Identifier: Apache-2.0
 *
 * A GTKWave save file for one run: a saved layout (tb/pe/scnn_pe.gtkw, tb/array/scnn_array.gtkw)
 * with the view set on the first traced job - left edge, zoom and named markers (job start,
 * barrier, halo end) - so the waves open where something happens. Shared by the DPI-C sides of
 * the PE and array testbenches (C11, no state). */
#ifndef TB_GTKW_H
#define TB_GTKW_H

#include <stdint.h>

#define TB_GTKW_MARKS 3

/* Writes out: the lines of layout, with its [dumpfile], [timestart] and zoom/marker ("*")
 * lines replaced by: the dump file fst, the view from t_from to t_to and named markers A, B, C
 * at t[0..2] named name[0..2] (a negative time: no marker). Times are in the dump's unit
 * (the simulation's time precision, 1 ps here). Returns 0, or -1 (message on stderr). */
int tb_gtkw_write(const char *layout, const char *out, const char *fst, int64_t t_from,
                  int64_t t_to, const int64_t t[TB_GTKW_MARKS],
                  const char *const name[TB_GTKW_MARKS]);

#endif
