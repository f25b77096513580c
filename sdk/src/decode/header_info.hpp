// What a format's header parser extracts: declared dimensions and EXIF orientation.
#pragma once

#include <cstdint>
#include <string>

#include "vigil/status.hpp"

namespace vigil::decode {

struct HeaderInfo {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  int exif_orientation = 0;  // 1..8, or 0 when absent or invalid
};

// Status helpers for the format parsers: `format` prefixes the message, e.g. "png: ...".
inline Status truncated_error(std::string_view format, std::string_view what) {
  return Status(ErrorCode::truncated, std::string(format) + ": " + std::string(what));
}
inline Status malformed_error(std::string_view format, std::string_view what) {
  return Status(ErrorCode::decode_failed, std::string(format) + ": " + std::string(what));
}

}  // namespace vigil::decode
