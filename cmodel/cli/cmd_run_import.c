/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* scnn run --net NETDIR: an imported network (tools/scnn-import, docs/onnx.md) chained on the
 * cycle-level model. Layer i > 0 gets the model's own output of layer i-1 after the network's
 * between-layer step (post_op below, the C twin of post_op() in tools/scnn_onnx.py); every
 * layer's input is compared with the bundle's input.npy and its output with expected.npy, both
 * written by the importer's NumPy integer reference. */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "cli_run.h"
#include "scnn_io.h"
#include "scnn_params.h"
#include "scnn_ref.h"

#define MAX_POOLS 4

typedef struct {
  char type; /* 'm' max, 'a' average */
  int k, s, pad;
} pool_spec;

typedef struct {
  char name[64], dir[128];
  int32_t *bias; /* K values or NULL (no bias) */
  int nbias;
  int relu_post;
  pool_spec pool[MAX_POOLS];
  int npool;
} step_spec;

static double now_s(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int cli_is_netdir(const char *path) {
  struct stat st;
  char p[4096];
  if (stat(path, &st) || !S_ISDIR(st.st_mode)) return 0;
  snprintf(p, sizeof p, "%s/network.json", path);
  return stat(p, &st) == 0;
}

static char *slurp(const char *path, scnn_error *err) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    scnn_set_error(err, "%s: cannot open", path);
    return NULL;
  }
  size_t cap = 1 << 16, n = 0;
  char *buf = malloc(cap);
  while (buf) {
    n += fread(buf + n, 1, cap - n - 1, f);
    if (n < cap - 1) break;
    if (cap > ((size_t)1 << 28)) {
      free(buf);
      buf = NULL;
      break;
    }
    char *nb = realloc(buf, cap *= 2);
    if (!nb) free(buf);
    buf = nb;
  }
  fclose(f);
  if (!buf) {
    scnn_set_error(err, "%s: too large or out of memory", path);
    return NULL;
  }
  buf[n] = 0;
  return buf;
}

static int get_int(const cJSON *o, const char *k, int lo, int hi, int *v, const char *what,
                   scnn_error *err) {
  const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, k);
  if (!cJSON_IsNumber(x) || x->valuedouble != (double)(int)x->valuedouble ||
      x->valuedouble < lo || x->valuedouble > hi) {
    scnn_set_error(err, "%s: '%s' must be an integer in [%d, %d]", what, k, lo, hi);
    return -1;
  }
  *v = (int)x->valuedouble;
  return 0;
}

/* network.json -> steps (malloc'd). */
static int read_network(const char *dir, step_spec **out, int *n, scnn_error *err) {
  char path[4096], what[4200];
  snprintf(path, sizeof path, "%s/network.json", dir);
  char *txt = slurp(path, err);
  if (!txt) return -1;
  cJSON *root = cJSON_Parse(txt);
  free(txt);
  int rc = -1;
  step_spec *s = NULL;
  const cJSON *fmt = root ? cJSON_GetObjectItemCaseSensitive(root, "format") : NULL;
  const cJSON *ls = root ? cJSON_GetObjectItemCaseSensitive(root, "layers") : NULL;
  if (!root) {
    scnn_set_error(err, "%s: malformed JSON", path);
    goto done;
  }
  if (!cJSON_IsString(fmt) || strcmp(fmt->valuestring, "scnn-net-1")) {
    scnn_set_error(err, "%s: \"format\" is not \"scnn-net-1\"", path);
    goto done;
  }
  if (!cJSON_IsArray(ls) || cJSON_GetArraySize(ls) < 1 || cJSON_GetArraySize(ls) > 4096) {
    scnn_set_error(err, "%s: \"layers\" must be a non-empty array", path);
    goto done;
  }
  *n = cJSON_GetArraySize(ls);
  s = calloc((size_t)*n, sizeof *s);
  if (!s) {
    scnn_set_error(err, "%s: out of memory", path);
    goto done;
  }
  int i = 0;
  const cJSON *l;
  cJSON_ArrayForEach(l, ls) {
    snprintf(what, sizeof what, "%s: layer %d", path, i);
    const cJSON *nm = cJSON_GetObjectItemCaseSensitive(l, "name");
    const cJSON *d = cJSON_GetObjectItemCaseSensitive(l, "dir");
    const cJSON *b = cJSON_GetObjectItemCaseSensitive(l, "bias");
    const cJSON *rp = cJSON_GetObjectItemCaseSensitive(l, "relu_post");
    const cJSON *pl = cJSON_GetObjectItemCaseSensitive(l, "pools");
    if (!cJSON_IsString(nm) || strlen(nm->valuestring) >= sizeof s[i].name ||
        !cJSON_IsString(d) || strlen(d->valuestring) >= sizeof s[i].dir ||
        strchr(d->valuestring, '/') || !strcmp(d->valuestring, "..") || !d->valuestring[0]) {
      scnn_set_error(err, "%s: needs \"name\" and \"dir\" (a sub-directory name)", what);
      goto done;
    }
    snprintf(s[i].name, sizeof s[i].name, "%s", nm->valuestring);
    snprintf(s[i].dir, sizeof s[i].dir, "%s", d->valuestring);
    if (!cJSON_IsBool(rp) || !cJSON_IsArray(b) || !cJSON_IsArray(pl) ||
        cJSON_GetArraySize(pl) > MAX_POOLS) {
      scnn_set_error(err, "%s (%s): needs \"bias\" (array), \"relu_post\" (bool), \"pools\" "
                     "(array of at most %d)", what, s[i].name, MAX_POOLS);
      goto done;
    }
    s[i].relu_post = cJSON_IsTrue(rp);
    s[i].nbias = cJSON_GetArraySize(b);
    if (s[i].nbias) {
      s[i].bias = malloc((size_t)s[i].nbias * sizeof *s[i].bias);
      if (!s[i].bias) {
        scnn_set_error(err, "%s: out of memory", what);
        goto done;
      }
      int j = 0;
      const cJSON *v;
      cJSON_ArrayForEach(v, b) {
        if (!cJSON_IsNumber(v) || v->valuedouble != (double)(int)v->valuedouble ||
            v->valuedouble < -SCNN_DATA_MAX - 1 || v->valuedouble > SCNN_DATA_MAX) {
          scnn_set_error(err, "%s (%s): bias[%d] is not a 16-bit integer", what, s[i].name, j);
          goto done;
        }
        s[i].bias[j++] = (int32_t)v->valuedouble;
      }
    }
    const cJSON *p;
    cJSON_ArrayForEach(p, pl) {
      pool_spec *q = &s[i].pool[s[i].npool++];
      const cJSON *t = cJSON_GetObjectItemCaseSensitive(p, "type");
      if (!cJSON_IsString(t) || (strcmp(t->valuestring, "max") && strcmp(t->valuestring, "avg"))) {
        scnn_set_error(err, "%s (%s): pool \"type\" must be \"max\" or \"avg\"", what, s[i].name);
        goto done;
      }
      q->type = t->valuestring[0] == 'm' ? 'm' : 'a';
      if (get_int(p, "k", 1, 64, &q->k, what, err) || get_int(p, "s", 1, 64, &q->s, what, err) ||
          get_int(p, "pad", 0, q->k - 1, &q->pad, what, err))
        goto done;
      if (q->type == 'a' && q->pad) {
        scnn_set_error(err, "%s (%s): an average pool has no padding", what, s[i].name);
        goto done;
      }
    }
    ++i;
  }
  rc = 0;
done:
  cJSON_Delete(root);
  if (rc && s) {
    for (int j = 0; j < *n; ++j) free(s[j].bias);
    free(s);
    s = NULL;
  }
  *out = s;
  return rc;
}

static int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/* The between-layer step of docs/onnx.md: saturate16(o + bias[k]), ReLU if relu_post, then the
 * pools in order (max: padding never wins; avg: floor((sum + n/2) / n), n = k*k). o is (K, H, W);
 * the result is allocated in *res. */
static int post_op(const scnn_tensor *o, const step_spec *sp, scnn_tensor *res,
                   scnn_error *err) {
  const int64_t K = o->dims[0];
  int64_t H = o->dims[1], W = o->dims[2];
  if (sp->nbias && sp->nbias != K) {
    scnn_set_error(err, "%s: %d bias values for %" PRId64 " output channels", sp->name,
                   sp->nbias, K);
    return -1;
  }
  int32_t *v = malloc((size_t)(K * H * W) * sizeof *v);
  if (!v) {
    scnn_set_error(err, "%s: out of memory", sp->name);
    return -1;
  }
  for (int64_t k = 0; k < K; ++k)
    for (int64_t i = 0; i < H * W; ++i) {
      int32_t x = o->data[k * H * W + i] + (sp->nbias ? sp->bias[k] : 0);
      x = x < -SCNN_DATA_MAX - 1 ? -SCNN_DATA_MAX - 1 : x > SCNN_DATA_MAX ? SCNN_DATA_MAX : x;
      if (sp->relu_post && x < 0) x = 0;
      v[k * H * W + i] = x;
    }
  for (int pi = 0; pi < sp->npool; ++pi) {
    const pool_spec *p = &sp->pool[pi];
    const int64_t Ho = (H + 2 * p->pad - p->k) / p->s + 1, Wo = (W + 2 * p->pad - p->k) / p->s + 1;
    if (H + 2 * p->pad < p->k || W + 2 * p->pad < p->k) {
      scnn_set_error(err, "%s: a %dx%d pool does not fit the %" PRId64 "x%" PRId64 " plane",
                     sp->name, p->k, p->k, H, W);
      free(v);
      return -1;
    }
    int32_t *nv = malloc((size_t)(K * Ho * Wo) * sizeof *nv);
    if (!nv) {
      free(v);
      scnn_set_error(err, "%s: out of memory", sp->name);
      return -1;
    }
    for (int64_t k = 0; k < K; ++k)
      for (int64_t y = 0; y < Ho; ++y)
        for (int64_t x = 0; x < Wo; ++x) {
          int64_t best = INT64_MIN, sum = 0;
          for (int r = 0; r < p->k; ++r)
            for (int c = 0; c < p->k; ++c) {
              const int64_t iy = y * p->s - p->pad + r, ix = x * p->s - p->pad + c;
              if (iy < 0 || iy >= H || ix < 0 || ix >= W) continue; /* max padding */
              const int64_t e = v[(k * H + iy) * W + ix];
              if (e > best) best = e;
              sum += e;
            }
          const int64_t n = (int64_t)p->k * p->k;
          nv[(k * Ho + y) * Wo + x] =
              (int32_t)(p->type == 'm' ? best : floor_div(sum + n / 2, n));
        }
    free(v);
    v = nv;
    H = Ho;
    W = Wo;
  }
  int64_t d[3] = {K, H, W};
  if (scnn_tensor_alloc(res, 3, d, err)) {
    free(v);
    return -1;
  }
  for (int64_t i = 0; i < K * H * W; ++i) res->data[i] = (int16_t)v[i];
  free(v);
  return 0;
}

static uint64_t differ(const int16_t *a, const int16_t *b, int64_t n) {
  uint64_t c = 0;
  for (int64_t i = 0; i < n; ++i) c += a[i] != b[i];
  return c;
}

int run_imported(const char *dir, const char *report, int check, int quiet, const run_exp *x) {
  scnn_error err;
  step_spec *sp = NULL;
  int n = 0;
  if (read_network(dir, &sp, &n, &err)) {
    fprintf(stderr, "scnn run: %s\n", err.msg);
    return 1;
  }
  scnn_net_layer *res = calloc((size_t)n, sizeof *res);
  uint64_t *in_diff = calloc((size_t)n, sizeof *in_diff), *out_diff = calloc((size_t)n, 8);
  int rc = 1, done_n = 0;
  scnn_tensor chained = {0}, o = {0};
  const double t_net = now_s();
  if (!res || !in_diff || !out_diff) {
    fprintf(stderr, "scnn run: out of memory\n");
    goto out;
  }
  for (int i = 0; i < n; ++i) {
    char bdir[4300], epath[4400];
    snprintf(bdir, sizeof bdir, "%s/%s", dir, sp[i].dir);
    scnn_bundle b;
    if (scnn_bundle_load(bdir, &b, &err)) {
      fprintf(stderr, "scnn run: %s\n", err.msg);
      goto out;
    }
    const scnn_layer *l = &b.layer;
    scnn_net_layer *r = &res[i];
    if (i > 0) {
      if (chained.dims[0] != l->C || chained.dims[1] != l->H || chained.dims[2] != l->W) {
        fprintf(stderr,
                "scnn run: %s: layer %s takes (%d, %d, %d), the output of %s after its step is "
                "(%" PRId64 ", %" PRId64 ", %" PRId64 ")\n",
                dir, sp[i].name, l->C, l->H, l->W, sp[i - 1].name, chained.dims[0],
                chained.dims[1], chained.dims[2]);
        scnn_bundle_free(&b);
        goto out;
      }
      in_diff[i] = differ(chained.data, b.input.data, scnn_tensor_numel(&b.input));
      memcpy(b.input.data, chained.data, (size_t)scnn_tensor_numel(&b.input) * 2);
      r->chained = 1;
    }
    int64_t od[3] = {l->K, scnn_layer_out_h(l), scnn_layer_out_w(l)};
    scnn_plan *p = NULL;
    const scnn_plan_opts po = scnn_plan_opts_of(x->worder, x->ideal, x->qdepth, x->overlap);
    const double t0 = now_s();
    scnn_tensor_free(&o);
    if (scnn_tensor_alloc(&o, 3, od, &err) ||
        scnn_plan_create_opts(l, b.input.data, b.weights.data, &po, &p, &err) ||
        (!quiet && (scnn_plan_print_kc(p, stdout), 0)) ||
        scnn_run(p, NULL, o.data, &r->st, NULL, NULL, &err)) {
      fprintf(stderr, "scnn run: %s: %s\n", bdir, err.msg);
      scnn_plan_free(p);
      scnn_bundle_free(&b);
      goto out;
    }
    r->wall_s = now_s() - t0;
    r->layer = *l;
    snprintf(r->layer.name, sizeof r->layer.name, "%s", sp[i].name);
    r->kc = scnn_plan_sublayer(p, 0)->kc;
    r->passes = scnn_plan_passes(p);
    scnn_plan_pass_grid(p, &r->pass_ny, &r->pass_nx);
    scnn_plan_free(p);
    if (sp[i].npool) {
      r->pool_k = sp[i].pool[0].k;
      r->pool_s = sp[i].pool[0].s;
    }
    r->st.in_numel = (uint64_t)scnn_tensor_numel(&b.input);
    r->st.w_numel = (uint64_t)scnn_tensor_numel(&b.weights);
    r->st.out_numel = (uint64_t)scnn_tensor_numel(&o);
    for (uint64_t j = 0; j < r->st.in_numel; ++j) r->st.in_nonzero += b.input.data[j] != 0;
    for (uint64_t j = 0; j < r->st.w_numel; ++j) r->st.w_nonzero += b.weights.data[j] != 0;
    for (uint64_t j = 0; j < r->st.out_numel; ++j) r->st.out_nonzero += o.data[j] != 0;
    if (check) {
      scnn_tensor ref;
      if (scnn_tensor_alloc(&ref, 3, od, &err)) {
        fprintf(stderr, "scnn run: %s: %s\n", bdir, err.msg);
        scnn_bundle_free(&b);
        goto out;
      }
      scnn_conv_ref(l, b.input.data, b.weights.data, ref.data, NULL);
      r->checked = 1;
      r->mismatches = differ(ref.data, o.data, scnn_tensor_numel(&o));
      scnn_tensor_free(&ref);
    }
    scnn_bundle_free(&b);
    snprintf(epath, sizeof epath, "%s/expected.npy", bdir);
    scnn_tensor e;
    if (scnn_npy_read(epath, &e, 3, od, &err)) {
      fprintf(stderr, "scnn run: %s\n", err.msg);
      goto out;
    }
    out_diff[i] = differ(e.data, o.data, scnn_tensor_numel(&o));
    scnn_tensor_free(&e);
    scnn_tensor_free(&chained);
    if (post_op(&o, &sp[i], &chained, &err)) {
      fprintf(stderr, "scnn run: %s: %s\n", dir, err.msg);
      goto out;
    }
    done_n = i + 1;
  }
  rc = 0;
out:;
  const double wall = now_s() - t_net;
  if (done_n) {
    cli_table_head(stdout);
    uint64_t cyc = 0, dcnn = 0, bad = 0, imp = 0;
    for (int i = 0; i < done_n; ++i) {
      cli_table_row(stdout, &res[i]);
      cyc += res[i].st.cycles;
      dcnn += res[i].st.dcnn_cycles;
      bad += res[i].mismatches;
      imp += in_diff[i] + out_diff[i];
    }
    printf("%s: %d conv layers chained%s: SCNN %" PRIu64 " cycles, DCNN %" PRIu64
           " cycles, speedup %.2fx, wall %.2f s\n",
           dir, done_n, done_n < n ? " (stopped early)" : "", cyc, dcnn,
           cyc ? (double)dcnn / (double)cyc : 0.0, wall);
    for (int i = 0; i < done_n; ++i)
      if (in_diff[i] || out_diff[i])
        printf("%s: %" PRIu64 " inputs and %" PRIu64 " outputs differ from the importer's integer "
               "reference\n", sp[i].name, in_diff[i], out_diff[i]);
    if (!imp && rc == 0)
      printf("importer reference: every layer's input and output equal it (%d layers)\n", done_n);
    if (check) printf("reference check: %d layer(s), %" PRIu64 " mismatching outputs\n", done_n, bad);
    if (imp || bad) {
      fprintf(stderr, "scnn run: %s: %" PRIu64 " values differ from the importer's reference, %"
              PRIu64 " from the dense reference\n", dir, imp, bad);
      rc = 1;
    }
    if (report && rc == 0) {
      cJSON *root = cJSON_CreateObject();
      cJSON_AddStringToObject(root, "netdir", dir);
      cJSON *arr = cJSON_AddArrayToObject(root, "layers");
      for (int i = 0; i < done_n; ++i) cJSON_AddItemToArray(arr, cli_layer_json(&res[i]));
      cJSON *t = cJSON_AddObjectToObject(root, "total");
      cJSON_AddNumberToObject(t, "cycles", (double)cyc);
      cJSON_AddNumberToObject(t, "dcnn_cycles", (double)dcnn);
      cJSON_AddNumberToObject(t, "speedup", cyc ? (double)dcnn / (double)cyc : 0);
      cJSON_AddNumberToObject(t, "wall_s", wall);
      if (cli_write_report(report, root, "scnn run")) rc = 1;
      cJSON_Delete(root);
    }
  }
  scnn_tensor_free(&chained);
  scnn_tensor_free(&o);
  for (int i = 0; i < n; ++i) free(sp[i].bias);
  free(sp);
  free(res);
  free(in_diff);
  free(out_diff);
  return rc;
}
