// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// The seeded generator (docs/data.md): exact densities, value ranges,
// determinism, and the shift rule's two promises - no 24-bit overflow for
// any activation placement, and outputs that are neither all zero nor
// saturated. The expectations come from the rule's definition, checked
// through the dense reference and adversarial inputs, not from the generator's
// own output.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "scnn_gen.h"
#include "scnn_ref.h"

namespace {

int64_t Nnz(const scnn_tensor &t) {
  int64_t n = 0;
  for (int64_t i = 0; i < scnn_tensor_numel(&t); ++i) n += t.data[i] != 0;
  return n;
}
int64_t Round(double d, int64_t n) { return (int64_t)std::floor(d * (double)n + 0.5); }

scnn_layer Layer(int C, int H, int K, int R, int stride, int pad, int groups) {
  scnn_layer l{};
  snprintf(l.name, sizeof l.name, "t");
  l.C = C, l.H = H, l.W = H, l.K = K, l.R = R, l.S = R;
  l.stride = stride, l.pad = pad, l.groups = groups, l.relu = 1;
  return l;
}

TEST(Gen, ExactCountsAndRanges) {
  scnn_layer l = Layer(6, 9, 4, 3, 1, 1, 2);
  for (double wd : {0.0, 0.013, 0.35, 0.5, 0.999, 1.0})
    for (double ad : {0.0, 0.4, 1.0}) {
      scnn_bundle b;
      scnn_error err;
      ASSERT_EQ(scnn_gen_layer(&l, 3, wd, ad, &b, &err), 0) << err.msg;
      EXPECT_EQ(Nnz(b.weights), Round(wd, scnn_tensor_numel(&b.weights))) << wd;
      EXPECT_EQ(Nnz(b.input), Round(ad, scnn_tensor_numel(&b.input))) << ad;
      for (const scnn_tensor *t : {&b.weights, &b.input})
        for (int64_t i = 0; i < scnn_tensor_numel(t); ++i) {
          EXPECT_LE(std::abs(t->data[i]), t == &b.weights ? SCNN_GEN_W_MAX : SCNN_GEN_A_MAX);
        }
      scnn_bundle_free(&b);
    }
}

TEST(Gen, CatalogDensitiesAndDefaults) {
  const scnn_catalog_entry *e = scnn_catalog_find("alexnet", "conv1");
  scnn_bundle b;
  ASSERT_EQ(scnn_gen_bundle(e, 1, -1, -1, &b, nullptr), 0);
  EXPECT_EQ(Nnz(b.weights), Round(0.84, 96 * 3 * 11 * 11));
  EXPECT_EQ(Nnz(b.input), 3 * 227 * 227);  // first layer: dense input
  EXPECT_EQ(b.layer.relu, 1);
  EXPECT_STREQ(b.layer.name, "conv1");
  scnn_bundle_free(&b);
  ASSERT_EQ(scnn_gen_bundle(e, 1, 0.25, 0.5, &b, nullptr), 0);
  EXPECT_EQ(Nnz(b.weights), Round(0.25, 96 * 3 * 11 * 11));
  EXPECT_EQ(Nnz(b.input), Round(0.5, 3 * 227 * 227));
  scnn_bundle_free(&b);
}

TEST(Gen, DeterministicPerSeed) {
  scnn_layer l = Layer(8, 10, 8, 3, 1, 1, 1);
  scnn_bundle a, b, c;
  ASSERT_EQ(scnn_gen_layer(&l, 42, 0.4, 0.4, &a, nullptr), 0);
  ASSERT_EQ(scnn_gen_layer(&l, 42, 0.4, 0.4, &b, nullptr), 0);
  ASSERT_EQ(scnn_gen_layer(&l, 43, 0.4, 0.4, &c, nullptr), 0);
  EXPECT_EQ(memcmp(a.weights.data, b.weights.data, 2 * scnn_tensor_numel(&a.weights)), 0);
  EXPECT_EQ(memcmp(a.input.data, b.input.data, 2 * scnn_tensor_numel(&a.input)), 0);
  EXPECT_EQ(memcmp(&a.layer, &b.layer, sizeof a.layer), 0);
  EXPECT_NE(memcmp(a.weights.data, c.weights.data, 2 * scnn_tensor_numel(&a.weights)), 0);
  EXPECT_NE(memcmp(a.input.data, c.input.data, 2 * scnn_tensor_numel(&a.input)), 0);
  // scnn_gen_weights with the same seed gives the bundle's weights.
  scnn_tensor_free(&c.weights);
  c.layer = a.layer;
  c.layer.prod_shift = c.layer.out_shift = 0;
  memcpy(c.input.data, a.input.data, 2 * scnn_tensor_numel(&a.input));
  ASSERT_EQ(scnn_gen_weights(&c, 42, 0.4, nullptr), 0);
  EXPECT_EQ(memcmp(a.weights.data, c.weights.data, 2 * scnn_tensor_numel(&a.weights)), 0);
  EXPECT_EQ(c.layer.prod_shift, a.layer.prod_shift);
  EXPECT_EQ(c.layer.out_shift, a.layer.out_shift);
  for (scnn_bundle *x : {&a, &b, &c}) scnn_bundle_free(x);
}

TEST(Gen, RejectsBadArguments) {
  scnn_layer l = Layer(6, 9, 4, 3, 1, 1, 2);
  scnn_bundle b;
  scnn_error err;
  EXPECT_EQ(scnn_gen_layer(&l, 1, 1.5, 0.5, &b, &err), -1);
  EXPECT_NE(std::string(err.msg).find("weight density 1.5"), std::string::npos) << err.msg;
  EXPECT_EQ(scnn_gen_layer(&l, 1, 0.5, NAN, &b, &err), -1);
  EXPECT_NE(std::string(err.msg).find("activation density"), std::string::npos) << err.msg;
  l.groups = 4;
  EXPECT_EQ(scnn_gen_layer(&l, 1, 0.5, 0.5, &b, &err), -1);
  // gen_weights needs an input of the layer's shape.
  scnn_bundle w{};
  w.layer = Layer(6, 9, 4, 3, 1, 1, 2);
  EXPECT_EQ(scnn_gen_weights(&w, 1, 0.5, &err), -1);
  EXPECT_NE(std::string(err.msg).find("input"), std::string::npos) << err.msg;
}

// The worst case of the rule: an input whose every activation is +-amax with
// the sign of the weight it meets, on a layer with a single output per channel
// (H = R, pad 0), makes every product positive and maximal. It must not
// overflow, and prod_shift must be the smallest admissible one: at ps - 1 the
// rule's bound (the exact sum plus at most one per non-zero term, from the
// ceil) must reach 2^23.
void WorstCase(int C, int R, double wd, int amax, uint64_t seed) {
  scnn_layer l = Layer(C, R, 1, R, 1, 0, 1);
  scnn_bundle b{};
  b.layer = l;
  int64_t id[3] = {C, R, R};
  ASSERT_EQ(scnn_tensor_alloc(&b.input, 3, id, nullptr), 0);
  for (int64_t i = 0; i < scnn_tensor_numel(&b.input); ++i) b.input.data[i] = (int16_t)amax;
  scnn_error err;
  ASSERT_EQ(scnn_gen_weights(&b, seed, wd, &err), 0) << err.msg;
  for (int64_t i = 0; i < scnn_tensor_numel(&b.input); ++i)  // same (c, r, s) order as weights
    b.input.data[i] = (int16_t)(b.weights.data[i] < 0 ? -amax : amax);
  const int ps = b.layer.prod_shift;
  uint64_t ovf = 1;
  int16_t out;
  int32_t acc;
  scnn_conv_ref(&b.layer, b.input.data, b.weights.data, &out, &ovf);
  EXPECT_EQ(ovf, 0u) << "C" << C << " R" << R << " ps" << ps;
  // Exact sum at ps (all products >= 0, so floor = truncation), independent of the model.
  int64_t sum = 0, sum_prev = 0;
  for (int64_t i = 0; i < scnn_tensor_numel(&b.weights); ++i) {
    int64_t p = (int64_t)std::abs(b.weights.data[i]) * amax;
    sum += p >> ps;
    if (ps > 0) sum_prev += p >> (ps - 1);
  }
  scnn_conv_ref_acc(&b.layer, b.input.data, b.weights.data, 0, 1, &acc);
  EXPECT_EQ(acc, sum);
  EXPECT_LT(sum, 1 << 23);
  if (ps > 0) {
    // ps - 1 fails the rule's bound, which exceeds the exact sum by at most
    // one per non-zero term.
    EXPECT_GE(sum_prev + Nnz(b.weights), (int64_t)1 << 23) << "ps not minimal";
  }
  scnn_bundle_free(&b);
}

TEST(Gen, ShiftRuleWorstCaseNeverOverflows) {
  WorstCase(256, 3, 0.35, SCNN_GEN_A_MAX, 1);
  WorstCase(512, 3, 1.0, SCNN_GEN_A_MAX, 2);
  WorstCase(3, 11, 0.84, SCNN_GEN_A_MAX, 3);
  WorstCase(64, 3, 0.5, 32767, 4);  // real int16 outputs as input (chained run)
  WorstCase(832, 1, 0.4, 1, 5);     // small values: ps = 0
}

// Catalog layers: no overflow, and outputs that are informative: a good part
// non-zero, (almost) none saturated.
TEST(Gen, CatalogOutputsAreInformative) {
  for (auto [net, layer] : std::vector<std::pair<const char *, const char *>>{
           {"alexnet", "conv3"}, {"alexnet", "conv2"}, {"googlenet", "inception_3a_3x3"},
           {"googlenet", "inception_5b_1x1"}, {"vgg16", "conv5_3"}}) {
    scnn_bundle b;
    ASSERT_EQ(scnn_gen_bundle(scnn_catalog_find(net, layer), 1, -1, -1, &b, nullptr), 0);
    const scnn_layer &l = b.layer;
    std::vector<int16_t> out((size_t)l.K * scnn_layer_out_h(&l) * scnn_layer_out_w(&l));
    uint64_t ovf = 1;
    scnn_conv_ref(&l, b.input.data, b.weights.data, out.data(), &ovf);
    EXPECT_EQ(ovf, 0u) << layer;
    size_t nz = 0, sat = 0;
    for (int16_t v : out) nz += v != 0, sat += v == 32767;
    EXPECT_GT(nz, out.size() / 5) << layer << " ps " << l.prod_shift << " os " << l.out_shift;
    EXPECT_LT(nz, out.size() * 4 / 5) << layer;  // ReLU on a zero-mean sum: about half
    EXPECT_LE(sat, out.size() / 1000) << layer;
    scnn_bundle_free(&b);
  }
}

}  // namespace
