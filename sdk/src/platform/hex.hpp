// Internal: lowercase hexadecimal, the one encoding libvigil uses for digests, checksums and
// escaped bytes. Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace vigil::platform {

// The lowercase hex digit of the low four bits of `nibble`.
inline char hex_digit(unsigned nibble) { return "0123456789abcdef"[nibble & 0xfu]; }

// The value of one hex digit (either case), or -1.
inline int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Two lowercase hex digits per byte, most significant nibble first.
std::string hex_encode(std::span<const std::uint8_t> bytes);
std::string hex_encode(std::string_view bytes);

// Decodes exactly out.size() bytes from 2 * out.size() hex digits (either case); false,
// with `out` partly written, for any other length or a non-hex character.
bool hex_decode(std::string_view hex, std::span<std::uint8_t> out);

}  // namespace vigil::platform
