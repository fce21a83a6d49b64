// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// The catalog against docs/spec.md section 7 and the published network tables
// (AlexNet/VGG-16 shapes from the docs/spec.md text, GoogLeNet from Szegedy et al.
// 2015 table 1), typed here independently of cmodel/src/catalog.c.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "scnn_catalog.h"
#include "scnn_ref.h"

namespace {

struct L {
  std::string name;
  int C, H, K, R, stride, pad, groups;
  double wd, ad;
  int pool;
};

void Expect(const char *net, const std::vector<L> &want) {
  ASSERT_EQ(scnn_catalog_count(net), want.size()) << net;
  for (size_t i = 0; i < want.size(); ++i) {
    const scnn_catalog_entry *e = scnn_catalog_get(net, i);
    const L &w = want[i];
    ASSERT_NE(e, nullptr);
    SCOPED_TRACE(std::string(net) + "." + w.name);
    EXPECT_EQ(e->name, w.name);
    EXPECT_STREQ(e->net, net);
    EXPECT_EQ(e->C, w.C);
    EXPECT_EQ(e->H, w.H);
    EXPECT_EQ(e->W, w.H);
    EXPECT_EQ(e->K, w.K);
    EXPECT_EQ(e->R, w.R);
    EXPECT_EQ(e->S, w.R);
    EXPECT_EQ(e->stride, w.stride);
    EXPECT_EQ(e->pad, w.pad);
    EXPECT_EQ(e->groups, w.groups);
    EXPECT_DOUBLE_EQ(e->wdens, w.wd);
    EXPECT_DOUBLE_EQ(e->adens, w.ad);
    EXPECT_EQ(e->pool_k, w.pool);
    EXPECT_EQ(e->pool_s, w.pool ? 2 : 0);  // both nets pool with stride 2
    EXPECT_EQ(scnn_catalog_find(net, w.name.c_str()), e);
    scnn_layer l;
    scnn_catalog_layer(e, &l);
    EXPECT_EQ(l.relu, 1);
    EXPECT_EQ(scnn_layer_validate(&l, "catalog", nullptr), 0);
  }
}

TEST(Catalog, Nets) {
  const char *const *n = scnn_catalog_nets();
  ASSERT_STREQ(n[0], "alexnet");
  ASSERT_STREQ(n[1], "vgg16");
  ASSERT_STREQ(n[2], "googlenet");
  EXPECT_EQ(n[3], nullptr);
  EXPECT_EQ(scnn_catalog_count("resnet"), 0u);
  EXPECT_EQ(scnn_catalog_count(nullptr), 0u);
  EXPECT_EQ(scnn_catalog_find("alexnet", "conv6"), nullptr);
  EXPECT_EQ(scnn_catalog_get("alexnet", 5), nullptr);
}

TEST(Catalog, AlexNet) {
  Expect("alexnet", {{"conv1", 3, 227, 96, 11, 4, 0, 1, 0.84, 1.0, 3},
                     {"conv2", 96, 27, 256, 5, 1, 2, 2, 0.38, 0.40, 3},
                     {"conv3", 256, 13, 384, 3, 1, 1, 1, 0.35, 0.40, 0},
                     {"conv4", 384, 13, 384, 3, 1, 1, 2, 0.37, 0.40, 0},
                     {"conv5", 384, 13, 256, 3, 1, 1, 2, 0.37, 0.40, 3}});
}

TEST(Catalog, Vgg16) {
  const int side[5] = {224, 112, 56, 28, 14}, ch[5] = {64, 128, 256, 512, 512},
            n[5] = {2, 2, 3, 3, 3};
  const double wd[13] = {0.58, 0.22, 0.34, 0.36, 0.53, 0.24, 0.42,
                         0.32, 0.27, 0.34, 0.35, 0.29, 0.36};
  std::vector<L> want;
  int c = 3;
  for (int s = 0; s < 5; ++s)
    for (int j = 0; j < n[s]; ++j) {
      want.push_back({"conv" + std::to_string(s + 1) + "_" + std::to_string(j + 1), c, side[s],
                      ch[s], 3, 1, 1, 1, wd[want.size()], want.empty() ? 1.0 : 0.40,
                      j == n[s] - 1 ? 2 : 0});
      c = ch[s];
    }
  Expect("vgg16", want);
}

TEST(Catalog, GoogLeNet) {
  // Table 1 of Szegedy et al. 2015: #1x1, #3x3 reduce, #3x3, #5x5 reduce, #5x5, pool proj.
  struct M {
    const char *m;
    int hw, c1, r3, c3, r5, c5, pp;
  } mods[] = {{"3a", 28, 64, 96, 128, 16, 32, 32},     {"3b", 28, 128, 128, 192, 32, 96, 64},
              {"4a", 14, 192, 96, 208, 16, 48, 64},    {"4b", 14, 160, 112, 224, 24, 64, 64},
              {"4c", 14, 128, 128, 256, 24, 64, 64},   {"4d", 14, 112, 144, 288, 32, 64, 64},
              {"4e", 14, 256, 160, 320, 32, 128, 128}, {"5a", 7, 256, 160, 320, 32, 128, 128},
              {"5b", 7, 384, 192, 384, 48, 128, 128}};
  std::vector<L> want = {{"conv1_7x7_s2", 3, 224, 64, 7, 2, 3, 1, 0.40, 1.0, 0},
                         {"conv2_3x3_reduce", 64, 56, 64, 1, 1, 0, 1, 0.40, 0.40, 0},
                         {"conv2_3x3", 64, 56, 192, 3, 1, 1, 1, 0.40, 0.40, 0}};
  int in = 192;  // conv2/3x3 output
  for (const M &m : mods) {
    std::string p = std::string("inception_") + m.m + "_";
    want.push_back({p + "1x1", in, m.hw, m.c1, 1, 1, 0, 1, 0.40, 0.40, 0});
    want.push_back({p + "3x3_reduce", in, m.hw, m.r3, 1, 1, 0, 1, 0.40, 0.40, 0});
    want.push_back({p + "3x3", m.r3, m.hw, m.c3, 3, 1, 1, 1, 0.40, 0.40, 0});
    want.push_back({p + "5x5_reduce", in, m.hw, m.r5, 1, 1, 0, 1, 0.40, 0.40, 0});
    want.push_back({p + "5x5", m.r5, m.hw, m.c5, 5, 1, 2, 1, 0.40, 0.40, 0});
    want.push_back({p + "pool_proj", in, m.hw, m.pp, 1, 1, 0, 1, 0.40, 0.40, 0});
    in = m.c1 + m.c3 + m.c5 + m.pp;  // depth concatenation
  }
  EXPECT_EQ(in, 1024);  // the table's final depth
  EXPECT_EQ(want.size(), 57u);
  Expect("googlenet", want);
}

// AlexNet and VGG-16 chain: each layer's input is the previous output after
// its pool (Caffe ceil-mode pooling); AlexNet conv1 gives the known 55x55.
TEST(Catalog, ChainsFit) {
  for (const char *net : {"alexnet", "vgg16"}) {
    for (size_t i = 0; i + 1 < scnn_catalog_count(net); ++i) {
      const scnn_catalog_entry *a = scnn_catalog_get(net, i), *b = scnn_catalog_get(net, i + 1);
      scnn_layer l;
      scnn_catalog_layer(a, &l);
      int ho = scnn_layer_out_h(&l);
      if (a->pool_k) ho = scnn_pool_out(ho, a->pool_k, a->pool_s);
      EXPECT_EQ(b->C, a->K) << net << " " << b->name;
      EXPECT_EQ(b->H, ho) << net << " " << b->name;
    }
  }
  scnn_layer l;
  scnn_catalog_layer(scnn_catalog_find("alexnet", "conv1"), &l);
  EXPECT_EQ(scnn_layer_out_h(&l), 55);
  scnn_catalog_layer(scnn_catalog_find("googlenet", "conv1_7x7_s2"), &l);
  EXPECT_EQ(scnn_layer_out_h(&l), 112);
}

}  // namespace
