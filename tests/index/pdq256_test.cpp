// Pdq256 hex conversion and hamming_distance.
#include <gtest/gtest.h>

#include <cctype>
#include <random>
#include <string>

#include "index/pdq_index.hpp"
#include "index_test_support.hpp"

namespace vigil {
namespace {

constexpr std::string_view kHex =
    "98736629670cc19fc9f23862f66cce1f599e32c78e236c78619d202e9e66c157";

TEST(Pdq256, FromHexPutsTheFirstDigitsInWordZero) {
  const auto h = Pdq256::from_hex(kHex);
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->words[0], 0x98736629670cc19fULL);
  EXPECT_EQ(h->words[1], 0xc9f23862f66cce1fULL);
  EXPECT_EQ(h->words[2], 0x599e32c78e236c78ULL);
  EXPECT_EQ(h->words[3], 0x619d202e9e66c157ULL);
  EXPECT_EQ(h->to_hex(), kHex);
}

TEST(Pdq256, FromHexAcceptsUpperCaseAndPrintsLowerCase) {
  std::string upper(kHex);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto h = Pdq256::from_hex(upper);
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->to_hex(), kHex);
}

TEST(Pdq256, FromHexRejectsMalformedInput) {
  const std::string good(kHex);
  EXPECT_FALSE(Pdq256::from_hex("").has_value());
  EXPECT_FALSE(Pdq256::from_hex(good.substr(0, 63)).has_value());
  EXPECT_FALSE(Pdq256::from_hex(good + "0").has_value());
  EXPECT_FALSE(Pdq256::from_hex("0x" + good.substr(2)).has_value());
  EXPECT_FALSE(Pdq256::from_hex(" " + good.substr(1)).has_value());
  EXPECT_FALSE(Pdq256::from_hex(good.substr(0, 63) + "g").has_value());
  std::string with_nul = good;
  with_nul[10] = '\0';
  EXPECT_FALSE(Pdq256::from_hex(with_nul).has_value());
}

TEST(Pdq256, HexRoundTripsRandomHashes) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 200; ++i) {
    const Pdq256 h = index_testing::random_hash(rng);
    EXPECT_EQ(Pdq256::from_hex(h.to_hex()), h);
  }
}

TEST(Pdq256, HammingDistanceCountsDifferingBits) {
  std::mt19937_64 rng(11);
  const Pdq256 zero{};
  Pdq256 ones;
  ones.words.fill(~std::uint64_t{0});
  EXPECT_EQ(hamming_distance(zero, zero), 0);
  EXPECT_EQ(hamming_distance(zero, ones), 256);
  for (int k : {0, 1, 2, 31, 32, 63, 64, 200, 256}) {
    const Pdq256 a = index_testing::random_hash(rng);
    EXPECT_EQ(hamming_distance(a, index_testing::flip_bits(a, k, rng)), k) << k;
  }
}

}  // namespace
}  // namespace vigil
