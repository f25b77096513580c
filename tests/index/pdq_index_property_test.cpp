// PdqIndex against brute force on random banks with planted near-duplicates, for every index
// shape (no tables, the default, and several substring counts) and every search path.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <thread>

#include "index/pdq_index.hpp"
#include "index_test_support.hpp"

namespace vigil {
namespace {

using index_testing::brute_force;
using index_testing::planted_bank;
using index_testing::query_variants;

constexpr int kDistances[] = {0, 1, 2, 15, 31, 32, 47, 63};
constexpr PdqSearchPath kPaths[] = {PdqSearchPath::automatic, PdqSearchPath::multi_index,
                                    PdqSearchPath::linear_scan};

std::string describe(int d, std::size_t variants, PdqSearchPath path) {
  return "d=" + std::to_string(d) + " variants=" + std::to_string(variants) +
         " path=" + std::to_string(static_cast<int>(path));
}

std::vector<PdqHit> run(const PdqIndex& index, std::span<const Pdq256> q, int d, PdqSearchPath path,
                        PdqQueryStats* stats = nullptr) {
  std::vector<PdqHit> hits;
  const Status s = index.query(q, d, hits, {path}, stats);
  EXPECT_TRUE(s.ok()) << s.to_string();
  return hits;
}

// Every distance, variant count and path on `bank`, indexed with `substrings`.
void expect_matches_brute_force(const std::vector<Pdq256>& bank, int substrings, std::uint64_t seed,
                                int queries_per_distance) {
  const PdqIndex index = PdqIndex::build(bank, {substrings}).value();
  ASSERT_EQ(index.size(), bank.size());
  std::mt19937_64 rng(seed);
  std::size_t total_hits = 0;
  for (int d : kDistances) {
    for (int i = 0; i < queries_per_distance; ++i) {
      const std::size_t variants = 1 + static_cast<std::size_t>(i) % PdqIndex::kMaxVariants;
      const std::vector<Pdq256> q = query_variants(bank, variants, d + 8, rng);
      const std::vector<PdqHit> expected = brute_force(bank, q, d);
      total_hits += expected.size();
      for (PdqSearchPath path : kPaths) {
        PdqQueryStats stats;
        ASSERT_EQ(run(index, q, d, path, &stats), expected) << describe(d, variants, path);
        if (path == PdqSearchPath::linear_scan) {
          EXPECT_EQ(stats.path, path);
        }
      }
    }
  }
  EXPECT_GT(total_hits, 0U) << "the planted near-duplicates should produce hits";
}

class PdqIndexProperty : public ::testing::TestWithParam<int> {};

TEST_P(PdqIndexProperty, MatchesBruteForceWithPlantedNearDuplicates) {
  std::mt19937_64 rng(1000 + static_cast<std::uint64_t>(GetParam()));
  const std::vector<Pdq256> bank = planted_bank(3000, 1500, 40, rng);
  expect_matches_brute_force(bank, GetParam(), 77, 12);
}

TEST_P(PdqIndexProperty, MatchesBruteForceWithManyDuplicates) {
  // A few hashes repeated many times: buckets far larger than the rest.
  std::mt19937_64 rng(2000 + static_cast<std::uint64_t>(GetParam()));
  std::vector<Pdq256> bank = planted_bank(200, 300, 3, rng);
  const std::vector<Pdq256> base = bank;
  for (int copy = 0; copy < 6; ++copy) bank.insert(bank.end(), base.begin(), base.end());
  expect_matches_brute_force(bank, GetParam(), 78, 6);
}

// 0: no tables; -1: chosen from the bank size; others: tables with that many substrings.
INSTANTIATE_TEST_SUITE_P(Substrings, PdqIndexProperty,
                         ::testing::Values(PdqIndexOptions::kAuto, 0, 13, 16, 20, 32),
                         [](const auto& param_info) {
                           return param_info.param < 0 ? std::string("auto")
                                                       : "m" + std::to_string(param_info.param);
                         });

TEST(PdqIndexPaths, MultiIndexIsUsedWhenForcedAndFeasible) {
  std::mt19937_64 rng(5);
  const std::vector<Pdq256> bank = planted_bank(2000, 500, 20, rng);
  for (int m : {16, 32}) {
    const PdqIndex index = PdqIndex::build(bank, {m}).value();
    EXPECT_EQ(index.substrings(), m);
    for (int d : kDistances) {
      const std::vector<Pdq256> q = query_variants(bank, 8, 20, rng);
      PdqQueryStats stats;
      EXPECT_EQ(run(index, q, d, PdqSearchPath::multi_index, &stats), brute_force(bank, q, d));
      EXPECT_EQ(stats.path, PdqSearchPath::multi_index) << "m=" << m << " d=" << d;
      EXPECT_GT(stats.probes, 0U);
    }
  }
}

TEST(PdqIndexPaths, AutomaticPrefersTablesForLargeBanksAtD31) {
  std::mt19937_64 rng(6);
  const std::vector<Pdq256> bank = planted_bank(200000, 100, 10, rng);
  const PdqIndex index = PdqIndex::build(bank).value();
  EXPECT_GT(index.substrings(), 0);
  const std::vector<Pdq256> q = query_variants(bank, 8, 10, rng);
  PdqQueryStats stats;
  EXPECT_EQ(run(index, q, 31, PdqSearchPath::automatic, &stats), brute_force(bank, q, 31));
  EXPECT_EQ(stats.path, PdqSearchPath::multi_index);
  EXPECT_LT(stats.candidates, bank.size() / 4);
}

TEST(PdqIndexEdges, EmptyIndexReturnsNothing) {
  std::mt19937_64 rng(8);
  const std::vector<Pdq256> q = query_variants({}, 3, 0, rng);
  for (const PdqIndex& index :
       {PdqIndex(), PdqIndex::build({}).value(), PdqIndex::build({}, {16}).value()}) {
    EXPECT_EQ(index.size(), 0U);
    for (PdqSearchPath path : kPaths) EXPECT_TRUE(run(index, q, 63, path).empty());
  }
}

TEST(PdqIndexEdges, BucketsLargerThan64KEntries) {
  // 70,000 copies of one hash: one bucket per table outgrows 16-bit local offsets.
  std::mt19937_64 rng(14);
  const Pdq256 h = index_testing::random_hash(rng);
  std::vector<Pdq256> bank(70000, h);
  for (int i = 0; i < 300; ++i) bank.push_back(index_testing::flip_bits(h, i % 40, rng));
  for (int i = 0; i < 300; ++i) bank.push_back(index_testing::random_hash(rng));
  const PdqIndex index = PdqIndex::build(bank, {16}).value();
  for (int d : {0, 5, 31}) {
    const std::vector<Pdq256> q = {index_testing::random_hash(rng),
                                   index_testing::flip_bits(h, 3, rng)};
    for (PdqSearchPath path : kPaths) {
      EXPECT_EQ(run(index, q, d, path), brute_force(bank, q, d)) << "d=" << d;
    }
  }
  const Result<PdqIndex> viewed = PdqIndex::view(index.image(), {true});
  ASSERT_TRUE(viewed.ok()) << viewed.status().to_string();
}

TEST(PdqIndexEdges, SingleEntryAndExactMatch) {
  std::mt19937_64 rng(9);
  const Pdq256 h = index_testing::random_hash(rng);
  const PdqIndex index = PdqIndex::build({h}, {16}).value();
  const std::vector<Pdq256> q = {index_testing::flip_bits(h, 40, rng), h};
  const std::vector<PdqHit> hits = run(index, q, 0, PdqSearchPath::multi_index);
  ASSERT_EQ(hits.size(), 1U);
  EXPECT_EQ(hits[0], (PdqHit{0, 0, 1}));
}

TEST(PdqIndexEdges, TiesGoToTheLowestVariant) {
  std::mt19937_64 rng(10);
  const Pdq256 h = index_testing::random_hash(rng);
  const std::vector<Pdq256> bank = {index_testing::random_hash(rng), h};
  for (int m : {0, 16}) {
    const PdqIndex index = PdqIndex::build(bank, {m}).value();
    const Pdq256 far = index_testing::flip_bits(h, 5, rng);
    const Pdq256 near = index_testing::flip_bits(h, 3, rng);
    const std::vector<Pdq256> q = {far, near, near, h, h};
    for (PdqSearchPath path : kPaths) {
      const std::vector<PdqHit> hits = run(index, q, 10, path);
      ASSERT_EQ(hits.size(), 1U);
      EXPECT_EQ(hits[0], (PdqHit{1, 0, 3})) << "m=" << m;
    }
  }
}

TEST(PdqIndexEdges, RejectsOutOfContractArguments) {
  std::mt19937_64 rng(12);
  const PdqIndex index = PdqIndex::build(planted_bank(100, 0, 0, rng)).value();
  std::vector<PdqHit> out = {{1, 2, 3}};
  const std::vector<Pdq256> nine = query_variants({}, 9, 0, rng);
  EXPECT_EQ(index.query({}, 10, out).code(), ErrorCode::invalid_argument);
  EXPECT_TRUE(out.empty());
  EXPECT_EQ(index.query(nine, 10, out).code(), ErrorCode::invalid_argument);
  EXPECT_EQ(index.query(std::span(nine).first(1), -1, out).code(), ErrorCode::invalid_argument);
  EXPECT_EQ(index.query(std::span(nine).first(1), 64, out).code(), ErrorCode::invalid_argument);
  EXPECT_TRUE(index.query(std::span(nine).first(8), 63, out).ok());
  EXPECT_EQ(PdqIndex::build({}, {8}).status().code(), ErrorCode::invalid_argument);
  EXPECT_EQ(PdqIndex::build({}, {33}).status().code(), ErrorCode::invalid_argument);
}

TEST(PdqIndexThreads, ConcurrentQueriesAgreeWithBruteForce) {
  std::mt19937_64 rng(13);
  const std::vector<Pdq256> bank = planted_bank(20000, 5000, 30, rng);
  const PdqIndex index = PdqIndex::build(bank, {16}).value();
  std::vector<std::vector<Pdq256>> queries;
  std::vector<std::vector<PdqHit>> expected;
  for (int i = 0; i < 40; ++i) {
    queries.push_back(query_variants(bank, 8, 30, rng));
    expected.push_back(brute_force(bank, queries.back(), 31));
  }
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < mismatches.size(); ++t) {
    threads.emplace_back([&, t] {
      std::vector<PdqHit> hits;
      for (int round = 0; round < 5; ++round) {
        for (std::size_t i = 0; i < queries.size(); ++i) {
          if (!index.query(queries[i], 31, hits).ok() || hits != expected[i]) ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  for (int m : mismatches) EXPECT_EQ(m, 0);
}

}  // namespace
}  // namespace vigil
