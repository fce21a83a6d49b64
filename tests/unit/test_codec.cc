// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// Compressed-sparse codec (docs/spec.md section 5): edge cases and random round trips.
// Expected encodings are written out by hand from the docs/spec.md rule, not produced
// by the encoder.
#include <gtest/gtest.h>

#include <vector>

#include "harness.h"
#include "scnn_codec.h"

namespace {

struct E {
  int value, run;
};

std::vector<E> Encode(const std::vector<int16_t> &v) {
  std::vector<scnn_entry> out(v.size() + 1);
  size_t n = scnn_encode(v.data(), v.size(), out.data(), out.size());
  EXPECT_NE(n, (size_t)-1);
  std::vector<E> r;
  for (size_t i = 0; i < n; ++i) r.push_back({out[i].value, out[i].run});
  EXPECT_EQ(n, scnn_encoded_len(v.data(), v.size()));
  return r;
}

void ExpectEntries(const std::vector<E> &got, const std::vector<E> &want) {
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].value, want[i].value) << "entry " << i;
    EXPECT_EQ(got[i].run, want[i].run) << "entry " << i;
  }
}

std::vector<int16_t> Zeros(size_t n) { return std::vector<int16_t>(n, 0); }

TEST(Codec, SpecExample) {
  std::vector<int16_t> v = {0, 0, 5};
  for (int i = 0; i < 20; ++i) v.push_back(0);
  v.push_back(7);
  ExpectEntries(Encode(v), {{5, 2}, {0, 15}, {7, 4}});
}

TEST(Codec, EmptyBlock) { ExpectEntries(Encode({}), {}); }

TEST(Codec, AllZeroBlockHasNoEntries) { ExpectEntries(Encode(Zeros(100)), {}); }

TEST(Codec, FullyDense) {
  ExpectEntries(Encode({1, -2, 3, -4}), {{1, 0}, {-2, 0}, {3, 0}, {-4, 0}});
}

// A value preceded by z zeros.
std::vector<int16_t> AfterZeros(size_t z, int16_t x) {
  auto v = Zeros(z);
  v.push_back(x);
  return v;
}

TEST(Codec, RunOf15FitsOneEntry) { ExpectEntries(Encode(AfterZeros(15, 9)), {{9, 15}}); }
TEST(Codec, RunOf16NeedsPlaceholder) {
  ExpectEntries(Encode(AfterZeros(16, 9)), {{0, 15}, {9, 0}});
}
TEST(Codec, RunOf17) { ExpectEntries(Encode(AfterZeros(17, 9)), {{0, 15}, {9, 1}}); }
TEST(Codec, RunOf31) { ExpectEntries(Encode(AfterZeros(31, 9)), {{0, 15}, {9, 15}}); }
TEST(Codec, RunOf32NeedsTwoPlaceholders) {
  ExpectEntries(Encode(AfterZeros(32, 9)), {{0, 15}, {0, 15}, {9, 0}});
}

TEST(Codec, TrailingZerosCostNothing) {
  auto v = std::vector<int16_t>{4};
  for (int i = 0; i < 40; ++i) v.push_back(0);
  ExpectEntries(Encode(v), {{4, 0}});
}

TEST(Codec, ExtremeValues) {
  ExpectEntries(Encode({INT16_MIN, 0, INT16_MAX}), {{INT16_MIN, 0}, {INT16_MAX, 1}});
}

TEST(Codec, CapacityTooSmallIsReported) {
  std::vector<int16_t> v = {1, 2, 3};
  scnn_entry out[2];
  EXPECT_EQ(scnn_encode(v.data(), v.size(), out, 2), (size_t)-1);
}

// Found by fuzz-codec (tests/fuzz/regress/codec/): a block whose last value is followed by 16
// or more zeros needs scnn_encoded_len = 1 entry here, but scnn_encode with exactly that
// capacity refused it, because the placeholder of the trailing zero run (dropped in the end)
// was stored before the encoder knew it would be dropped.
TEST(Codec, ExactCapacityWithLongTrailingZeroRun) {
  std::vector<int16_t> v = {4};
  for (int i = 0; i < 39; ++i) v.push_back(0);
  ASSERT_EQ(scnn_encoded_len(v.data(), v.size()), 1u);
  scnn_entry out[1];
  ASSERT_EQ(scnn_encode(v.data(), v.size(), out, 1), 1u);
  EXPECT_EQ(out[0].value, 4);
  EXPECT_EQ(out[0].run, 0);
  // ... while a placeholder that a later value needs still counts against the capacity
  v.push_back(9);  // 9 after 39 zeros: (4,0) (0,15) (0,15) (9,7)
  ASSERT_EQ(scnn_encoded_len(v.data(), v.size()), 4u);
  scnn_entry out4[4];
  EXPECT_EQ(scnn_encode(v.data(), v.size(), out4, 3), (size_t)-1);
  ASSERT_EQ(scnn_encode(v.data(), v.size(), out4, 4), 4u);
  EXPECT_EQ(out4[3].value, 9);
  EXPECT_EQ(out4[3].run, 7);
}

TEST(Codec, DecodeRejectsPositionPastEnd) {
  scnn_entry e[] = {{3, 10}};
  int16_t v[5];
  scnn_error err;
  EXPECT_EQ(scnn_decode(e, 1, v, 5, &err), -1);
  EXPECT_NE(std::string(err.msg).find("past the block end"), std::string::npos);
}

TEST(Codec, DecodeRejectsBadPlaceholder) {
  scnn_entry e[] = {{0, 3}};
  int16_t v[20];
  EXPECT_EQ(scnn_decode(e, 1, v, 20, nullptr), -1);
}

TEST(Codec, PositionsFollowRuns) {
  scnn_entry e[] = {{5, 2}, {0, 15}, {7, 4}};
  uint32_t pos[3];
  scnn_entry_positions(e, 3, pos);
  EXPECT_EQ(pos[0], 2u);
  EXPECT_EQ(pos[1], 18u);
  EXPECT_EQ(pos[2], 23u);
}

class CodecRandom : public ::testing::TestWithParam<double> {};

TEST_P(CodecRandom, RoundTripAtDensity) {
  for (uint64_t seed = 1; seed <= 50; ++seed) {
    std::vector<int16_t> v(1 + seed * 37 % 700);
    harness_sparse_values(v.data(), v.size(), GetParam(), INT16_MIN, INT16_MAX, seed);
    ASSERT_TRUE(harness_codec_roundtrip(v.data(), v.size())) << "seed " << seed;
  }
}

INSTANTIATE_TEST_SUITE_P(Densities, CodecRandom,
                         ::testing::Values(0.0, 0.01, 0.05, 0.3, 0.5, 0.9, 1.0));

}  // namespace
