// WebP: dimensions from the VP8 / VP8L / VP8X chunk, the EXIF chunk and the RIFF
// completeness check.
#pragma once

#include <cstdint>
#include <span>

#include "header_info.hpp"
#include "vigil/status.hpp"

namespace vigil::decode {

// Dimensions from the first chunk (VP8X canvas, VP8 key frame or VP8L header); orientation
// from an EXIF chunk. An animated WebP is unsupported_format: OpenCV decodes still images
// only.
Result<HeaderInfo> read_webp_header(std::span<const std::uint8_t> bytes);

// Ok when the RIFF size and every chunk lie inside the data and an image chunk (VP8 or
// VP8L) is present; truncated otherwise.
Status check_webp_complete(std::span<const std::uint8_t> bytes);

}  // namespace vigil::decode
