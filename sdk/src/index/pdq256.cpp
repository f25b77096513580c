// Pdq256 hex conversion and Hamming distance.
#include "pdq_index.hpp"
#include "platform/hex.hpp"
#include "popcount.hpp"

namespace vigil {

namespace {

constexpr std::size_t kHexLength = 64;

}  // namespace

std::optional<Pdq256> Pdq256::from_hex(std::string_view hex) noexcept {
  if (hex.size() != kHexLength) return std::nullopt;
  Pdq256 h;
  for (std::size_t i = 0; i < kHexLength; ++i) {
    const int v = platform::hex_value(hex[i]);
    if (v < 0) return std::nullopt;
    std::uint64_t& word = h.words[i / 16];
    word = (word << 4) | static_cast<std::uint64_t>(v);
  }
  return h;
}

std::string Pdq256::to_hex() const {
  std::string out(kHexLength, '0');
  for (std::size_t i = 0; i < kHexLength; ++i) {
    const unsigned shift = static_cast<unsigned>(60 - 4 * (i % 16));
    out[i] = platform::hex_digit(static_cast<unsigned>(words[i / 16] >> shift));
  }
  return out;
}

int hamming_distance(const Pdq256& a, const Pdq256& b) noexcept {
  return index::distance<index::SwarPopcount>(a.words.data(), b.words.data());
}

}  // namespace vigil
