// Decodes JPEG, PNG, WebP, BMP and TIFF pixels with OpenCV's imdecode.
//
// Callers must have checked the format, the dimensions and completeness first: this is
// the step that allocates. OpenCV's own size guard (OPENCV_IO_MAX_IMAGE_PIXELS and
// friends, read from the environment once when libopencv_imgcodecs loads; default 2^30
// pixels) remains as a backstop only; the header checks in this directory are the guard.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include <opencv2/core/mat.hpp>

#include "vigil/status.hpp"

namespace vigil::decode {

// Decodes with IMREAD_UNCHANGED: native depth and channels, no colour conversion, and EXIF
// orientation NOT applied (OpenCV applies it for every flag value except exactly
// IMREAD_UNCHANGED, or when IMREAD_IGNORE_ORIENTATION is set). Exceptions from OpenCV and
// an empty result become decode_failed; an allocation failure becomes too_large.
Result<cv::Mat> decode_with_opencv(std::span<const std::uint8_t> bytes,
                                   std::string_view format_name);

}  // namespace vigil::decode
