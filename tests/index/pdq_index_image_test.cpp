// Serialization: serialize() -> view() answers identically, in place; view() rejects
// truncated, corrupted and foreign images with an error and never crashes.
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "index/pdq_index.hpp"
#include "index_test_support.hpp"

namespace vigil {
namespace {

using index_testing::brute_force;
using index_testing::planted_bank;
using index_testing::query_variants;

// 8-byte aligned copy of an image, as a memory map would provide.
struct AlignedBytes {
  explicit AlignedBytes(std::span<const std::uint8_t> bytes)
      : words((bytes.size() + 7) / 8), size(bytes.size()) {
    if (!bytes.empty()) std::memcpy(words.data(), bytes.data(), bytes.size());
  }
  std::span<std::uint8_t> span() { return {reinterpret_cast<std::uint8_t*>(words.data()), size}; }
  std::vector<std::uint64_t> words;
  std::size_t size;
};

class PdqIndexImage : public ::testing::TestWithParam<int> {
 protected:
  void SetUp() override {
    std::mt19937_64 rng(21);
    bank_ = planted_bank(3000, 1000, 30, rng);
    index_ = PdqIndex::build(bank_, {GetParam()}).value();
    for (int i = 0; i < 16; ++i) {
      queries_.push_back(query_variants(bank_, 1 + static_cast<std::size_t>(i % 8), 30, rng));
    }
  }

  // Queries `index` at several distances on both paths; all must match brute force.
  void expect_correct(const PdqIndex& index) {
    for (const std::vector<Pdq256>& q : queries_) {
      for (int d : {0, 1, 31, 32, 63}) {
        for (PdqSearchPath path : {PdqSearchPath::multi_index, PdqSearchPath::linear_scan}) {
          std::vector<PdqHit> hits;
          ASSERT_TRUE(index.query(q, d, hits, {path}).ok());
          ASSERT_EQ(hits, brute_force(bank_, q, d)) << "d=" << d;
        }
      }
    }
  }

  // Queries must not crash (or trip the sanitizers) and hits must name real entries.
  void expect_memory_safe(const PdqIndex& index) {
    for (const std::vector<Pdq256>& q : queries_) {
      for (PdqSearchPath path : {PdqSearchPath::multi_index, PdqSearchPath::linear_scan}) {
        std::vector<PdqHit> hits;
        ASSERT_TRUE(index.query(q, 31, hits, {path}).ok());
        for (const PdqHit& h : hits) ASSERT_LT(h.entry, index.size());
      }
    }
  }

  std::vector<Pdq256> bank_;
  PdqIndex index_;
  std::vector<std::vector<Pdq256>> queries_;
};

TEST_P(PdqIndexImage, SerializeThenViewAnswersIdentically) {
  const std::vector<std::uint8_t> bytes = index_.serialize();
  ASSERT_EQ(bytes.size(), index_.image().size());
  EXPECT_EQ(bytes.size() % 64, 0U);
  for (bool verify : {false, true}) {
    Result<PdqIndex> viewed = PdqIndex::view(bytes, {verify});
    ASSERT_TRUE(viewed.ok()) << viewed.status().to_string();
    EXPECT_EQ(viewed->size(), bank_.size());
    EXPECT_EQ(viewed->substrings(), index_.substrings());
    EXPECT_EQ(viewed->image().data(), bytes.data()) << "view() must not copy";
    expect_correct(*viewed);
  }
  // Serializing is deterministic: a view serializes to the same bytes.
  EXPECT_EQ(PdqIndex::view(bytes)->serialize(), bytes);
  EXPECT_EQ(PdqIndex::build(bank_, {GetParam()}).value().serialize(), bytes);
}

TEST_P(PdqIndexImage, ViewRejectsEveryTruncation) {
  const std::vector<std::uint8_t> bytes = index_.serialize();
  std::vector<std::size_t> sizes = {0, 1, 8, 127, 128, 129, 191, 192, 255, 256};
  for (std::size_t s = 512; s < bytes.size(); s = s * 3 / 2) sizes.push_back(s);
  sizes.push_back(bytes.size() - 64);
  sizes.push_back(bytes.size() - 1);
  for (std::size_t size : sizes) {
    if (size >= bytes.size()) continue;
    AlignedBytes copy{std::span(bytes).first(size)};
    const Result<PdqIndex> viewed = PdqIndex::view(copy.span());
    ASSERT_FALSE(viewed.ok()) << "size " << size;
    EXPECT_EQ(viewed.status().code(), ErrorCode::invalid_argument);
  }
  // Trailing bytes are refused too.
  std::vector<std::uint8_t> longer = bytes;
  longer.resize(bytes.size() + 64);
  EXPECT_FALSE(PdqIndex::view(longer).ok());
}

TEST_P(PdqIndexImage, ViewRejectsCorruptedHeaderBytes) {
  const std::vector<std::uint8_t> bytes = index_.serialize();
  // The 128-byte header and one 64-byte record per substring, all covered by a checksum.
  const std::size_t header = 128 + 64 * static_cast<std::size_t>(index_.substrings());
  for (std::size_t at = 0; at < header; ++at) {
    for (const std::uint8_t flip : std::array<std::uint8_t, 3>{0x01, 0x80, 0xFF}) {
      AlignedBytes copy(bytes);
      copy.span()[at] ^= flip;
      const Result<PdqIndex> viewed = PdqIndex::view(copy.span());
      ASSERT_FALSE(viewed.ok()) << "byte " << at << " ^ " << int{flip};
      EXPECT_EQ(viewed.status().code(), ErrorCode::invalid_argument);
    }
  }
}

TEST_P(PdqIndexImage, CorruptedPayloadIsCaughtByTheChecksumAndNeverCrashes) {
  const std::vector<std::uint8_t> bytes = index_.serialize();
  std::mt19937_64 rng(static_cast<std::uint64_t>(GetParam()) + 99);
  std::uniform_int_distribution<std::size_t> pick(128, bytes.size() - 1);
  for (int trial = 0; trial < 40; ++trial) {
    AlignedBytes copy(bytes);
    // Scribble over a run of bytes: hashes, postings or bucket tables.
    const std::size_t at = pick(rng);
    const std::size_t len = std::min<std::size_t>(1 + rng() % 4096, bytes.size() - at);
    for (std::size_t i = 0; i < len; ++i) copy.span()[at + i] = static_cast<std::uint8_t>(rng());
    const bool changed = !std::equal(bytes.begin() + static_cast<std::ptrdiff_t>(at),
                                     bytes.begin() + static_cast<std::ptrdiff_t>(at + len),
                                     copy.span().begin() + static_cast<std::ptrdiff_t>(at));
    const Result<PdqIndex> checked = PdqIndex::view(copy.span(), {true});
    if (changed) {
      EXPECT_FALSE(checked.ok()) << "corruption at " << at << " not detected";
    }
    const Result<PdqIndex> unchecked = PdqIndex::view(copy.span());
    if (unchecked.ok()) expect_memory_safe(*unchecked);
  }
}

TEST_P(PdqIndexImage, MaxedOutTablesStayMemorySafe) {
  // Set every byte after the hashes to 0xFF: ids and bucket offsets all out of range.
  const std::vector<std::uint8_t> bytes = index_.serialize();
  AlignedBytes copy(bytes);
  const std::size_t tables_start =
      128 + 64 * static_cast<std::size_t>(index_.substrings()) + bank_.size() * 32;
  for (std::size_t i = tables_start; i < copy.size; ++i) copy.span()[i] = 0xFF;
  const Result<PdqIndex> viewed = PdqIndex::view(copy.span());
  if (viewed.ok()) expect_memory_safe(*viewed);
}

TEST(PdqIndexImageMisc, ViewRejectsForeignAndMisalignedBytes) {
  std::vector<std::uint8_t> junk(4096, 0);
  EXPECT_EQ(PdqIndex::view(junk).status().code(), ErrorCode::invalid_argument);
  std::mt19937_64 rng(3);
  const std::vector<std::uint8_t> bytes =
      PdqIndex::build(planted_bank(100, 0, 0, rng)).value().serialize();
  std::vector<std::uint64_t> storage(bytes.size() / 8 + 2);
  auto* misaligned = reinterpret_cast<std::uint8_t*>(storage.data()) + 1;
  std::memcpy(misaligned, bytes.data(), bytes.size());
  const Result<PdqIndex> viewed = PdqIndex::view(std::span(misaligned, bytes.size()));
  ASSERT_FALSE(viewed.ok());
  EXPECT_NE(viewed.status().message().find("aligned"), std::string::npos);
}

TEST(PdqIndexImageMisc, EmptyIndexRoundTrips) {
  const std::vector<std::uint8_t> bytes = PdqIndex().serialize();
  Result<PdqIndex> viewed = PdqIndex::view(bytes, {true});
  ASSERT_TRUE(viewed.ok()) << viewed.status().to_string();
  EXPECT_EQ(viewed->size(), 0U);
}

TEST(PdqIndexImageMisc, MemoryIsAboutTheImage) {
  std::mt19937_64 rng(4);
  const PdqIndex index = PdqIndex::build(planted_bank(1000, 0, 0, rng), {16}).value();
  EXPECT_GE(index.memory_bytes(), index.image().size());
  EXPECT_LT(index.memory_bytes(), index.image().size() + (1U << 20));
}

INSTANTIATE_TEST_SUITE_P(Substrings, PdqIndexImage, ::testing::Values(0, 16, 24),
                         [](const auto& param_info) {
                           return "m" + std::to_string(param_info.param);
                         });

}  // namespace
}  // namespace vigil
