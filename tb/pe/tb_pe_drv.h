/* Copyright the SCNN contributors. */
/* SPDX-License-Identifier: Apache-2.0 */
// Driver of the scnn_pe Verilator model: loads one PE job through the PE's ports, streams the
// weight vectors whenever w_ready_o is high (docs/microarch.md 4.4), waits for done_o; then runs
// the halo exchange (request/grant sender, receiver by output-plane coordinates) and the drain
// into the OARAM ring, and reads the accumulator buffer back through the debug port. Used by
// tb_pe.cpp.
#ifndef TB_PE_DRV_H
#define TB_PE_DRV_H

#include <cstdint>
#include <string>
#include <vector>

#include "scnn_codec.h"
#include "scnn_params.h"

// One virtual channel of a PE job (the fields of scnn_pe_vc, with owned blocks).
struct TbVc {
  int x0 = 0, y0 = 0, w = 1, h = 1, rv = 1, sv = 1, pad_y = 0, pad_x = 0;
  std::vector<scnn_entry> act, wgt;
};

struct TbJob {
  std::vector<TbVc> vc;
  int rx0 = 0, ry0 = 0, rw = 1, rh = 1, kg = 1, prod_shift = 0;
  int ox0 = 0, oy0 = 0, own_w = 0, own_h = 0;  // own output tile (inside the region)
  int out_shift = 0, relu = 0;
};

// A halo word as it crosses the PE's ports: local channel k, output-plane coordinates.
struct TbHaloWord {
  int k = 0, xo = 0, yo = 0;
  int32_t value = 0;
};

// How post() drives the halo exchange.
struct TbHaloOpts {
  uint64_t deny_seed = 0;  // != 0: a request is denied in about 1 of 3 cycles (sender stalls)
  bool overlap = false;    // feed the received words while the PE is still sending
  bool defer_drain = false;  // drain in the cycle the next run() starts its job (double
                             // buffering); the blocks come from take_drain()
};

// After the compute: halo words sent and received, the buffer after the halo exchange, the
// output blocks of the drain.
struct TbPostResult {
  std::vector<TbHaloWord> sent;               // words on halo_o_*, in order
  std::vector<TbHaloWord> granted;            // halo_req_* coordinates of each granted request
  std::vector<int32_t> acc_compute;           // buffer after the send, before any word was
                                              // received (empty with TbHaloOpts::overlap)
  uint64_t denied = 0;                        // requests denied
  uint64_t overlap_cycles = 0;                // cycles with a word sent and one received
  std::vector<int32_t> acc;                   // after the received words were added
  uint64_t overflow = 0;                      // compute + halo additions
  std::vector<std::vector<scnn_entry>> blocks;  // [k]
  std::string error;                          // protocol problem (empty if none)
};

struct TbPeResult {
  std::vector<int32_t> acc;  // [lin], sign-extended ACC_W bits (filled by the caller from
                             // TbPostResult::acc_compute: the sender owns the debug port
                             // from start_i until its last word has left)
  uint64_t compute_cycles = 0, pairs = 0, issue_cycles = 0, overflow = 0;
  uint64_t stall_cycles = 0, queue_max = 0;  // bank queues (microarch 4.3)
  uint64_t sim_cycles = 0;   // clock cycles from start to done (load time excluded)
};

class Vscnn_pe;
class VerilatedFstC;

class TbPeDriver {
 public:
  explicit TbPeDriver(const char *fst_path);  // fst_path may be nullptr
  ~TbPeDriver();
  // Runs one job into buffer buf (counters only); returns false (with msg) if the job does not
  // fit the PE.
  bool run(const TbJob &job, int buf, TbPeResult *res, std::string *msg);
  // After run(): halo exchange (send with every request granted unless opts deny some; the
  // received words after the send, or during it with opts.overlap) and drain of buffer buf.
  void post(const TbJob &job, int buf, const std::vector<TbHaloWord> &recv,
            const TbHaloOpts &opts, TbPostResult *res);
  // After a post() with defer_drain: the blocks of that drain (it ran during the next run(),
  // or runs now if there was none) into res->blocks; res->error set on a protocol problem.
  void take_drain(TbPostResult *res);

 private:
  // A drain in progress: its job and buffer, the blocks reported so far.
  struct Drain {
    bool on = false, started = false;
    int kg = 0;
    bool own_empty = true;
    std::vector<std::pair<uint32_t, uint32_t>> where;  // [k] = (base, count)
    std::vector<int> seen;
    std::string error;
  };
  void tick();
  bool load(const TbJob &job, std::vector<const TbVc *> &vcs, size_t &total, std::string *msg);
  void drain_begin(const TbJob &job);
  void drain_sample();                    // blk_* of the current cycle (after eval)
  void drain_finish(TbPostResult *res);   // reads every block from the OARAM
  Drain drain_;
  void read_acc(int buf, std::vector<int32_t> *acc);
  Vscnn_pe *dut_;
  VerilatedFstC *fst_ = nullptr;
  uint64_t time_ = 0;
  uint64_t half_ = 1;       // half a clock cycle (0.5 ns) in the model's time precision
  uint32_t ring_next_ = 0;  // OARAM ring: where the next block must start (0 after clear)
};

#endif
