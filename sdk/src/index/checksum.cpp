#include "checksum.hpp"

#include <bit>
#include <cstring>

namespace vigil::index {

namespace {

constexpr std::uint64_t kP1 = 0x9E3779B185EBCA87ULL;
constexpr std::uint64_t kP2 = 0xC2B2AE3D27D4EB4FULL;
constexpr std::uint64_t kP3 = 0x165667B19E3779F9ULL;
constexpr std::uint64_t kP4 = 0x85EBCA77C2B2AE63ULL;
constexpr std::uint64_t kP5 = 0x27D4EB2F165667C5ULL;

std::uint64_t load64(const std::uint8_t* p) noexcept {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;  // native order: images are little-endian only (checked by view())
}

std::uint64_t round(std::uint64_t acc, std::uint64_t lane) noexcept {
  acc += lane * kP2;
  acc = std::rotl(acc, 31);
  return acc * kP1;
}

std::uint64_t merge(std::uint64_t acc, std::uint64_t lane) noexcept {
  acc ^= round(0, lane);
  return acc * kP1 + kP4;
}

}  // namespace

std::uint64_t checksum64(std::span<const std::uint8_t> bytes, std::uint64_t seed) noexcept {
  const std::uint8_t* p = bytes.data();
  std::size_t n = bytes.size();
  std::uint64_t h;
  if (n >= 32) {
    std::uint64_t a = seed + kP1 + kP2;
    std::uint64_t b = seed + kP2;
    std::uint64_t c = seed;
    std::uint64_t d = seed - kP1;
    for (; n >= 32; n -= 32, p += 32) {
      a = round(a, load64(p));
      b = round(b, load64(p + 8));
      c = round(c, load64(p + 16));
      d = round(d, load64(p + 24));
    }
    h = std::rotl(a, 1) + std::rotl(b, 7) + std::rotl(c, 12) + std::rotl(d, 18);
    h = merge(merge(merge(merge(h, a), b), c), d);
  } else {
    h = seed + kP5;
  }
  h += bytes.size();
  for (; n >= 8; n -= 8, p += 8) h = std::rotl(h ^ round(0, load64(p)), 27) * kP1 + kP4;
  for (; n > 0; --n, ++p) h = std::rotl(h ^ (*p * kP5), 11) * kP1;
  h ^= h >> 33;
  h *= kP2;
  h ^= h >> 29;
  h *= kP3;
  h ^= h >> 32;
  return h;
}

}  // namespace vigil::index
