// Testbench of scnn_pe. Usage:
//   tb_pe random N SEED [+fst=FILE]      N random jobs (all tile kinds, see gen_job)
// Every job is compared with the contract re-derived in tb_pe_ref.h: every bank and entry of
// the accumulator buffer, the compute cycles, pairs, issue cycles and overflow count.
// Prints "PASS ..." or the first mismatch and exits 1.
#include <cstring>
#include <string>
#include <vector>

#include "scnn_codec.h"
#include "tb_common.h"
#include "tb_pe_drv.h"
#include "tb_pe_ref.h"
#include "verilated.h"

static std::vector<scnn_entry> encode(const std::vector<int16_t> &v) {
  std::vector<scnn_entry> e(v.size() + v.size() / SCNN_RUN_MAX + 2);
  size_t n = scnn_encode(v.data(), v.size(), e.data(), e.size());
  e.resize(n);
  return e;
}

// Random values at a density; big = full 16-bit range (overflows the accumulator), else small.
static std::vector<int16_t> rand_block(TbRng &rng, size_t n, int dens_pct, bool big) {
  std::vector<int16_t> v(n, 0);
  for (size_t i = 0; i < n; ++i)
    if ((int)rng.below(100) < dens_pct) {
      int x = big ? rng.range(-32768, 32767) : rng.range(-200, 200);
      v[i] = (int16_t)(x == 0 ? 1 : x);
    }
  return v;
}

static const char *const KINDS[] = {"mixed",    "empty",    "dense", "placeholders",
                                    "one-bank", "overflow", "fifo-full"};
static const int NKINDS = 7;

static TbJob gen_job(TbRng &rng, int kind) {
  TbJob j;
  int nv = rng.range(1, 6);
  bool big = kind == 5;
  j.prod_shift = big ? 0 : rng.range(0, 4);
  // a common output region; tiles and filters around it
  int rv_max = rng.range(1, 5), sv_max = rng.range(1, 5);
  int w = rng.range(1, 12), h = rng.range(1, 12);
  if (kind == 6) {  // weight blocks of up to WFIFO_DEPTH vectors, few activations: the FIFO fills
    rv_max = sv_max = 5;
    w = rng.range(1, 4);
    h = rng.range(1, 4);
  }
  int x0 = rng.range(0, 20), y0 = rng.range(0, 20);
  if (kind == 4) {  // every valid product to one accumulator entry: 1x1 region, one channel
    j.rw = j.rh = 1;
    j.rx0 = x0 + rng.range(0, w - 1);
    j.ry0 = y0 + rng.range(0, h - 1);
  } else {
    j.rx0 = std::max(0, x0 - sv_max + 1 + rng.range(-1, 1));
    j.ry0 = std::max(0, y0 - rv_max + 1 + rng.range(-1, 1));
    j.rw = std::max(1, w + sv_max - 1 + rng.range(-2, 1));
    j.rh = std::max(1, h + rv_max - 1 + rng.range(-2, 1));
  }
  int kmax = SCNN_ACC_ENTRIES / (j.rw * j.rh);
  j.kg = std::max(1, std::min(kmax, rng.range(1, 8)));
  if (kind == 4) j.kg = 1;
  if (kind == 6) j.kg = std::min(kmax, SCNN_WFIFO_DEPTH * SCNN_F / (rv_max * sv_max));
  while (j.kg * rv_max * sv_max > SCNN_WFIFO_DEPTH * SCNN_F) --j.kg;
  for (int c = 0; c < nv; ++c) {
    TbVc v;
    v.x0 = x0;
    v.y0 = y0;
    v.w = w;
    v.h = h;
    v.rv = kind == 6 ? rv_max : rng.range(1, rv_max);
    v.sv = kind == 6 ? sv_max : rng.range(1, sv_max);
    v.pad_y = rng.range(0, v.rv - 1);
    v.pad_x = rng.range(0, v.sv - 1);
    int ad = rng.range(5, 90), wd = rng.range(5, 90);
    if (kind == 1) ad = rng.below(2) ? 0 : ad, wd = ad ? 0 : wd;  // empty blocks
    if (kind == 2 || kind == 4 || kind == 5) ad = wd = 100;
    if (kind == 3) ad = 3, wd = 2;                                  // long zero runs
    if (kind == 6) ad = rng.range(10, 60), wd = rng.range(60, 100);
    int n_a = v.w * v.h, n_w = j.kg * v.rv * v.sv;
    if (kind == 3) {  // make the blocks long enough to need placeholders
      v.h = std::max(v.h, 8);
      v.w = std::max(v.w, 6);
      n_a = v.w * v.h;
    }
    v.act = encode(rand_block(rng, (size_t)n_a, ad, big));
    v.wgt = encode(rand_block(rng, (size_t)n_w, wd, big));
    j.vc.push_back(v);
  }
  return j;
}

static bool compare(const TbPeResult &got, const TbPeResult &exp, const char *what,
                    std::string *msg) {
  for (uint32_t b = 0; b < SCNN_A; ++b)
    for (uint32_t e = 0; e < SCNN_BANK_DEPTH; ++e) {
      uint32_t lin = scnn_lin_of(b, e);
      if (got.acc[lin] != exp.acc[lin]) {
        *msg = std::string("accumulator bank ") + std::to_string(b) + " entry " +
               std::to_string(e) + " (lin " + std::to_string(lin) + "): RTL " +
               std::to_string(got.acc[lin]) + ", " + what + " " + std::to_string(exp.acc[lin]);
        return false;
      }
    }
  struct { const char *n; uint64_t g, e; } c[] = {
      {"compute cycles", got.compute_cycles, exp.compute_cycles},
      {"pairs", got.pairs, exp.pairs},
      {"issue cycles", got.issue_cycles, exp.issue_cycles},
      {"overflows", got.overflow, exp.overflow}};
  for (auto &x : c)
    if (x.g != x.e) {
      *msg = std::string(x.n) + ": RTL " + std::to_string(x.g) + ", " + what + " " +
             std::to_string(x.e);
      return false;
    }
  return true;
}

int main(int argc, char **argv) {
  Verilated::commandArgs(argc, argv);
  const char *fst = nullptr;
  std::vector<const char *> args;
  for (int i = 1; i < argc; ++i) {
    if (!strncmp(argv[i], "+fst=", 5)) fst = argv[i] + 5;
    else if (argv[i][0] != '+') args.push_back(argv[i]);
  }
  if (args.size() < 3 || strcmp(args[0], "random")) {
    fprintf(stderr, "usage: tb_pe random N SEED [+fst=FILE]\n");
    return 2;
  }
  long n = strtol(args[1], nullptr, 0);
  uint64_t seed = strtoull(args[2], nullptr, 0);
  TbRng rng(seed);
  TbPeDriver drv(fst);
  uint64_t cyc = 0, valid_pairs = 0, kinds_seen[NKINDS] = {0}, ovf = 0;
  for (long t = 0; t < n; ++t) {
    int kind = (int)(t % NKINDS);
    TbJob job = gen_job(rng, kind);
    TbPeResult got, exp;
    std::string msg;
    if (!drv.run(job, (int)(t & 1), &got, &msg)) {
      printf("FAIL pe-random job %ld (%s, seed %llu): %s\n", t, KINDS[kind],
             (unsigned long long)seed, msg.c_str());
      return 1;
    }
    tb_pe_reference(job, &exp);
    if (!compare(got, exp, "reference", &msg)) {
      printf("FAIL pe-random job %ld (%s, seed %llu, buffer %ld): %s\n", t, KINDS[kind],
             (unsigned long long)seed, t & 1, msg.c_str());
      return 1;
    }
    cyc += got.compute_cycles;
    valid_pairs += got.pairs;
    ovf += got.overflow;
    ++kinds_seen[kind];
  }
  printf("PASS pe-random: %ld jobs (seed %llu), %llu compute cycles, %llu pairs, %llu overflows"
         " - RTL == contract reference\n",
         n, (unsigned long long)seed, (unsigned long long)cyc, (unsigned long long)valid_pairs,
         (unsigned long long)ovf);
  return 0;
}
