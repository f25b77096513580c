#include "chunk_layout.hpp"

namespace vigil::index {

std::vector<ChunkShape> chunk_layout(int m) {
  std::vector<ChunkShape> chunks;
  if (m <= 0) return chunks;
  const auto count = static_cast<std::uint32_t>(m);
  const std::uint32_t narrow = kHashBits / count;
  const std::uint32_t wide_count = kHashBits % count;
  std::uint32_t start = 0;
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::uint32_t width = narrow + (i < wide_count ? 1 : 0);
    chunks.push_back({start, width});
    start += width;
  }
  return chunks;
}

FlipMasks::FlipMasks(std::uint32_t width, int max_radius) : width_(width) {
  masks_.reserve(static_cast<std::size_t>(ball_size(width, max_radius)));
  const std::uint64_t limit = std::uint64_t{1} << width;
  for (int r = 0; r <= max_radius && r <= static_cast<int>(width); ++r) {
    if (r == 0) {
      masks_.push_back(0);
    } else {
      // Gosper's hack: every width-bit value with exactly r bits set, ascending.
      std::uint64_t v = (std::uint64_t{1} << r) - 1;
      while (v < limit) {
        masks_.push_back(static_cast<std::uint32_t>(v));
        const std::uint64_t c = v & (~v + 1);
        const std::uint64_t next = v + c;
        v = (((next ^ v) >> 2) / c) | next;
      }
    }
    upto_.push_back(masks_.size());
  }
  while (static_cast<int>(upto_.size()) <= max_radius) upto_.push_back(masks_.size());
}

std::uint64_t ball_size(std::uint32_t width, int radius) noexcept {
  constexpr std::uint64_t kCap = std::uint64_t{1} << 63;
  std::uint64_t total = 0;
  std::uint64_t binom = 1;  // C(width, r)
  for (int r = 0; r <= radius && r <= static_cast<int>(width); ++r) {
    if (r > 0) {
      const auto k = static_cast<std::uint64_t>(r);
      binom = binom * (width - k + 1) / k;  // exact: C(w, r) = C(w, r-1) * (w-r+1) / r
    }
    total += binom;
    if (total >= kCap) return kCap;
  }
  return total;
}

}  // namespace vigil::index
