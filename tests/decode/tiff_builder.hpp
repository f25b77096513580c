// Builds small uncompressed TIFF files and EXIF blocks byte by byte: cv::imencode writes no
// orientation tag, and the EXIF block has to be embedded in JPEG, PNG and WebP files.
#pragma once

#include <cstdint>
#include <vector>

namespace vigil::decode_test {

using Bytes = std::vector<std::uint8_t>;

// A classic TIFF: 8-bit RGB (3 channels) or grey (1), one uncompressed strip, with an
// Orientation tag when `orientation` != 0. The strip is stored last, so cutting bytes off
// the end truncates the pixel data.
Bytes build_tiff(std::uint32_t width, std::uint32_t height, int channels, const Bytes& pixels,
                 int orientation, bool big_endian = false);

// A TIFF structure with only an Orientation entry (SHORT), in either byte order: the body
// of an EXIF block.
Bytes exif_tiff_block(int orientation, bool big_endian);

// `block` behind the "Exif\0\0" identifier, in an APP1 segment inserted right after SOI.
Bytes insert_jpeg_exif(const Bytes& jpeg, const Bytes& block);

// Rewrites a simple-format WebP (one VP8 or VP8L chunk) as an extended one: VP8X with the
// EXIF flag, the image chunk, then an EXIF chunk holding `block`.
Bytes add_webp_exif(const Bytes& webp, std::uint32_t width, std::uint32_t height,
                    const Bytes& block);

}  // namespace vigil::decode_test
