// Copyright the SCNN contributors.
// SPDX-License-Identifier: Apache-2.0
// layer.json and layer bundles (docs/spec.md section 6): hand-written JSON files,
// every rejection rule, and bundle round trips.
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <vector>

#include "harness.h"
#include "scnn_io.h"

namespace {

class Bundle : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(harness_mkdtemp(dir_, sizeof dir_), 0); }
  void TearDown() override { harness_rmtree(dir_); }
  std::string Path(const std::string &name) { return std::string(dir_) + "/" + name; }
  std::string WriteJson(const std::string &text) {
    std::string p = Path("layer.json");
    EXPECT_EQ(harness_write_bytes(p.c_str(), text.data(), text.size()), 0);
    return p;
  }
  void Reject(const std::string &text, const std::string &what) {
    std::string p = WriteJson(text);
    scnn_layer l;
    scnn_error err;
    ASSERT_EQ(scnn_layer_json_read(p.c_str(), &l, &err), -1) << "accepted: " << text;
    std::string m = err.msg;
    EXPECT_NE(m.find(p), std::string::npos) << m;
    EXPECT_NE(m.find(what), std::string::npos) << m;
    EXPECT_EQ(m.find('\n'), std::string::npos) << m;
  }
  char dir_[256];
};

// The 13 keys of docs/spec.md section 6, as "key": value text.
std::vector<std::pair<std::string, std::string>> Keys() {
  return {{"name", "\"conv3\""}, {"C", "4"},          {"H", "6"},         {"W", "5"},
          {"K", "6"},            {"R", "3"},          {"S", "3"},         {"stride", "1"},
          {"pad", "1"},          {"groups", "2"},     {"prod_shift", "3"}, {"out_shift", "4"},
          {"relu", "true"}};
}
std::string Json(const std::vector<std::pair<std::string, std::string>> &kv) {
  std::string s = "{";
  for (size_t i = 0; i < kv.size(); ++i)
    s += (i ? ", \"" : "\"") + kv[i].first + "\": " + kv[i].second;
  return s + "}\n";
}
std::string With(const std::string &key, const std::string &value) {
  auto kv = Keys();
  for (auto &p : kv)
    if (p.first == key) p.second = value;
  return Json(kv);
}

TEST_F(Bundle, ReadsAllKeys) {
  std::string p = WriteJson(Json(Keys()));
  scnn_layer l;
  scnn_error err;
  ASSERT_EQ(scnn_layer_json_read(p.c_str(), &l, &err), 0) << err.msg;
  EXPECT_STREQ(l.name, "conv3");
  EXPECT_EQ(l.C, 4);
  EXPECT_EQ(l.H, 6);
  EXPECT_EQ(l.W, 5);
  EXPECT_EQ(l.K, 6);
  EXPECT_EQ(l.R, 3);
  EXPECT_EQ(l.S, 3);
  EXPECT_EQ(l.stride, 1);
  EXPECT_EQ(l.pad, 1);
  EXPECT_EQ(l.groups, 2);
  EXPECT_EQ(l.prod_shift, 3);
  EXPECT_EQ(l.out_shift, 4);
  EXPECT_EQ(l.relu, 1);
}

TEST_F(Bundle, ReluFormsAndSourceKey) {
  for (auto [v, want] : std::vector<std::pair<std::string, int>>{
           {"false", 0}, {"true", 1}, {"0", 0}, {"1", 1}}) {
    std::string p = WriteJson(With("relu", v));
    scnn_layer l;
    ASSERT_EQ(scnn_layer_json_read(p.c_str(), &l, nullptr), 0) << v;
    EXPECT_EQ(l.relu, want) << v;
  }
  auto kv = Keys();
  kv.push_back({"source", "{\"net\": \"alexnet\", \"seed\": 1}"});
  std::string p = WriteJson(Json(kv));
  scnn_layer l;
  EXPECT_EQ(scnn_layer_json_read(p.c_str(), &l, nullptr), 0);
}

TEST_F(Bundle, EveryKeyIsRequired) {
  for (size_t i = 0; i < 13; ++i) {
    auto kv = Keys();
    std::string key = kv[i].first;
    kv.erase(kv.begin() + (long)i);
    Reject(Json(kv), "missing key \"" + key + "\"");
  }
}

TEST_F(Bundle, RejectsBadValuesAndSyntax) {
  Reject(With("C", "4.5"), "\"C\" = 4.5 is not an integer");
  Reject(With("H", "\"6\""), "\"H\" must be an integer, not a string");
  Reject(With("W", "true"), "\"W\" must be an integer, not a boolean");
  Reject(With("K", "null"), "\"K\" must be an integer, not null");
  Reject(With("pad", "[1]"), "\"pad\" must be an integer");
  Reject(With("stride", "1e10"), "out of range");
  Reject(With("relu", "2"), "\"relu\" must be true, false, 0 or 1");
  Reject(With("relu", "\"yes\""), "\"relu\"");
  Reject(With("name", "3"), "\"name\" must be a string");
  Reject(With("name", "\"\""), "\"name\" must have 1 to 63");
  Reject(With("name", "\"" + std::string(64, 'x') + "\""), "\"name\" must have 1 to 63");
  auto kv = Keys();
  kv.push_back({"strid", "2"});
  Reject(Json(kv), "unknown key \"strid\"");
  kv = Keys();
  kv.push_back({"C", "4"});
  Reject(Json(kv), "key \"C\" appears twice");
  // Found by fuzz-layer-json (tests/fuzz/regress/layer-json/): an unknown key holding a newline
  // was quoted verbatim, breaking the one-line message; control bytes are now \xNN, long keys
  // cut. (Reject checks that the message is one line.)
  kv = Keys();
  kv.push_back({"prod_shif\\n\\t\\\"x", "3"});  // JSON escapes: newline, tab, quote
  Reject(Json(kv), "unknown key \"prod_shif\\x0a\\x09\\x22x\"");
  kv = Keys();
  kv.push_back({std::string(300, 'k'), "3"});
  Reject(Json(kv), "unknown key \"" + std::string(40, 'k') + "...\"");
  Reject("", "empty file");
  Reject("  \n", "empty file");
  Reject("{\"name\": \"x\",\n \"C\": }", "invalid JSON near line 2");
  Reject(Json(Keys()) + "{}", "trailing characters");
  Reject("[1, 2]", "not a JSON object");
  // Range and consistency checks of scnn_layer_validate, named by the file.
  Reject(With("groups", "3"), "groups = 3 does not divide");
  Reject(With("prod_shift", "16"), "prod_shift = 16 is out of range");
  Reject(With("out_shift", "-1"), "out_shift = -1 is out of range");
  Reject(With("C", "0"), "C = 0 is out of range");
  Reject(With("H", "100000"), "H = 100000 is out of range");
  Reject(With("R", "9"), "larger than the padded");
}

TEST_F(Bundle, MissingFile) {
  scnn_layer l;
  scnn_error err;
  std::string p = Path("none.json");
  EXPECT_EQ(scnn_layer_json_read(p.c_str(), &l, &err), -1);
  EXPECT_NE(std::string(err.msg).find(p + ": cannot open"), std::string::npos) << err.msg;
}

scnn_layer SmallLayer() {
  scnn_layer l{};
  snprintf(l.name, sizeof l.name, "small");
  l.C = 4, l.H = 6, l.W = 5, l.K = 6, l.R = 3, l.S = 3;
  l.stride = 2, l.pad = 1, l.groups = 2, l.prod_shift = 3, l.out_shift = 4, l.relu = 0;
  return l;
}

int Fill(scnn_bundle *b, const scnn_layer &l) {
  *b = scnn_bundle{};
  b->layer = l;
  int64_t wd[4] = {l.K, l.C / l.groups, l.R, l.S}, id[3] = {l.C, l.H, l.W};
  if (scnn_tensor_alloc(&b->weights, 4, wd, nullptr) || scnn_tensor_alloc(&b->input, 3, id, nullptr))
    return -1;
  harness_sparse_values(b->weights.data, (size_t)scnn_tensor_numel(&b->weights), 0.5, -9, 9, 1);
  harness_sparse_values(b->input.data, (size_t)scnn_tensor_numel(&b->input), 0.5, -9, 9, 2);
  return 0;
}

TEST_F(Bundle, SaveLoadRoundTripAndStaleOutput) {
  scnn_bundle b, r;
  scnn_layer l = SmallLayer();
  ASSERT_EQ(Fill(&b, l), 0);
  std::string d = Path("sub/bundle");  // created with its parent
  scnn_error err;
  ASSERT_EQ(scnn_bundle_save(d.c_str(), &b, &err), 0) << err.msg;
  std::string out = d + "/output.npy";
  std::string rep = d + "/report.json";
  ASSERT_EQ(harness_write_bytes(out.c_str(), "old", 3), 0);
  ASSERT_EQ(harness_write_bytes(rep.c_str(), "{}", 2), 0);
  ASSERT_EQ(scnn_bundle_save(d.c_str(), &b, &err), 0) << err.msg;
  size_t n;
  EXPECT_EQ(harness_read_file(out.c_str(), &n), nullptr) << "stale output.npy kept";
  EXPECT_EQ(harness_read_file(rep.c_str(), &n), nullptr) << "stale report.json kept";
  ASSERT_EQ(scnn_bundle_load(d.c_str(), &r, &err), 0) << err.msg;
  EXPECT_STREQ(r.layer.name, "small");
  EXPECT_EQ(r.layer.stride, 2);
  EXPECT_EQ(r.layer.groups, 2);
  EXPECT_EQ(r.layer.relu, 0);
  EXPECT_EQ(r.layer.out_shift, 4);
  EXPECT_EQ(memcmp(r.weights.data, b.weights.data, 2 * scnn_tensor_numel(&b.weights)), 0);
  EXPECT_EQ(memcmp(r.input.data, b.input.data, 2 * scnn_tensor_numel(&b.input)), 0);
  scnn_bundle_free(&r);
  scnn_bundle_free(&b);
}

TEST_F(Bundle, LoadRejectsMismatchedOrMissingFiles) {
  scnn_bundle b, r;
  ASSERT_EQ(Fill(&b, SmallLayer()), 0);
  std::string d = Path("b");
  ASSERT_EQ(scnn_bundle_save(d.c_str(), &b, nullptr), 0);
  scnn_error err;
  // layer.json says K = 8: weights.npy (6, 2, 3, 3) no longer matches.
  std::string j = With("K", "8");
  ASSERT_EQ(harness_write_bytes((d + "/layer.json").c_str(), j.data(), j.size()), 0);
  ASSERT_EQ(scnn_bundle_load(d.c_str(), &r, &err), -1);
  EXPECT_NE(std::string(err.msg).find(d + "/weights.npy: shape (6, 2, 3, 3) does not match"),
            std::string::npos)
      << err.msg;
  // A consistent bundle again, then one file missing.
  ASSERT_EQ(scnn_bundle_save(d.c_str(), &b, nullptr), 0);
  ASSERT_EQ(remove((d + "/input.npy").c_str()), 0);
  ASSERT_EQ(scnn_bundle_load(d.c_str(), &r, &err), -1);
  EXPECT_NE(std::string(err.msg).find(d + "/input.npy: cannot open"), std::string::npos)
      << err.msg;
  std::string none = Path("none");
  ASSERT_EQ(scnn_bundle_load(none.c_str(), &r, &err), -1);
  EXPECT_NE(std::string(err.msg).find(none + ": not a bundle directory"), std::string::npos)
      << err.msg;
  scnn_bundle_free(&b);
}

TEST_F(Bundle, JsonWriteReadRoundTrip) {
  scnn_layer l = SmallLayer(), r;
  std::string p = Path("l.json");
  ASSERT_EQ(scnn_layer_json_write(p.c_str(), &l, nullptr), 0);
  ASSERT_EQ(scnn_layer_json_read(p.c_str(), &r, nullptr), 0);
  EXPECT_EQ(memcmp(&l, &r, sizeof l), 0);
  l.groups = 3;  // invalid layers are not written
  scnn_error err;
  EXPECT_EQ(scnn_layer_json_write(p.c_str(), &l, &err), -1);
}

}  // namespace
