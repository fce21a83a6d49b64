/* DPI-C functions of tb/dpi/scnn_adpi.c (the array testbench tb/tb_array_dpi.sv). The build
 * compiles scnn_adpi.c with Verilator's generated prototypes (V<top>__Dpi.h) force-included,
 * so a signature mismatch with the `import "DPI-C"` declarations is a compile error. The
 * simulation mains (C++ and SystemC) call scnn_adpi_trace_on, scnn_adpi_close and
 * scnn_adpi_exit_status directly. */
#ifndef SCNN_ADPI_H
#define SCNN_ADPI_H

#include "svdpi.h"

#ifdef __cplusplus
extern "C" {
#endif

int scnn_adpi_open(const char *net, const char *layer, int seed, const char *out_npy,
                   const char *report_json, int trace_from, int desc_w, int wvec_w);
int scnn_adpi_tick(int h, svBit hold, svBit halo_phase, int cycles, int halo_words,
                   const svBitVecVal *w_ready, const svBitVecVal *ccyc, const svBitVecVal *pairs,
                   const svBitVecVal *issue, const svBitVecVal *ovf, const svBitVecVal *dbg_rdata,
                   const svBitVecVal *blk_valid, const svBitVecVal *blk_k,
                   const svBitVecVal *blk_base, const svBitVecVal *blk_count,
                   const svBitVecVal *oaram_rdata, svBit *rst_n, svBit *layer_start, svBit *go,
                   svBit *go_job, svBit *go_drain, int *prod_shift, int *out_shift, svBit *relu,
                   int *wto, int *hto, svBit *cfg_we, int *cfg_pe, int *cfg_nvch, int *cfg_kg,
                   int *cfg_rx0, int *cfg_ry0, int *cfg_rw, int *cfg_rh, int *cfg_ox0,
                   int *cfg_oy0, int *cfg_own_w, int *cfg_own_h, svBitVecVal *ld_iaram_we,
                   svBitVecVal *ld_iaram_waddr, svBitVecVal *ld_iaram_wdata,
                   svBitVecVal *ld_desc_we, svBitVecVal *ld_desc_waddr,
                   svBitVecVal *ld_desc_wdata, svBitVecVal *w_valid, svBitVecVal *w_data,
                   svBit *dbg_re, svBit *dbg_buf, int *dbg_bank, int *dbg_entry,
                   svBitVecVal *oaram_re, svBitVecVal *oaram_raddr);
/* 1 while waves should be written (from the job given as trace_from on). */
int scnn_adpi_trace_on(void);
/* Ends the run (a layer not finished is a failure); returns the exit status. */
int scnn_adpi_close(void);
/* 0: every check passed; 1: a mismatch; 2: bad arguments / setup error. */
int scnn_adpi_exit_status(void);

#ifdef __cplusplus
}
#endif

#endif
