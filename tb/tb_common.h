// Small helpers shared by the Verilator testbenches: a deterministic RNG and check reporting.
#ifndef TB_COMMON_H
#define TB_COMMON_H

#include <cstdint>
#include <cstdio>
#include <cstdlib>

// xorshift64*: deterministic, seeded from the command line.
struct TbRng {
  uint64_t s;
  explicit TbRng(uint64_t seed) : s(seed ? seed : 0x9e3779b97f4a7c15ull) {}
  uint64_t next() {
    s ^= s >> 12;
    s ^= s << 25;
    s ^= s >> 27;
    return s * 2685821657736338717ull;
  }
  uint32_t below(uint32_t n) { return n ? (uint32_t)(next() % n) : 0; }
  int range(int lo, int hi) { return lo + (int)below((uint32_t)(hi - lo + 1)); }  // [lo, hi]
};

static inline uint64_t tb_seed(int argc, char **argv) {
  for (int i = 1; i < argc; ++i)
    if (argv[i][0] != '+') return strtoull(argv[i], nullptr, 0);
  return 1;
}

#endif
