/* Copyright the SCNN contributors.
 * SPDX-License-Identifier: Apache-2.0
 *
 * The report of the array testbench tb/array/tb_array_dpi.sv (state in array_env.h): the head
 * and rows of the per-job table (start and barrier cycles RTL/model, halo words, conflict
 * cycles), the summary (densities, cycles RTL vs model, DCNN cycles and speedup, utilisation,
 * pairs and conflict cycles from the RTL counters, halo words, bytes at the memory side vs the
 * model's DRAM traffic, simulated cycles/s) and the PASS line, rtl_report.json, the RTL output
 * tensor as .npy, and the GTKWave save file of a run with waves. */
#include <stdint.h>
#include <stdio.h>
#include <time.h>

#include "scnn_io.h"
#include "scnn_model.h"
#include "scnn_params.h"

#include "array_env.h"
#include "scnn_dpi_pack.h"
#include "tb_gtkw.h"

uint64_t array_ent_bytes(uint64_t n) { return (n * SCNN_DPI_ENTW + 7) / 8; }

void array_report_head(const array_env *c) {
  printf("verify-array %s/%s: %d jobs, seed %llu, %dx%d PEs (SystemVerilog top, C model "
         "through DPI-C)\n", c->net, c->layer, c->J, c->seed, SCNN_PE_COLS, SCNN_PE_ROWS);
  printf("  %4s %4s %10s %10s %10s %10s %9s %9s\n", "job", "kg", "start RTL", "start mod",
         "barr RTL", "barr mod", "halo w", "confl cyc");
  fflush(stdout);
}

void array_report_job(const array_env *c, int q) {
  const array_slot *s = &c->slot[q % ARRAY_NSLOT];
  uint64_t confl = 0;
  for (int pe = 0; pe < ARRAY_P; ++pe) confl += s->obs->pe[pe].conflict_cycles;
  printf("  %4d %4d %10llu %10llu %10llu %10llu %9llu %9llu\n", q, s->obs->kg,
         (unsigned long long)c->r_start[q], (unsigned long long)c->t_start[q],
         (unsigned long long)c->r_barrier[q], (unsigned long long)c->t_barrier[q],
         (unsigned long long)c->r_halo[q], (unsigned long long)confl);
  fflush(stdout);
}

static double now_s(const struct timespec *t0) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)(t.tv_sec - t0->tv_sec) + 1e-9 * (double)(t.tv_nsec - t0->tv_nsec);
}

static double density(const int16_t *v, size_t n) {
  size_t nz = 0;
  for (size_t i = 0; i < n; ++i) nz += v[i] != 0;
  return n ? (double)nz / (double)n : 0.0;
}

static void write_json(const array_env *c, double util, double wall) {
  FILE *f = fopen(c->rep_path, "w");
  if (!f) return;
  fprintf(f, "{\n  \"net\": \"%s\",\n  \"layer\": \"%s\",\n  \"seed\": %llu,\n  \"jobs\": %d,\n"
          "  \"cycles\": %llu,\n  \"model_cycles\": %llu,\n  \"dcnn_cycles\": %llu,\n"
          "  \"utilisation\": %.6f,\n  \"pairs\": %llu,\n  \"conflict_cycles\": %llu,\n"
          "  \"halo_words\": %llu,\n  \"bytes_act\": %llu,\n  \"bytes_wgt\": %llu,\n"
          "  \"bytes_out\": %llu,\n  \"model_dram_bytes\": %llu,\n  \"sim_cycles\": %d,\n"
          "  \"wall_s\": %.3f,\n  \"pass\": %s\n}\n",
          c->net, c->layer, c->seed, c->J, (unsigned long long)c->rtl_cycles,
          (unsigned long long)c->mst.cycles, (unsigned long long)c->mst.dcnn_cycles, util,
          (unsigned long long)c->pairs, (unsigned long long)c->conflicts,
          (unsigned long long)c->halo_words, (unsigned long long)c->bytes_act,
          (unsigned long long)c->bytes_wgt, (unsigned long long)c->bytes_out,
          (unsigned long long)c->mst.dram_bytes, c->ticks, wall, c->failed ? "false" : "true");
  fclose(f);
}

void array_report_summary(const array_env *c) {
  const scnn_layer *l = scnn_plan_layer(c->p);
  const double wall = now_s(&c->t0);
  const uint64_t lanes = (uint64_t)ARRAY_P * SCNN_MULTS;
  const double util =
      c->rtl_cycles ? (double)c->mst.products_valid / ((double)c->rtl_cycles * lanes) : 0;
  const double in_d = density(c->b.input.data, (size_t)scnn_tensor_numel(&c->b.input));
  const double w_d = density(c->b.weights.data, (size_t)scnn_tensor_numel(&c->b.weights));
  const double o_d = density(c->rout, (size_t)l->K * c->Ho * c->Wo);
  printf("summary %s/%s (C=%d H=%d W=%d K=%d R=%d S=%d stride %d pad %d groups %d)\n", c->net,
         c->layer, l->C, l->H, l->W, l->K, l->R, l->S, l->stride, l->pad, l->groups);
  printf("  densities: activations %.3f, weights %.3f, outputs %.3f\n", in_d, w_d, o_d);
  printf("  jobs %d, sub-layers %llu, passes %llu\n", c->J, (unsigned long long)c->mst.sublayers,
         (unsigned long long)c->mst.passes);
  printf("  cycles: RTL %llu, C model %llu (%s); DCNN baseline %llu -> speedup %.2fx\n",
         (unsigned long long)c->rtl_cycles, (unsigned long long)c->mst.cycles,
         c->rtl_cycles == c->mst.cycles ? "identical" : "DIFFERENT",
         (unsigned long long)c->mst.dcnn_cycles,
         c->rtl_cycles ? (double)c->mst.dcnn_cycles / (double)c->rtl_cycles : 0.0);
  printf("  utilisation %.1f%% of %llu multipliers; %llu pairs, %llu bank-conflict cycles (RTL "
         "counters)\n", 100.0 * util, (unsigned long long)lanes, (unsigned long long)c->pairs,
         (unsigned long long)c->conflicts);
  printf("  halo words: RTL %llu, C model %llu\n", (unsigned long long)c->halo_words,
         (unsigned long long)c->mst.halo_words);
  printf("  memory side (measured at the array's ports): IARAM loads %llu B, output blocks read "
         "%llu B, weight streams into the 64 FIFOs %llu B\n", (unsigned long long)c->bytes_act,
         (unsigned long long)c->bytes_out, (unsigned long long)c->bytes_wgt);
  printf("  C model DRAM traffic %llu B (activations %llu, weights %llu once per job, outputs "
         "%llu)\n", (unsigned long long)c->mst.dram_bytes,
         (unsigned long long)c->mst.dram_bytes_act_in, (unsigned long long)c->mst.dram_bytes_wgt,
         (unsigned long long)c->mst.dram_bytes_out);
  printf("  checked: %llu accumulator words, %llu output entries; simulated %d cycles (incl. "
         "holds) in %.1f s (%.0f cycles/s)\n", (unsigned long long)c->checked_acc,
         (unsigned long long)c->checked_out, c->ticks, wall, wall > 0 ? c->ticks / wall : 0.0);
  fflush(stdout);
  if (c->rep_path[0]) write_json(c, util, wall);
  printf("PASS verify-array %s/%s: %d jobs, every accumulator buffer and output block "
         "identical, layer cycles RTL %llu = C model %llu\n", c->net, c->layer, c->J,
         (unsigned long long)c->rtl_cycles, (unsigned long long)c->mst.cycles);
  fflush(stdout);
}

int array_write_output(array_env *c) {
  if (!c->out_path[0]) return 0;
  const scnn_layer *l = scnn_plan_layer(c->p);
  scnn_tensor t;
  t.ndim = 3;
  t.dims[0] = l->K, t.dims[1] = c->Ho, t.dims[2] = c->Wo;
  t.data = c->rout;
  scnn_error err;
  err.msg[0] = 0;
  if (scnn_npy_write(c->out_path, &t, &err) != 0)
    return array_failf(c, c->J - 1, -1, "%s", err.msg);
  return 0;
}

int array_dpi_waves_view(void *h, const char *layout, const char *out, const char *fst,
                         long long t_start, long long t_barrier, long long t_halo_end) {
  (void)h;
  const int64_t t[TB_GTKW_MARKS] = {t_start, t_barrier, t_halo_end};
  const char *const name[TB_GTKW_MARKS] = {"job start (go)", "barrier (halo phase)",
                                           "halo end (hold)"};
  const int64_t from = t_start >= 0 ? t_start : 0;
  const int64_t last = t_halo_end >= 0 ? t_halo_end : t_barrier >= 0 ? t_barrier : from + 1000;
  const int64_t lead = (last - from) / 50 + 2000, tail = (last - from) / 10 + 2000; /* ps */
  return tb_gtkw_write(layout, out, fst, from > lead ? from - lead : 0, last + tail, t, name);
}
