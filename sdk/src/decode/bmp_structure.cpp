#include "bmp_structure.hpp"

#include <cstdlib>

#include "byte_reader.hpp"

namespace vigil::decode {
namespace {

constexpr std::string_view kFormat = "bmp";
constexpr std::uint64_t kFileHeaderSize = 14;
constexpr std::uint32_t kCoreHeaderSize = 12;  // OS/2 1.x: 16-bit dimensions

constexpr std::uint32_t kCompressionRgb = 0;
constexpr std::uint32_t kCompressionBitfields = 3;
constexpr std::uint32_t kCompressionAlphaBitfields = 6;

struct DibHeader {
  std::uint32_t header_size = 0;
  std::int64_t width = 0;
  std::int64_t height = 0;  // negative: top-down
  std::uint32_t bits_per_pixel = 0;
  std::uint32_t compression = kCompressionRgb;
  std::uint32_t image_size = 0;  // 0 is allowed for uncompressed bitmaps
};

Result<DibHeader> read_dib_header(const ByteReader& reader) {
  const auto header_size = reader.u32le(kFileHeaderSize);
  if (!header_size) return truncated_error(kFormat, "header is cut short");
  DibHeader dib;
  dib.header_size = *header_size;
  if (dib.header_size == kCoreHeaderSize) {
    const auto width = reader.u16le(18);
    const auto height = reader.u16le(20);
    const auto bpp = reader.u16le(24);
    if (!width || !height || !bpp) return truncated_error(kFormat, "header is cut short");
    dib.width = *width;
    dib.height = *height;
    dib.bits_per_pixel = *bpp;
    return dib;
  }
  if (dib.header_size < 16) return malformed_error(kFormat, "DIB header too small");
  const auto width = reader.i32le(18);
  const auto height = reader.i32le(22);
  const auto bpp = reader.u16le(28);
  if (!width || !height || !bpp) return truncated_error(kFormat, "header is cut short");
  dib.width = *width;
  dib.height = *height;
  dib.bits_per_pixel = *bpp;
  if (dib.header_size >= 40) {
    const auto compression = reader.u32le(30);
    const auto image_size = reader.u32le(34);
    if (!compression || !image_size) return truncated_error(kFormat, "header is cut short");
    dib.compression = *compression;
    dib.image_size = *image_size;
  }
  return dib;
}

}  // namespace

Result<HeaderInfo> read_bmp_header(std::span<const std::uint8_t> bytes) {
  const auto dib = read_dib_header(ByteReader(bytes));
  if (!dib.ok()) return dib.status();
  if (dib->width < 0) return malformed_error(kFormat, "negative width");
  HeaderInfo info;
  info.width = static_cast<std::uint32_t>(dib->width);
  info.height = static_cast<std::uint32_t>(std::llabs(dib->height));
  return info;
}

Status check_bmp_complete(std::span<const std::uint8_t> bytes) {
  const ByteReader reader(bytes);
  const auto dib = read_dib_header(reader);
  if (!dib.ok()) return dib.status();
  const auto pixel_offset = reader.u32le(10);
  if (!pixel_offset) return truncated_error(kFormat, "header is cut short");
  if (*pixel_offset > reader.size()) {
    return truncated_error(kFormat, "pixel data starts past the end of the data");
  }
  const std::uint64_t available = reader.size() - *pixel_offset;
  const bool uncompressed = dib->compression == kCompressionRgb ||
                            dib->compression == kCompressionBitfields ||
                            dib->compression == kCompressionAlphaBitfields;
  if (uncompressed) {
    // Rows are padded to a multiple of 4 bytes. Dimensions are within the decode limits
    // and bits_per_pixel is at most 65535, so this cannot overflow 64 bits.
    const auto width = static_cast<std::uint64_t>(dib->width);
    const auto height = static_cast<std::uint64_t>(std::llabs(dib->height));
    const std::uint64_t row_bytes = (width * dib->bits_per_pixel + 31) / 32 * 4;
    if (row_bytes * height > available) {
      return truncated_error(kFormat, "pixel data ends before the last row");
    }
  } else if (dib->image_size > available) {
    return truncated_error(kFormat, "pixel data is shorter than the declared image size");
  }
  return Status::success();
}

}  // namespace vigil::decode
