/* Copyright the SCNN contributors.
 * SPDX-License-Identifier: Apache-2.0
 *
 * The DPI-C side of the array testbench tb/array/tb_array_dpi.sv (make verify, make verify-sc),
 * shared by its three files:
 *   array_env.c    the environment: the layer, every job's tables (configuration, descriptors,
 *                  IARAM images, weight streams), the sequencer (reset, layer start, hold, go,
 *                  run) and the driving interfaces;
 *   array_chk.c    the checker: counters, accumulator words, output blocks (reported and read
 *                  back), the schedule (start and barrier cycles), halo words, the output tensor;
 *   array_report.c the report: per-job table, summary, rtl_report.json, rtl_output.npy, the
 *                  waves' view.
 * The testbench calls the `import "DPI-C"` functions of tb/array/array_dpi_pkg.sv (prototypes
 * from Verilator's V<top>__Dpi.h, force-included by the build). Every piece of state is in the
 * array_env behind the testbench's chandle: no file-scope mutable state. */
#ifndef ARRAY_ENV_H
#define ARRAY_ENV_H

#include <stdint.h>
#include <time.h>

#include "scnn_io.h"
#include "scnn_model.h"
#include "scnn_params.h"

#define ARRAY_P SCNN_PE_COUNT
#define ARRAY_ACC_N (1 << (SCNN_BANK_BITS + SCNN_BANK_DEPTH_BITS))
#define ARRAY_OAW SCNN_OARAM_AW
#define ARRAY_OCNTW SCNN_OARAM_CNT_W
#define ARRAY_LINW (SCNN_BANK_BITS + SCNN_BANK_DEPTH_BITS)
#define ARRAY_NSLOT 3
#define ARRAY_WORDS(bits) (((bits) + 31) / 32)

/* Schedule event bits of array_dpi_step's argument (tb/array/array_dpi_pkg.sv: Sched*; the
 * array's ev_*_o outputs, docs/microarch.md section 5). */
enum {
  ARRAY_SCH_BARRIER = 1 << 0,     /* the cycle before B_j */
  ARRAY_SCH_HALO_INIT = 1 << 1,   /* the cycle before HS_j */
  ARRAY_SCH_HALO_LAST = 1 << 2,   /* E_j - 1 */
  ARRAY_SCH_DRAIN_START = 1 << 3, /* DS_j */
  ARRAY_SCH_DRAIN_LAST = 1 << 4   /* drain_end_j - 1 */
};

/* Event bits of array_dpi_step's result (tb/array/array_dpi_pkg.sv: the same values). */
enum {
  ARRAY_EV_RST_N = 1 << 0,       /* rst_ni high */
  ARRAY_EV_LAYER_START = 1 << 1, /* layer_start_i pulse */
  ARRAY_EV_GO = 1 << 2,          /* go_i pulse ... */
  ARRAY_EV_GO_JOB = 1 << 3,      /* ... with a job */
  ARRAY_EV_HALO_END = 1 << 4,    /* array_dpi_halo_end: a halo exchange ended this cycle */
  ARRAY_EV_CFG = 1 << 5,         /* array_dpi_cfg: one PE's job configuration */
  ARRAY_EV_LOAD = 1 << 6,        /* array_dpi_load: descriptor / IARAM words */
  ARRAY_EV_WGT = 1 << 7,         /* array_dpi_weights when a pending PE is ready */
  ARRAY_EV_COUNTERS = 1 << 8,    /* array_dpi_counters: the finished job's counters */
  ARRAY_EV_ACC = 1 << 9,         /* array_dpi_acc: accumulator read-back */
  ARRAY_EV_OARAM = 1 << 10,      /* array_dpi_oaram: output block read-back */
  ARRAY_EV_HOLD_END = 1 << 11,   /* array_dpi_hold_end after the interfaces */
  ARRAY_EV_TRACE = 1 << 12       /* waves wanted from this cycle on */
};

enum { ARRAY_ST_RESET, ARRAY_ST_LSTART, ARRAY_ST_HOLD, ARRAY_ST_GO, ARRAY_ST_RUN, ARRAY_ST_DONE };

typedef struct {
  int k, base, count, read; /* read: entries read back so far */
  scnn_entry *e;
} array_blk;

typedef struct {
  int job;                  /* -1: empty */
  scnn_job_obs *obs;
  array_blk *blk;           /* [pe * kg + k] */
  int *blk_seen;
} array_slot;

typedef struct {
  int failed, finished, exit; /* exit: 0 pass, 1 mismatch, 2 setup error */
  int opening;              /* 1 while array_dpi_open checks every job: a failure is a setup error */
  int trace_from;
  char net[64], layer[512];
  unsigned long long seed;
  scnn_bundle b;
  scnn_plan *p;
  int J, Ho, Wo;
  /* model: schedule per job, layer stats, output */
  uint64_t *t_start, *t_barrier;          /* model: S_j, B_j */
  uint64_t *t_hs, *t_he, *t_ds, *t_de;    /* model: HS_j, E_j, DS_j, drain_end_j */
#define ARRAY_WATCHDOG_MARGIN 10000u       /* cycles past twice the model's next hold */
  uint64_t *r_start, *r_barrier, *r_halo; /* RTL: cycle counter, halo words of the job */
  int ovl;                  /* HALO_OVERLAP: the buffer a hold checks is the job two back */
  int hs_job, he_job, ds_job, de_job; /* next job whose exchange starts / ends, drain ... */
  uint64_t words_hs;        /* halo words counter at the last exchange's start */
  scnn_stats mst;
  int16_t *mout, *rout;
  /* sequencer */
  int st, ticks, jn;        /* jn: next job to start (== J: only the final drain is left) */
  int dj;                   /* job being drained (-1: none) */
  int loaded_sub;           /* sub-layer whose IARAM images are loaded (-1 none) */
  array_slot slot[ARRAY_NSLOT];
  /* job jn's tables */
  scnn_pe_job mj[ARRAY_P];
  scnn_pe_vc *vbuf;         /* [pe * nvcap] */
  int nvcap;
  int nch[ARRAY_P], *ch;    /* processed channels of PE p: ch[p * nvcap + i] */
  uint32_t *img;            /* IARAM image of the sub-layer: img[p * IARAM_DEPTH + i] */
  int nimg[ARRAY_P];
  uint32_t *img_off;        /* [p * nvcap + v]: channel v's block in the image */
  int nwv[ARRAY_P], *wv_ch, *wv_off; /* weight vectors of PE p: [p * wvcap + i] */
  int wvcap;
  int wnext[ARRAY_P];
  /* hold sequencing */
  int h_t, ld_desc_n[ARRAY_P], ld_img_n[ARRAY_P], ld_left, reload, dbg_i, check_job, rd_job;
  int acc_job;              /* job whose buffer the hold reads back (-1: none) */
  int rd_blk[ARRAY_P], rd_pend[ARRAY_P], rd_pend_blk[ARRAY_P], rd_pend_i[ARRAY_P], rd_done;
  int dbg_pend, busy;
  int barrier_seen;
  /* totals */
  uint64_t rtl_cycles, halo_words, bytes_act, bytes_wgt, bytes_out, conflicts, pairs;
  uint64_t checked_acc, checked_out;
  struct timespec t0;
  char out_path[1024], rep_path[1024];
} array_env;

/* array_env.c */
void array_dpi_close_env(array_env *c); /* frees everything */
int array_env_next_job(array_env *c);   /* weight streams complete; job jn's tables */

/* array_chk.c */
int array_failf(array_env *c, int job, int pe, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
array_slot *array_slot_of(array_env *c, int j);
void array_slot_clear(array_slot *s);
int array_slot_fill(array_env *c, int j);
int array_check_hold(array_env *c, int cycles); /* start cycle, read-back placed, halo words */
int array_check_layer(array_env *c, int cycles); /* layer cycles and the output tensor */

/* array_report.c */
uint64_t array_ent_bytes(uint64_t n);
void array_report_job(const array_env *c, int q);
void array_report_head(const array_env *c);
void array_report_summary(const array_env *c);
int array_write_output(array_env *c);

#endif
