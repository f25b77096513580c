// Hash256: hex form, parsing, bit layout and Hamming distance.
#include <gtest/gtest.h>

#include <string>

#include "pdq_hash.hpp"

namespace vigil::pdq {
namespace {

// A hash published with the reference (bridge-1-original.jpg, decoded pixels).
constexpr char kBridge[] = "f8f8f0cee0f4a84f06370a22038f63f0b36e2ed596621e1d33e6b39c4e9c9b22";

// `s` with its characters from `pos` replaced by `with` (keeps the length unless `with`
// runs past the end).
std::string patched(std::string s, std::size_t pos, const std::string& with) {
  s.replace(pos, with.size(), with);
  return s;
}

// 64 zero digits with `digits` written at `pos`.
std::string zeros_with(std::size_t pos, const std::string& digits) {
  return patched(std::string(64, '0'), pos, digits);
}

TEST(Hash256, DefaultIsZero) {
  const Hash256 h;
  EXPECT_TRUE(h.is_zero());
  EXPECT_EQ(h.popcount(), 0);
  EXPECT_EQ(h.to_hex(), std::string(64, '0'));
}

TEST(Hash256, HexRoundTrip) {
  const auto h = Hash256::from_hex(kBridge);
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->to_hex(), kBridge);
  EXPECT_FALSE(h->is_zero());
}

TEST(Hash256, UppercaseAcceptedAndPrintedLowercase) {
  std::string upper = kBridge;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const auto h = Hash256::from_hex(upper);
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(h->to_hex(), kBridge);
}

TEST(Hash256, BitLayoutMatchesReference) {
  // Bit k lives in word k / 16 at position k % 16; word 15 is printed first.
  Hash256 h;
  h.set_bit(255);
  EXPECT_EQ(h.to_hex(), zeros_with(0, "8"));
  EXPECT_EQ(h.words[15], 0x8000);

  Hash256 low;
  low.set_bit(0);
  EXPECT_EQ(low.to_hex(), zeros_with(63, "1"));
  EXPECT_EQ(low.words[0], 0x0001);

  Hash256 mid;
  mid.set_bit(16 * 3 + 4);  // word 3, bit 4
  EXPECT_EQ(mid.words[3], 0x0010);
  EXPECT_EQ(mid.to_hex(), zeros_with(48, "0010"));
  EXPECT_TRUE(mid.bit(52));
  EXPECT_FALSE(mid.bit(51));
  EXPECT_EQ(mid.popcount(), 1);
}

TEST(Hash256, FirstHexDigitIsTopFourBits) {
  const auto h = Hash256::from_hex(zeros_with(0, "a"));  // 1010 in bits 255..252
  ASSERT_TRUE(h.has_value());
  EXPECT_TRUE(h->bit(255));
  EXPECT_FALSE(h->bit(254));
  EXPECT_TRUE(h->bit(253));
  EXPECT_FALSE(h->bit(252));
  EXPECT_EQ(h->popcount(), 2);
}

TEST(Hash256, RejectsMalformedHex) {
  const std::string good = kBridge;
  EXPECT_FALSE(Hash256::from_hex("").has_value());
  EXPECT_FALSE(Hash256::from_hex(good.substr(0, 63)).has_value());
  EXPECT_FALSE(Hash256::from_hex(std::string(good).append("0")).has_value());
  EXPECT_FALSE(Hash256::from_hex(std::string(128, 'f')).has_value());
  EXPECT_FALSE(Hash256::from_hex(patched(good, 0, "0x")).has_value());
  EXPECT_FALSE(Hash256::from_hex(patched(good, 0, " ")).has_value());
  EXPECT_FALSE(Hash256::from_hex(patched(good, 63, "\n")).has_value());
  EXPECT_FALSE(Hash256::from_hex(patched(good, 63, "g")).has_value());
  EXPECT_FALSE(Hash256::from_hex(patched(good, 0, "-")).has_value());
  std::string with_nul = good;
  with_nul[10] = '\0';
  EXPECT_FALSE(Hash256::from_hex(with_nul).has_value());
}

TEST(Hash256, HammingDistance) {
  const Hash256 a = *Hash256::from_hex(kBridge);
  EXPECT_EQ(hamming_distance(a, a), 0);

  Hash256 complement;
  for (std::size_t i = 0; i < complement.words.size(); ++i) {
    complement.words[i] = static_cast<std::uint16_t>(~a.words[i]);
  }
  EXPECT_EQ(hamming_distance(a, complement), 256);

  const Hash256 zero;
  EXPECT_EQ(hamming_distance(a, zero), a.popcount());

  Hash256 b = a;
  b.words[0] ^= 0x0001;
  b.words[7] ^= 0x8000;
  b.words[15] ^= 0x00F0;
  EXPECT_EQ(hamming_distance(a, b), 6);
  EXPECT_EQ(hamming_distance(b, a), 6);
}

TEST(Hash256, HammingDistanceOfPublishedPair) {
  // bridge-1-original vs its 160x100 shrink (both from the conformance vectors).
  const auto a = Hash256::from_hex(kBridge);
  const auto b =
      Hash256::from_hex("d0f8f1ccc0f4a84d0a370a3a228f67f0b36e2ed5b6623e1d33e6339c4e9c9b22");
  ASSERT_TRUE(a && b);
  int expected = 0;
  for (int k = 0; k < 256; ++k) expected += a->bit(k) != b->bit(k) ? 1 : 0;
  EXPECT_EQ(hamming_distance(*a, *b), expected);
  EXPECT_GT(expected, 0);
  EXPECT_LT(expected, 32);
}

TEST(Hash256, Equality) {
  const Hash256 a = *Hash256::from_hex(kBridge);
  Hash256 b = a;
  EXPECT_EQ(a, b);
  int clear_bit = 0;
  while (a.bit(clear_bit)) ++clear_bit;
  b.set_bit(clear_bit);
  EXPECT_NE(a, b);
  EXPECT_EQ(hamming_distance(a, b), 1);
}

}  // namespace
}  // namespace vigil::pdq
