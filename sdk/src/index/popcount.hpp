// Distance kernels over halves of a 256-bit hash (two 64-bit words each).
//
// SwarPopcount is portable and written so compilers vectorise it with plain SSE2/NEON;
// NativePopcount uses std::popcount and is only fast inside functions compiled for a target
// with a popcount instruction (see kernel_dispatch.hpp).
#pragma once

#include <bit>
#include <cstdint>

namespace vigil::index {

struct SwarPopcount {
  // Differing bits between a[0..1] and b[0..1].
  static int half_distance(const std::uint64_t* a, const std::uint64_t* b) noexcept {
    constexpr std::uint64_t k1 = 0x5555555555555555ULL;
    constexpr std::uint64_t k2 = 0x3333333333333333ULL;
    constexpr std::uint64_t k4 = 0x0F0F0F0F0F0F0F0FULL;
    constexpr std::uint64_t k8 = 0x00FF00FF00FF00FFULL;
    std::uint64_t bytes = 0;  // per-byte counts, at most 2 * 8 = 16 each
    for (int k = 0; k < 2; ++k) {
      std::uint64_t x = a[k] ^ b[k];
      x = x - ((x >> 1) & k1);
      x = (x & k2) + ((x >> 2) & k2);
      bytes += (x + (x >> 4)) & k4;
    }
    std::uint64_t lanes = (bytes & k8) + ((bytes >> 8) & k8);  // 16-bit lanes, <= 32 each
    lanes += lanes >> 16;
    lanes += lanes >> 32;
    return static_cast<int>(lanes & 0xFFFF);
  }
  static int count(std::uint32_t x) noexcept {
    x = x - ((x >> 1) & 0x55555555U);
    x = (x & 0x33333333U) + ((x >> 2) & 0x33333333U);
    x = (x + (x >> 4)) & 0x0F0F0F0FU;
    return static_cast<int>((x * 0x01010101U) >> 24);
  }
};

struct NativePopcount {
  static int half_distance(const std::uint64_t* a, const std::uint64_t* b) noexcept {
    return std::popcount(a[0] ^ b[0]) + std::popcount(a[1] ^ b[1]);
  }
  static int count(std::uint32_t x) noexcept { return std::popcount(x); }
};

// Distance between two full hashes given as four words each.
template <class Pop>
inline int distance(const std::uint64_t* a, const std::uint64_t* b) noexcept {
  return Pop::half_distance(a, b) + Pop::half_distance(a + 2, b + 2);
}

}  // namespace vigil::index
