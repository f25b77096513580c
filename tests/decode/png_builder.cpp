#include "png_builder.hpp"

#include <algorithm>
#include <array>

namespace vigil::decode_test {
namespace {

void put_u32be(Bytes& out, std::uint32_t value) {
  for (int shift = 24; shift >= 0; shift -= 8) {
    out.push_back(static_cast<std::uint8_t>(value >> shift));
  }
}

std::uint32_t adler32(const Bytes& data) {
  std::uint32_t a = 1;
  std::uint32_t b = 0;
  for (const std::uint8_t byte : data) {
    a = (a + byte) % 65521u;
    b = (b + a) % 65521u;
  }
  return (b << 16) | a;
}

// A zlib stream of stored (uncompressed) deflate blocks.
Bytes zlib_stored(const Bytes& data) {
  Bytes out = {0x78, 0x01};
  std::size_t pos = 0;
  do {
    const std::size_t n = std::min<std::size_t>(65535, data.size() - pos);
    const bool final_block = pos + n == data.size();
    out.push_back(final_block ? 1 : 0);
    const auto len = static_cast<std::uint16_t>(n);
    const auto nlen = static_cast<std::uint16_t>(~len);
    out.insert(out.end(), {static_cast<std::uint8_t>(len), static_cast<std::uint8_t>(len >> 8),
                           static_cast<std::uint8_t>(nlen), static_cast<std::uint8_t>(nlen >> 8)});
    out.insert(out.end(), data.begin() + static_cast<std::ptrdiff_t>(pos),
               data.begin() + static_cast<std::ptrdiff_t>(pos + n));
    pos += n;
  } while (pos < data.size());
  put_u32be(out, adler32(data));
  return out;
}

unsigned channels_of(std::uint8_t colour_type) {
  switch (colour_type) {
    case 0:
    case 3:
      return 1;
    case 4:
      return 2;
    case 2:
      return 3;
    default:
      return 4;
  }
}

Bytes ihdr(std::uint32_t width, std::uint32_t height, std::uint8_t bit_depth,
           std::uint8_t colour_type) {
  Bytes data;
  put_u32be(data, width);
  put_u32be(data, height);
  data.insert(data.end(), {bit_depth, colour_type, 0, 0, 0});
  return png_chunk("IHDR", data);
}

const Bytes kSignature = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

}  // namespace

std::uint32_t crc32(const std::uint8_t* data, std::size_t size, std::uint32_t crc) {
  static const std::array<std::uint32_t, 256> table = [] {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t n = 0; n < 256; ++n) {
      std::uint32_t c = n;
      for (int k = 0; k < 8; ++k) c = (c & 1u) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[n] = c;
    }
    return t;
  }();
  crc = ~crc;
  for (std::size_t i = 0; i < size; ++i) crc = table[(crc ^ data[i]) & 0xFFu] ^ (crc >> 8);
  return ~crc;
}

Bytes png_chunk(const std::string& type, const Bytes& data) {
  Bytes out;
  put_u32be(out, static_cast<std::uint32_t>(data.size()));
  out.insert(out.end(), type.begin(), type.end());
  out.insert(out.end(), data.begin(), data.end());
  put_u32be(out, crc32(out.data() + 4, out.size() - 4));
  return out;
}

Bytes build_png(const PngSpec& spec) {
  const std::size_t row_bytes =
      (std::size_t{spec.width} * channels_of(spec.colour_type) * spec.bit_depth + 7) / 8;
  Bytes raw;
  for (std::uint32_t y = 0; y < spec.height; ++y) {
    raw.push_back(0);  // filter: none
    const auto begin = spec.pixels.begin() + static_cast<std::ptrdiff_t>(y * row_bytes);
    raw.insert(raw.end(), begin, begin + static_cast<std::ptrdiff_t>(row_bytes));
  }
  Bytes out = kSignature;
  const Bytes header = ihdr(spec.width, spec.height, spec.bit_depth, spec.colour_type);
  out.insert(out.end(), header.begin(), header.end());
  auto append = [&out](const Bytes& chunk) { out.insert(out.end(), chunk.begin(), chunk.end()); };
  if (!spec.exif.empty()) append(png_chunk("eXIf", spec.exif));
  if (!spec.palette.empty()) append(png_chunk("PLTE", spec.palette));
  if (!spec.transparency.empty()) append(png_chunk("tRNS", spec.transparency));
  append(png_chunk("IDAT", zlib_stored(raw)));
  append(png_chunk("IEND", {}));
  return out;
}

Bytes build_png_header_only(std::uint32_t width, std::uint32_t height) {
  Bytes out = kSignature;
  const Bytes header = ihdr(width, height, 8, 2);
  out.insert(out.end(), header.begin(), header.end());
  const Bytes end = png_chunk("IEND", {});
  out.insert(out.end(), end.begin(), end.end());
  return out;
}

Bytes insert_png_chunk_after_ihdr(const Bytes& png, const Bytes& chunk) {
  constexpr std::size_t kAfterIhdr = 8 + 12 + 13;
  Bytes out(png.begin(), png.begin() + kAfterIhdr);
  out.insert(out.end(), chunk.begin(), chunk.end());
  out.insert(out.end(), png.begin() + kAfterIhdr, png.end());
  return out;
}

}  // namespace vigil::decode_test
