// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// Numerics of docs/spec.md section 4: every expected value below is worked out by hand
// from the docs/spec.md formulas (floor shifts, round half up, saturation, 24-bit wrap).
#include <gtest/gtest.h>

#include "scnn_numerics.h"
#include "scnn_ref.h"

namespace {

constexpr int32_t kAccMax = (1 << (SCNN_ACC_W - 1)) - 1;
constexpr int32_t kAccMin = -(1 << (SCNN_ACC_W - 1));

TEST(Numerics, ProdShiftFloorsNegativeProducts) {
  EXPECT_EQ(scnn_shifted_product(-3, 1, 1), -2);  // floor(-1.5)
  EXPECT_EQ(scnn_shifted_product(3, 1, 1), 1);    // floor(1.5)
  EXPECT_EQ(scnn_shifted_product(-1, 1, 15), -1); // floor(-1/32768)
  EXPECT_EQ(scnn_shifted_product(1, 1, 15), 0);
  EXPECT_EQ(scnn_shifted_product(-4, 2, 3), -1);  // -8 / 8 exactly
  EXPECT_EQ(scnn_shifted_product(-5, 2, 3), -2);  // floor(-10/8)
}

TEST(Numerics, ProductOfExtremesIsExact) {
  EXPECT_EQ(scnn_shifted_product(INT16_MIN, INT16_MIN, 0), 1073741824);  // 2^30
  EXPECT_EQ(scnn_shifted_product(INT16_MIN, INT16_MAX, 0), -1073709056); // -2^15 (2^15-1)
  EXPECT_EQ(scnn_shifted_product(INT16_MIN, INT16_MAX, 15), -32767);
}

TEST(Numerics, RequantiseRoundsHalfUp) {
  EXPECT_EQ(scnn_requantise(3, 1, 0), 2);   // 1.5 -> 2
  EXPECT_EQ(scnn_requantise(-3, 1, 0), -1); // -1.5 -> -1 (half up)
  EXPECT_EQ(scnn_requantise(-1, 1, 0), 0);  // -0.5 -> 0
  EXPECT_EQ(scnn_requantise(-2, 1, 0), -1);
  EXPECT_EQ(scnn_requantise(5, 2, 0), 1);   // 1.25 -> 1
  EXPECT_EQ(scnn_requantise(6, 2, 0), 2);   // 1.5 -> 2
  EXPECT_EQ(scnn_requantise(-6, 2, 0), -1); // -1.5 -> -1
  EXPECT_EQ(scnn_requantise(-7, 2, 0), -2); // -1.75 -> -2
  EXPECT_EQ(scnn_requantise(1 << 22, 23, 0), 1);
  EXPECT_EQ(scnn_requantise(kAccMin, 23, 0), -1);
  EXPECT_EQ(scnn_requantise(12345, 0, 0), 12345);
}

TEST(Numerics, RequantiseSaturatesBothWays) {
  EXPECT_EQ(scnn_requantise(kAccMax, 0, 0), 32767);
  EXPECT_EQ(scnn_requantise(kAccMin, 0, 0), -32768);
  EXPECT_EQ(scnn_requantise(32768, 0, 0), 32767);
  EXPECT_EQ(scnn_requantise(-32769, 0, 0), -32768);
  EXPECT_EQ(scnn_requantise(65535, 1, 0), 32767);   // 32767.5 -> 32768 -> saturates
  EXPECT_EQ(scnn_requantise(-65537, 1, 0), -32768); // -32768.5 -> -32768
}

TEST(Numerics, ReluAfterSaturation) {
  EXPECT_EQ(scnn_requantise(-5, 0, 1), 0);
  EXPECT_EQ(scnn_requantise(-1, 0, 1), 0);   // the smallest negative output
  EXPECT_EQ(scnn_requantise(-3, 1, 1), 0);   // -1.5 rounds to -1, then ReLU
  EXPECT_EQ(scnn_requantise(1, 1, 1), 1);    // 0.5 rounds up to 1: ReLU keeps it
  EXPECT_EQ(scnn_requantise(-1, 1, 1), 0);   // -0.5 rounds to 0
  EXPECT_EQ(scnn_requantise(kAccMin, 0, 1), 0);
  EXPECT_EQ(scnn_requantise(kAccMax, 0, 1), 32767);
}

TEST(Numerics, AccumulatorWrapsAndCountsOverflow) {
  uint64_t ovf = 0;
  EXPECT_EQ(scnn_acc_add(kAccMax, 1, &ovf), kAccMin);
  EXPECT_EQ(ovf, 1u);
  EXPECT_EQ(scnn_acc_add(kAccMin, -1, &ovf), kAccMax);
  EXPECT_EQ(ovf, 2u);
  EXPECT_EQ(scnn_acc_add(0, 1 << 30, &ovf), 0);  // 2^30 mod 2^24 = 0
  EXPECT_EQ(ovf, 3u);
  EXPECT_EQ(scnn_acc_add(100, -50, &ovf), 50);
  EXPECT_EQ(ovf, 3u);  // in range: not counted
}

TEST(Numerics, WrapMakesTheSumOrderIndependent) {
  const int32_t t[] = {1 << 22, 1 << 22, 1 << 22, -(1 << 22), 7, -(1 << 23), 3};
  int32_t fwd = 0, bwd = 0;
  int64_t exact = 0;
  for (int i = 0; i < 7; ++i) {
    fwd = scnn_acc_add(fwd, t[i], nullptr);
    bwd = scnn_acc_add(bwd, t[6 - i], nullptr);
    exact += t[i];
  }
  EXPECT_EQ(fwd, bwd);
  EXPECT_EQ(fwd, scnn_acc_wrap(exact));
  EXPECT_EQ(fwd, 10);  // 3*2^22 - 2^22 - 2^23 + 7 + 3 = 10, though partial sums wrapped
}

// A 1-channel 3x3 input and a 2x2 filter, worked by hand:
//   in = [1 2 3; 4 5 6; 7 8 9], w = [1 0; 0 -1]
//   valid conv (pad 0): o = [1-5, 2-6; 4-8, 5-9] = [-4 -4; -4 -4]
TEST(RefConv, HandWorkedValidConvolution) {
  scnn_layer l = {};
  l.C = 1; l.H = 3; l.W = 3; l.K = 1; l.R = 2; l.S = 2;
  l.stride = 1; l.pad = 0; l.groups = 1;
  const int16_t in[] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const int16_t w[] = {1, 0, 0, -1};
  int16_t out[4];
  uint64_t ovf = 99;
  scnn_conv_ref(&l, in, w, out, &ovf);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(out[i], -4) << i;
  EXPECT_EQ(ovf, 0u);
  l.relu = 1;
  scnn_conv_ref(&l, in, w, out, &ovf);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(out[i], 0) << i;
}

// Same input, 3x3 filter of ones, pad 1, stride 2: outputs at (0,0),(0,2),(2,0),(2,2)
// sum the 2x2 corner neighbourhoods: 1+2+4+5=12, 2+3+5+6=16, 4+5+7+8=24, 5+6+8+9=28.
TEST(RefConv, HandWorkedStridedPaddedConvolution) {
  scnn_layer l = {};
  l.C = 1; l.H = 3; l.W = 3; l.K = 1; l.R = 3; l.S = 3;
  l.stride = 2; l.pad = 1; l.groups = 1; l.out_shift = 2;  // then /4 rounded half up
  const int16_t in[] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  int16_t w[9];
  for (auto &x : w) x = 1;
  int16_t out[4];
  ASSERT_EQ(scnn_layer_out_h(&l), 2);
  scnn_conv_ref(&l, in, w, out, nullptr);
  EXPECT_EQ(out[0], 3);  // 12/4
  EXPECT_EQ(out[1], 4);  // 16/4
  EXPECT_EQ(out[2], 6);  // 24/4
  EXPECT_EQ(out[3], 7);  // 28/4
}

// Two groups: output channel 0 sees only input channel 0, output 1 only input 1.
TEST(RefConv, GroupsSeparateChannels) {
  scnn_layer l = {};
  l.C = 2; l.H = 1; l.W = 1; l.K = 2; l.R = 1; l.S = 1;
  l.stride = 1; l.groups = 2;
  const int16_t in[] = {3, 5};
  const int16_t w[] = {2, 7};  // (K=2, C/g=1, 1, 1)
  int16_t out[2];
  scnn_conv_ref(&l, in, w, out, nullptr);
  EXPECT_EQ(out[0], 6);
  EXPECT_EQ(out[1], 35);
}

TEST(RefConv, OverflowCountsOutputsWhoseExactSumLeaves24Bits) {
  scnn_layer l = {};
  l.C = 16; l.H = 1; l.W = 1; l.K = 1; l.R = 1; l.S = 1;
  l.stride = 1; l.groups = 1; l.out_shift = 23;
  int16_t in[16], w[16];
  for (int c = 0; c < 16; ++c) { in[c] = INT16_MAX; w[c] = INT16_MAX; }  // 16 * (2^15-1)^2 > 2^23
  int16_t out;
  uint64_t ovf = 0;
  scnn_conv_ref(&l, in, w, &out, &ovf);
  EXPECT_EQ(ovf, 1u);
  const int64_t exact = 16LL * 32767 * 32767;
  EXPECT_EQ(out, scnn_requantise(scnn_acc_wrap(exact), 23, 0));
}

// 3x3/2 pooling of a 5x5 plane in ceil mode gives 2x2; a 4x4 plane gives 2x2 too
// (the second window starts at 2 and is clipped). Caffe: AlexNet 55 -> 27 -> 13 -> 6.
TEST(MaxPool, CeilModeSizes) {
  EXPECT_EQ(scnn_pool_out(55, 3, 2), 27);
  EXPECT_EQ(scnn_pool_out(27, 3, 2), 13);
  EXPECT_EQ(scnn_pool_out(13, 3, 2), 6);
  EXPECT_EQ(scnn_pool_out(224, 2, 2), 112);
  EXPECT_EQ(scnn_pool_out(112, 3, 2), 56);  // GoogLeNet pool1 (ceil mode)
  EXPECT_EQ(scnn_pool_out(4, 3, 2), 2);
}

TEST(MaxPool, TakesTheMaximumOfEachClippedWindow) {
  const int16_t in[] = {1, -2, 3, 0,   //
                        4, 5, -6, 9,   //
                        -7, 8, 2, 1,   //
                        0, 0, 0, -1};
  int16_t out[4];
  scnn_maxpool(in, 1, 4, 4, 3, 2, out);
  EXPECT_EQ(out[0], 8);  // rows 0-2, cols 0-2
  EXPECT_EQ(out[1], 9);  // rows 0-2, cols 2-3
  EXPECT_EQ(out[2], 8);  // rows 2-3, cols 0-2
  EXPECT_EQ(out[3], 2);  // rows 2-3, cols 2-3
}

TEST(LayerValidate, RejectsImpossibleLayers) {
  scnn_layer ok = {};
  ok.C = 4; ok.H = 8; ok.W = 8; ok.K = 6; ok.R = 3; ok.S = 3;
  ok.stride = 1; ok.pad = 1; ok.groups = 2;
  scnn_error err;
  ASSERT_EQ(scnn_layer_validate(&ok, "t", &err), 0) << err.msg;
  scnn_layer l = ok;
  l.groups = 4;  // divides C = 4 but not K = 6
  EXPECT_EQ(scnn_layer_validate(&l, "t", &err), -1);
  EXPECT_NE(std::string(err.msg).find("groups"), std::string::npos);
  l = ok; l.R = 11; l.pad = 0;  // filter taller than the input
  EXPECT_EQ(scnn_layer_validate(&l, "t", &err), -1);
  l = ok; l.prod_shift = 16;
  EXPECT_EQ(scnn_layer_validate(&l, "t", &err), -1);
  EXPECT_NE(std::string(err.msg).find("prod_shift"), std::string::npos);
  l = ok; l.out_shift = 24;
  EXPECT_EQ(scnn_layer_validate(&l, "t", &err), -1);
  l = ok; l.stride = 0;
  EXPECT_EQ(scnn_layer_validate(&l, "t", &err), -1);
  l = ok; l.C = 0;
  EXPECT_EQ(scnn_layer_validate(&l, "t", &err), -1);
  l = ok; l.H = 100000;
  EXPECT_EQ(scnn_layer_validate(&l, "t", &err), -1);
}

}  // namespace
