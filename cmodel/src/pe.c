/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* One PE running one job, cycle by cycle (docs/microarch.md section 4):
 * weight FIFO timing, (activation vector, weight vector) pairs, the F x I
 * products, output coordinates, the bank mapping, the crossbar arbitration with
 * the optional bank queues (XBAR_QDEPTH) and the accumulation in lane order. */
#include <stdlib.h>
#include <string.h>

#include "model_internal.h"
#include "scnn_numerics.h"

/* The hot loop uses >> on negative int32 (floor, as scnn_shifted_product):
 * GCC and Clang define it as an arithmetic shift. */
_Static_assert((-3 >> 1) == -2, "arithmetic right shift of negative values required");
/* A pair's products per bank (cnt[] below): bytes for the default F * I = 16 (the busiest-bank
 * reduction vectorises best), 16 bits for larger arrays (e.g. F = I = 16, make eval's 4-PE
 * study), where one bank can receive all F * I = 256 products. */
#if SCNN_MULTS <= 255
typedef uint8_t pe_bank_count;
#else
typedef uint16_t pe_bank_count;
#endif
_Static_assert(SCNN_MULTS <= 65535, "F * I products per pair must fit the bank counts");

void pe_ws_free(pe_ws *ws) {
  free(ws->axy);
  free(ws->aval);
  free(ws->wterm);
  free(ws->wval);
  free(ws->chend);
  free(ws->chpref);
  free(ws->avs);
  free(ws->wvs);
  memset(ws, 0, sizeof *ws);
}

static int ws_reserve(pe_ws *ws, size_t na, size_t nw, size_t nv, scnn_error *err) {
  if (na > ws->acap) {
    size_t n = na > 2 * ws->acap ? na : 2 * ws->acap;
    pe_axy *a = realloc(ws->axy, n * sizeof *a);
    if (a) ws->axy = a;
    int16_t *b = realloc(ws->aval, n * sizeof *b);
    if (b) ws->aval = b;
    if (!a || !b) goto oom;
    ws->acap = n;
  }
  if (na / SCNN_I + 2 > ws->avcap || nw / SCNN_F + 2 > ws->avcap) {
    size_t n = (na / SCNN_I > nw / SCNN_F ? na / SCNN_I : nw / SCNN_F) + 2;
    if (n < 2 * ws->avcap) n = 2 * ws->avcap;
    uint32_t *a = realloc(ws->avs, n * sizeof *a);
    if (a) ws->avs = a;
    uint32_t *b = realloc(ws->wvs, n * sizeof *b);
    if (b) ws->wvs = b;
    if (!a || !b) goto oom;
    ws->avcap = n;
  }
  if (nw > ws->wcap) {
    size_t n = nw > 2 * ws->wcap ? nw : 2 * ws->wcap;
    pe_wterm *a = realloc(ws->wterm, n * sizeof *a);
    if (a) ws->wterm = a;
    int16_t *b = realloc(ws->wval, n * sizeof *b);
    if (b) ws->wval = b;
    if (!a || !b) goto oom;
    ws->wcap = n;
  }
  if (nv > ws->vcap) {
    size_t n = nv > 2 * ws->vcap ? nv : 2 * ws->vcap;
    int64_t *a = realloc(ws->chend, n * sizeof *a);
    if (a) ws->chend = a;
    uint64_t *b = realloc(ws->chpref, n * sizeof *b);
    if (b) ws->chpref = b;
    if (!a || !b) goto oom;
    ws->vcap = n;
  }
  return 0;
oom:
  scnn_set_error(err, "PE job: out of memory");
  return -1;
}

int pe_run_job_ws(const scnn_pe_job *job, scnn_pe_result *res, pe_ws *ws, scnn_error *err) {
  memset(res, 0, sizeof *res);
  const int rw = job->rw, rh = job->rh, kg = job->kg, ps = job->prod_shift;
  if (rw < 0 || rh < 0 || kg < 0 || (int64_t)kg * rw * rh > SCNN_ACC_ENTRIES) {
    scnn_set_error(err, "PE job: region %dx%d x %d channels exceeds %d accumulator entries", rw,
                   rh, kg, SCNN_ACC_ENTRIES);
    return -1;
  }
  const int qd = job->xbar_qdepth;
  if (qd < 0 || qd > 64) {
    scnn_set_error(err, "PE job: bank queue depth %d out of range 0..64", qd);
    return -1;
  }
  if (job->wgt_order != SCNN_WORDER_KRS && job->wgt_order != SCNN_WORDER_RSK) {
    scnn_set_error(err, "PE job: unknown weight order %d", job->wgt_order);
    return -1;
  }
  if (ps < 0 || ps > SCNN_MAX_SHIFT_PROD) {
    scnn_set_error(err, "PE job: prod_shift %d out of range", ps);
    return -1;
  }
  if (job->nv < 0 || (job->nv > 0 && !job->v)) {
    scnn_set_error(err, "PE job: %d virtual channels without a channel array", job->nv);
    return -1;
  }
  const int LIM = 1 << 16; /* coordinates and pads: far beyond any plane, no int overflow */
  if (job->rx0 < -LIM || job->rx0 > LIM || job->ry0 < -LIM || job->ry0 > LIM) {
    scnn_set_error(err, "PE job: region origin (%d, %d) out of range", job->rx0, job->ry0);
    return -1;
  }
  for (int v = 0; v < job->nv; ++v) {
    const scnn_pe_vc *c = &job->v[v];
    if (c->w < 0 || c->h < 0 || c->w > SCNN_MAX_PLANE || c->h > SCNN_MAX_PLANE || c->rv < 0 ||
        c->sv < 0 || c->rv > SCNN_MAX_FILTER || c->sv > SCNN_MAX_FILTER || c->x0 < -LIM ||
        c->x0 > LIM || c->y0 < -LIM || c->y0 > LIM || c->pad_x < -LIM || c->pad_x > LIM ||
        c->pad_y < -LIM || c->pad_y > LIM || (c->nact && !c->act) || (c->nwgt && !c->wgt)) {
      scnn_set_error(err, "PE job: virtual channel %d has an out-of-range geometry or a missing "
                     "block", v);
      return -1;
    }
  }
  size_t maxa = 0, maxw = 0;
  for (int v = 0; v < job->nv; ++v) {
    if (job->v[v].nact > maxa) maxa = job->v[v].nact;
    if (job->v[v].nwgt > maxw) maxw = job->v[v].nwgt;
  }
  if (ws_reserve(ws, maxa + SCNN_I, maxw + SCNN_F, (size_t)job->nv + 1, err)) return -1;

  int32_t *acc = res->acc;
  uint64_t ovf = 0;
  int64_t prev_end = -1;   /* last issue cycle of the previous channel */
  int64_t last_push = -1;  /* cycle of the latest weight-vector push */
  uint64_t pushed = 0;     /* weight vectors pushed so far */
  int nch = 0, jstar = 0;  /* channels issued so far; first channel not known freed */
  uint64_t issue = 0, conflict = 0, pairs = 0, wait = 0, occ = 0, nz = 0, valid = 0, ph = 0;
  uint64_t areads = 0, wpush = 0, wreads = 0;
  const int rwh = rw * rh;
  /* microarch 4.3: bank-queue occupancy at the start of the next cycle after the last issued
   * pair (all 0 when the depth is 0), and the per-bank stall counts of this job. */
  uint8_t qocc[SCNN_A];
  uint32_t stall[SCNN_A];
  memset(qocc, 0, sizeof qocc);
  memset(stall, 0, sizeof stall);
  uint32_t qmax = 0;

  for (int vi = 0; vi < job->nv; ++vi) {
    const scnn_pe_vc *v = &job->v[vi];
    if (v->nact == 0 || v->nwgt == 0) continue; /* 4.1: skipped channels push nothing */
    if (v->w <= 0 || v->h <= 0 || v->rv <= 0 || v->sv <= 0) {
      scnn_set_error(err, "PE job: channel %d has a non-empty block but an empty geometry", vi);
      return -1;
    }
    /* Decode the weight block: lin offset of (k, r, s) and the two filter offsets. */
    const uint32_t rvsv = (uint32_t)(v->rv * v->sv), wn = (uint32_t)kg * rvsv;
    uint32_t pos = 0, nrw = 0;
    for (uint32_t e = 0; e < v->nwgt; ++e) {
      pos += v->wgt[e].run + (e ? 1u : 0u);
      if (pos >= wn || v->wgt[e].run > SCNN_RUN_MAX) {
        scnn_set_error(err, "PE job: weight entry %u of channel %d addresses position %u >= %u", e,
                       vi, pos, wn);
        return -1;
      }
      if (e % SCNN_F == 0) ws->wvs[e / SCNN_F] = nrw;
      if (v->wgt[e].value == 0) continue; /* placeholder: occupies a lane, adds nothing */
      int k, r, s;
      if (job->wgt_order == SCNN_WORDER_RSK) {
        const uint32_t rs = pos / (uint32_t)kg;
        k = (int)(pos % (uint32_t)kg);
        r = (int)(rs / (uint32_t)v->sv);
        s = (int)(rs % (uint32_t)v->sv);
      } else {
        k = (int)(pos / rvsv);
        r = (int)((pos / (uint32_t)v->sv) % (uint32_t)v->rv);
        s = (int)(pos % (uint32_t)v->sv);
      }
      ws->wterm[nrw].lin = k * rwh - r * rw - s;
      ws->wterm[nrw].r = r;
      ws->wterm[nrw].s = s;
      ws->wval[nrw] = v->wgt[e].value;
      ++nrw;
    }
    ws->wvs[(v->nwgt + SCNN_F - 1) / SCNN_F] = nrw;
    /* Decode the activation block. */
    const uint32_t an = (uint32_t)(v->w * v->h);
    uint32_t nra = 0;
    pos = 0;
    for (uint32_t e = 0; e < v->nact; ++e) {
      pos += v->act[e].run + (e ? 1u : 0u);
      if (pos >= an || v->act[e].run > SCNN_RUN_MAX) {
        scnn_set_error(err, "PE job: activation entry %u of channel %d addresses position %u >= %u",
                       e, vi, pos, an);
        return -1;
      }
      if (e % SCNN_I == 0) ws->avs[e / SCNN_I] = nra;
      if (v->act[e].value == 0) continue;
      const int x = v->x0 + (int)(pos % (uint32_t)v->w), y = v->y0 + (int)(pos / (uint32_t)v->w);
      ws->axy[nra].xl = x + v->pad_x - job->rx0;
      ws->axy[nra].yl = y + v->pad_y - job->ry0;
      ws->axy[nra].lin = ws->axy[nra].yl * rw + ws->axy[nra].xl;
      ws->aval[nra] = v->act[e].value;
      ++nra;
    }
    ws->avs[(v->nact + SCNN_I - 1) / SCNN_I] = nra;

    /* 4.4: weight FIFO. Vector u may be pushed once at least u - WFIFO_DEPTH + 1
     * vectors have been freed; channels free in order. */
    const uint32_t nwv = (v->nwgt + SCNN_F - 1) / SCNN_F;
    if (nwv > SCNN_WFIFO_DEPTH) {
      scnn_set_error(err, "PE job: channel %d has %u weight vectors, more than the FIFO's %d", vi,
                     nwv, SCNN_WFIFO_DEPTH);
      return -1;
    }
    for (uint32_t t = 0; t < nwv; ++t) {
      const uint64_t u = pushed + t;
      int64_t at = last_push + 1;
      if (u >= SCNN_WFIFO_DEPTH) {
        const uint64_t need = u - SCNN_WFIFO_DEPTH + 1;
        while (ws->chpref[jstar] < need) ++jstar; /* jstar < nch: see the contract */
        if (ws->chend[jstar] + 1 > at) at = ws->chend[jstar] + 1;
      }
      last_push = at;
    }
    pushed += nwv;
    wpush += v->nwgt;
    int64_t start = prev_end + 1;
    if (last_push + 1 > start) start = last_push + 1;
    wait += (uint64_t)(start - (prev_end + 1));
    if (qd && start > prev_end + 1) { /* idle cycles: every non-empty queue pops one per cycle */
      const int64_t gap = start - (prev_end + 1);
      for (int b = 0; b < SCNN_A; ++b) qocc[b] = (uint8_t)(qocc[b] > gap ? qocc[b] - gap : 0);
    }
    int64_t cyc = start;

    /* 4.1 / 4.2 / 4.3: the pairs. */
    areads += v->nact;
    for (uint32_t a0 = 0, av = 0; a0 < v->nact; a0 += SCNN_I, ++av) {
      const uint32_t ni = v->nact - a0 < SCNN_I ? v->nact - a0 : SCNN_I;
      const uint32_t ra0 = ws->avs[av], ran = ws->avs[av + 1] - ra0;
      const pe_axy *axy = ws->axy + ra0;
      const int16_t *aval = ws->aval + ra0;
      for (uint32_t w0 = 0, wv = 0; w0 < v->nwgt; w0 += SCNN_F, ++wv) {
        const uint32_t nf = v->nwgt - w0 < SCNN_F ? v->nwgt - w0 : SCNN_F;
        const uint32_t rw0 = ws->wvs[wv], rwn = ws->wvs[wv + 1] - rw0;
        occ += ni * nf;
        wreads += nf;
        nz += rwn * ran;
        ph += ni * nf - rwn * ran;
        /* Lanes in order f*I + i over the real entries (placeholder lanes add
         * nothing). Bank b's count is its number of products in this pair. */
        pe_bank_count cnt[SCNN_A];
        memset(cnt, 0, sizeof cnt);
        int n = 1;
        for (uint32_t f = 0; f < rwn; ++f) {
          const int32_t wval = ws->wval[rw0 + f];
          const pe_wterm wt = ws->wterm[rw0 + f];
          for (uint32_t i = 0; i < ran; ++i) {
            const int xl = axy[i].xl - wt.s, yl = axy[i].yl - wt.r;
            if (((unsigned)xl >= (unsigned)rw) | ((unsigned)yl >= (unsigned)rh)) continue;
            const uint32_t lin = (uint32_t)(wt.lin + axy[i].lin);
            ++cnt[scnn_bank_of(lin)];
            ++valid;
            /* scnn_shifted_product and scnn_acc_add, in 32-bit arithmetic: |t| <= 2^30 and
             * |acc| < 2^23, so the exact sum fits int32; it overflowed iff it differs
             * from its ACC_W-bit sign extension. */
            const int32_t t = (wval * (int32_t)aval[i]) >> ps;
            const int32_t sum = acc[lin] + t;
            const int32_t wrapped =
                (int32_t)((uint32_t)sum << (32 - SCNN_ACC_W)) >> (32 - SCNN_ACC_W);
            ovf += wrapped != sum;
            acc[lin] = wrapped;
          }
        }
        if (!qd) {
          for (int b = 0; b < SCNN_A; ++b) n = cnt[b] > n ? cnt[b] : n; /* vectorised */
          for (int b = 0; b < SCNN_A; ++b) stall[b] += cnt[b] ? cnt[b] - 1u : 0u;
        } else {
          /* Bank b takes min(remaining, qd + 1 - occ) products in the pair's first cycle and
           * then one per cycle, so it is done after max(1, cnt + occ - qd) cycles; it pops
           * one product in every cycle in which it holds one. */
          int m = 0;
          for (int b = 0; b < SCNN_A; ++b) m = cnt[b] + qocc[b] > m ? cnt[b] + qocc[b] : m;
          n = m - qd > 1 ? m - qd : 1;
          for (int b = 0; b < SCNN_A; ++b) {
            const int t = cnt[b] + qocc[b];
            stall[b] += cnt[b] && t - qd - 1 > 0 ? (uint32_t)(t - qd - 1) : 0u;
            qocc[b] = (uint8_t)(t > n ? t - n : 0);
            /* the occupancy peaks at the end of the pair's first cycle: min(qd, t - 1) */
            const int e = t - 1 < qd ? t - 1 : qd;
            if (e > (int)qmax) qmax = (uint32_t)e;
          }
        }
        if (job->xbar_ideal) n = 1;
        cyc += n;
        issue += (uint64_t)n;
        conflict += (uint64_t)(n - 1);
        ++pairs;
      }
    }
    prev_end = cyc - 1;
    ws->chend[nch] = prev_end;
    ws->chpref[nch] = pushed;
    ++nch;
  }
  /* microarch 4.5: after the last issue cycle the queues drain, one pop per bank per cycle */
  uint64_t tail = 0;
  for (int b = 0; b < SCNN_A; ++b) tail = qocc[b] > tail ? qocc[b] : tail;
  if (job->xbar_ideal) tail = 0;
  res->compute_cycles = pairs ? (uint64_t)(prev_end + 1) + tail + SCNN_PE_PIPE_DEPTH : 0;
  res->xbar_tail_cycles = tail;
  for (int b = 0; b < SCNN_A; ++b) res->bank_stall[b] = stall[b];
  res->queue_max = qmax;
  res->issue_cycles = issue;
  res->pairs = pairs;
  res->conflict_cycles = conflict;
  res->fifo_wait_cycles = wait;
  res->lanes_occupied = occ;
  res->products_nonzero = nz;
  res->products_valid = valid;
  res->products_placeholder = ph;
  res->overflow = ovf;
  res->act_reads = areads;
  res->wfifo_pushes = wpush;
  res->wfifo_reads = wreads;
  return 0;
}

int scnn_pe_run_job(const scnn_pe_job *job, scnn_pe_result *res, scnn_error *err) {
  pe_ws ws;
  memset(&ws, 0, sizeof ws);
  int rc = pe_run_job_ws(job, res, &ws, err);
  pe_ws_free(&ws);
  return rc;
}
