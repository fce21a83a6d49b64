/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Layer bundles (docs/spec.md section 6): layer.json (parsed with cJSON) plus
 * weights.npy and input.npy.
 *
 * layer.json rules (docs/data.md): a JSON object with all 13 keys of
 * docs/spec.md section 6, each exactly once; "name" a string of 1..63 printable ASCII
 * characters; the 11 integer keys JSON numbers with an integral value (3 and
 * 3.0 both read as 3; 3.5, "3", true are rejected); "relu" true/false or 0/1.
 * One extra key "source" (any value, ignored) may record where the bundle came
 * from; any other key is rejected, so that a misspelt key is not silently
 * ignored. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "scnn_io.h"

#define JSON_MAX_BYTES (1 << 20)

static const char *const INT_KEYS[] = {"C",      "H",   "W",      "K",          "R",        "S",
                                       "stride", "pad", "groups", "prod_shift", "out_shift"};
#define N_INT_KEYS (sizeof INT_KEYS / sizeof INT_KEYS[0])

static int *int_field(scnn_layer *l, size_t i) {
  int *f[N_INT_KEYS] = {&l->C,      &l->H,   &l->W,      &l->K,          &l->R,        &l->S,
                        &l->stride, &l->pad, &l->groups, &l->prod_shift, &l->out_shift};
  return f[i];
}

static int read_small_file(const char *path, char **buf, size_t *len, scnn_error *err) {
  FILE *f = fopen(path, "rb");
  if (!f) {
    scnn_set_error(err, "%s: cannot open: %s", path, strerror(errno));
    return -1;
  }
  struct stat st;
  if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
    scnn_set_error(err, "%s: not a regular file", path);
    fclose(f);
    return -1;
  }
  if (st.st_size > JSON_MAX_BYTES) {
    scnn_set_error(err, "%s: %lld bytes is absurd for a layer description", path,
                   (long long)st.st_size);
    fclose(f);
    return -1;
  }
  *buf = malloc((size_t)st.st_size + 1);
  if (!*buf) {
    fclose(f);
    scnn_set_error(err, "%s: out of memory", path);
    return -1;
  }
  *len = fread(*buf, 1, (size_t)st.st_size, f);
  (*buf)[*len] = 0;
  fclose(f);
  if (*len != (size_t)st.st_size) {
    free(*buf);
    scnn_set_error(err, "%s: read error", path);
    return -1;
  }
  return 0;
}

/* A key of the file, quotable in a one-line message: at most 40 characters, control and
 * non-ASCII bytes as \xNN, "..." if cut. */
static void printable_key(const char *k, char *buf, size_t cap) {
  size_t n = 0;
  for (size_t i = 0; k[i] && n + 8 < cap; ++i) {
    if (i == 40) {
      n += (size_t)snprintf(buf + n, cap - n, "...");
      break;
    }
    const unsigned char c = (unsigned char)k[i];
    if (c < 0x20 || c > 0x7e || c == '"' || c == '\\')
      n += (size_t)snprintf(buf + n, cap - n, "\\x%02x", c);
    else
      buf[n++] = (char)c;
  }
  buf[n] = 0;
}

static int line_of(const char *buf, const char *pos) {
  int line = 1;
  for (const char *p = buf; p < pos; ++p) line += *p == '\n';
  return line;
}

int scnn_layer_json_read(const char *path, scnn_layer *l, scnn_error *err) {
  memset(l, 0, sizeof *l);
  char *buf;
  size_t len;
  if (read_small_file(path, &buf, &len, err) != 0) return -1;
  int rc = -1;
  const char *end = NULL;
  cJSON *root = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
  if (!root) {
    const char *ep = cJSON_GetErrorPtr();
    if (strspn(buf, " \t\r\n") == len)
      scnn_set_error(err, "%s: empty file, a JSON object expected", path);
    else
      scnn_set_error(err, "%s: invalid JSON near line %d", path,
                     (ep && ep >= buf && ep <= buf + len) ? line_of(buf, ep) : 1);
    goto out;
  }
  if (end && (size_t)(end - buf) < len && strspn(end, " \t\r\n") != (size_t)(buf + len - end)) {
    scnn_set_error(err, "%s: trailing characters after the JSON object (line %d)", path,
                   line_of(buf, end));
    goto out;
  }
  if (!cJSON_IsObject(root)) {
    scnn_set_error(err, "%s: the top level is not a JSON object", path);
    goto out;
  }
  /* Every key known and present exactly once. */
  int seen[N_INT_KEYS + 3] = {0}; /* ints, name, relu, source */
  for (cJSON *it = root->child; it; it = it->next) {
    const char *k = it->string ? it->string : "";
    size_t idx = N_INT_KEYS + 3;
    for (size_t i = 0; i < N_INT_KEYS; ++i)
      if (!strcmp(k, INT_KEYS[i])) idx = i;
    if (!strcmp(k, "name")) idx = N_INT_KEYS;
    if (!strcmp(k, "relu")) idx = N_INT_KEYS + 1;
    if (!strcmp(k, "source")) idx = N_INT_KEYS + 2;
    if (idx == N_INT_KEYS + 3) {
      char pk[200];
      printable_key(k, pk, sizeof pk);
      scnn_set_error(err, "%s: unknown key \"%s\"", path, pk);
      goto out;
    }
    if (seen[idx]++) {
      scnn_set_error(err, "%s: key \"%s\" appears twice", path, k);
      goto out;
    }
  }
  const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
  if (!name) {
    scnn_set_error(err, "%s: missing key \"name\"", path);
    goto out;
  }
  if (!cJSON_IsString(name) || !name->valuestring) {
    scnn_set_error(err, "%s: \"name\" must be a string", path);
    goto out;
  }
  size_t nl = strlen(name->valuestring);
  if (nl == 0 || nl >= sizeof l->name) {
    scnn_set_error(err, "%s: \"name\" must have 1 to %zu characters", path, sizeof l->name - 1);
    goto out;
  }
  for (size_t i = 0; i < nl; ++i)
    if ((unsigned char)name->valuestring[i] < 0x20 || (unsigned char)name->valuestring[i] > 0x7e) {
      scnn_set_error(err, "%s: \"name\" must be printable ASCII", path);
      goto out;
    }
  memcpy(l->name, name->valuestring, nl + 1);
  for (size_t i = 0; i < N_INT_KEYS; ++i) {
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, INT_KEYS[i]);
    if (!v) {
      scnn_set_error(err, "%s: missing key \"%s\"", path, INT_KEYS[i]);
      goto out;
    }
    if (!cJSON_IsNumber(v)) {
      scnn_set_error(err, "%s: \"%s\" must be an integer, not %s", path, INT_KEYS[i],
                     cJSON_IsString(v) ? "a string" : cJSON_IsBool(v) ? "a boolean"
                     : cJSON_IsNull(v) ? "null" : "an array or object");
      goto out;
    }
    double d = v->valuedouble;
    if (!isfinite(d) || d != floor(d)) {
      scnn_set_error(err, "%s: \"%s\" = %g is not an integer", path, INT_KEYS[i], d);
      goto out;
    }
    if (d < INT_MIN || d > INT_MAX) {
      scnn_set_error(err, "%s: \"%s\" = %g is out of range", path, INT_KEYS[i], d);
      goto out;
    }
    *int_field(l, i) = (int)d;
  }
  const cJSON *relu = cJSON_GetObjectItemCaseSensitive(root, "relu");
  if (!relu) {
    scnn_set_error(err, "%s: missing key \"relu\"", path);
    goto out;
  }
  if (cJSON_IsBool(relu))
    l->relu = cJSON_IsTrue(relu) ? 1 : 0;
  else if (cJSON_IsNumber(relu) && (relu->valuedouble == 0 || relu->valuedouble == 1))
    l->relu = (int)relu->valuedouble;
  else {
    scnn_set_error(err, "%s: \"relu\" must be true, false, 0 or 1", path);
    goto out;
  }
  rc = scnn_layer_validate(l, path, err);
out:
  cJSON_Delete(root);
  free(buf);
  return rc;
}

int scnn_layer_json_write(const char *path, const scnn_layer *l, scnn_error *err) {
  if (scnn_layer_validate(l, path, err) != 0) return -1;
  cJSON *o = cJSON_CreateObject();
  int ok = o && cJSON_AddStringToObject(o, "name", l->name);
  scnn_layer tmp = *l;
  for (size_t i = 0; ok && i < N_INT_KEYS; ++i)
    ok = cJSON_AddNumberToObject(o, INT_KEYS[i], *int_field(&tmp, i)) != NULL;
  ok = ok && cJSON_AddBoolToObject(o, "relu", l->relu != 0);
  char *s = ok ? cJSON_Print(o) : NULL;
  cJSON_Delete(o);
  if (!s) {
    scnn_set_error(err, "%s: out of memory", path);
    return -1;
  }
  size_t n = strlen(s);
  char *t = malloc(n + 2);
  int rc = -1;
  if (t) {
    memcpy(t, s, n);
    t[n] = '\n';
    rc = scnn_write_file_atomic(path, t, n + 1, err);
  } else {
    scnn_set_error(err, "%s: out of memory", path);
  }
  free(t);
  cJSON_free(s);
  return rc;
}

/* ---- bundles ------------------------------------------------------------------ */

static char *join(const char *dir, const char *file) {
  size_t n = strlen(dir) + strlen(file) + 2;
  char *p = malloc(n);
  if (p) snprintf(p, n, "%s/%s", dir, file);
  return p;
}

void scnn_bundle_free(scnn_bundle *b) {
  if (!b) return;
  scnn_tensor_free(&b->weights);
  scnn_tensor_free(&b->input);
}

int scnn_bundle_load(const char *dir, scnn_bundle *b, scnn_error *err) {
  memset(b, 0, sizeof *b);
  char *pj = join(dir, "layer.json"), *pw = join(dir, "weights.npy"), *pi = join(dir, "input.npy");
  int rc = -1;
  if (!pj || !pw || !pi) {
    scnn_set_error(err, "%s: out of memory", dir);
    goto out;
  }
  struct stat st;
  if (stat(dir, &st) != 0) {
    scnn_set_error(err, "%s: not a bundle directory (%s)", dir, strerror(errno));
    goto out;
  }
  if (!S_ISDIR(st.st_mode)) {
    scnn_set_error(err, "%s: not a bundle directory (not a directory)", dir);
    goto out;
  }
  if (scnn_layer_json_read(pj, &b->layer, err) != 0) goto out;
  const scnn_layer *l = &b->layer;
  int64_t wd[4] = {l->K, l->C / l->groups, l->R, l->S};
  int64_t id[3] = {l->C, l->H, l->W};
  if (scnn_npy_read(pw, &b->weights, 4, wd, err) != 0) goto out;
  if (scnn_npy_read(pi, &b->input, 3, id, err) != 0) goto out;
  rc = 0;
out:
  if (rc != 0) scnn_bundle_free(b);
  free(pj);
  free(pw);
  free(pi);
  return rc;
}

/* mkdir -p */
static int make_dirs(const char *dir, scnn_error *err) {
  size_t n = strlen(dir);
  char *p = malloc(n + 1);
  if (!p) {
    scnn_set_error(err, "%s: out of memory", dir);
    return -1;
  }
  memcpy(p, dir, n + 1);
  for (size_t i = 1; i <= n; ++i) {
    if (p[i] != '/' && p[i] != 0) continue;
    char c = p[i];
    p[i] = 0;
    if (mkdir(p, 0755) != 0 && errno != EEXIST) {
      scnn_set_error(err, "%s: cannot create directory: %s", p, strerror(errno));
      free(p);
      return -1;
    }
    p[i] = c;
  }
  free(p);
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
    scnn_set_error(err, "%s: exists and is not a directory", dir);
    return -1;
  }
  return 0;
}

int scnn_bundle_save(const char *dir, const scnn_bundle *b, scnn_error *err) {
  const scnn_layer *l = &b->layer;
  if (scnn_layer_validate(l, dir, err) != 0) return -1;
  int64_t wd[4] = {l->K, l->C / l->groups, l->R, l->S};
  int64_t id[3] = {l->C, l->H, l->W};
  if (b->weights.ndim != 4 || memcmp(b->weights.dims, wd, sizeof wd) != 0 ||
      b->input.ndim != 3 || memcmp(b->input.dims, id, sizeof id) != 0) {
    scnn_set_error(err, "%s: bundle tensors do not match the layer's shapes", dir);
    return -1;
  }
  if (make_dirs(dir, err) != 0) return -1;
  char *pj = join(dir, "layer.json"), *pw = join(dir, "weights.npy"), *pi = join(dir, "input.npy"),
       *po = join(dir, "output.npy"), *pr = join(dir, "report.json");
  int rc = -1;
  if (!pj || !pw || !pi || !po || !pr) {
    scnn_set_error(err, "%s: out of memory", dir);
    goto out;
  }
  /* A stale output.npy or report.json (scnn ref / scnn run) of an earlier
   * bundle in this directory would no longer belong to the new data: remove
   * them first. layer.json goes first and comes back last, so that a failure
   * half-way leaves no loadable mix of old and new files. */
  if ((unlink(po) != 0 && errno != ENOENT) || (unlink(pr) != 0 && errno != ENOENT) ||
      (unlink(pj) != 0 && errno != ENOENT)) {
    scnn_set_error(err, "%s: cannot remove the old files: %s", dir, strerror(errno));
    goto out;
  }
  if (scnn_npy_write(pw, &b->weights, err) != 0 || scnn_npy_write(pi, &b->input, err) != 0 ||
      scnn_layer_json_write(pj, l, err) != 0)
    goto out;
  rc = 0;
out:
  free(pj);
  free(pw);
  free(pi);
  free(po);
  free(pr);
  return rc;
}
