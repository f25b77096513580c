// Checks that encoded data is structurally complete before it is decoded, so that a
// truncated file is reported as such instead of being decoded into a partly grey image.
#pragma once

#include <cstdint>
#include <span>

#include "format_sniffer.hpp"
#include "vigil/status.hpp"

namespace vigil::decode {

// Dispatches to the format's completeness check: JPEG (EOI after the scans), PNG (IEND),
// WebP (RIFF size and chunks), BMP (pixel data size), TIFF (strip/tile extents). GIF is
// checked by its own decoder while decoding. Call after the dimensions passed the limits.
Status check_complete(ImageFormat format, std::span<const std::uint8_t> bytes);

}  // namespace vigil::decode
