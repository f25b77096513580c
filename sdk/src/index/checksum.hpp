// A fast 64-bit checksum of an index image (xxHash64-style rounds over 32-byte stripes).
// Detects corruption; not a cryptographic hash.
#pragma once

#include <cstdint>
#include <span>

namespace vigil::index {

std::uint64_t checksum64(std::span<const std::uint8_t> bytes, std::uint64_t seed = 0) noexcept;

}  // namespace vigil::index
