#include "gif_builder.hpp"

#include <unordered_map>

namespace vigil::decode_test {
namespace {

void put_u16le(Bytes& out, std::uint16_t value) {
  out.push_back(static_cast<std::uint8_t>(value));
  out.push_back(static_cast<std::uint8_t>(value >> 8));
}

class BitWriter {
 public:
  void write(std::uint32_t code, unsigned width) {
    buffer_ |= code << count_;
    count_ += width;
    while (count_ >= 8) {
      bytes_.push_back(static_cast<std::uint8_t>(buffer_));
      buffer_ >>= 8;
      count_ -= 8;
    }
  }
  Bytes finish() {
    if (count_ > 0) bytes_.push_back(static_cast<std::uint8_t>(buffer_));
    buffer_ = 0;
    count_ = 0;
    return bytes_;
  }

 private:
  std::uint32_t buffer_ = 0;
  unsigned count_ = 0;
  Bytes bytes_;
};

// Table size field for a palette: 2^(field + 1) entries >= the palette's entry count.
std::uint8_t table_size_field(const Bytes& palette) {
  const std::size_t entries = palette.size() / 3;
  std::uint8_t field = 0;
  while ((std::size_t{2} << field) < entries) ++field;
  return field;
}

void put_palette(Bytes& out, const Bytes& palette) {
  const std::size_t padded = std::size_t{3} * (std::size_t{2} << table_size_field(palette));
  out.insert(out.end(), palette.begin(), palette.end());
  out.insert(out.end(), padded - palette.size(), 0);
}

Bytes interlace_order(const Bytes& indices, std::uint16_t width, std::uint16_t height) {
  Bytes out;
  const unsigned starts[] = {0, 4, 2, 1};
  const unsigned steps[] = {8, 8, 4, 2};
  for (int pass = 0; pass < 4; ++pass) {
    for (unsigned y = starts[pass]; y < height; y += steps[pass]) {
      const auto row = indices.begin() + static_cast<std::ptrdiff_t>(y * width);
      out.insert(out.end(), row, row + width);
    }
  }
  return out;
}

}  // namespace

Bytes lzw_encode_sub_blocks(const Bytes& indices, unsigned min_code_size, bool deferred_clear) {
  const std::uint32_t clear = 1u << min_code_size;
  const std::uint32_t end = clear + 1;
  std::uint32_t next = clear + 2;
  unsigned width = min_code_size + 1;
  std::unordered_map<std::uint32_t, std::uint32_t> table;  // (prefix << 8 | byte) -> code
  BitWriter bits;
  // giflib's rule: after writing a code, widen once `next` (the code the next table entry
  // would get) no longer fits.
  auto emit = [&](std::uint32_t code) {
    bits.write(code, width);
    if (next >= (1u << width) && width < 12) ++width;
  };
  bits.write(clear, width);
  if (!indices.empty()) {
    std::uint32_t prefix = indices[0];
    for (std::size_t i = 1; i < indices.size(); ++i) {
      const std::uint32_t key = (prefix << 8) | indices[i];
      const auto found = table.find(key);
      if (found != table.end()) {
        prefix = found->second;
        continue;
      }
      emit(prefix);
      if (next < 4096) table.emplace(key, next++);
      if (next == 4096 && !deferred_clear) {
        bits.write(clear, width);
        table.clear();
        next = clear + 2;
        width = min_code_size + 1;
      }
      prefix = indices[i];
    }
    emit(prefix);
  }
  bits.write(end, width);
  const Bytes data = bits.finish();

  Bytes out;
  for (std::size_t pos = 0; pos < data.size(); pos += 255) {
    const std::size_t n = std::min<std::size_t>(255, data.size() - pos);
    out.push_back(static_cast<std::uint8_t>(n));
    out.insert(out.end(), data.begin() + static_cast<std::ptrdiff_t>(pos),
               data.begin() + static_cast<std::ptrdiff_t>(pos + n));
  }
  out.push_back(0);  // block terminator
  return out;
}

Bytes build_gif(const GifSpec& spec) {
  Bytes out = {'G', 'I', 'F', '8', '9', 'a'};
  put_u16le(out, spec.screen_width);
  put_u16le(out, spec.screen_height);
  const bool global = !spec.global_palette.empty();
  out.push_back(global ? static_cast<std::uint8_t>(0xF0 | table_size_field(spec.global_palette))
                       : std::uint8_t{0x70});
  out.push_back(spec.background_index);
  out.push_back(0);  // aspect ratio
  if (global) put_palette(out, spec.global_palette);
  if (spec.transparency_extension) {
    out.insert(out.end(), {0x21, 0xF9, 4, 0x01, 0, 0, 0 /* transparent index */, 0});
  }
  out.push_back(0x2C);
  put_u16le(out, spec.left);
  put_u16le(out, spec.top);
  put_u16le(out, spec.width);
  put_u16le(out, spec.height);
  const bool local = !spec.local_palette.empty();
  std::uint8_t flags = spec.interlaced ? 0x40 : 0x00;
  if (local) flags = static_cast<std::uint8_t>(flags | 0x80 | table_size_field(spec.local_palette));
  out.push_back(flags);
  if (local) put_palette(out, spec.local_palette);
  out.push_back(static_cast<std::uint8_t>(spec.min_code_size));
  const Bytes stored =
      spec.interlaced ? interlace_order(spec.indices, spec.width, spec.height) : spec.indices;
  const Bytes data = lzw_encode_sub_blocks(stored, spec.min_code_size, spec.deferred_clear);
  out.insert(out.end(), data.begin(), data.end());
  if (spec.trailer) out.push_back(0x3B);
  return out;
}

}  // namespace vigil::decode_test
