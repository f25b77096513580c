// PdqIndex over the shared upstream MIH vectors (needles vs haystack), against the expected
// brute-force pairs. The vectors are read in place; the test skips when they are absent.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>

#include "index/pdq_index.hpp"

#ifndef VIGIL_VECTORS_DIR_DEFAULT
#define VIGIL_VECTORS_DIR_DEFAULT ""
#endif

namespace vigil {
namespace {

namespace fs = std::filesystem;

constexpr const char* kInputs = "pdq/expected/upstream-mih-inputs";
constexpr const char* kExpected = "pdq/expected/mih-needles-vs-haystack-bruteforce-d63.csv";

// $VIGIL_VECTORS_DIR when set, else the directory configured at build time.
std::optional<fs::path> vectors_dir() {
  std::error_code ec;
  if (const char* env = std::getenv("VIGIL_VECTORS_DIR"); env != nullptr && *env != '\0') {
    return fs::is_directory(env, ec) ? std::optional<fs::path>(env) : std::nullopt;
  }
  const fs::path configured = VIGIL_VECTORS_DIR_DEFAULT;
  if (!configured.empty() && fs::is_directory(configured, ec)) return configured;
  return std::nullopt;
}

std::vector<Pdq256> read_hashes(const fs::path& path) {
  std::ifstream in(path);
  std::vector<Pdq256> out;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const auto h = Pdq256::from_hex(line);
    EXPECT_TRUE(h.has_value()) << path << ": bad hash '" << line << "'";
    if (h) out.push_back(*h);
  }
  return out;
}

struct Pair {
  std::uint32_t needle, entry;
  int distance;
};

std::vector<Pair> read_pairs(const fs::path& path) {
  std::ifstream in(path);
  std::vector<Pair> out;
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  EXPECT_EQ(line, "needle_idx,haystack_idx,distance") << path << ": unexpected header";
  while (std::getline(in, line)) {
    if (line.empty() || line == "\r") continue;
    std::istringstream row(line);
    Pair p{};
    char comma1 = 0, comma2 = 0;
    row >> p.needle >> comma1 >> p.entry >> comma2 >> p.distance;
    EXPECT_TRUE(row && comma1 == ',' && comma2 == ',') << path << ": bad row '" << line << "'";
    out.push_back(p);
  }
  return out;
}

class PdqIndexVectors : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    const std::optional<fs::path> dir = vectors_dir();
    if (!dir || !fs::exists(*dir / kExpected)) {
      GTEST_SKIP() << "PDQ MIH vectors not found: set VIGIL_VECTORS_DIR to the shared vectors "
                      "folder (needs "
                   << kExpected << ")";
    }
    needles_ = read_hashes(*dir / kInputs / "needles.txt");
    haystack_ = read_hashes(*dir / kInputs / "haystack.txt");
    pairs_ = read_pairs(*dir / kExpected);
    ASSERT_EQ(needles_.size(), 100U);
    ASSERT_EQ(haystack_.size(), 1350U);
  }

  // (needle, entry) -> distance for every expected pair within max_distance.
  std::map<std::pair<std::uint32_t, std::uint32_t>, int> expected(int max_distance) const {
    std::map<std::pair<std::uint32_t, std::uint32_t>, int> out;
    for (const Pair& p : pairs_) {
      if (p.distance <= max_distance) out[{p.needle, p.entry}] = p.distance;
    }
    return out;
  }

  std::vector<Pdq256> needles_, haystack_;
  std::vector<Pair> pairs_;
};

TEST_P(PdqIndexVectors, EachNeedleFindsExactlyTheBruteForcePairs) {
  const PdqIndex index = PdqIndex::build(haystack_, {GetParam()}).value();
  for (const auto& [d, count] : {std::pair{63, 352U}, std::pair{31, 250U}}) {
    const auto want = expected(d);
    ASSERT_EQ(want.size(), count) << "expected-pairs file changed?";
    for (PdqSearchPath path :
         {PdqSearchPath::automatic, PdqSearchPath::multi_index, PdqSearchPath::linear_scan}) {
      std::map<std::pair<std::uint32_t, std::uint32_t>, int> got;
      for (std::uint32_t n = 0; n < needles_.size(); ++n) {
        std::vector<PdqHit> hits;
        ASSERT_TRUE(index.query(std::span(needles_).subspan(n, 1), d, hits, {path}).ok());
        for (const PdqHit& h : hits) {
          EXPECT_EQ(h.variant, 0);
          EXPECT_TRUE(got.emplace(std::pair{n, h.entry}, h.distance).second) << "duplicate hit";
        }
      }
      EXPECT_EQ(got, want) << "d=" << d << " path=" << static_cast<int>(path);
    }
  }
}

TEST_P(PdqIndexVectors, EightNeedlesAsVariantsGiveTheClosestNeedlePerEntry) {
  const PdqIndex index = PdqIndex::build(haystack_, {GetParam()}).value();
  for (int d : {31, 63}) {
    for (std::size_t first = 0; first < needles_.size(); first += 8) {
      const std::size_t count = std::min<std::size_t>(8, needles_.size() - first);
      // From the pairs: per entry, the smallest distance and the lowest needle reaching it.
      std::map<std::uint32_t, std::pair<int, std::uint8_t>> best;
      for (const Pair& p : pairs_) {
        if (p.needle < first || p.needle >= first + count || p.distance > d) continue;
        const auto v = static_cast<std::uint8_t>(p.needle - first);
        auto [it, inserted] = best.emplace(p.entry, std::pair{p.distance, v});
        if (!inserted && std::pair{p.distance, v} < it->second) it->second = {p.distance, v};
      }
      std::vector<PdqHit> want;
      for (const auto& [entry, dv] : best) {
        want.push_back({entry, static_cast<std::uint8_t>(dv.first), dv.second});
      }
      std::sort(want.begin(), want.end(), [](const PdqHit& a, const PdqHit& b) {
        return a.distance != b.distance ? a.distance < b.distance : a.entry < b.entry;
      });
      std::vector<PdqHit> hits;
      ASSERT_TRUE(index.query(std::span(needles_).subspan(first, count), d, hits).ok());
      EXPECT_EQ(hits, want) << "needles " << first << ".." << first + count - 1 << " d=" << d;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Substrings, PdqIndexVectors,
                         ::testing::Values(PdqIndexOptions::kAuto, 0, 16, 32),
                         [](const auto& param_info) {
                           return param_info.param < 0 ? std::string("auto")
                                                       : "m" + std::to_string(param_info.param);
                         });

}  // namespace
}  // namespace vigil
