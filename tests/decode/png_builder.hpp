// Builds PNG files byte by byte, for layouts cv::imencode cannot write (grey + alpha,
// palette, tRNS, eXIf) and for hostile headers. Image data is stored uncompressed
// (deflate "stored" blocks) with valid CRCs and Adler-32, so libpng accepts it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vigil::decode_test {

using Bytes = std::vector<std::uint8_t>;

struct PngSpec {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint8_t bit_depth = 8;
  std::uint8_t colour_type = 2;  // 0 grey, 2 RGB, 3 palette, 4 grey+alpha, 6 RGBA
  Bytes pixels;                  // rows of samples, no filter bytes (big-endian 16-bit)
  Bytes palette;                 // PLTE: RGB triples
  Bytes transparency;            // tRNS
  Bytes exif;                    // eXIf payload (a TIFF structure)
};

Bytes build_png(const PngSpec& spec);

// Signature + IHDR (+ IEND): a header that declares any size, with no image data.
Bytes build_png_header_only(std::uint32_t width, std::uint32_t height);

// One chunk: length, type, data, CRC.
Bytes png_chunk(const std::string& type, const Bytes& data);

// Inserts a chunk right after IHDR of an existing PNG.
Bytes insert_png_chunk_after_ihdr(const Bytes& png, const Bytes& chunk);

std::uint32_t crc32(const std::uint8_t* data, std::size_t size, std::uint32_t crc = 0);

}  // namespace vigil::decode_test
