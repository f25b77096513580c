#include "format_sniffer.hpp"

#include "byte_reader.hpp"

namespace vigil::decode {
namespace {

// BMP's "BM" is only two bytes, so a BMP is recognised only when the DIB header size that
// follows the 14-byte file header is one of the sizes real BMP variants use.
bool looks_like_bmp(const ByteReader& reader) {
  if (!reader.matches(0, "BM")) return false;
  const auto dib_size = reader.u32le(14);
  if (!dib_size) return reader.size() < 18;  // too short to tell: let the header parser say
  switch (*dib_size) {
    case 12:   // BITMAPCOREHEADER (OS/2 1.x)
    case 16:   // OS/2 2.x, short form
    case 40:   // BITMAPINFOHEADER
    case 52:   // BITMAPV2INFOHEADER
    case 56:   // BITMAPV3INFOHEADER
    case 64:   // OS/2 2.x
    case 108:  // BITMAPV4HEADER
    case 124:  // BITMAPV5HEADER
      return true;
    default:
      return false;
  }
}

}  // namespace

ImageFormat sniff_format(std::span<const std::uint8_t> bytes) noexcept {
  const ByteReader reader(bytes);
  if (reader.matches(0, "\xFF\xD8\xFF")) return ImageFormat::jpeg;
  if (reader.matches(0, "\x89PNG\r\n\x1A\n")) return ImageFormat::png;
  if (reader.matches(0, "RIFF") && reader.matches(8, "WEBP")) return ImageFormat::webp;
  if (reader.matches(0, "GIF87a") || reader.matches(0, "GIF89a")) return ImageFormat::gif;
  // Classic TIFF (42) and BigTIFF (43), in both byte orders.
  if (reader.matches(0, std::string_view("II*\0", 4)) ||
      reader.matches(0, std::string_view("MM\0*", 4)) ||
      reader.matches(0, std::string_view("II+\0", 4)) ||
      reader.matches(0, std::string_view("MM\0+", 4))) {
    return ImageFormat::tiff;
  }
  if (looks_like_bmp(reader)) return ImageFormat::bmp;
  return ImageFormat::unknown;
}

std::string_view format_name(ImageFormat format) noexcept {
  switch (format) {
    case ImageFormat::jpeg:
      return "jpeg";
    case ImageFormat::png:
      return "png";
    case ImageFormat::webp:
      return "webp";
    case ImageFormat::bmp:
      return "bmp";
    case ImageFormat::tiff:
      return "tiff";
    case ImageFormat::gif:
      return "gif";
    case ImageFormat::unknown:
      break;
  }
  return "unknown";
}

std::string_view mime_type(ImageFormat format) noexcept {
  switch (format) {
    case ImageFormat::jpeg:
      return "image/jpeg";
    case ImageFormat::png:
      return "image/png";
    case ImageFormat::webp:
      return "image/webp";
    case ImageFormat::bmp:
      return "image/bmp";
    case ImageFormat::tiff:
      return "image/tiff";
    case ImageFormat::gif:
      return "image/gif";
    case ImageFormat::unknown:
      break;
  }
  return {};
}

}  // namespace vigil::decode
