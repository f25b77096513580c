#include "header_probe.hpp"

#include "bmp_structure.hpp"
#include "gif_decoder.hpp"
#include "jpeg_structure.hpp"
#include "png_structure.hpp"
#include "tiff_structure.hpp"
#include "webp_structure.hpp"

namespace vigil::decode {
namespace {

Result<HeaderInfo> read_header(ImageFormat format, std::span<const std::uint8_t> bytes) {
  switch (format) {
    case ImageFormat::jpeg:
      return read_jpeg_header(bytes);
    case ImageFormat::png:
      return read_png_header(bytes);
    case ImageFormat::webp:
      return read_webp_header(bytes);
    case ImageFormat::bmp:
      return read_bmp_header(bytes);
    case ImageFormat::tiff:
      return read_tiff_header(bytes);
    case ImageFormat::gif:
      return read_gif_header(bytes);
    case ImageFormat::unknown:
      break;
  }
  return Status(ErrorCode::unsupported_format, "not a supported image format");
}

}  // namespace

Result<ProbedHeader> probe_header(std::span<const std::uint8_t> bytes) {
  if (bytes.empty()) return Status(ErrorCode::empty_input, "image data is empty (0 bytes)");
  const ImageFormat format = sniff_format(bytes);
  if (format == ImageFormat::unknown) {
    return Status(ErrorCode::unsupported_format,
                  "not a supported image format (JPEG, PNG, WebP, BMP, TIFF or GIF)");
  }
  auto info = read_header(format, bytes);
  if (!info.ok()) return info.status();
  return ProbedHeader{format, *info};
}

}  // namespace vigil::decode
