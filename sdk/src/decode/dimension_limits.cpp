#include "dimension_limits.hpp"

#include <string>

namespace vigil::decode {

Status check_dimensions(std::uint32_t width, std::uint32_t height, const DecodeLimits& limits,
                        std::string_view what) {
  const std::string size = std::to_string(width) + "x" + std::to_string(height);
  if (width == 0 || height == 0) {
    return Status(ErrorCode::empty_input,
                  std::string(what) + " declares a zero dimension (" + size + ")");
  }
  if (width > limits.max_dimension || height > limits.max_dimension) {
    return Status(ErrorCode::too_large, std::string(what) + " is " + size +
                                            ", a side exceeds the limit of " +
                                            std::to_string(limits.max_dimension));
  }
  const std::uint64_t pixels = std::uint64_t{width} * height;
  if (pixels > limits.max_pixels) {
    return Status(ErrorCode::too_large,
                  std::string(what) + " is " + size + " (" + std::to_string(pixels) +
                      " pixels), over the limit of " + std::to_string(limits.max_pixels));
  }
  return Status::success();
}

}  // namespace vigil::decode
