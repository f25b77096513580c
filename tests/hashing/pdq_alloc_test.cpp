// A Hasher does not allocate once it has hashed an image of the same size: this program
// replaces the global allocation functions to count calls.
#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>
#include <vector>

#include "pdq_hasher.hpp"

namespace {
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) { return ::operator new(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }

namespace vigil::pdq {
namespace {

std::vector<std::uint8_t> gradient(std::uint32_t width, std::uint32_t height) {
  std::vector<std::uint8_t> rgb(static_cast<std::size_t>(width) * height * 3);
  for (std::size_t i = 0; i < rgb.size(); ++i) rgb[i] = static_cast<std::uint8_t>(i * 7 % 251);
  return rgb;
}

TEST(HasherAllocations, NoneAfterFirstCallForASize) {
  const auto big = gradient(640, 480);
  const auto small = gradient(100, 60);
  Hasher hasher;
  (void)hasher.hash_rgb(big.data(), 640, 480, 640 * 3);

  const long before = g_allocations.load();
  PdqResult r = hasher.hash_rgb(big.data(), 640, 480, 640 * 3);
  r = hasher.hash_rgb(small.data(), 100, 60, 100 * 3);  // smaller: fits the same buffers
  const DihedralResult d = hasher.hash_rgb_dihedral(big.data(), 640, 480, 640 * 3);
  const long after = g_allocations.load();

  EXPECT_EQ(after - before, 0);
  EXPECT_FALSE(r.hash.is_zero());
  EXPECT_FALSE(d.hashes[0].is_zero());
}

}  // namespace
}  // namespace vigil::pdq
