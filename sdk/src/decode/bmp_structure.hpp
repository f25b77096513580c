// BMP: dimensions from the DIB header and the completeness check (pixel data present).
#pragma once

#include <cstdint>
#include <span>

#include "header_info.hpp"
#include "vigil/status.hpp"

namespace vigil::decode {

// Dimensions from the BITMAPCOREHEADER / BITMAPINFOHEADER family. A negative height (a
// top-down bitmap) is reported as its absolute value; a negative width is malformed.
Result<HeaderInfo> read_bmp_header(std::span<const std::uint8_t> bytes);

// Uncompressed and bit-field bitmaps: ok when the pixel data that the header implies lies
// inside the data, truncated otherwise. RLE and embedded JPEG/PNG bitmaps: checked against
// the declared image size when there is one. Call only after the header has passed the
// decode limits (the arithmetic assumes sane dimensions).
Status check_bmp_complete(std::span<const std::uint8_t> bytes);

}  // namespace vigil::decode
