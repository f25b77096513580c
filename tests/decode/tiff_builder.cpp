#include "tiff_builder.hpp"

#include <string>

namespace vigil::decode_test {
namespace {

void put_le(Bytes& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

void put_be(Bytes& out, std::uint64_t value, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) out.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

struct Entry {
  std::uint16_t tag;
  std::uint16_t type;  // 3 SHORT, 4 LONG
  std::uint32_t count;
  std::uint32_t value;  // inline value, or offset
};

}  // namespace

Bytes build_tiff(std::uint32_t width, std::uint32_t height, int channels, const Bytes& pixels,
                 int orientation, bool big_endian) {
  auto put = [big_endian](Bytes& out, std::uint64_t value, int bytes) {
    big_endian ? put_be(out, value, bytes) : put_le(out, value, bytes);
  };
  std::vector<Entry> entries;
  // Layout: header (8), IFD, BitsPerSample array (6 bytes), pixels.
  const std::uint32_t entry_count = orientation != 0 ? 10 : 9;
  const std::uint32_t ifd_size = 2 + 12 * entry_count + 4;
  const std::uint32_t bits_offset = 8 + ifd_size;
  const std::uint32_t pixel_offset = bits_offset + 6;
  const bool rgb = channels == 3;
  entries.push_back({256, 4, 1, width});
  entries.push_back({257, 4, 1, height});
  entries.push_back({258, 3, rgb ? 3u : 1u, rgb ? bits_offset : 8u});
  entries.push_back({259, 3, 1, 1});              // no compression
  entries.push_back({262, 3, 1, rgb ? 2u : 1u});  // RGB / BlackIsZero
  entries.push_back({273, 4, 1, pixel_offset});
  if (orientation != 0) entries.push_back({274, 3, 1, static_cast<std::uint32_t>(orientation)});
  entries.push_back({277, 3, 1, static_cast<std::uint32_t>(channels)});
  entries.push_back({278, 4, 1, height});
  entries.push_back({279, 4, 1, static_cast<std::uint32_t>(pixels.size())});

  Bytes out = big_endian ? Bytes{'M', 'M', 0, 42} : Bytes{'I', 'I', 42, 0};
  put(out, 8, 4);
  put(out, entries.size(), 2);
  for (const Entry& e : entries) {
    put(out, e.tag, 2);
    put(out, e.type, 2);
    put(out, e.count, 4);
    if (e.type == 3 && e.count == 1) {  // an inline SHORT fills the field's first 2 bytes
      put(out, e.value, 2);
      put(out, 0, 2);
    } else {
      put(out, e.value, 4);
    }
  }
  put(out, 0, 4);  // no next IFD
  for (int i = 0; i < 3; ++i) put(out, 8, 2);
  out.insert(out.end(), pixels.begin(), pixels.end());
  return out;
}

Bytes exif_tiff_block(int orientation, bool big_endian) {
  auto put = [big_endian](Bytes& out, std::uint64_t value, int bytes) {
    big_endian ? put_be(out, value, bytes) : put_le(out, value, bytes);
  };
  Bytes out;
  if (big_endian) {
    out = {'M', 'M', 0, 42};
  } else {
    out = {'I', 'I', 42, 0};
  }
  put(out, 8, 4);
  put(out, 1, 2);  // one entry
  put(out, 0x0112, 2);
  put(out, 3, 2);  // SHORT
  put(out, 1, 4);
  put(out, static_cast<std::uint64_t>(orientation), 2);
  put(out, 0, 2);  // padding of the 4-byte value field
  put(out, 0, 4);  // no next IFD
  return out;
}

Bytes insert_jpeg_exif(const Bytes& jpeg, const Bytes& block) {
  const std::string identifier("Exif\0\0", 6);
  const std::size_t length = 2 + identifier.size() + block.size();
  Bytes out(jpeg.begin(), jpeg.begin() + 2);  // SOI
  out.insert(out.end(), {0xFF, 0xE1});
  put_be(out, length, 2);
  out.insert(out.end(), identifier.begin(), identifier.end());
  out.insert(out.end(), block.begin(), block.end());
  out.insert(out.end(), jpeg.begin() + 2, jpeg.end());
  return out;
}

Bytes add_webp_exif(const Bytes& webp, std::uint32_t width, std::uint32_t height,
                    const Bytes& block) {
  Bytes body = {'W', 'E', 'B', 'P', 'V', 'P', '8', 'X'};
  put_le(body, 10, 4);
  body.insert(body.end(), {0x08, 0, 0, 0});  // flags: EXIF present
  put_le(body, width - 1, 3);
  put_le(body, height - 1, 3);
  body.insert(body.end(), webp.begin() + 12, webp.end());  // the original image chunk
  body.insert(body.end(), {'E', 'X', 'I', 'F'});
  put_le(body, block.size(), 4);
  body.insert(body.end(), block.begin(), block.end());
  if (block.size() % 2 != 0) body.push_back(0);
  Bytes out = {'R', 'I', 'F', 'F'};
  put_le(out, body.size(), 4);
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

}  // namespace vigil::decode_test
