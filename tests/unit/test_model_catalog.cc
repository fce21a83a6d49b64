// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// The dataflow model on catalog layers (generated data at the catalog's
// densities) against the dense reference, bit for bit. The quick tier runs a
// few layers and a chained AlexNet; the full tier (suite names with "Full")
// every conv layer of AlexNet, VGG-16 and GoogLeNet.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "scnn_catalog.h"
#include "scnn_gen.h"
#include "scnn_model.h"
#include "scnn_network.h"
#include "scnn_ref.h"

namespace {

void CheckLayer(const char *net, const char *name, uint64_t seed) {
  const scnn_catalog_entry *e = scnn_catalog_find(net, name);
  ASSERT_NE(e, nullptr) << net << " " << name;
  scnn_bundle b;
  scnn_error err;
  ASSERT_EQ(scnn_gen_bundle(e, seed, -1, -1, &b, &err), 0) << err.msg;
  const scnn_layer &l = b.layer;
  const size_t n = (size_t)l.K * scnn_layer_out_h(&l) * scnn_layer_out_w(&l);
  std::vector<int16_t> ref(n), got(n, 0x7777);
  uint64_t ref_ovf = 0;
  scnn_conv_ref(&l, b.input.data, b.weights.data, ref.data(), &ref_ovf);
  scnn_stats st;
  ASSERT_EQ(scnn_run_layer(&l, b.input.data, b.weights.data, nullptr, got.data(), &st, &err), 0)
      << err.msg;
  size_t bad = 0;
  for (size_t i = 0; i < n; ++i) bad += ref[i] != got[i];
  EXPECT_EQ(bad, 0u) << net << " " << name << ": outputs differ from the dense reference";
  // The generator keeps every sum in range (docs/spec.md section 4), so no addition overflows.
  EXPECT_EQ(ref_ovf, 0u);
  EXPECT_EQ(st.overflow, 0u);
  EXPECT_GT(st.cycles, 0u);
  EXPECT_GT(st.dcnn_cycles, 0u);
  scnn_bundle_free(&b);
}

TEST(ModelCatalog, QuickSubset) {
  CheckLayer("alexnet", "conv3", 1);
  CheckLayer("alexnet", "conv4", 1);  // 2 groups
  CheckLayer("googlenet", "inception_5a_5x5", 1);
  CheckLayer("googlenet", "inception_4e_1x1", 1);
}

TEST(ModelCatalog, ChainedAlexNet) {
  scnn_net_opts o;
  std::memset(&o, 0, sizeof o);
  o.net = "alexnet";
  o.seed = 3;
  o.check = 1;
  o.weight_order = SCNN_WEIGHT_ORDER;
  o.xbar_qdepth = -1;   // the parameters
  o.halo_overlap = -1;
  scnn_net_layer *r = nullptr;
  size_t n = 0;
  scnn_error err;
  ASSERT_EQ(scnn_run_net(&o, &r, &n, &err), 0) << err.msg;
  ASSERT_EQ(n, 5u);
  for (size_t i = 0; i < n; ++i) {
    EXPECT_TRUE(r[i].checked);
    EXPECT_EQ(r[i].mismatches, 0u) << r[i].layer.name;
    // conv2..conv5 take the previous (pooled) output as input.
    EXPECT_EQ(r[i].chained, i > 0 ? 1 : 0) << r[i].layer.name;
  }
  // conv1's input is the dense image; later inputs are measured ReLU outputs.
  EXPECT_EQ(r[0].st.in_nonzero, r[0].st.in_numel);
  EXPECT_LT(r[1].st.in_nonzero, r[1].st.in_numel);

  // The chain, rebuilt independently of the model: conv1's dense-reference
  // output, max-pooled with the catalog's pool, is conv2's input; conv2's
  // weights come from the generator with the per-layer seed of scnn_network.h
  // (seed * 1000 + catalog index). The model's recorded non-zero counts of
  // conv1's output, conv2's input and conv2's output must match.
  const scnn_catalog_entry *e0 = scnn_catalog_get("alexnet", 0), *e1 = scnn_catalog_get("alexnet", 1);
  scnn_bundle b0, b1;
  ASSERT_EQ(scnn_gen_bundle(e0, 3 * 1000 + 0, -1, -1, &b0, &err), 0) << err.msg;
  const int ho = scnn_layer_out_h(&b0.layer), wo = scnn_layer_out_w(&b0.layer);
  std::vector<int16_t> out0((size_t)e0->K * ho * wo);
  scnn_conv_ref(&b0.layer, b0.input.data, b0.weights.data, out0.data(), nullptr);
  std::memset(&b1, 0, sizeof b1);
  scnn_catalog_layer(e1, &b1.layer);
  const int64_t id[3] = {e0->K, scnn_pool_out(ho, e0->pool_k, e0->pool_s),
                         scnn_pool_out(wo, e0->pool_k, e0->pool_s)};
  ASSERT_EQ(id[0], e1->C);
  ASSERT_EQ(id[1], e1->H);
  ASSERT_EQ(scnn_tensor_alloc(&b1.input, 3, id, &err), 0) << err.msg;
  scnn_maxpool(out0.data(), e0->K, ho, wo, e0->pool_k, e0->pool_s, b1.input.data);
  ASSERT_EQ(scnn_gen_weights(&b1, 3 * 1000 + 1, e1->wdens, &err), 0) << err.msg;
  std::vector<int16_t> out1((size_t)e1->K * scnn_layer_out_h(&b1.layer) *
                            scnn_layer_out_w(&b1.layer));
  scnn_conv_ref(&b1.layer, b1.input.data, b1.weights.data, out1.data(), nullptr);
  auto nz = [](const int16_t *v, size_t n) {
    uint64_t c = 0;
    for (size_t i = 0; i < n; ++i) c += v[i] != 0;
    return c;
  };
  EXPECT_EQ(r[0].st.out_nonzero, nz(out0.data(), out0.size()));
  EXPECT_EQ(r[1].st.in_nonzero, nz(b1.input.data, (size_t)scnn_tensor_numel(&b1.input)));
  EXPECT_EQ(r[1].st.w_nonzero, nz(b1.weights.data, (size_t)scnn_tensor_numel(&b1.weights)));
  EXPECT_EQ(r[1].st.out_nonzero, nz(out1.data(), out1.size()));
  scnn_bundle_free(&b0);
  scnn_bundle_free(&b1);
  std::free(r);
}

class ModelCatalogFull : public ::testing::TestWithParam<std::pair<std::string, std::string>> {};

TEST_P(ModelCatalogFull, EqualsDenseReference) {
  CheckLayer(GetParam().first.c_str(), GetParam().second.c_str(), 7);
}

std::vector<std::pair<std::string, std::string>> AllLayers() {
  std::vector<std::pair<std::string, std::string>> v;
  for (const char *const *net = scnn_catalog_nets(); *net; ++net)
    for (size_t i = 0; i < scnn_catalog_count(*net); ++i)
      v.push_back({*net, scnn_catalog_get(*net, i)->name});
  return v;
}

INSTANTIATE_TEST_SUITE_P(All, ModelCatalogFull, ::testing::ValuesIn(AllLayers()),
                         [](const auto &info) {
                           return info.param.first + "_" + info.param.second;
                         });

}  // namespace
