// GIF: the logical screen header, and a decoder for the first frame.
//
// OpenCV 4.6 has no GIF reader, so Vigil decodes GIF itself. Only the first image is
// decoded, drawn onto the logical screen (the output size): pixels it does not cover take
// the background colour of the global colour table (black without one). Transparency is
// ignored (transparent pixels keep their palette colour, as with any dropped alpha).
// Interlaced images and local colour tables are supported. Palette indices beyond the
// colour table are black.
#pragma once

#include <cstdint>
#include <span>

#include "header_info.hpp"
#include "vigil/decode.hpp"
#include "vigil/media.hpp"
#include "vigil/status.hpp"

namespace vigil::decode {

// Logical screen dimensions. GIF carries no EXIF orientation.
Result<HeaderInfo> read_gif_header(std::span<const std::uint8_t> bytes);

// Decodes the first frame to 8-bit RGB. The logical screen and the first image's own size
// are checked against `limits` before anything is allocated. Errors: truncated when the
// data ends before the first image is complete; decode_failed for malformed structure or
// LZW data; too_large; empty_input for a zero-sized image.
Result<Frame> decode_gif_first_frame(std::span<const std::uint8_t> bytes,
                                     const DecodeLimits& limits);

}  // namespace vigil::decode
