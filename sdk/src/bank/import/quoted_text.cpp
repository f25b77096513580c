#include "quoted_text.hpp"

#include <algorithm>
#include <cstddef>

#include "platform/hex.hpp"

namespace vigil::bank_import {
namespace {

constexpr std::size_t kMaxQuoted = 64;

}  // namespace

std::string escaped(std::string_view text) {
  std::string out;
  const std::size_t shown = std::min(text.size(), kMaxQuoted);
  for (std::size_t i = 0; i < shown; ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x20 && byte < 0x7f && byte != '\\') {
      out += static_cast<char>(byte);
    } else {
      out += "\\x";
      out += platform::hex_digit(byte >> 4u);
      out += platform::hex_digit(byte);
    }
  }
  if (shown < text.size()) out += "...";
  return out;
}

std::string in_quotes(std::string_view text) { return "'" + escaped(text) + "'"; }

}  // namespace vigil::bank_import
