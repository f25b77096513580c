// JPEG: the frame header (SOFn), the EXIF APP1 segment and the completeness check.
//
// libjpeg, as OpenCV drives it, "decodes" a truncated baseline JPEG without an error and
// fills the missing part with grey, so completeness is checked here: the marker structure
// is walked from SOI through every scan (entropy-coded data is skipped, honouring byte
// stuffing and restart markers) and must reach an EOI marker. Bytes after that EOI are
// ignored (some writers append data, e.g. MPF secondary images).
#pragma once

#include <cstdint>
#include <span>

#include "header_info.hpp"
#include "vigil/status.hpp"

namespace vigil::decode {

// Dimensions from the first SOFn marker; orientation from the first EXIF APP1 segment.
// Stops at the first scan (SOS): it never reads entropy-coded data.
Result<HeaderInfo> read_jpeg_header(std::span<const std::uint8_t> bytes);

// Ok when the marker structure reaches EOI after at least one scan; truncated when the
// data ends first; decode_failed when the marker structure is malformed.
Status check_jpeg_complete(std::span<const std::uint8_t> bytes);

}  // namespace vigil::decode
