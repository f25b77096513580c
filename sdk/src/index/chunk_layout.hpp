// How the 256 bits of a PDQ hash are cut into substrings ("chunks") for multi-index hashing,
// and the flip masks that enumerate a chunk key's neighbours.
//
// Bit position 0 is the most significant bit of words[0] (the first hex digit), position 255
// the least significant bit of words[3]. Chunk i covers positions [start, start + width); its
// key is those bits read most significant first.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace vigil::index {

inline constexpr int kHashBits = 256;
inline constexpr int kMinSubstrings = 11;  // widest chunk 24 bits: 2^24 buckets per table
inline constexpr int kMaxSubstrings = 32;  // narrowest chunk 8 bits

struct ChunkShape {
  std::uint32_t start;
  std::uint32_t width;  // 8..24
};

// m chunks covering all 256 bits; the first 256 % m are one bit wider. Empty for m == 0.
// Precondition: m == 0 or kMinSubstrings <= m <= kMaxSubstrings.
std::vector<ChunkShape> chunk_layout(int m);

// The key of `chunk` in the hash `words` (four 64-bit words).
inline std::uint32_t chunk_key(const std::uint64_t* words, ChunkShape chunk) noexcept {
  const std::uint32_t word = chunk.start >> 6;
  const std::uint32_t offset = chunk.start & 63;
  std::uint64_t bits = words[word] << offset;
  if (offset + chunk.width > 64) bits |= words[word + 1] >> (64 - offset);
  return static_cast<std::uint32_t>(bits >> (64 - chunk.width));
}

// All width-bit masks with at most max_radius bits set, ordered by popcount:
// masks()[0 .. count(r)) are exactly those with popcount <= r.
class FlipMasks {
 public:
  FlipMasks() = default;
  FlipMasks(std::uint32_t width, int max_radius);

  std::uint32_t width() const noexcept { return width_; }
  int max_radius() const noexcept { return static_cast<int>(upto_.size()) - 1; }
  // Masks with popcount <= radius; radius must be <= max_radius().
  std::span<const std::uint32_t> within(int radius) const noexcept {
    return {masks_.data(), upto_[static_cast<std::size_t>(radius)]};
  }
  std::size_t memory_bytes() const noexcept {
    return masks_.capacity() * sizeof(std::uint32_t) + upto_.capacity() * sizeof(std::size_t);
  }

 private:
  std::uint32_t width_ = 0;
  std::vector<std::uint32_t> masks_;
  std::vector<std::size_t> upto_;
};

// Number of width-bit masks with popcount <= radius (saturating at 2^63).
std::uint64_t ball_size(std::uint32_t width, int radius) noexcept;

}  // namespace vigil::index
