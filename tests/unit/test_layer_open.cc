// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
//
// The layer-open path of the testbenches (scnn_layer_open.h) and the busiest-PE choice
// (scnn_plan_busiest_pe), each against a computation written here: the files of a bundle read
// one by one, the generator called directly, and every PE's compute cycles summed by brute
// force over scnn_pe_run_job.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "harness.h"
#include "scnn_catalog.h"
#include "scnn_gen.h"
#include "scnn_io.h"
#include "scnn_layer_open.h"
#include "scnn_model.h"

namespace {

const char *kNet = "googlenet";
const char *kLayer = "inception_5a_5x5";  // 7x7 planes: small enough for brute force

void ExpectSameLayer(const scnn_layer &a, const scnn_layer &b) {
  EXPECT_STREQ(a.name, b.name);
  const int fa[] = {a.C, a.H, a.W, a.K, a.R, a.S, a.stride, a.pad, a.groups, a.relu,
                    a.prod_shift, a.out_shift};
  const int fb[] = {b.C, b.H, b.W, b.K, b.R, b.S, b.stride, b.pad, b.groups, b.relu,
                    b.prod_shift, b.out_shift};
  for (size_t i = 0; i < sizeof fa / sizeof fa[0]; ++i) EXPECT_EQ(fa[i], fb[i]) << "field " << i;
}

void ExpectSameTensor(const scnn_tensor &a, const scnn_tensor &b) {
  ASSERT_EQ(a.ndim, b.ndim);
  for (int i = 0; i < a.ndim; ++i) ASSERT_EQ(a.dims[i], b.dims[i]);
  const int64_t n = scnn_tensor_numel(&a);
  EXPECT_EQ(std::memcmp(a.data, b.data, (size_t)n * sizeof *a.data), 0);
}

// Brute force: compute cycles of every PE summed over every job; the first maximum.
int BusiestByHand(const scnn_plan *p, uint64_t *best_cycles) {
  int nv = 0;
  for (int s = 0; s < scnn_plan_num_sublayers(p); ++s)
    nv = std::max(nv, scnn_plan_sublayer(p, s)->nv);
  std::vector<scnn_pe_vc> vbuf((size_t)nv + 1);
  std::vector<uint64_t> cyc(SCNN_PE_COUNT, 0);
  scnn_pe_result *r = new scnn_pe_result;
  for (int q = 0; q < SCNN_PE_COUNT; ++q)
    for (int j = 0; j < scnn_plan_num_jobs(p); ++j) {
      scnn_pe_job job;
      EXPECT_EQ(scnn_plan_pe_job(p, j, q, &job, vbuf.data(), nv + 1), 0);
      EXPECT_EQ(scnn_pe_run_job(&job, r, nullptr), 0);
      cyc[(size_t)q] += r->compute_cycles;
    }
  delete r;
  int best = 0;
  for (int q = 0; q < SCNN_PE_COUNT; ++q)
    if (cyc[(size_t)q] > cyc[(size_t)best]) best = q;
  *best_cycles = cyc[(size_t)best];
  return best;
}

TEST(LayerOpen, CatalogLayerIsTheGeneratorsBundle) {
  scnn_bundle b;
  scnn_plan *p = nullptr;
  scnn_error err;
  ASSERT_EQ(scnn_layer_open(kNet, kLayer, 7, &b, &p, &err), 0) << err.msg;
  const scnn_catalog_entry *e = scnn_catalog_find(kNet, kLayer);
  ASSERT_NE(e, nullptr);
  scnn_bundle g;
  ASSERT_EQ(scnn_gen_bundle(e, 7, -1, -1, &g, &err), 0) << err.msg;
  ExpectSameLayer(b.layer, g.layer);
  ExpectSameTensor(b.input, g.input);
  ExpectSameTensor(b.weights, g.weights);
  scnn_plan *q = nullptr;
  ASSERT_EQ(scnn_plan_create(&g.layer, g.input.data, g.weights.data, &q, &err), 0) << err.msg;
  EXPECT_EQ(scnn_plan_num_jobs(p), scnn_plan_num_jobs(q));
  EXPECT_EQ(scnn_plan_num_sublayers(p), scnn_plan_num_sublayers(q));
  scnn_plan_free(q);
  scnn_bundle_free(&g);
  scnn_layer_close(&b, p);
}

TEST(LayerOpen, BundleDirectoryIsItsFiles) {
  char dir[256];
  ASSERT_EQ(harness_mkdtemp(dir, sizeof dir), 0);
  scnn_error err;
  scnn_bundle g;
  ASSERT_EQ(scnn_gen_bundle(scnn_catalog_find(kNet, kLayer), 3, -1, -1, &g, &err), 0);
  ASSERT_EQ(scnn_bundle_save(dir, &g, &err), 0) << err.msg;
  scnn_bundle_free(&g);
  scnn_bundle b;
  scnn_plan *p = nullptr;
  ASSERT_EQ(scnn_layer_open(SCNN_LAYER_OPEN_BUNDLE, dir, 0, &b, &p, &err), 0) << err.msg;
  ASSERT_NE(p, nullptr);
  // the three files, read one by one
  const std::string d(dir);
  scnn_layer l;
  scnn_tensor in, w;
  ASSERT_EQ(scnn_layer_json_read((d + "/layer.json").c_str(), &l, &err), 0) << err.msg;
  ASSERT_EQ(scnn_npy_read((d + "/input.npy").c_str(), &in, 3, nullptr, &err), 0) << err.msg;
  ASSERT_EQ(scnn_npy_read((d + "/weights.npy").c_str(), &w, 4, nullptr, &err), 0) << err.msg;
  ExpectSameLayer(b.layer, l);
  ExpectSameLayer(*scnn_plan_layer(p), l);
  ExpectSameTensor(b.input, in);
  ExpectSameTensor(b.weights, w);
  scnn_tensor_free(&in);
  scnn_tensor_free(&w);
  scnn_layer_close(&b, p);
  harness_rmtree(dir);
}

TEST(LayerOpen, FailuresNameTheLayerAndLeaveNothing) {
  scnn_bundle b;
  scnn_plan *p = reinterpret_cast<scnn_plan *>(1);
  scnn_error err;
  ASSERT_EQ(scnn_layer_open("alexnet", "conv99", 1, &b, &p, &err), -1);
  EXPECT_NE(std::string(err.msg).find("no layer 'conv99' in network 'alexnet'"), std::string::npos)
      << err.msg;
  EXPECT_EQ(p, nullptr);
  EXPECT_EQ(b.input.data, nullptr);
  ASSERT_EQ(scnn_layer_open(SCNN_LAYER_OPEN_BUNDLE, "/nonexistent/bundle", 1, &b, &p, &err), -1);
  EXPECT_EQ(std::string(err.msg).rfind("bundle//nonexistent/bundle: ", 0), 0u) << err.msg;
  EXPECT_EQ(p, nullptr);
  EXPECT_EQ(b.weights.data, nullptr);
  scnn_layer_close(&b, p);  // nothing to free: must not crash
}

TEST(BusiestPe, MatchesBruteForceOverTheJobs) {
  for (uint64_t seed : {1u, 5u}) {
    scnn_bundle b;
    scnn_plan *p = nullptr;
    scnn_error err;
    ASSERT_EQ(scnn_layer_open(kNet, kLayer, seed, &b, &p, &err), 0) << err.msg;
    uint64_t want = 0, got = 0;
    const int exp = BusiestByHand(p, &want);
    EXPECT_EQ(scnn_plan_busiest_pe(p, &got, &err), exp) << "seed " << seed;
    EXPECT_EQ(got, want);
    EXPECT_GT(got, 0u);
    EXPECT_EQ(scnn_plan_busiest_pe(p, nullptr, &err), exp);
    scnn_layer_close(&b, p);
  }
}

// Activations only in the last PE's tile: that PE does all the work.
TEST(BusiestPe, TheOnlyPeWithActivations) {
  scnn_layer l = harness_layer("hot", 2, 16, 16, 4, 1, 1, 1, 0, 1);
  const int64_t idims[3] = {2, 16, 16}, wdims[4] = {4, 2, 1, 1};
  scnn_tensor in, w;
  scnn_error err;
  ASSERT_EQ(scnn_tensor_alloc(&in, 3, idims, &err), 0);
  ASSERT_EQ(scnn_tensor_alloc(&w, 4, wdims, &err), 0);
  for (int64_t i = 0; i < scnn_tensor_numel(&w); ++i) w.data[i] = 1;
  in.data[15 * 16 + 15] = 3;  // channel 0, (y, x) = (15, 15): the bottom-right tile
  scnn_plan *p = nullptr;
  ASSERT_EQ(scnn_plan_create(&l, in.data, w.data, &p, &err), 0) << err.msg;
  const scnn_rect *t = scnn_plan_sublayer(p, 0)->tile;
  int owner = -1;
  for (int q = 0; q < SCNN_PE_COUNT; ++q)
    if (15 >= t[q].x0 && 15 < t[q].x0 + t[q].w && 15 >= t[q].y0 && 15 < t[q].y0 + t[q].h)
      owner = q;
  ASSERT_GE(owner, 0);
  EXPECT_EQ(scnn_plan_busiest_pe(p, nullptr, &err), owner);
  scnn_plan_free(p);
  scnn_tensor_free(&in);
  scnn_tensor_free(&w);
}

}  // namespace
