// Hash256: the 256-bit PDQ perceptual hash as a value type.
//
// Bit layout follows Meta's ThreatExchange reference exactly: the hash is 16 words of 16 bits,
// bit k lives in words[k / 16] at bit position k % 16. PDQ sets bit (16 * i + j) when DCT
// coefficient (i, j) of the 16x16 block is above the median.
//
// Text form: 64 lowercase hex digits, words printed from words[15] down to words[0], each as
// four big-endian hex digits. The first hex digit therefore holds bits 255..252 and the last
// one bits 3..0. This is the form in which PDQ hash lists are exchanged.
//
// Thread-safety: a plain value; copies may be used from any thread.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vigil::pdq {

struct Hash256 {
  static constexpr int kNumBits = 256;
  static constexpr int kNumWords = 16;
  static constexpr int kHexLength = 64;

  // words[0] holds bits 0..15 (least significant), words[15] holds bits 240..255.
  std::array<std::uint16_t, kNumWords> words{};

  // Bit k in [0, 256). Out-of-range k is a programming error (checked only by assert).
  bool bit(int k) const noexcept;
  void set_bit(int k) noexcept;

  // Number of set bits.
  int popcount() const noexcept;

  // True when every bit is clear (PDQ's output for images smaller than 5x5).
  bool is_zero() const noexcept;

  // 64 lowercase hex digits, as the reference prints it.
  std::string to_hex() const;

  // Parses exactly 64 hex digits (upper or lower case). Anything else, including
  // surrounding whitespace, a "0x" prefix or a wrong length, gives nullopt.
  static std::optional<Hash256> from_hex(std::string_view hex) noexcept;

  friend bool operator==(const Hash256&, const Hash256&) = default;
};

// Number of differing bits, in [0, 256].
int hamming_distance(const Hash256& a, const Hash256& b) noexcept;

}  // namespace vigil::pdq
