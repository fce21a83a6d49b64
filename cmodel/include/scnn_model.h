/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* The cycle-level, bit-accurate model of the PT-IS-CP-sparse dataflow
 * (docs/microarch.md is the contract, docs/dataflow.md the design notes).
 *
 * Use:
 *   scnn_plan *p;  scnn_plan_create(&layer, input, weights, &p, &err);
 *   scnn_plan_print_kc(p, stdout);                   // the Kc rule and passes
 *   scnn_run(p, output, &stats, NULL, NULL, &err);   // output (K, Ho, Wo)
 *   scnn_plan_free(p);
 *
 * For the RTL testbench (DPI): scnn_plan_pe_job() describes what one PE gets
 * for one job (an output-channel group of a sub-layer); scnn_pe_run_job() runs
 * that PE alone, cycle by cycle, and returns its accumulator buffer and cycle
 * count; scnn_job_observe() runs one whole job on all PEs (compute, halo
 * exchange, drain) and returns everything the RTL is compared with. Jobs are
 * independent (the accumulators are zero at a job's start), so re-running one
 * job in isolation gives exactly the state of the full run. Everything is
 * deterministic; there is no global state. */
#ifndef SCNN_MODEL_H
#define SCNN_MODEL_H

#include <stdio.h>

#include "scnn_codec.h"
#include "scnn_common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- One PE, one job (docs/microarch.md section 4) ------------------------ */

/* One stride-1 virtual channel as the PE sees it. Coordinates are those of the
 * phase sub-plane (x, y) and of the sub-layer's output plane (xo, yo):
 *   x = x0 + pa % w, y = y0 + pa / w             (pa: activation position)
 *   k = q / (rv*sv), r = (q / sv) % rv, s = q % sv  (q: weight position)
 *   xo = x - s + pad_x, yo = y - r + pad_y */
typedef struct {
  int x0, y0, w, h;          /* the PE's tile of the phase sub-plane */
  int rv, sv, pad_y, pad_x;  /* sub-filter rows/columns, low pads */
  const scnn_entry *act;     /* activation block (positions over w*h) */
  uint32_t nact;
  const scnn_entry *wgt;     /* weight block (positions over kg*rv*sv) */
  uint32_t nwgt;
} scnn_pe_vc;

typedef struct {
  int nv;                    /* virtual channels, in work order */
  const scnn_pe_vc *v;
  int rx0, ry0, rw, rh;      /* accumulator region (output-plane coordinates) */
  int kg;                    /* output channels of this group; kg*rw*rh <= ACC_ENTRIES */
  int ox0, oy0, own_w, own_h; /* the PE's own output tile (inside the region) */
  int prod_shift;
  int wgt_order;             /* position order of the weight blocks: SCNN_WORDER_KRS/RSK */
  int xbar_qdepth;           /* bank queue depth (microarch 4.3), the plan's XBAR_QDEPTH */
  int xbar_ideal;            /* 0 (the contract). Experiment: 1 = every pair takes 1 cycle */
} scnn_pe_job;

/* Position order of a weight block (microarch section 3; parameter WEIGHT_ORDER):
 * SCNN_WORDER_KRS (0, docs/spec.md section 5, what the RTL implements): q = (k*rv + r)*sv + s;
 * SCNN_WORDER_RSK (1, [model; RTL pending]): q = (r*sv + s)*kg + k (k fastest). */
#define SCNN_WORDER_KRS 0
#define SCNN_WORDER_RSK 1

/* Per-PE, per-job result and counters. acc is indexed by lin (microarch 4.2);
 * bank b, entry e is acc[scnn_lin_of(b, e)] (see scnn_acc_at). */
typedef struct {
  int32_t acc[SCNN_ACC_ENTRIES]; /* signed ACC_W-bit values, sign-extended */
  uint64_t compute_cycles;   /* (last issue cycle + 1) + PE_PIPE_DEPTH, or 0 */
  uint64_t issue_cycles;     /* cycles in which a pair occupied the issue stage */
  uint64_t pairs;            /* (activation vector, weight vector) pairs issued */
  uint64_t conflict_cycles;  /* sum over pairs of (n - 1) */
  uint64_t fifo_wait_cycles; /* cycles before/between channels waiting for weights */
  uint64_t lanes_occupied;   /* lanes holding two entries (placeholders included) */
  uint64_t products_nonzero; /* lanes with two real (non-placeholder) entries */
  uint64_t products_valid;   /* ... whose output lies in the region: accumulated */
  uint64_t products_placeholder; /* occupied lanes with a placeholder operand */
  uint64_t overflow;         /* scnn_acc_add overflows during compute */
  uint64_t act_reads;        /* IARAM entries read */
  uint64_t wfifo_pushes;     /* weight entries pushed into the FIFO */
  uint64_t wfifo_reads;      /* weight entries read from the FIFO (per pair) */
  uint64_t xbar_tail_cycles; /* cycles from the last issue cycle to the last queue pop (0 if
                              * the queue depth is 0): compute_cycles = last issue + 1 +
                              * tail + PE_PIPE_DEPTH */
  uint64_t bank_stall[SCNN_A]; /* per bank: cycles in which the bank refused a product of the
                                * pair in the issue stage (microarch 4.3) */
  uint32_t queue_max;        /* largest bank-queue occupancy at a cycle's end (<= depth);
                              * the occupancy at the job's end is 0 by construction */
} scnn_pe_result;

static inline int32_t scnn_acc_at(const scnn_pe_result *r, unsigned bank, unsigned entry) {
  return r->acc[scnn_lin_of(bank, entry)];
}

/* The job's bank stall cycles summed over the banks (what the RTL's stall_cycles_o counts). */
static inline uint64_t scnn_pe_stall_sum(const scnn_pe_result *r) {
  uint64_t n = 0;
  for (int b = 0; b < SCNN_A; ++b) n += r->bank_stall[b];
  return n;
}

/* Runs one PE on one job from an all-zero accumulator buffer. Returns 0, or -1
 * if the job is malformed (region too large, an entry addressing a position
 * past its block); err may be NULL. */
int scnn_pe_run_job(const scnn_pe_job *job, scnn_pe_result *res, scnn_error *err);

/* ---- Mapping: layer -> sub-layers, virtual channels, jobs ------------------ */

typedef struct {
  int c;                /* input channel, local to the sub-layer's group */
  int phy, phx;         /* stride phases */
  int rhoy, rhox;       /* filter phases: r = stride*r' + rhoy */
  int rv, sv, pad_y, pad_x;
  int hv, wv;           /* size of the phase sub-plane */
} scnn_vc;

typedef struct {
  int x0, y0, w, h;     /* tile of one phase sub-plane */
} scnn_rect;

typedef struct {
  int group, pass;
  int c0, cn;           /* input channels [c0, c0+cn) of the layer */
  int k0, kn;           /* output channels [k0, k0+kn) of the layer */
  int iy0, ix0, H, W;   /* input rectangle of the layer */
  int oy0, ox0, Ho, Wo; /* output rectangle of the layer */
  int stride, pad_y, pad_x, R, S;
  int Wt, Ht, Wto, Hto; /* input and output tile sides */
  int nphase;           /* stride*stride */
  int nv;               /* virtual channels = cn * (phases with rv, sv > 0) */
  scnn_vc *vc;
  scnn_rect *tile;      /* [phase * PE_COUNT + pe], phase = phy*stride + phx */
  scnn_rect *region;    /* [pe] accumulator region */
  scnn_rect *own;       /* [pe] own output tile */
  int max_region;       /* max over PEs of rw*rh */
  int max_rvsv;         /* max over virtual channels of rv*sv */
  int kc_acc, kc_fifo;  /* ACC_ENTRIES / max_region, WFIFO_DEPTH*F / max_rvsv */
  int kc;               /* min(kn, kc_acc, kc_fifo) */
  int njobs, job0;      /* its jobs are job0 .. job0+njobs-1 */
  uint64_t *act_off;    /* [pe * nv + v]: activation block in act_pool */
  uint32_t *act_cnt;
  scnn_entry *act_pool;
  uint64_t *wgt_off;    /* [jl * nv + v]: weight block of local job jl */
  uint32_t *wgt_cnt;
  scnn_entry *wgt_pool;
  uint64_t iaram_max;   /* max over PEs of the entries of all its blocks */
} scnn_sublayer;

typedef struct {
  int sub;              /* sub-layer index */
  int kl0, kg;          /* output channels [kl0, kl0+kg) local to the sub-layer */
} scnn_job_info;

typedef struct scnn_plan scnn_plan;

/* Maps a valid layer (in: (C,H,W), w: (K,C/groups,R,S)) onto the array.
 * The plan keeps its own copies of everything it needs. Returns -1 with a
 * message naming the layer if it cannot be mapped. */
int scnn_plan_create(const scnn_layer *l, const int16_t *in, const int16_t *w, scnn_plan **out,
                     scnn_error *err);
/* Options of a plan. NULL (scnn_plan_create) is scnn_plan_opts_default(): the
 * compiled parameters WEIGHT_ORDER, XBAR_QDEPTH, HALO_OVERLAP and no experiment.
 * Set a field to another value only to study it (tests, --weight-order). */
typedef struct {
  int weight_order; /* SCNN_WORDER_KRS or SCNN_WORDER_RSK (parameter WEIGHT_ORDER) */
  int xbar_ideal;   /* 0 (default, the contract); 1: experiment, no conflict stalls */
  int xbar_qdepth;  /* bank queue depth, 0..64 (parameter XBAR_QDEPTH) */
  int halo_overlap; /* 0 or 1 (parameter HALO_OVERLAP), microarch 5.6 */
} scnn_plan_opts;
scnn_plan_opts scnn_plan_opts_default(void);
/* The default options with the experiments of scnn run: weight order, ideal crossbar, and a
 * bank queue depth and halo overlap (each -1: the parameter). */
scnn_plan_opts scnn_plan_opts_of(int weight_order, int xbar_ideal, int xbar_qdepth,
                                 int halo_overlap);
int scnn_plan_create_opts(const scnn_layer *l, const int16_t *in, const int16_t *w,
                          const scnn_plan_opts *opts, scnn_plan **out, scnn_error *err);
void scnn_plan_free(scnn_plan *p);

const scnn_layer *scnn_plan_layer(const scnn_plan *p);
int scnn_plan_num_sublayers(const scnn_plan *p);
const scnn_sublayer *scnn_plan_sublayer(const scnn_plan *p, int i);
int scnn_plan_num_jobs(const scnn_plan *p);
const scnn_job_info *scnn_plan_job(const scnn_plan *p, int j);
int scnn_plan_passes(const scnn_plan *p);      /* spatial passes (1 = none) */
int scnn_plan_pass_grid(const scnn_plan *p, int *ny, int *nx);
/* Prints the Kc rule's inputs and result, and the pass split. */
void scnn_plan_print_kc(const scnn_plan *p, FILE *f);

/* The job description of PE pe (= py*PE_COLS + px) for job j. The virtual
 * channel array is written into vbuf (capacity >= the sub-layer's nv); block
 * pointers point into the plan. Returns -1 on bad indices. */
int scnn_plan_pe_job(const scnn_plan *p, int j, int pe, scnn_pe_job *job, scnn_pe_vc *vbuf,
                     int vcap);

/* The busiest PE of the plan: the one with the most compute cycles (scnn_pe_run_job of
 * scnn_plan_pe_job) summed over every job of the layer; the lowest index among equals. Its sum
 * goes to *cycles (may be NULL). Returns the PE index (py*PE_COLS + px), or -1 with err set if
 * a job cannot be described or run. */
int scnn_plan_busiest_pe(const scnn_plan *p, uint64_t *cycles, scnn_error *err);

/* ---- The array: one job on all PEs (microarch section 5) ------------------- */

typedef struct {
  int src_pe;           /* sender */
  uint32_t src_lin;     /* lin in the sender's region */
  int dst_pe;           /* owner of the cell */
  uint32_t dst_lin;     /* lin in the owner's region */
  int32_t value;        /* the partial sum sent */
  uint32_t cycle;       /* halo cycle u of its grant (0 = B_j), microarch 5.2 */
} scnn_halo_word;

typedef struct {
  int job;
  int kg;
  scnn_pe_result pe[SCNN_PE_COUNT]; /* acc after the halo exchange, before the drain */
  uint64_t halo_overflow[SCNN_PE_COUNT]; /* overflows while adding received words */
  uint64_t halo_sent[SCNN_PE_COUNT], halo_recv[SCNN_PE_COUNT];
  /* All words in grant order of the halo protocol (microarch 5.2): sorted by
   * (grant cycle, receiver PE index); each receiver adds its words in this
   * order, and each sender's words appear in its lin order. */
  scnn_halo_word *halo;
  size_t nhalo;
  uint64_t compute_max; /* max_p compute cycles */
  uint64_t done_max;    /* max_p done_p: c_p + PE_DONE_LAT, or PE_EMPTY_DONE if c_p = 0 */
  uint64_t halo_cycles; /* H_j = u_last + 1 + HALO_TAIL, or HALO_EMPTY without words */
  uint64_t drain_cycles; /* D_j */
  /* Layer times of the job (microarch 5.4), filled by scnn_run before it calls
   * the hook; scnn_job_observe leaves them 0: S_j, B_j, E_j = B_j + H_j, and
   * drain_end_{j-1} = S_j + D_{j-1} + DRAIN_LAT (0 for the first job). */
  uint64_t t_start, t_barrier, t_halo_end, t_drain_end_prev;
  /* HS_j (halo cycle 0; = B_j unless HALO_OVERLAP = 1 delays it) and DS_j (start of
   * the job's own drain), microarch 5.4 / 5.6. */
  uint64_t t_halo_start, t_drain_start;
  /* Compressed output blocks: PE pe, local channel k: out_cnt[pe*kg + k]
   * entries from out_entries + out_off[pe*kg + k]. */
  uint64_t *out_off;
  uint32_t *out_cnt;
  scnn_entry *out_entries;
} scnn_job_obs;

/* Runs job j on all PEs from zero accumulators: compute, halo exchange,
 * drain (requantise, ReLU, compress). obs must be released with
 * scnn_job_obs_free. scnn_job_obs is large (64 accumulator buffers, ~300 KB):
 * allocate it on the heap. */
int scnn_job_observe(const scnn_plan *p, int j, scnn_job_obs *obs, scnn_error *err);
void scnn_job_obs_free(scnn_job_obs *obs);

/* ---- Whole layer --------------------------------------------------------- */

typedef struct {
  /* time */
  uint64_t cycles;            /* SCNN cycles of the layer: S_J + D_{J-1} + DRAIN_END_LAT
                                 (microarch 5.4), 0 without jobs */
  uint64_t dcnn_cycles;       /* DCNN baseline (microarch section 6) */
  uint64_t jobs, sublayers, passes;
  int kc_first;               /* Kc of the first sub-layer */
  /* work */
  uint64_t dense_macs;        /* K*Ho*Wo*(C/groups)*R*S */
  uint64_t pairs, issue_cycles_sum;
  uint64_t products_nonzero, products_valid, products_placeholder, lanes_occupied;
  double utilisation;         /* products_valid / (cycles * PE_COUNT * MULTS) */
  /* losses in multiplier-lane-cycles; with products_valid they sum to
   * cycles * PE_COUNT * MULTS exactly (docs/dataflow.md) */
  uint64_t loss_fragmentation; /* empty, placeholder and out-of-plane lanes of issued pairs */
  uint64_t loss_conflict;      /* extra cycles of pairs from bank conflicts */
  uint64_t loss_fifo_pipe;     /* waiting for weights, the pipeline tail, and the fixed
                                  done and barrier latencies (PE_DONE_LAT or PE_EMPTY_DONE,
                                  BARRIER_LAT) of every PE */
  uint64_t loss_imbalance;     /* idle at the barrier: done_max - done_p per PE */
  uint64_t loss_clear;         /* clearing the job's buffer and JOB_START_LAT */
  uint64_t loss_halo;          /* halo exchange (H_j, tail included) */
  uint64_t loss_drain;         /* waiting for the drain (double buffer full, DRAIN_LAT,
                                  final drain with DRAIN_END_LAT) */
  /* memories (entries unless said otherwise) */
  uint64_t iaram_reads, wfifo_pushes, wfifo_reads;
  uint64_t acc_updates;       /* accumulator read-modify-writes (products + halo adds) */
  uint64_t acc_drain_reads, oaram_writes;
  uint64_t halo_words;
  uint64_t dram_bytes_act_in, dram_bytes_wgt, dram_bytes_out;
  uint64_t dram_bytes;        /* sum of the three */
  uint64_t overflow;          /* compute + halo additions that overflowed */
  uint64_t in_nonzero, in_numel, w_nonzero, w_numel, out_nonzero, out_numel;
  uint64_t oaram_max;         /* max over PEs of the output entries of one sub-layer */
} scnn_stats;

typedef struct {
  int input_in_dram;          /* 1: the layer's input comes from DRAM (first layer,
                                 or the previous layer's output went to DRAM) */
} scnn_run_opts;

/* Called after every job's halo exchange and drain (the observable state). */
typedef void (*scnn_job_hook)(void *ctx, const scnn_job_obs *obs);

/* Runs the whole layer: out (K, Ho, Wo) receives the output. hook may be NULL.
 * opts may be NULL (input_in_dram = 1). */
int scnn_run(const scnn_plan *p, const scnn_run_opts *opts, int16_t *out, scnn_stats *st,
             scnn_job_hook hook, void *hook_ctx, scnn_error *err);

/* Convenience: plan + run. */
int scnn_run_layer(const scnn_layer *l, const int16_t *in, const int16_t *w,
                   const scnn_run_opts *opts, int16_t *out, scnn_stats *st, scnn_error *err);

#ifdef __cplusplus
}
#endif
#endif /* SCNN_MODEL_H */
