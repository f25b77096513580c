// Bit-exact conformance of vigil_pdq with Meta's reference PDQ, on the shared vectors:
//   pdq/expected/pdq-core-pixels.csv           hash and quality of 30 decoded images
//   pdq/expected/pdq-dihedral-core-pixels.csv  all 8 dihedral hashes of the same images
// The images are binary PPMs under pdq/pixels/. Tests skip when the vectors are absent.
#include <gtest/gtest.h>

#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "pdq_hasher.hpp"
#include "ppm_reader.hpp"
#include "test_vectors.hpp"

namespace vigil::pdq {
namespace {

using testing::read_csv;
using testing::read_ppm;
using testing::sanitize_test_name;
using testing::vectors_dir;

constexpr char kMissing[] = "vectors_missing";

std::string skip_message() {
  return "PDQ conformance vectors not found: set VIGIL_VECTORS_DIR to the shared vectors "
         "folder (the one holding pdq/pixels and pdq/expected)";
}

// ---------------------------------------------------------------- single hash

struct CoreRow {
  std::string file;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::string hex;
  int quality = 0;
};

// Keeps test listings readable (GoogleTest would otherwise dump the bytes).
void PrintTo(const CoreRow& row, std::ostream* os) { *os << row.file; }

std::vector<CoreRow> load_core_rows() {
  std::vector<CoreRow> rows;
  if (const auto dir = vectors_dir()) {
    if (const auto csv = read_csv(*dir + "/pdq/expected/pdq-core-pixels.csv")) {
      for (const auto& f : *csv) {
        if (f.size() != 5) continue;
        rows.push_back({f[0], static_cast<std::uint32_t>(std::stoul(f[1])),
                        static_cast<std::uint32_t>(std::stoul(f[2])), f[3], std::stoi(f[4])});
      }
    }
  }
  if (rows.empty()) rows.push_back({kMissing, 0, 0, "", 0});
  return rows;
}

class PdqCorePixels : public ::testing::TestWithParam<CoreRow> {};

TEST_P(PdqCorePixels, HashAndQualityMatchReference) {
  const CoreRow& row = GetParam();
  if (row.file == kMissing) GTEST_SKIP() << skip_message();
  const auto dir = vectors_dir();
  ASSERT_TRUE(dir.has_value()) << skip_message();

  std::string error;
  const auto img = read_ppm(*dir + "/pdq/pixels/" + row.file, &error);
  ASSERT_TRUE(img.has_value()) << error;
  ASSERT_EQ(img->width, row.width);
  ASSERT_EQ(img->height, row.height);

  Hasher hasher;
  const PdqResult r = hasher.hash_rgb(img->pixels.data(), img->width, img->height,
                                      static_cast<std::size_t>(img->width) * 3);
  const auto expected = Hash256::from_hex(row.hex);
  ASSERT_TRUE(expected.has_value()) << row.hex;
  EXPECT_EQ(r.hash.to_hex(), row.hex) << "distance " << hamming_distance(r.hash, *expected);
  EXPECT_EQ(r.quality, row.quality);

  // A second call on the same Hasher (scratch buffers reused) gives the same answer.
  const PdqResult again = hasher.hash_rgb(img->pixels.data(), img->width, img->height,
                                          static_cast<std::size_t>(img->width) * 3);
  EXPECT_EQ(again.hash, r.hash);
  EXPECT_EQ(again.quality, r.quality);
}

INSTANTIATE_TEST_SUITE_P(Vectors, PdqCorePixels, ::testing::ValuesIn(load_core_rows()),
                         [](const ::testing::TestParamInfo<CoreRow>& p) {
                           return sanitize_test_name(p.param.file);
                         });

// ---------------------------------------------------------------- dihedral

struct DihedralCase {
  std::string file;
  std::map<std::string, std::string> hex_by_transform;
  int quality = 0;
};

void PrintTo(const DihedralCase& c, std::ostream* os) { *os << c.file; }

std::vector<DihedralCase> load_dihedral_cases() {
  std::vector<DihedralCase> cases;
  if (const auto dir = vectors_dir()) {
    if (const auto csv = read_csv(*dir + "/pdq/expected/pdq-dihedral-core-pixels.csv")) {
      std::map<std::string, std::size_t> index;
      for (const auto& f : *csv) {
        if (f.size() != 4) continue;
        auto [it, inserted] = index.emplace(f[0], cases.size());
        if (inserted) cases.push_back({f[0], {}, std::stoi(f[3])});
        cases[it->second].hex_by_transform[f[1]] = f[2];
      }
    }
  }
  if (cases.empty()) cases.push_back({kMissing, {}, 0});
  return cases;
}

class PdqDihedralPixels : public ::testing::TestWithParam<DihedralCase> {};

TEST_P(PdqDihedralPixels, AllEightHashesMatchReference) {
  const DihedralCase& c = GetParam();
  if (c.file == kMissing) GTEST_SKIP() << skip_message();
  const auto dir = vectors_dir();
  ASSERT_TRUE(dir.has_value()) << skip_message();
  ASSERT_EQ(c.hex_by_transform.size(), static_cast<std::size_t>(kNumDihedral));

  std::string error;
  const auto img = read_ppm(*dir + "/pdq/pixels/" + c.file, &error);
  ASSERT_TRUE(img.has_value()) << error;

  Hasher hasher;
  const DihedralResult r = hasher.hash_rgb_dihedral(img->pixels.data(), img->width, img->height,
                                                    static_cast<std::size_t>(img->width) * 3);
  EXPECT_EQ(r.quality, c.quality);
  for (int i = 0; i < kNumDihedral; ++i) {
    const std::string name(kDihedralNames[static_cast<std::size_t>(i)]);
    const auto it = c.hex_by_transform.find(name);
    ASSERT_NE(it, c.hex_by_transform.end()) << "no expected value for " << name;
    EXPECT_EQ(r.hashes[static_cast<std::size_t>(i)].to_hex(), it->second) << name;
  }
}

INSTANTIATE_TEST_SUITE_P(Vectors, PdqDihedralPixels, ::testing::ValuesIn(load_dihedral_cases()),
                         [](const ::testing::TestParamInfo<DihedralCase>& p) {
                           return sanitize_test_name(p.param.file);
                         });

}  // namespace
}  // namespace vigil::pdq
