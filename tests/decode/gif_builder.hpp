// Builds GIF files byte by byte (cv::imencode cannot write GIF), with an LZW encoder that
// follows giflib's code-width rules, so the decoder is tested on real variable-width
// streams: growing code widths, a full code table with either a clear code or a deferred
// clear, interlacing, local colour tables and frames smaller than the screen.
#pragma once

#include <cstdint>
#include <vector>

namespace vigil::decode_test {

using Bytes = std::vector<std::uint8_t>;

struct GifSpec {
  std::uint16_t screen_width = 0;
  std::uint16_t screen_height = 0;
  Bytes global_palette;  // RGB triples; padded to a power of two; empty: none
  std::uint8_t background_index = 0;
  bool transparency_extension = false;  // a GCE marking index 0 transparent

  std::uint16_t left = 0;
  std::uint16_t top = 0;
  std::uint16_t width = 0;
  std::uint16_t height = 0;
  bool interlaced = false;
  Bytes local_palette;  // RGB triples; empty: none
  Bytes indices;        // width * height palette indices, top row first
  unsigned min_code_size = 8;
  bool deferred_clear = false;  // when the table fills, keep going instead of clearing
  bool trailer = true;
};

Bytes build_gif(const GifSpec& spec);

// The LZW-coded image data as sub-blocks (without the minimum code size byte), for the
// indices in storage order.
Bytes lzw_encode_sub_blocks(const Bytes& indices, unsigned min_code_size, bool deferred_clear);

}  // namespace vigil::decode_test
