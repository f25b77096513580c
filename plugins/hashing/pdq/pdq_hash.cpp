#include "pdq_hash.hpp"

#include <bit>
#include <cassert>

namespace vigil::pdq {

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

// Value of one hex digit, or -1.
constexpr int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool Hash256::bit(int k) const noexcept {
  assert(k >= 0 && k < kNumBits);
  return ((words[static_cast<std::size_t>(k >> 4)] >> (k & 15)) & 1u) != 0;
}

void Hash256::set_bit(int k) noexcept {
  assert(k >= 0 && k < kNumBits);
  words[static_cast<std::size_t>(k >> 4)] |= static_cast<std::uint16_t>(1u << (k & 15));
}

int Hash256::popcount() const noexcept {
  int n = 0;
  for (std::uint16_t w : words) n += std::popcount(w);
  return n;
}

bool Hash256::is_zero() const noexcept {
  for (std::uint16_t w : words) {
    if (w != 0) return false;
  }
  return true;
}

std::string Hash256::to_hex() const {
  std::string out(kHexLength, '0');
  std::size_t pos = 0;
  for (int i = kNumWords - 1; i >= 0; --i) {
    const unsigned w = words[static_cast<std::size_t>(i)];
    out[pos++] = kHexDigits[(w >> 12) & 0xF];
    out[pos++] = kHexDigits[(w >> 8) & 0xF];
    out[pos++] = kHexDigits[(w >> 4) & 0xF];
    out[pos++] = kHexDigits[w & 0xF];
  }
  return out;
}

std::optional<Hash256> Hash256::from_hex(std::string_view hex) noexcept {
  if (hex.size() != static_cast<std::size_t>(kHexLength)) return std::nullopt;
  Hash256 h;
  std::size_t pos = 0;
  for (int i = kNumWords - 1; i >= 0; --i) {
    unsigned w = 0;
    for (int d = 0; d < 4; ++d) {
      const int v = hex_value(hex[pos++]);
      if (v < 0) return std::nullopt;
      w = (w << 4) | static_cast<unsigned>(v);
    }
    h.words[static_cast<std::size_t>(i)] = static_cast<std::uint16_t>(w);
  }
  return h;
}

int hamming_distance(const Hash256& a, const Hash256& b) noexcept {
  // Four 64-bit popcounts; the word order inside each quadword does not matter for a count.
  using Quads = std::array<std::uint64_t, 4>;
  const Quads qa = std::bit_cast<Quads>(a.words);
  const Quads qb = std::bit_cast<Quads>(b.words);
  return std::popcount(qa[0] ^ qb[0]) + std::popcount(qa[1] ^ qb[1]) +
         std::popcount(qa[2] ^ qb[2]) + std::popcount(qa[3] ^ qb[3]);
}

}  // namespace vigil::pdq
