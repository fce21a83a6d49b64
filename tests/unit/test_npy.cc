// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// Strict .npy reader/writer. The files are built byte by byte here from the
// NumPy format description (magic, version, little-endian header length,
// Python-literal header dict, little-endian payload), not by the writer.
#include <gtest/gtest.h>

#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "harness.h"
#include "scnn_io.h"

namespace {

class Npy : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(harness_mkdtemp(dir_, sizeof dir_), 0); }
  void TearDown() override { harness_rmtree(dir_); }
  std::string Path(const char *name) { return std::string(dir_) + "/" + name; }

  // A .npy file: version major.0, header dict padded with spaces to a 64-byte
  // boundary and ending in '\n' (pad = false: no padding, no newline), payload.
  static std::string File(const std::string &dict, const std::string &payload, int major = 1,
                          bool pad = true) {
    size_t pre = major == 1 ? 10 : 12;
    std::string h = dict;
    if (pad) {
      while ((pre + h.size() + 1) % 64) h += ' ';
      h += '\n';
    }
    std::string f = std::string("\x93NUMPY", 6) + char(major) + char(0);
    f += char(h.size() & 0xff);
    f += char((h.size() >> 8) & 0xff);
    if (major != 1) f += std::string(2, '\0');
    return f + h + payload;
  }
  static std::string Le16(std::vector<int> v) {
    std::string s;
    for (int x : v) {
      s += char(x & 0xff);
      s += char((x >> 8) & 0xff);
    }
    return s;
  }
  std::string Write(const std::string &bytes, const char *name = "a.npy") {
    std::string p = Path(name);
    EXPECT_EQ(harness_write_bytes(p.c_str(), bytes.data(), bytes.size()), 0);
    return p;
  }
  // Expects a rejection whose one-line message names the file and contains `what`.
  void Reject(const std::string &bytes, const char *what, int nd = 0,
              const int64_t *dims = nullptr) {
    std::string p = Write(bytes);
    scnn_tensor t;
    scnn_error err;
    ASSERT_EQ(scnn_npy_read(p.c_str(), &t, nd, dims, &err), -1) << "accepted: " << what;
    EXPECT_EQ(t.data, nullptr);
    std::string m = err.msg;
    EXPECT_NE(m.find(p), std::string::npos) << m;
    EXPECT_NE(m.find(what), std::string::npos) << m;
    EXPECT_EQ(m.find('\n'), std::string::npos) << m;
  }
  char dir_[256];
};

const char *kDict23 = "{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3), }";

TEST_F(Npy, ReadsHandBuiltFile) {
  std::string p = Write(File(kDict23, Le16({1, -1, 32767, -32768, 256, 0})));
  scnn_tensor t;
  scnn_error err;
  int64_t dims[2] = {2, -1};
  ASSERT_EQ(scnn_npy_read(p.c_str(), &t, 2, dims, &err), 0) << err.msg;
  ASSERT_EQ(t.ndim, 2);
  EXPECT_EQ(t.dims[0], 2);
  EXPECT_EQ(t.dims[1], 3);
  const int want[6] = {1, -1, 32767, -32768, 256, 0};
  for (int i = 0; i < 6; ++i) EXPECT_EQ(t.data[i], want[i]) << i;
  scnn_tensor_free(&t);
}

TEST_F(Npy, AcceptsVersions2And3AndLiteralVariants) {
  const char *dicts[] = {
      "{'descr': '<i2', 'fortran_order': False, 'shape': (4,), }",
      "{\"shape\": (4,), \"fortran_order\": False, \"descr\": \"<i2\"}",
      "{'descr':'<i2','fortran_order':False,'shape':(4L,)}",
  };
  for (int major : {1, 2, 3})
    for (const char *d : dicts) {
      std::string p = Write(File(d, Le16({5, 6, 7, 8}), major));
      scnn_tensor t;
      scnn_error err;
      ASSERT_EQ(scnn_npy_read(p.c_str(), &t, 1, nullptr, &err), 0) << major << d << err.msg;
      EXPECT_EQ(t.dims[0], 4);
      EXPECT_EQ(t.data[3], 8);
      scnn_tensor_free(&t);
    }
  // No padding and no newline is still a well-formed header.
  std::string p = Write(File(kDict23, Le16({1, 2, 3, 4, 5, 6}), 1, false));
  scnn_tensor t;
  ASSERT_EQ(scnn_npy_read(p.c_str(), &t, 0, nullptr, nullptr), 0);
  scnn_tensor_free(&t);
}

TEST_F(Npy, EmptyArrayIsFine) {
  std::string p =
      Write(File("{'descr': '<i2', 'fortran_order': False, 'shape': (0, 3), }", ""));
  scnn_tensor t;
  ASSERT_EQ(scnn_npy_read(p.c_str(), &t, 2, nullptr, nullptr), 0);
  EXPECT_EQ(scnn_tensor_numel(&t), 0);
  scnn_tensor_free(&t);
}

TEST_F(Npy, RejectsBadFiles) {
  std::string six = Le16({1, 2, 3, 4, 5, 6});
  Reject("", "bad magic");
  Reject("\x93NUMPZ\x01\x00\x10\x00", "bad magic");
  Reject(std::string("\x93NUMPY\x04\x00\x10\x00", 10), "version 4.0");
  Reject(std::string("\x93NUMPY\x01\x00\x40", 9), "truncated");
  Reject(File(kDict23, six).substr(0, 40), "truncated");
  Reject(File(kDict23, six.substr(0, 11)), "truncated");
  Reject(File(kDict23, six + "x"), "trailing bytes");
  Reject(File("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", six + six),
         "'<f4' is not int16");
  Reject(File("{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }", six + six),
         "'<i4' is not int16");
  Reject(File("{'descr': '|u1', 'fortran_order': False, 'shape': (2, 3), }", "abcdef"),
         "'|u1' is not int16");
  Reject(File("{'descr': '>i2', 'fortran_order': False, 'shape': (2, 3), }", six), "big-endian");
  Reject(File("{'descr': '<i2', 'fortran_order': True, 'shape': (2, 3), }", six), "Fortran");
  Reject(File("{'descr': '<i2', 'fortran_order': False, 'shape': (), }", Le16({1})),
         "0-dimensional");
  Reject(File("{'descr': '<i2', 'fortran_order': False, 'shape': (1, 1, 1, 1, 1), }",
              Le16({1})),
         "dimensions");
  Reject(File("{'descr': '<i2', 'shape': (2, 3), }", six), "missing key 'fortran_order'");
  Reject(File("{'descr': '<i2', 'descr': '<i2', 'fortran_order': False, 'shape': (2, 3)}", six),
         "duplicate");
  Reject(File("{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3), 'x': 1}", six),
         "unexpected key");
  Reject(File("{'descr': '<i2', 'fortran_order': False, 'shape': (2, 3)", six), "malformed");
  Reject(File("{'descr': '<i2', 'fortran_order': Flase, 'shape': (2, 3)}", six), "malformed");
  Reject(File("{'descr': '<i2', 'fortran_order': False, 'shape': (2, -3)}", six), "malformed");
  Reject(File("{'descr': [('a', '<i2')], 'fortran_order': False, 'shape': (2,)}", six),
         "structured");
  // Absurd sizes are rejected from the header, before anything is allocated.
  Reject(File("{'descr': '<i2', 'fortran_order': False, 'shape': (100000, 100000, 100000), }",
              six),
         "absurd");
  Reject(File("{'descr': '<i2', 'fortran_order': False, 'shape': (99999999999999999999,), }",
              six),
         "absurd");
}

TEST_F(Npy, RejectsWrongShapeOrRank) {
  std::string f = File(kDict23, Le16({1, 2, 3, 4, 5, 6}));
  int64_t d32[2] = {3, 2};
  Reject(f, "does not match", 2, d32);
  Reject(f, "3 expected", 3, nullptr);
}

TEST_F(Npy, MissingFileAndDirectory) {
  scnn_tensor t;
  scnn_error err;
  std::string p = Path("nope.npy");
  EXPECT_EQ(scnn_npy_read(p.c_str(), &t, 0, nullptr, &err), -1);
  EXPECT_NE(std::string(err.msg).find(p), std::string::npos);
  EXPECT_EQ(scnn_npy_read(dir_, &t, 0, nullptr, &err), -1);
  EXPECT_NE(std::string(err.msg).find("not a regular file"), std::string::npos);
}

TEST_F(Npy, WriterProducesNumpyV1Bytes) {
  scnn_tensor t;
  int64_t dims[2] = {2, 3};
  ASSERT_EQ(scnn_tensor_alloc(&t, 2, dims, nullptr), 0);
  const int v[6] = {1, -1, 32767, -32768, 256, 0};
  for (int i = 0; i < 6; ++i) t.data[i] = (int16_t)v[i];
  std::string p = Path("w.npy");
  scnn_error err;
  ASSERT_EQ(scnn_npy_write(p.c_str(), &t, &err), 0) << err.msg;
  size_t n;
  unsigned char *b = harness_read_file(p.c_str(), &n);
  ASSERT_NE(b, nullptr);
  std::string got((char *)b, n);
  free(b);
  EXPECT_EQ(got, File(kDict23, Le16({1, -1, 32767, -32768, 256, 0})));
  EXPECT_EQ((n - 12) % 64, 0u);  // payload starts on a 64-byte boundary (10 + hlen = 128)
  scnn_tensor_free(&t);

  int64_t d1[1] = {5};
  ASSERT_EQ(scnn_tensor_alloc(&t, 1, d1, nullptr), 0);
  ASSERT_EQ(scnn_npy_write(p.c_str(), &t, &err), 0);
  b = harness_read_file(p.c_str(), &n);
  got.assign((char *)b, n);
  free(b);
  EXPECT_EQ(got, File("{'descr': '<i2', 'fortran_order': False, 'shape': (5,), }",
                      Le16({0, 0, 0, 0, 0})));
  scnn_tensor_free(&t);
}

TEST_F(Npy, RoundTrip4dAndAtomicReplace) {
  scnn_tensor t, r;
  int64_t dims[4] = {3, 2, 5, 7};
  ASSERT_EQ(scnn_tensor_alloc(&t, 4, dims, nullptr), 0);
  harness_sparse_values(t.data, 210, 0.5, -32768, 32767, 9);
  std::string p = Path("r.npy");
  ASSERT_EQ(harness_write_bytes(p.c_str(), "old", 3), 0);
  ASSERT_EQ(scnn_npy_write(p.c_str(), &t, nullptr), 0);
  ASSERT_EQ(scnn_npy_read(p.c_str(), &r, 4, dims, nullptr), 0);
  EXPECT_EQ(memcmp(t.data, r.data, 210 * 2), 0);
  scnn_tensor_free(&r);
  // Writing into a missing directory fails with a message and leaves nothing.
  std::string bad = Path("missing/x.npy");
  scnn_error err;
  EXPECT_EQ(scnn_npy_write(bad.c_str(), &t, &err), -1);
  EXPECT_NE(std::string(err.msg).find(bad), std::string::npos);
  scnn_tensor_free(&t);
}

// The allocation limit: 2^31 elements (4 GiB) is the largest tensor; a layer
// whose output would be larger (e.g. K = 65536 on a 4096 x 4096 plane: 2^40
// elements) is refused with its shape before any memory is requested, and a
// product that overflows int64 (2^31 x 2^31 x 2^31) is refused too.
TEST(TensorAlloc, RefusesAbsurdSizes) {
  scnn_tensor t;
  scnn_error err;
  const int64_t huge[3] = {65536, 4096, 4096};
  EXPECT_EQ(scnn_tensor_alloc(&t, 3, huge, &err), -1);
  EXPECT_NE(std::string(err.msg).find("(65536, 4096, 4096)"), std::string::npos) << err.msg;
  EXPECT_EQ(t.data, nullptr);
  const int64_t over[2] = {(int64_t)1 << 16, ((int64_t)1 << 15) + 1};  // 2^31 + 2^16
  EXPECT_EQ(scnn_tensor_alloc(&t, 2, over, &err), -1);
  const int64_t wrap[3] = {(int64_t)1 << 31, (int64_t)1 << 31, (int64_t)1 << 31};
  EXPECT_EQ(scnn_tensor_alloc(&t, 3, wrap, &err), -1);
  const int64_t neg[1] = {-1};
  EXPECT_EQ(scnn_tensor_alloc(&t, 1, neg, &err), -1);
  const int64_t empty[2] = {0, 5};  // zero elements: allowed
  ASSERT_EQ(scnn_tensor_alloc(&t, 2, empty, &err), 0) << err.msg;
  scnn_tensor_free(&t);
}

}  // namespace
