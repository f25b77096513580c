// Test helper: a minimal reader for binary PPM (P6, maxval 255) images.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vigil::pdq::testing {

struct RgbImage {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::vector<std::uint8_t> pixels;  // tightly packed RGB, stride = 3 * width
};

// Reads a P6 file with maxval 255 (comments in the header allowed). On failure returns
// nullopt and, when `error` is non-null, says why.
std::optional<RgbImage> read_ppm(const std::string& path, std::string* error = nullptr);

}  // namespace vigil::pdq::testing
