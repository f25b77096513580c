// Reads the orientation tag (0x0112) from an EXIF block.
#pragma once

#include <cstdint>
#include <span>

#include "tiff_directory.hpp"

namespace vigil::decode {

// `exif` is an EXIF payload: a TIFF structure, optionally preceded by the "Exif\0\0"
// identifier that JPEG APP1 segments (and some PNG/WebP writers) put in front of it.
// Returns 1..8, or 0 when the tag is absent, invalid or the block is malformed: a broken
// EXIF block never fails a decode.
int read_exif_orientation(std::span<const std::uint8_t> exif) noexcept;

// The orientation tag of an already parsed directory (a TIFF file's own IFD0): 1..8 or 0.
int read_orientation_tag(const TiffDirectory& directory);

}  // namespace vigil::decode
