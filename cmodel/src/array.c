/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
/* The 8x8 array (docs/microarch.md sections 5-7): every job on every PE, the
 * barrier, the halo exchange, the drain through the PPU, the double-buffer
 * schedule, DRAM traffic, statistics and the DCNN baseline. */
#include <stdlib.h>
#include <string.h>

#include "model_internal.h"
#include "scnn_numerics.h"

/* Scratch reused across the jobs of a run. */
typedef struct {
  pe_ws ws;
  scnn_pe_vc *vbuf;
  int vcap;
  scnn_halo_word *hq; /* the send queues of a job, sender-major */
  size_t halo_cap, out_cap;
  int16_t *vals; /* one own tile, for the encoder */
  size_t vals_cap;
} array_ws;

static void array_ws_free(array_ws *a) {
  pe_ws_free(&a->ws);
  free(a->vbuf);
  free(a->hq);
  free(a->vals);
  memset(a, 0, sizeof *a);
}

void scnn_job_obs_free(scnn_job_obs *obs) {
  if (!obs) return;
  free(obs->halo);
  free(obs->out_off);
  free(obs->out_cnt);
  free(obs->out_entries);
  obs->halo = NULL;
  obs->out_off = NULL;
  obs->out_cnt = NULL;
  obs->out_entries = NULL;
}

static int owner_of(const scnn_sublayer *s, int xo, int yo) {
  return (yo / s->Hto) * SCNN_PE_COLS + xo / s->Wto;
}

#if SCNN_HALO_RX_LAT < 1
#error "HALO_RX_LAT must be >= 1: a grant cannot block a request of its own cycle"
#endif

/* The halo exchange protocol (docs/microarch.md 5.2). q holds every PE's send
 * queue, PE s's words at q[qbeg[s] .. qbeg[s+1]) in its lin order. In halo
 * cycle u (0-based) every PE s with a non-empty queue requests the receiver
 * d = dst_pe of its head, unless s is blocked: s was granted as a receiver, in
 * cycle u - HALO_RX_LAT, a word whose bank_of(dst_lin) equals bank_of(src_lin
 * of s's head) (the receiver's accumulator read of that word happens in cycle u
 * and shares the bank's single read port with s's own send read). Every
 * receiver grants its lowest-index requester; a granted head is popped and
 * added into the receiver's cell (scnn_acc_add, overflow counted into
 * halo_overflow). obs->halo receives the words in grant order, i.e. sorted by
 * (grant cycle, receiver index), with the grant cycle in .cycle.
 *
 * Progress: if no word is granted in cycle u - HALO_RX_LAT, no PE is blocked in
 * cycle u, so every non-empty queue requests, and each requested receiver
 * grants one word in cycle u. Hence of any HALO_RX_LAT + 1 consecutive cycles at
 * least one has a grant, and with n words the last grant is before cycle
 * n * (HALO_RX_LAT + 1). The loop is guarded by n * (HALO_RX_LAT + 2) + 16
 * cycles (n*4 + 16 for HALO_RX_LAT = 2), which cannot be reached; reaching it
 * is a model bug, reported as an error.
 *
 * Cost: O(PE_COUNT) per cycle for the requests (each sender looks at its head
 * only, each receiver keeps its lowest requester) and O(PE_COUNT) for the grants.
 * Sets obs->halo, obs->halo_cycles and the receivers' accumulators. Returns 0,
 * or -1 if the guard trips. */
static int halo_exchange(scnn_job_obs *obs, const scnn_halo_word *q, const size_t *qbeg, size_t n) {
  enum { RING = SCNN_HALO_RX_LAT + 1 };
  size_t head[SCNN_PE_COUNT];
  /* rx_bank[u % RING][pe]: bank of the word PE pe was granted as receiver in
   * cycle u, or -1 */
  int rx_bank[RING][SCNN_PE_COUNT];
  int grant_to[SCNN_PE_COUNT]; /* [receiver] lowest requesting sender, or -1 */
  for (int pe = 0; pe < SCNN_PE_COUNT; ++pe) head[pe] = qbeg[pe];
  for (int r = 0; r < RING; ++r)
    for (int pe = 0; pe < SCNN_PE_COUNT; ++pe) rx_bank[r][pe] = -1;
  if (n == 0) {
    obs->halo_cycles = SCNN_HALO_EMPTY;
    return 0;
  }
  const uint64_t guard = (uint64_t)n * (SCNN_HALO_RX_LAT + 2) + 16;
  size_t out = 0;
  uint64_t u = 0;
  for (;; ++u) {
    if (u >= guard) return -1;
    /* rx_bank[(u - HALO_RX_LAT) % RING] = rx_bank[(u + 1) % RING] (stale
     * entries of cycles < 0 are -1) */
    const int *blk = rx_bank[(u + 1) % RING];
    for (int d = 0; d < SCNN_PE_COUNT; ++d) grant_to[d] = -1;
    for (int pe = 0; pe < SCNN_PE_COUNT; ++pe) {
      if (head[pe] == qbeg[pe + 1]) continue;
      const scnn_halo_word *w = &q[head[pe]];
      if (blk[pe] >= 0 && (uint32_t)blk[pe] == scnn_bank_of(w->src_lin)) continue;
      if (grant_to[w->dst_pe] < 0) grant_to[w->dst_pe] = pe; /* pe ascends: lowest wins */
    }
    int *now = rx_bank[u % RING];
    for (int d = 0; d < SCNN_PE_COUNT; ++d) {
      now[d] = -1;
      const int sdr = grant_to[d];
      if (sdr < 0) continue;
      scnn_halo_word *w = &obs->halo[out++];
      *w = q[head[sdr]++];
      w->cycle = (uint32_t)u;
      now[d] = (int)scnn_bank_of(w->dst_lin);
      int32_t *c = &obs->pe[d].acc[w->dst_lin];
      *c = scnn_acc_add(*c, w->value, &obs->halo_overflow[d]);
    }
    if (out == n) break;
  }
  obs->halo_cycles = u + 1 + SCNN_HALO_TAIL;
  return 0;
}

/* Runs job j: compute on every PE, halo exchange, drain. If out is not NULL the
 * drained values are written into the layer's output (K, Ho, Wo). */
static int job_exec(const scnn_plan *p, int j, scnn_job_obs *obs, array_ws *a, int16_t *out,
                    scnn_error *err) {
  const scnn_job_info *ji = &p->jobs[j];
  const scnn_sublayer *s = &p->sub[ji->sub];
  const int kg = ji->kg;
  obs->job = j;
  obs->kg = kg;
  if (a->vcap < s->nv) {
    scnn_pe_vc *v = realloc(a->vbuf, ((size_t)s->nv + 1) * sizeof *v);
    if (!v) goto oom;
    a->vbuf = v;
    a->vcap = s->nv;
  }
  /* 1. compute */
  obs->compute_max = 0;
  size_t nhalo = 0, nown = 0, maxown = 1;
  for (int pe = 0; pe < SCNN_PE_COUNT; ++pe) {
    scnn_pe_job job;
    scnn_plan_pe_job(p, j, pe, &job, a->vbuf, a->vcap);
    if (pe_run_job_ws(&job, &obs->pe[pe], &a->ws, err)) return -1;
    if (obs->pe[pe].compute_cycles > obs->compute_max) obs->compute_max = obs->pe[pe].compute_cycles;
    const size_t own = (size_t)s->own[pe].w * s->own[pe].h;
    nhalo += (size_t)kg * ((size_t)s->region[pe].w * s->region[pe].h - own);
    nown += (size_t)kg * own;
    if (own > maxown) maxown = own;
  }
  /* 2. halo exchange (microarch 5.2): the send queues are built in sender order
   * then the sender's lin order (a->hq); the protocol below pops them into
   * obs->halo in grant order. */
  if (nhalo > a->halo_cap || !obs->halo || !a->hq) {
    scnn_halo_word *h = realloc(obs->halo, (nhalo + 1) * sizeof *h);
    if (!h) goto oom;
    obs->halo = h;
    scnn_halo_word *q = realloc(a->hq, (nhalo + 1) * sizeof *q);
    if (!q) goto oom;
    a->hq = q;
    a->halo_cap = nhalo;
  }
  memset(obs->halo_sent, 0, sizeof obs->halo_sent);
  memset(obs->halo_recv, 0, sizeof obs->halo_recv);
  memset(obs->halo_overflow, 0, sizeof obs->halo_overflow);
  size_t qbeg[SCNN_PE_COUNT + 1];
  size_t h = 0;
  for (int pe = 0; pe < SCNN_PE_COUNT; ++pe) {
    const scnn_rect *r = &s->region[pe], *o = &s->own[pe];
    qbeg[pe] = h;
    for (int k = 0; k < kg; ++k)
      for (int y = 0; y < r->h; ++y)
        for (int x = 0; x < r->w; ++x) {
          const int xo = r->x0 + x, yo = r->y0 + y;
          if (xo >= o->x0 && xo < o->x0 + o->w && yo >= o->y0 && yo < o->y0 + o->h) continue;
          const int d = owner_of(s, xo, yo);
          const scnn_rect *rd = &s->region[d];
          scnn_halo_word *hw = &a->hq[h++];
          hw->src_pe = pe;
          hw->src_lin = (uint32_t)((k * r->h + y) * r->w + x);
          hw->dst_pe = d;
          hw->dst_lin = (uint32_t)((k * rd->h + (yo - rd->y0)) * rd->w + (xo - rd->x0));
          hw->value = obs->pe[pe].acc[hw->src_lin];
          hw->cycle = 0;
          ++obs->halo_sent[pe];
          ++obs->halo_recv[d];
        }
  }
  qbeg[SCNN_PE_COUNT] = h;
  obs->nhalo = h;
  if (halo_exchange(obs, a->hq, qbeg, h)) {
    scnn_set_error(err, "layer '%s': job %d: halo exchange did not finish (model bug)",
                   p->l.name, j);
    return -1;
  }
  obs->done_max = 0;
  obs->drain_cycles = 0;
  for (int pe = 0; pe < SCNN_PE_COUNT; ++pe) {
    const uint64_t c = obs->pe[pe].compute_cycles;
    const uint64_t done = c ? c + SCNN_PE_DONE_LAT : SCNN_PE_EMPTY_DONE;
    if (done > obs->done_max) obs->done_max = done;
    const uint64_t d =
        ((uint64_t)kg * s->own[pe].w * s->own[pe].h + SCNN_PPU_RATE - 1) / SCNN_PPU_RATE;
    if (d > obs->drain_cycles) obs->drain_cycles = d;
  }
  /* 3. drain: requantise, ReLU, compress each channel's own tile */
  if (nown + 1 > a->out_cap || !obs->out_entries) {
    scnn_entry *e = realloc(obs->out_entries, (nown + 1) * sizeof *e);
    if (!e) goto oom;
    obs->out_entries = e;
    a->out_cap = nown + 1;
  }
  {
    uint64_t *oo = realloc(obs->out_off, ((size_t)SCNN_PE_COUNT * kg + 1) * sizeof *oo);
    if (oo) obs->out_off = oo;
    uint32_t *oc = realloc(obs->out_cnt, ((size_t)SCNN_PE_COUNT * kg + 1) * sizeof *oc);
    if (oc) obs->out_cnt = oc;
    if (!oo || !oc) goto oom;
  }
  if (maxown > a->vals_cap) {
    int16_t *v = realloc(a->vals, maxown * sizeof *v);
    if (!v) goto oom;
    a->vals = v;
    a->vals_cap = maxown;
  }
  const scnn_layer *l = &p->l;
  size_t e = 0;
  for (int pe = 0; pe < SCNN_PE_COUNT; ++pe) {
    const scnn_rect *r = &s->region[pe], *o = &s->own[pe];
    for (int k = 0; k < kg; ++k) {
      size_t n = 0;
      for (int y = 0; y < o->h; ++y)
        for (int x = 0; x < o->w; ++x) {
          const int xo = o->x0 + x, yo = o->y0 + y;
          const uint32_t lin = (uint32_t)((k * r->h + (yo - r->y0)) * r->w + (xo - r->x0));
          const int16_t v = scnn_requantise(obs->pe[pe].acc[lin], l->out_shift, l->relu);
          a->vals[n++] = v;
          if (out)
            out[((int64_t)(s->k0 + ji->kl0 + k) * p->Ho + s->oy0 + yo) * p->Wo + s->ox0 + xo] = v;
        }
      const size_t c = scnn_encode(a->vals, n, obs->out_entries + e, a->out_cap - e);
      obs->out_off[pe * kg + k] = e;
      obs->out_cnt[pe * kg + k] = (uint32_t)c;
      e += c;
    }
  }
  return 0;
oom:
  scnn_set_error(err, "layer '%s': out of memory in job %d", p->l.name, j);
  return -1;
}

int scnn_job_observe(const scnn_plan *p, int j, scnn_job_obs *obs, scnn_error *err) {
  memset(obs, 0, sizeof *obs);
  if (j < 0 || j >= p->njobs) {
    scnn_set_error(err, "layer '%s': no job %d (the plan has %d)", p->l.name, j, p->njobs);
    return -1;
  }
  array_ws a;
  memset(&a, 0, sizeof a);
  int rc = job_exec(p, j, obs, &a, NULL, err);
  array_ws_free(&a);
  if (rc) scnn_job_obs_free(obs);
  return rc;
}

static uint64_t entry_bytes(uint64_t entries) {
  return (entries * SCNN_ENT_W + 7) / 8;
}

/* microarch section 6 */
static uint64_t dcnn_job(const scnn_sublayer *s, int kg) {
  uint64_t worst = 0;
  for (int pe = 0; pe < SCNN_PE_COUNT; ++pe) {
    uint64_t c = 0;
    for (int vi = 0; vi < s->nv; ++vi) {
      const scnn_vc *v = &s->vc[vi];
      const scnn_rect *t = &s->tile[(v->phy * s->stride + v->phx) * SCNN_PE_COUNT + pe];
      const uint64_t na = (uint64_t)t->w * t->h;
      if (!na) continue;
      c += (na + SCNN_I - 1) / SCNN_I * (((uint64_t)kg * v->rv * v->sv + SCNN_F - 1) / SCNN_F);
    }
    if (c > worst) worst = c;
  }
  return worst;
}

int scnn_run(const scnn_plan *p, const scnn_run_opts *opts, int16_t *out, scnn_stats *st,
             scnn_job_hook hook, void *hook_ctx, scnn_error *err) {
  const scnn_layer *l = &p->l;
  scnn_stats S;
  memset(&S, 0, sizeof S);
  const int input_in_dram = opts ? opts->input_in_dram : 1;
  scnn_job_obs *obs = calloc(1, sizeof *obs);
  if (!obs) {
    scnn_set_error(err, "layer '%s': out of memory", l->name);
    return -1;
  }
  array_ws a;
  memset(&a, 0, sizeof a);
  uint64_t *oaram = calloc((size_t)SCNN_PE_COUNT * (p->nsub + 1), sizeof *oaram);
  if (!oaram) {
    free(obs);
    scnn_set_error(err, "layer '%s': out of memory", l->name);
    return -1;
  }
  const uint64_t lanes = (uint64_t)SCNN_PE_COUNT * SCNN_MULTS;
  /* Schedule (microarch 5.4, and 5.6 with HALO_OVERLAP): S_j start, B_j barrier,
   * HS_j halo start, E_j = HS_j + H_j halo end, DS_j drain start,
   * drain_end_j = DS_j + D_j + DRAIN_LAT. Without overlap HS_j = B_j and DS_j = S_{j+1}. */
  const int ovl = p->halo_overlap;
  uint64_t start = 0, prev_drain = 0, out_entries = 0;
  uint64_t prev_ds = 0, prev_hs = 0, prev_hend = 0, prev_dend = 0; /* DS, HS, E, drain_end of j-1 */
  int rc = 0;
  for (int j = 0; j < p->njobs; ++j) {
    if ((rc = job_exec(p, j, obs, &a, out, err))) break;
    const scnn_job_info *ji = &p->jobs[j];
    const scnn_sublayer *s = &p->sub[ji->sub];
    const uint64_t clear = (uint64_t)SCNN_BANK_DEPTH + SCNN_JOB_START_LAT;
    const uint64_t barrier = start + clear + obs->done_max + SCNN_BARRIER_LAT;
    /* the halo network is free once job j-1's exchange is over (always so without overlap) */
    const uint64_t hs = j && prev_hend > barrier ? prev_hend : barrier;
    const uint64_t hend = hs + obs->halo_cycles;
    const uint64_t drain_end_prev = j ? prev_ds + prev_drain + SCNN_DRAIN_LAT : 0;
    const uint64_t ds = hend > drain_end_prev ? hend : drain_end_prev;
    const uint64_t next = !ovl ? ds : (barrier > drain_end_prev ? barrier : drain_end_prev);
    obs->t_start = start;
    obs->t_barrier = barrier;
    obs->t_halo_start = hs;
    obs->t_halo_end = hend;
    obs->t_drain_end_prev = drain_end_prev;
    obs->t_drain_start = ds;
    S.loss_clear += clear * lanes;
    if (!ovl) {
      S.loss_halo += obs->halo_cycles * lanes;
      S.loss_drain += (next - hend) * lanes;
    } else {
      /* the gap [B_j, S_{j+1}) waits for job j-1's drain; "halo" is the part of it that
       * would vanish if job j-1's halo exchange took no cycle (first order), the rest "drain" */
      const uint64_t gap = next - barrier;
      uint64_t gap0 = 0;
      if (j) {
        const uint64_t dend_pp = j >= 2 ? prev_dend : 0; /* drain_end_{j-2} */
        const uint64_t ds0 = prev_hs > dend_pp ? prev_hs : dend_pp;
        const uint64_t dend0 = ds0 + prev_drain + SCNN_DRAIN_LAT;
        gap0 = dend0 > barrier ? dend0 - barrier : 0;
        if (gap0 > gap) gap0 = gap;
      }
      S.loss_halo += (gap - gap0) * lanes;
      S.loss_drain += gap0 * lanes;
    }
    prev_dend = drain_end_prev;
    prev_drain = obs->drain_cycles;
    prev_ds = ds;
    prev_hs = hs;
    prev_hend = hend;
    for (int pe = 0; pe < SCNN_PE_COUNT; ++pe) {
      const scnn_pe_result *r = &obs->pe[pe];
      S.pairs += r->pairs;
      S.issue_cycles_sum += r->issue_cycles;
      S.products_nonzero += r->products_nonzero;
      S.products_valid += r->products_valid;
      S.products_placeholder += r->products_placeholder;
      S.lanes_occupied += r->lanes_occupied;
      S.loss_fragmentation += r->pairs * SCNN_MULTS - r->products_valid;
      S.loss_conflict += (r->conflict_cycles + r->xbar_tail_cycles) * SCNN_MULTS;
      /* the compute window is done_max + BARRIER_LAT cycles: the PE's compute
       * cycles, then its done latency and the barrier latency (fifo_pipe), then
       * idle until the last PE's done (imbalance) */
      const uint64_t done = r->compute_cycles ? r->compute_cycles + SCNN_PE_DONE_LAT
                                              : (uint64_t)SCNN_PE_EMPTY_DONE;
      if (r->compute_cycles)
        S.loss_fifo_pipe += (r->fifo_wait_cycles + SCNN_PE_PIPE_DEPTH) * SCNN_MULTS;
      S.loss_fifo_pipe += (done - r->compute_cycles + SCNN_BARRIER_LAT) * SCNN_MULTS;
      S.loss_imbalance += (obs->done_max - done) * SCNN_MULTS;
      S.overflow += r->overflow + obs->halo_overflow[pe];
      S.iaram_reads += r->act_reads;
      S.wfifo_pushes += r->wfifo_pushes;
      S.wfifo_reads += r->wfifo_reads;
      S.acc_updates += r->products_valid + obs->halo_recv[pe];
      S.acc_drain_reads += (uint64_t)obs->kg * s->own[pe].w * s->own[pe].h;
      for (int k = 0; k < obs->kg; ++k) {
        oaram[(size_t)ji->sub * SCNN_PE_COUNT + pe] += obs->out_cnt[pe * obs->kg + k];
        out_entries += obs->out_cnt[pe * obs->kg + k];
      }
    }
    S.halo_words += obs->nhalo;
    S.dcnn_cycles += dcnn_job(s, ji->kg);
    if (hook) hook(hook_ctx, obs);
    start = next;
  }
  if (!rc) {
    /* the final drain: nothing computes after the last barrier (overlap) or the last halo
     * exchange (no overlap); start is S_J, prev_ds is DS_{J-1} (= S_J without overlap) */
    const uint64_t end = p->njobs ? prev_ds + prev_drain + SCNN_DRAIN_END_LAT : 0;
    if (ovl && p->njobs) {
      /* as above: the part that would vanish with H_{J-1} = 0 is "halo" */
      const uint64_t dend_pp = p->njobs >= 2 ? prev_dend : 0;
      const uint64_t ds0 = prev_hs > dend_pp ? prev_hs : dend_pp;
      const uint64_t h = prev_ds - ds0;
      S.loss_halo += h * lanes;
      S.loss_drain += (end - start - h) * lanes;
    } else {
      S.loss_drain += (end - start) * lanes;
    }
    S.cycles = end;
    S.jobs = (uint64_t)p->njobs;
    S.sublayers = (uint64_t)p->nsub;
    S.passes = (uint64_t)scnn_plan_passes(p);
    S.kc_first = p->nsub ? p->sub[0].kc : 0;
    const int ho = p->Ho, wo = p->Wo;
    S.dense_macs = (uint64_t)l->K * ho * wo * (uint64_t)(l->C / l->groups) * l->R * l->S;
    S.utilisation = S.cycles ? (double)S.products_valid / ((double)S.cycles * lanes) : 0.0;
    S.oaram_writes = out_entries;
    /* OARAM occupancy per PE: all sub-layers of one pass together */
    uint64_t act_entries = 0, wgt_entries = 0;
    for (int i = 0; i < p->nsub; ++i) {
      const scnn_sublayer *s = &p->sub[i];
      for (int pe = 0; pe < SCNN_PE_COUNT; ++pe)
        for (int vi = 0; vi < s->nv; ++vi) act_entries += s->act_cnt[pe * s->nv + vi];
      for (int jl = 0; jl < s->njobs; ++jl)
        for (int vi = 0; vi < s->nv; ++vi) wgt_entries += s->wgt_cnt[jl * s->nv + vi];
    }
    for (int pass = 0; pass < (int)S.passes; ++pass)
      for (int pe = 0; pe < SCNN_PE_COUNT; ++pe) {
        uint64_t t = 0;
        for (int g = 0; g < l->groups; ++g) t += oaram[(size_t)(pass * l->groups + g) * SCNN_PE_COUNT + pe];
        if (t > S.oaram_max) S.oaram_max = t;
      }
    S.dram_bytes_wgt = entry_bytes(wgt_entries);
    S.dram_bytes_act_in = (input_in_dram || S.passes > 1) ? entry_bytes(act_entries) : 0;
    S.dram_bytes_out =
        (S.passes > 1 || S.oaram_max > SCNN_OARAM_DEPTH) ? entry_bytes(out_entries) : 0;
    S.dram_bytes = S.dram_bytes_act_in + S.dram_bytes_wgt + S.dram_bytes_out;
    if (st) *st = S;
  }
  scnn_job_obs_free(obs);
  free(obs);
  free(oaram);
  array_ws_free(&a);
  return rc;
}

int scnn_run_layer(const scnn_layer *l, const int16_t *in, const int16_t *w,
                   const scnn_run_opts *opts, int16_t *out, scnn_stats *st, scnn_error *err) {
  scnn_plan *p;
  if (scnn_plan_create(l, in, w, &p, err)) return -1;
  int rc = scnn_run(p, opts, out, st, NULL, NULL, err);
  if (!rc && st) {
    /* densities of the operands and the result */
    const int64_t ni = (int64_t)l->C * l->H * l->W;
    const int64_t nw = (int64_t)l->K * (l->C / l->groups) * l->R * l->S;
    const int64_t no = (int64_t)l->K * scnn_layer_out_h(l) * scnn_layer_out_w(l);
    st->in_numel = (uint64_t)ni;
    st->w_numel = (uint64_t)nw;
    st->out_numel = (uint64_t)no;
    for (int64_t i = 0; i < ni; ++i) st->in_nonzero += in[i] != 0;
    for (int64_t i = 0; i < nw; ++i) st->w_nonzero += w[i] != 0;
    for (int64_t i = 0; i < no; ++i) st->out_nonzero += out[i] != 0;
  }
  scnn_plan_free(p);
  return rc;
}
