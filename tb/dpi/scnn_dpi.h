/* DPI-C functions of tb/dpi/scnn_dpi.c. The SystemVerilog side declares the same functions
 * with `import "DPI-C"` in tb/tb_pe_dpi.sv; the build compiles scnn_dpi.c with Verilator's
 * generated prototypes (V<top>__Dpi.h) force-included, so a signature mismatch is a compile
 * error. Only scnn_dpi_exit_status is called from C++ (the simulation main). */
#ifndef SCNN_DPI_H
#define SCNN_DPI_H

#include "svdpi.h"

#ifdef __cplusplus
extern "C" {
#endif

int scnn_dpi_open(const char *net, const char *layer, const char *pe_arg, int seed, int desc_w,
                  int wvec_w);
void scnn_dpi_close(int h);
int scnn_dpi_job_count(int h);
int scnn_dpi_job_begin(int h, int j);
void scnn_dpi_job_cfg(int h, int *nvch, int *niaram, int *nwvec, int *nrecv, int *bufsel, int *rx0,
                      int *ry0, int *rw, int *rh, int *prod_shift, int *kg, int *ox0, int *oy0,
                      int *own_w, int *own_h, int *out_shift, int *relu);
int scnn_dpi_iaram(int h, int i);
void scnn_dpi_desc(int h, int k, svBitVecVal *d);
void scnn_dpi_wvec(int h, int i, svBitVecVal *d);
void scnn_dpi_halo_in(int h, int i, int *k, int *xo, int *yo, int *value);
int scnn_dpi_check_acc(int h, int phase, int bank, int entry, int raw);
int scnn_dpi_check_compute(int h, int cycles, int pairs, int issue, int ovf);
int scnn_dpi_check_halo_req(int h, int i, int k, int xo, int yo);
int scnn_dpi_check_halo_out(int h, int i, int k, int xo, int yo, int raw);
int scnn_dpi_check_halo_out_count(int h, int n);
int scnn_dpi_check_post_overflow(int h, int ovf);
int scnn_dpi_check_block(int h, int k, int base, int count);
int scnn_dpi_block(int h, int k, int *base, int *count);
int scnn_dpi_check_out_entry(int h, int k, int i, int raw);
int scnn_dpi_fail(int h, const char *msg);
int scnn_dpi_cycle_limit(int h);
void scnn_dpi_job_end(int h);
int scnn_dpi_finish(int h);
/* 0: every check passed; 1: a mismatch; 2: bad arguments / setup error. */
int scnn_dpi_exit_status(void);

#ifdef __cplusplus
}
#endif

#endif
