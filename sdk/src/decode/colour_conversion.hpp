// Converts an image as OpenCV decoded it (any depth, 1-4 channels, BGR order) into an
// owned, tightly packed 8-bit RGB frame, following the rules in vigil/decode.hpp.
#pragma once

#include <opencv2/core/mat.hpp>

#include "vigil/media.hpp"
#include "vigil/status.hpp"

namespace vigil::decode {

// 1 channel: grey, replicated. 2: grey + alpha, alpha dropped. 3: BGR. 4: BGRA, alpha
// dropped. Depths: 8-bit as is; 16-bit scaled by round(v * 255 / 65535); 32/64-bit float
// clipped to 0..1 and scaled by 255 with rounding (NaN -> 0). Anything else is
// decode_failed.
Result<Frame> to_rgb_frame(const cv::Mat& image);

}  // namespace vigil::decode
