// Benign synthetic test images (gradients, checkerboards), made and encoded with OpenCV at
// run time, plus helpers to compare decoded frames with them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <opencv2/core/mat.hpp>

#include "vigil/media.hpp"

namespace vigil::decode_test {

using Bytes = std::vector<std::uint8_t>;

// BGR (OpenCV order) gradient: B = 5x, G = 6y, R = 2(x + y), each mod 256.
cv::Mat bgr_gradient(int width, int height);
// 8-bit grey checkerboard of `cell`-pixel squares alternating 32 and 224.
cv::Mat grey_checkerboard(int width, int height, int cell);

// cv::imencode with `params`; fails the test (and returns empty) if OpenCV refuses.
Bytes encode(const std::string& extension, const cv::Mat& image,
             const std::vector<int>& params = {});

// The frame's pixel (x, y) as {R, G, B}.
std::vector<std::uint8_t> rgb_at(const Frame& frame, std::uint32_t x, std::uint32_t y);

// Converts an OpenCV 8-bit image (1, 3 or 4 channels, BGR order) to the RGB bytes the
// decoder should produce: grey replicated, BGR swapped, alpha dropped.
Bytes expected_rgb(const cv::Mat& image);

// Largest absolute difference between the frame's pixels and `rgb` (same size required).
int max_abs_difference(const Frame& frame, const Bytes& rgb);

}  // namespace vigil::decode_test
