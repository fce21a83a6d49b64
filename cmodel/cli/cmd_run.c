/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* scnn run: the cycle-level dataflow model on a bundle or on catalog layers
 * (docs/dataflow.md). */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cli_run.h"
#include "scnn_catalog.h"
#include "scnn_io.h"
#include "scnn_network.h"
#include "scnn_ref.h"

static void help(FILE *f) {
  fprintf(f,
          "usage: scnn run DIR [--out FILE] [--report FILE] [--check] [--quiet]\n"
          "       scnn run --net NET [--layer NAME] [--seed N] [--report FILE] [--check] [--quiet]\n"
          "       scnn run --net NETDIR [--report FILE] [--check] [--quiet]\n"
          "Runs the cycle-level model of the SCNN dataflow (docs/dataflow.md).\n"
          "DIR: a layer bundle; writes the output (int16 .npy (K, Ho, Wo)) and a JSON report.\n"
          "--net: catalog layers; a whole network is chained (each layer's output after ReLU and\n"
          "  pooling is the next layer's input where the shapes chain), --layer runs one layer\n"
          "  on generated data. Prints the Kc rule of every layer, a table per layer and the\n"
          "  network speedup over DCNN beside the paper's.\n"
          "--net NETDIR: a directory with network.json written by tools/scnn-import (docs/onnx.md):\n"
          "  its conv layers chained, each layer's input the previous layer's output after the\n"
          "  network's between-layer step (bias, ReLU, pooling); every layer's input and output\n"
          "  are compared with the importer's integer reference (a mismatch fails the command)\n"
          "  --out FILE     output file (bundle mode; default DIR/output.npy)\n"
          "  --report FILE  JSON report (default DIR/report.json; none in --net mode unless given)\n"
          "  --seed N       generator seed (default 1)\n"
          "  --check        also compare every output with the dense reference (scnn ref);\n"
          "                 a mismatch fails the command\n"
          "  --quiet        no Kc printout\n"
          "  --weight-order krs|rsk\n"
          "                 position order of the weight blocks (default: the parameter\n"
          "                 WEIGHT_ORDER): krs (s fastest, docs/spec.md section 5, what the RTL\n"
          "                 implements) or rsk (k fastest; microarch section 3); the old\n"
          "                 names spec and k-fastest are accepted\n"
          "  --ideal-crossbar  experiment: no bank-conflict stalls (every pair takes one\n"
          "                 cycle; values unchanged); not the contract\n"
          "  --xbar-qdepth N   the bank queue depth (0..64; default: the parameter\n"
          "                 XBAR_QDEPTH) - the machine the RTL builds with that parameter\n"
          "  --halo-overlap 0|1  the halo exchange behind the next job (default: the\n"
          "                 parameter HALO_OVERLAP; docs/microarch.md section 5.6)\n");
}

static double pct(uint64_t a, uint64_t b) { return b ? 100.0 * (double)a / (double)b : 0.0; }

void cli_table_head(FILE *f) {
  fprintf(f,
          "%-22s %-24s %5s %5s %5s %4s %4s %12s %12s %7s %5s | %5s %5s %5s %5s %5s %5s %5s | %s\n",
          "layer", "shape", "in%", "w%", "out%", "Kc", "pass", "SCNN cyc", "DCNN cyc", "speedup",
          "util%", "frag", "confl", "fifo", "imbal", "clear", "halo", "drain", "ovf");
}

void cli_table_row(FILE *f, const scnn_net_layer *r) {
  const scnn_layer *l = &r->layer;
  const scnn_stats *s = &r->st;
  char shape[64];
  snprintf(shape, sizeof shape, "%dx%d^2>%dx%d^2 %dx%d/%d%s", l->C, l->H, l->K,
           scnn_layer_out_h(l), l->R, l->S, l->stride, l->groups > 1 ? " g" : "");
  if (l->H != l->W) snprintf(shape, sizeof shape, "%dx%dx%d>%d %dx%d/%d", l->C, l->H, l->W, l->K,
                             l->R, l->S, l->stride);
  const uint64_t lanes = s->cycles * SCNN_PE_COUNT * SCNN_MULTS;
  fprintf(f,
          "%-22s %-24s %5.1f %5.1f %5.1f %4d %4d %12" PRIu64 " %12" PRIu64
          " %7.2f %5.1f | %5.1f %5.1f %5.1f %5.1f %5.1f %5.1f %5.1f | %" PRIu64 "\n",
          l->name, shape, pct(s->in_nonzero, s->in_numel), pct(s->w_nonzero, s->w_numel),
          pct(s->out_nonzero, s->out_numel), r->kc, r->passes, s->cycles, s->dcnn_cycles,
          s->cycles ? (double)s->dcnn_cycles / (double)s->cycles : 0.0, 100.0 * s->utilisation,
          pct(s->loss_fragmentation, lanes), pct(s->loss_conflict, lanes),
          pct(s->loss_fifo_pipe, lanes), pct(s->loss_imbalance, lanes), pct(s->loss_clear, lanes),
          pct(s->loss_halo, lanes),
          pct(s->loss_drain, lanes), s->overflow);
}

#define NUM(o, k, v) cJSON_AddNumberToObject(o, k, (double)(v))

cJSON *cli_layer_json(const scnn_net_layer *r) {
  const scnn_layer *l = &r->layer;
  const scnn_stats *s = &r->st;
  cJSON *o = cJSON_CreateObject();
  cJSON_AddStringToObject(o, "name", l->name);
  NUM(o, "C", l->C);
  NUM(o, "H", l->H);
  NUM(o, "W", l->W);
  NUM(o, "K", l->K);
  NUM(o, "R", l->R);
  NUM(o, "S", l->S);
  NUM(o, "stride", l->stride);
  NUM(o, "pad", l->pad);
  NUM(o, "groups", l->groups);
  NUM(o, "prod_shift", l->prod_shift);
  NUM(o, "out_shift", l->out_shift);
  cJSON_AddBoolToObject(o, "relu", l->relu);
  NUM(o, "Ho", scnn_layer_out_h(l));
  NUM(o, "Wo", scnn_layer_out_w(l));
  cJSON_AddBoolToObject(o, "input_chained", r->chained);
  NUM(o, "pool_k", r->pool_k);
  NUM(o, "pool_s", r->pool_s);
  NUM(o, "density_in", s->in_numel ? (double)s->in_nonzero / (double)s->in_numel : 0);
  NUM(o, "density_w", s->w_numel ? (double)s->w_nonzero / (double)s->w_numel : 0);
  NUM(o, "density_out", s->out_numel ? (double)s->out_nonzero / (double)s->out_numel : 0);
  NUM(o, "kc", r->kc);
  NUM(o, "passes", r->passes);
  NUM(o, "pass_rows", r->pass_ny);
  NUM(o, "pass_cols", r->pass_nx);
  NUM(o, "sublayers", s->sublayers);
  NUM(o, "jobs", s->jobs);
  NUM(o, "cycles", s->cycles);
  NUM(o, "dcnn_cycles", s->dcnn_cycles);
  NUM(o, "speedup", s->cycles ? (double)s->dcnn_cycles / (double)s->cycles : 0);
  NUM(o, "utilisation", s->utilisation);
  NUM(o, "dense_macs", s->dense_macs);
  NUM(o, "pairs", s->pairs);
  NUM(o, "products_nonzero", s->products_nonzero);
  NUM(o, "products_valid", s->products_valid);
  NUM(o, "products_placeholder", s->products_placeholder);
  NUM(o, "lanes_occupied", s->lanes_occupied);
  cJSON *lo = cJSON_AddObjectToObject(o, "lane_cycles");
  NUM(lo, "total", s->cycles * SCNN_PE_COUNT * SCNN_MULTS);
  NUM(lo, "useful", s->products_valid);
  NUM(lo, "fragmentation", s->loss_fragmentation);
  NUM(lo, "conflict", s->loss_conflict);
  NUM(lo, "fifo_and_pipeline", s->loss_fifo_pipe);
  NUM(lo, "imbalance", s->loss_imbalance);
  NUM(lo, "clear", s->loss_clear);
  NUM(lo, "halo", s->loss_halo);
  NUM(lo, "drain", s->loss_drain);
  cJSON *sr = cJSON_AddObjectToObject(o, "sram_entries");
  NUM(sr, "iaram_reads", s->iaram_reads);
  NUM(sr, "wfifo_writes", s->wfifo_pushes);
  NUM(sr, "wfifo_reads", s->wfifo_reads);
  NUM(sr, "acc_updates", s->acc_updates);
  NUM(sr, "acc_drain_reads", s->acc_drain_reads);
  NUM(sr, "oaram_writes", s->oaram_writes);
  NUM(sr, "halo_words", s->halo_words);
  NUM(sr, "oaram_max_per_pe", s->oaram_max);
  cJSON *d = cJSON_AddObjectToObject(o, "dram_bytes");
  NUM(d, "activations_in", s->dram_bytes_act_in);
  NUM(d, "weights", s->dram_bytes_wgt);
  NUM(d, "outputs", s->dram_bytes_out);
  NUM(d, "total", s->dram_bytes);
  NUM(o, "overflow", s->overflow);
  NUM(o, "wall_s", r->wall_s);
  if (r->checked) NUM(o, "reference_mismatches", r->mismatches);
  return o;
}

int cli_write_report(const char *path, cJSON *root, const char *who) {
  char *txt = cJSON_Print(root);
  if (!txt) {
    fprintf(stderr, "%s: %s: out of memory\n", who, path);
    return -1;
  }
  scnn_error err;
  size_t n = strlen(txt);
  txt[n] = '\n';
  int rc = scnn_write_file_atomic(path, txt, n + 1, &err);
  free(txt);
  if (rc) fprintf(stderr, "%s: %s\n", who, err.msg);
  return rc;
}

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int run_bundle(const char *dir, const char *out, const char *report, int check, int quiet,
                      const run_exp *x) {
  char *def_out = NULL, *def_rep = NULL;
  size_t n = strlen(dir) + 32;
  if (!out) {
    def_out = malloc(n);
    if (!def_out) return 1;
    snprintf(def_out, n, "%s/output.npy", dir);
    out = def_out;
  }
  if (!report) {
    def_rep = malloc(n);
    if (!def_rep) {
      free(def_out);
      return 1;
    }
    snprintf(def_rep, n, "%s/report.json", dir);
    report = def_rep;
  }
  if (cli_refuse_bundle_file("run", dir, out) != 0 ||
      cli_refuse_bundle_file("run", dir, report) != 0) {
    free(def_out);
    free(def_rep);
    return 2;
  }
  scnn_bundle b;
  scnn_error err;
  int rc = 1;
  if (scnn_bundle_load(dir, &b, &err)) {
    fprintf(stderr, "scnn run: %s\n", err.msg);
    free(def_out);
    free(def_rep);
    return 1;
  }
  const scnn_layer *l = &b.layer;
  scnn_tensor o;
  int64_t od[3] = {l->K, scnn_layer_out_h(l), scnn_layer_out_w(l)};
  scnn_plan *p = NULL;
  scnn_net_layer r;
  memset(&r, 0, sizeof r);
  memset(&o, 0, sizeof o);
  const double t0 = now_s();
  const scnn_plan_opts po = scnn_plan_opts_of(x->worder, x->ideal, x->qdepth, x->overlap);
  if (scnn_tensor_alloc(&o, 3, od, &err) ||
      scnn_plan_create_opts(l, b.input.data, b.weights.data, &po, &p, &err)) {
    fprintf(stderr, "scnn run: %s: %s\n", dir, err.msg);
    goto done;
  }
  if (!quiet) scnn_plan_print_kc(p, stdout);
  if (scnn_run(p, NULL, o.data, &r.st, NULL, NULL, &err)) {
    fprintf(stderr, "scnn run: %s: %s\n", dir, err.msg);
    goto done;
  }
  r.wall_s = now_s() - t0;
  r.layer = *l;
  r.kc = scnn_plan_sublayer(p, 0)->kc;
  r.passes = scnn_plan_passes(p);
  scnn_plan_pass_grid(p, &r.pass_ny, &r.pass_nx);
  r.st.in_numel = (uint64_t)scnn_tensor_numel(&b.input);
  r.st.w_numel = (uint64_t)scnn_tensor_numel(&b.weights);
  r.st.out_numel = (uint64_t)scnn_tensor_numel(&o);
  for (uint64_t i = 0; i < r.st.in_numel; ++i) r.st.in_nonzero += b.input.data[i] != 0;
  for (uint64_t i = 0; i < r.st.w_numel; ++i) r.st.w_nonzero += b.weights.data[i] != 0;
  for (uint64_t i = 0; i < r.st.out_numel; ++i) r.st.out_nonzero += o.data[i] != 0;
  if (check) {
    scnn_tensor ref;
    if (scnn_tensor_alloc(&ref, 3, od, &err)) {
      fprintf(stderr, "scnn run: %s: %s\n", dir, err.msg);
      goto done;
    }
    scnn_conv_ref(l, b.input.data, b.weights.data, ref.data, NULL);
    r.checked = 1;
    for (uint64_t i = 0; i < r.st.out_numel; ++i) r.mismatches += ref.data[i] != o.data[i];
    scnn_tensor_free(&ref);
  }
  cli_table_head(stdout);
  cli_table_row(stdout, &r);
  if (scnn_npy_write(out, &o, &err)) {
    fprintf(stderr, "scnn run: %s\n", err.msg);
    goto done;
  }
  cJSON *root = cJSON_CreateObject();
  cJSON_AddStringToObject(root, "bundle", dir);
  cJSON_AddStringToObject(root, "output", out);
  cJSON_AddItemToObject(root, "layer", cli_layer_json(&r));
  int wr = cli_write_report(report, root, "scnn run");
  cJSON_Delete(root);
  if (wr) {
    /* The output is only delivered with its report: do not leave it alone. */
    unlink(out);
    goto done;
  }
  printf("%s: output %s, report %s%s\n", l->name, out, report,
         check ? (r.mismatches ? ", REFERENCE MISMATCH" : ", equals the dense reference") : "");
  if (check && r.mismatches) {
    fprintf(stderr, "scnn run: %s: %" PRIu64 " outputs differ from the dense reference\n", dir,
            r.mismatches);
    goto done;
  }
  rc = 0;
done:
  scnn_plan_free(p);
  scnn_tensor_free(&o);
  scnn_bundle_free(&b);
  free(def_out);
  free(def_rep);
  return rc;
}

static int run_net(const char *net, const char *layer, uint64_t seed, const char *report,
                   int check, int quiet, const run_exp *x) {
  scnn_net_opts no = {net,      layer,    seed,      check, quiet ? NULL : stdout,
                      x->worder, x->ideal, x->qdepth, x->overlap};
  scnn_net_layer *r = NULL;
  size_t n = 0;
  scnn_error err;
  const double t0 = now_s();
  if (scnn_run_net(&no, &r, &n, &err)) {
    fprintf(stderr, "scnn run: %s\n", err.msg);
    return 1;
  }
  const double wall = now_s() - t0;
  cli_table_head(stdout);
  uint64_t cyc = 0, dcnn = 0, prods = 0, bad = 0;
  double model_wall = 0;
  for (size_t i = 0; i < n; ++i) {
    cli_table_row(stdout, &r[i]);
    cyc += r[i].st.cycles;
    dcnn += r[i].st.dcnn_cycles;
    prods += r[i].st.products_nonzero;
    model_wall += r[i].wall_s;
    bad += r[i].mismatches;
  }
  const double sp = cyc ? (double)dcnn / (double)cyc : 0;
  const double paper = scnn_paper_speedup(net);
  printf("%s%s%s: SCNN %" PRIu64 " cycles, DCNN %" PRIu64 " cycles, speedup %.2fx", net,
         layer ? " " : "", layer ? layer : "", cyc, dcnn, sp);
  if (!layer && paper > 0)
    printf("   (paper's speedup for %s: %.2fx, docs/spec.md section 8 [S])", net, paper);
  printf("\n");
  printf("model: %" PRIu64 " simulated non-zero products in %.2f s wall (model %.2f s) = %.3g "
         "products/s\n",
         prods, wall, model_wall, model_wall > 0 ? (double)prods / model_wall : 0.0);
  if (check)
    printf("reference check: %zu layer(s), %" PRIu64 " mismatching outputs\n", n, bad);
  int rc = 0;
  if (report) {
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "net", net);
    if (layer) cJSON_AddStringToObject(root, "layer", layer);
    if (seed <= ((uint64_t)1 << 53)) {
      NUM(root, "seed", seed);
    } else { /* a JSON number (double) would round it: keep every digit */
      char sd[24];
      snprintf(sd, sizeof sd, "%" PRIu64, seed);
      cJSON_AddStringToObject(root, "seed", sd);
    }
    cJSON *arr = cJSON_AddArrayToObject(root, "layers");
    for (size_t i = 0; i < n; ++i) cJSON_AddItemToArray(arr, cli_layer_json(&r[i]));
    cJSON *t = cJSON_AddObjectToObject(root, "total");
    NUM(t, "cycles", cyc);
    NUM(t, "dcnn_cycles", dcnn);
    NUM(t, "speedup", sp);
    if (paper > 0) {
      NUM(t, "paper_speedup", paper);
      cJSON_AddStringToObject(t, "paper_speedup_source",
                              "docs/spec.md section 8, tag [S] (the paper's number, not ours)");
    }
    NUM(t, "products_nonzero", prods);
    NUM(t, "wall_s", wall);
    rc = cli_write_report(report, root, "scnn run");
    cJSON_Delete(root);
  }
  free(r);
  if (bad) {
    fprintf(stderr, "scnn run: %s: %" PRIu64 " outputs differ from the dense reference\n", net,
            bad);
    return 1;
  }
  return rc ? 1 : 0;
}

int cmd_run(int argc, char **argv) {
  const char *dir = NULL, *out = NULL, *report = NULL, *net = NULL, *layer = NULL;
  uint64_t seed = 1;
  int check = 0, quiet = 0;
  run_exp x = {SCNN_WEIGHT_ORDER, 0, -1, -1};
  for (int i = 1; i < argc; ++i) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      help(stdout);
      return 0;
    } else if (!strcmp(a, "--check")) {
      check = 1;
    } else if (!strcmp(a, "--quiet")) {
      quiet = 1;
    } else if (!strcmp(a, "--ideal-crossbar")) {
      x.ideal = 1;
    } else if (!strcmp(a, "--xbar-qdepth") && i + 1 < argc) {
      const char *v = argv[++i];
      char *end = NULL;
      const long q = strtol(v, &end, 10);
      if (!*v || *end || q < 0 || q > 64) {
        fprintf(stderr, "scnn run: --xbar-qdepth '%s' is not an integer 0..64\n", v);
        return 2;
      }
      x.qdepth = (int)q;
    } else if (!strcmp(a, "--halo-overlap") && i + 1 < argc) {
      const char *v = argv[++i];
      if (strcmp(v, "0") && strcmp(v, "1")) {
        fprintf(stderr, "scnn run: --halo-overlap '%s' is not 0 or 1\n", v);
        return 2;
      }
      x.overlap = v[0] - '0';
    } else if (!strcmp(a, "--weight-order") && i + 1 < argc) {
      const char *v = argv[++i];
      if (!strcmp(v, "krs") || !strcmp(v, "spec")) {
        x.worder = SCNN_WORDER_KRS;
      } else if (!strcmp(v, "rsk") || !strcmp(v, "k-fastest")) {
        x.worder = SCNN_WORDER_RSK;
      } else {
        fprintf(stderr, "scnn run: --weight-order '%s' is not krs or rsk\n", v);
        return 2;
      }
    } else if (a[0] == '-' && i + 1 < argc &&
               (!strcmp(a, "--out") || !strcmp(a, "--report") || !strcmp(a, "--net") ||
                !strcmp(a, "--layer") || !strcmp(a, "--seed"))) {
      const char *v = argv[++i];
      if (!strcmp(a, "--out")) out = v;
      else if (!strcmp(a, "--report")) report = v;
      else if (!strcmp(a, "--net")) net = v;
      else if (!strcmp(a, "--layer")) layer = v;
      else if (cli_parse_seed("run", v, &seed) != 0) return 2;
    } else if (a[0] != '-' && !dir) {
      dir = a;
    } else if (i + 1 == argc && (!strcmp(a, "--out") || !strcmp(a, "--report") ||
                                 !strcmp(a, "--net") || !strcmp(a, "--layer") ||
                                 !strcmp(a, "--seed") || !strcmp(a, "--weight-order") ||
                                 !strcmp(a, "--xbar-qdepth") || !strcmp(a, "--halo-overlap"))) {
      fprintf(stderr, "scnn run: %s needs a value (scnn run --help)\n", a);
      return 2;
    } else {
      fprintf(stderr, "scnn run: unexpected argument '%s' (scnn run --help)\n", a);
      return 2;
    }
  }
  if (!!dir == !!net) {
    fprintf(stderr, "scnn run: give either a bundle DIR or --net NET (scnn run --help)\n");
    return 2;
  }
  if (dir && layer) {
    fprintf(stderr, "scnn run: --layer needs --net (scnn run --help)\n");
    return 2;
  }
  if (net && out) {
    fprintf(stderr, "scnn run: --out is for bundle runs (scnn run --help)\n");
    return 2;
  }
  if (net && cli_is_netdir(net)) {
    if (layer) {
      fprintf(stderr, "scnn run: --layer is for catalog networks, not %s (scnn run --help)\n", net);
      return 2;
    }
    return run_imported(net, report, check, quiet, &x);
  }
  if (net && !scnn_catalog_count(net)) {
    fprintf(stderr, "scnn run: unknown network '%s' (alexnet, vgg16, googlenet, or a directory with network.json)\n", net);
    return 2;
  }
  return dir ? run_bundle(dir, out, report, check, quiet, &x)
             : run_net(net, layer, seed, report, check, quiet, &x);
}
