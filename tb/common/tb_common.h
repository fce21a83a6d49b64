// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
//
// Small helpers shared by the C++ sides of the Verilator testbenches: a deterministic RNG, the
// seed argument, the clock's half period in the simulation's time unit.
#ifndef TB_COMMON_H
#define TB_COMMON_H

#include <cmath>
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

// Half a clock cycle (one cycle = 1 ns) in units of 10^timeprecision s (Verilator's
// VerilatedContext::timeprecision(), e.g. -12 for the testbenches' 1 ps): the step of a C++
// main's simulation time per clock edge.
static inline uint64_t tb_half_cycle(int timeprecision) {
  const double t = 0.5e-9 / std::pow(10.0, timeprecision);
  return t < 1.0 ? 1 : (uint64_t)(t + 0.5);
}

#endif
