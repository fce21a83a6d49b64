/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* Strict int16 .npy reader/writer (docs/spec.md section 6) and atomic file writes.
 *
 * Accepted: magic "\x93NUMPY", format version 1.0, 2.0 or 3.0, a header that is
 * the Python dict literal {'descr': '<i2', 'fortran_order': False, 'shape': (...)}
 * (each key exactly once, any order, optional trailing comma, spaces and a
 * final newline), 1 to SCNN_MAX_DIMS dimensions, and a payload of exactly
 * numel * 2 bytes. Everything else is rejected with "<path>: <problem>". */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "scnn_io.h"

#define NPY_MAX_ELEMS SCNN_MAX_ELEMS
#define NPY_MAX_HEADER 65536

/* ---- atomic writes ------------------------------------------------------- */

/* Ctrl-C or a kill between mkstemp and rename/unlink would leave the
 * temporary file behind: SIGINT, SIGTERM and SIGHUP are held for that span and
 * delivered when it is over (the target path is never half-written either way). */
int scnn_write_file_atomic(const char *path, const void *data, size_t n, scnn_error *err) {
  size_t len = strlen(path);
  char *tmp = malloc(len + 16);
  if (!tmp) {
    scnn_set_error(err, "%s: out of memory", path);
    return -1;
  }
  snprintf(tmp, len + 16, "%s.tmp.XXXXXX", path);
  sigset_t hold, old;
  sigemptyset(&hold);
  sigaddset(&hold, SIGINT);
  sigaddset(&hold, SIGTERM);
  sigaddset(&hold, SIGHUP);
  const int held = pthread_sigmask(SIG_BLOCK, &hold, &old) == 0;
  int fd = mkstemp(tmp);
  if (fd < 0) {
    scnn_set_error(err, "%s: cannot create a temporary file: %s", path, strerror(errno));
    if (held) pthread_sigmask(SIG_SETMASK, &old, NULL);
    free(tmp);
    return -1;
  }
  const char *p = data;
  size_t left = n;
  int rc = 0;
  while (left > 0) {
    ssize_t w = write(fd, p, left);
    if (w < 0) {
      if (errno == EINTR) continue;
      rc = -1;
      break;
    }
    p += w;
    left -= (size_t)w;
  }
  int saved = errno;
  if (rc == 0 && fchmod(fd, 0644) != 0) rc = -1, saved = errno;
  if (close(fd) != 0 && rc == 0) rc = -1, saved = errno;
  if (rc == 0 && rename(tmp, path) != 0) rc = -1, saved = errno;
  if (rc != 0) {
    unlink(tmp);
    scnn_set_error(err, "%s: write failed: %s", path, strerror(saved));
  }
  if (held) pthread_sigmask(SIG_SETMASK, &old, NULL);
  free(tmp);
  return rc;
}

/* ---- header parser --------------------------------------------------------- */

typedef struct {
  const char *s, *end;
} cursor;

static void skip_ws(cursor *c) {
  while (c->s < c->end && (*c->s == ' ' || *c->s == '\t' || *c->s == '\n' || *c->s == '\r')) ++c->s;
}

static int accept(cursor *c, char ch) {
  skip_ws(c);
  if (c->s < c->end && *c->s == ch) {
    ++c->s;
    return 1;
  }
  return 0;
}

/* Python string literal in ' or " without escapes; copies into buf. */
static int parse_str(cursor *c, char *buf, size_t cap) {
  skip_ws(c);
  if (c->s >= c->end || (*c->s != '\'' && *c->s != '"')) return -1;
  char q = *c->s++;
  size_t n = 0;
  while (c->s < c->end && *c->s != q) {
    if (*c->s == '\\' || (unsigned char)*c->s < 0x20 || n + 1 >= cap) return -1;
    buf[n++] = *c->s++;
  }
  if (c->s >= c->end) return -1;
  ++c->s;
  buf[n] = 0;
  return 0;
}

static int parse_int(cursor *c, int64_t *v) {
  skip_ws(c);
  if (c->s >= c->end || *c->s < '0' || *c->s > '9') return -1;
  int64_t x = 0;
  while (c->s < c->end && *c->s >= '0' && *c->s <= '9') {
    if (x > ((int64_t)1 << 40)) return -2; /* absurd: stop before overflowing */
    x = x * 10 + (*c->s++ - '0');
  }
  /* Python 2 numpy wrote "3L"; accept that suffix. */
  if (c->s < c->end && *c->s == 'L') ++c->s;
  *v = x;
  return 0;
}

static int parse_word(cursor *c, const char *w) {
  skip_ws(c);
  size_t n = strlen(w);
  if ((size_t)(c->end - c->s) < n || memcmp(c->s, w, n) != 0) return -1;
  c->s += n;
  return 0;
}

typedef struct {
  char descr[32];
  int fortran;
  int ndim;
  int64_t dims[SCNN_MAX_DIMS];
} npy_header;

static int parse_header(const char *path, const char *h, size_t hlen, npy_header *out,
                        scnn_error *err) {
  cursor c = {h, h + hlen};
  int have_descr = 0, have_fo = 0, have_shape = 0;
  if (!accept(&c, '{')) goto bad;
  for (;;) {
    if (accept(&c, '}')) break;
    char key[32];
    if (parse_str(&c, key, sizeof key) != 0 || !accept(&c, ':')) goto bad;
    if (!strcmp(key, "descr")) {
      if (have_descr++) goto dup;
      if (parse_str(&c, out->descr, sizeof out->descr) != 0) {
        scnn_set_error(err, "%s: header: 'descr' is not a simple dtype string (structured dtype?)",
                       path);
        return -1;
      }
    } else if (!strcmp(key, "fortran_order")) {
      if (have_fo++) goto dup;
      if (parse_word(&c, "False") == 0)
        out->fortran = 0;
      else if (parse_word(&c, "True") == 0)
        out->fortran = 1;
      else
        goto bad;
    } else if (!strcmp(key, "shape")) {
      if (have_shape++) goto dup;
      if (!accept(&c, '(')) goto bad;
      out->ndim = 0;
      for (;;) {
        if (accept(&c, ')')) break;
        int64_t v;
        int r = parse_int(&c, &v);
        if (r == -2) {
          scnn_set_error(err, "%s: header: absurd dimension in 'shape'", path);
          return -1;
        }
        if (r != 0) goto bad;
        if (out->ndim >= SCNN_MAX_DIMS) {
          scnn_set_error(err, "%s: more than %d dimensions", path, SCNN_MAX_DIMS);
          return -1;
        }
        out->dims[out->ndim++] = v;
        if (accept(&c, ')')) break;
        if (!accept(&c, ',')) goto bad;
      }
    } else {
      scnn_set_error(err, "%s: header: unexpected key '%s'", path, key);
      return -1;
    }
    if (accept(&c, '}')) break;
    if (!accept(&c, ',')) goto bad;
  }
  skip_ws(&c);
  if (c.s != c.end) goto bad;
  if (!have_descr || !have_fo || !have_shape) {
    scnn_set_error(err, "%s: header: missing key '%s'", path,
                   !have_descr ? "descr" : !have_fo ? "fortran_order" : "shape");
    return -1;
  }
  return 0;
dup:
  scnn_set_error(err, "%s: header: duplicate key", path);
  return -1;
bad:
  scnn_set_error(err, "%s: header: malformed dictionary near offset %ld", path,
                 (long)(c.s - h));
  return -1;
}

static void fmt_shape(char *buf, size_t cap, int ndim, const int64_t *d) {
  size_t n = (size_t)snprintf(buf, cap, "(");
  for (int i = 0; i < ndim && n < cap; ++i) {
    if (d[i] < 0) /* "any" in an expected shape */
      n += (size_t)snprintf(buf + n, cap - n, i ? ", *" : "*");
    else
      n += (size_t)snprintf(buf + n, cap - n, i ? ", %lld" : "%lld", (long long)d[i]);
  }
  if (n < cap) snprintf(buf + n, cap - n, ndim == 1 ? ",)" : ")");
}

/* ---- reader ---------------------------------------------------------------- */

int scnn_npy_read(const char *path, scnn_tensor *t, int expect_ndim, const int64_t *expect_dims,
                  scnn_error *err) {
  memset(t, 0, sizeof *t);
  FILE *f = fopen(path, "rb");
  if (!f) {
    scnn_set_error(err, "%s: cannot open: %s", path, strerror(errno));
    return -1;
  }
  char *hdr = NULL;
  int rc = -1;
  struct stat st;
  if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
    scnn_set_error(err, "%s: not a regular file", path);
    goto out;
  }
  unsigned char pre[12];
  size_t got = fread(pre, 1, 10, f);
  if (got < 8 || memcmp(pre, "\x93NUMPY", 6) != 0) {
    scnn_set_error(err, "%s: not a .npy file (bad magic)", path);
    goto out;
  }
  int major = pre[6], minor = pre[7];
  size_t pre_len;
  uint32_t hlen;
  if (major == 1 && minor == 0) {
    if (got < 10) goto trunc_hdr;
    pre_len = 10;
    hlen = (uint32_t)pre[8] | (uint32_t)pre[9] << 8;
  } else if ((major == 2 || major == 3) && minor == 0) {
    if (got < 10 || fread(pre + 10, 1, 2, f) != 2) goto trunc_hdr;
    pre_len = 12;
    hlen = (uint32_t)pre[8] | (uint32_t)pre[9] << 8 | (uint32_t)pre[10] << 16 |
           (uint32_t)pre[11] << 24;
  } else {
    scnn_set_error(err, "%s: unsupported .npy format version %d.%d (1.0, 2.0, 3.0 accepted)", path,
                   major, minor);
    goto out;
  }
  if (hlen > NPY_MAX_HEADER) {
    scnn_set_error(err, "%s: header length %u is absurd", path, hlen);
    goto out;
  }
  if ((uint64_t)st.st_size < pre_len + hlen) goto trunc_hdr;
  hdr = malloc(hlen ? hlen : 1);
  if (!hdr || fread(hdr, 1, hlen, f) != hlen) goto trunc_hdr;
  for (uint32_t i = 0; i < hlen; ++i)
    if (hdr[i] == 0 || ((unsigned char)hdr[i] >= 0x80 && major < 3)) {
      scnn_set_error(err, "%s: header contains a non-ASCII byte at offset %u", path, i);
      goto out;
    }
  npy_header h;
  memset(&h, 0, sizeof h);
  if (parse_header(path, hdr, hlen, &h, err) != 0) goto out;
  if (strcmp(h.descr, "<i2") != 0) {
    if (!strcmp(h.descr, ">i2"))
      scnn_set_error(err, "%s: dtype '>i2' is big-endian int16; little-endian '<i2' required "
                          "(convert with .astype('<i2'))", path);
    else
      scnn_set_error(err, "%s: dtype '%s' is not int16 ('<i2')", path, h.descr);
    goto out;
  }
  if (h.fortran) {
    scnn_set_error(err, "%s: Fortran-order array; C order required (np.ascontiguousarray)", path);
    goto out;
  }
  char shp[128], want[128];
  fmt_shape(shp, sizeof shp, h.ndim, h.dims);
  if (h.ndim == 0) {
    scnn_set_error(err, "%s: 0-dimensional array; shape (...) with 1 to %d dimensions required",
                   path, SCNN_MAX_DIMS);
    goto out;
  }
  if (expect_ndim > 0 && h.ndim != expect_ndim) {
    scnn_set_error(err, "%s: shape %s has %d dimensions, %d expected", path, shp, h.ndim,
                   expect_ndim);
    goto out;
  }
  if (expect_dims) {
    int64_t wd[SCNN_MAX_DIMS];
    int bad = 0;
    for (int i = 0; i < h.ndim; ++i) {
      wd[i] = expect_dims[i];
      if (expect_dims[i] >= 0 && expect_dims[i] != h.dims[i]) bad = 1;
    }
    if (bad) {
      fmt_shape(want, sizeof want, h.ndim, wd);
      scnn_set_error(err, "%s: shape %s does not match the expected %s", path, shp,
                     want);
      goto out;
    }
  }
  int64_t n = 1;
  for (int i = 0; i < h.ndim; ++i) {
    if (h.dims[i] > NPY_MAX_ELEMS || (h.dims[i] && n > NPY_MAX_ELEMS / h.dims[i])) {
      scnn_set_error(err, "%s: shape %s is absurd (more than 2^31 elements)", path, shp);
      goto out;
    }
    n *= h.dims[i];
  }
  if (n > NPY_MAX_ELEMS) {
    scnn_set_error(err, "%s: shape %s is absurd (more than 2^31 elements)", path, shp);
    goto out;
  }
  uint64_t want_bytes = (uint64_t)n * 2u, have = (uint64_t)st.st_size - pre_len - hlen;
  if (have != want_bytes) {
    scnn_set_error(err, "%s: %s: payload is %llu bytes, shape %s needs %llu", path,
                   have < want_bytes ? "truncated" : "trailing bytes", (unsigned long long)have,
                   shp, (unsigned long long)want_bytes);
    goto out;
  }
  if (scnn_tensor_alloc(t, h.ndim, h.dims, err) != 0) {
    char m[sizeof err->msg];
    snprintf(m, sizeof m, "%s", err ? err->msg : "");
    scnn_set_error(err, "%s: %s", path, m);
    goto out;
  }
  unsigned char *raw = (unsigned char *)t->data;
  if (fread(raw, 1, (size_t)want_bytes, f) != (size_t)want_bytes) {
    scnn_set_error(err, "%s: read error (file changed while reading?)", path);
    scnn_tensor_free(t);
    goto out;
  }
  for (int64_t i = 0; i < n; ++i) /* little-endian bytes -> host int16 */
    t->data[i] = (int16_t)(uint16_t)((uint16_t)raw[2 * i] | (uint16_t)raw[2 * i + 1] << 8);
  rc = 0;
  goto out;
trunc_hdr:
  scnn_set_error(err, "%s: truncated .npy header", path);
out:
  free(hdr);
  fclose(f);
  return rc;
}

/* ---- writer ---------------------------------------------------------------- */

int scnn_npy_write(const char *path, const scnn_tensor *t, scnn_error *err) {
  if (t->ndim < 1 || t->ndim > SCNN_MAX_DIMS) {
    scnn_set_error(err, "%s: cannot write a tensor with %d dimensions", path, t->ndim);
    return -1;
  }
  char dict[256], shp[160];
  fmt_shape(shp, sizeof shp, t->ndim, t->dims);
  int dl = snprintf(dict, sizeof dict, "{'descr': '<i2', 'fortran_order': False, 'shape': %s, }",
                    shp);
  /* pad with spaces so that magic + header is a multiple of 64, ending in '\n' */
  size_t total = 10 + (size_t)dl + 1;
  size_t hlen = (size_t)dl + 1 + (64 - total % 64) % 64;
  int64_t n = scnn_tensor_numel(t);
  size_t bytes = 10 + hlen + (size_t)n * 2;
  unsigned char *buf = malloc(bytes);
  if (!buf) {
    scnn_set_error(err, "%s: out of memory", path);
    return -1;
  }
  memcpy(buf, "\x93NUMPY\x01\x00", 8);
  buf[8] = (unsigned char)(hlen & 0xff);
  buf[9] = (unsigned char)(hlen >> 8);
  memset(buf + 10, ' ', hlen);
  memcpy(buf + 10, dict, (size_t)dl);
  buf[10 + hlen - 1] = '\n';
  unsigned char *p = buf + 10 + hlen;
  for (int64_t i = 0; i < n; ++i) {
    uint16_t u = (uint16_t)t->data[i];
    p[2 * i] = (unsigned char)(u & 0xff);
    p[2 * i + 1] = (unsigned char)(u >> 8);
  }
  int rc = scnn_write_file_atomic(path, buf, bytes, err);
  free(buf);
  return rc;
}
