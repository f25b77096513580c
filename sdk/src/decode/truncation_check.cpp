#include "truncation_check.hpp"

#include "bmp_structure.hpp"
#include "jpeg_structure.hpp"
#include "png_structure.hpp"
#include "tiff_structure.hpp"
#include "webp_structure.hpp"

namespace vigil::decode {

Status check_complete(ImageFormat format, std::span<const std::uint8_t> bytes) {
  switch (format) {
    case ImageFormat::jpeg:
      return check_jpeg_complete(bytes);
    case ImageFormat::png:
      return check_png_complete(bytes);
    case ImageFormat::webp:
      return check_webp_complete(bytes);
    case ImageFormat::bmp:
      return check_bmp_complete(bytes);
    case ImageFormat::tiff:
      return check_tiff_complete(bytes);
    case ImageFormat::gif:  // the GIF decoder detects truncation itself
      return Status::success();
    case ImageFormat::unknown:
      break;
  }
  return Status(ErrorCode::unsupported_format, "not a supported image format");
}

}  // namespace vigil::decode
