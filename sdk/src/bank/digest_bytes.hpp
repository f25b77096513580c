// Internal: hex digests to bytes and back, for the snapshot's sorted digest tables.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace vigil::details {

// Decodes exactly out.size() bytes from 2 * out.size() hex digits; false otherwise.
inline bool hex_to_bytes(std::string_view hex, std::span<std::uint8_t> out) {
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (hex.size() != 2 * out.size()) return false;
  for (std::size_t i = 0; i < out.size(); ++i) {
    const int high = nibble(hex[2 * i]);
    const int low = nibble(hex[2 * i + 1]);
    if (high < 0 || low < 0) return false;
    out[i] = static_cast<std::uint8_t>(high << 4 | low);
  }
  return true;
}

}  // namespace vigil::details
